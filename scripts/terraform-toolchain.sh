#!/usr/bin/env bash
# Provides what `make validate` needs to run Terraform without registry.terraform.io:
#   - a terraform binary (the one on PATH, else OpenTofu built from the Go module proxy),
#   - the hashicorp/aws provider in a filesystem mirror built from the Go module proxy,
#   - a CLI config that points terraform at that mirror and nothing else,
#   - moto's server (a local AWS), pinned, in a virtualenv,
# and writes their locations to "$SKYPORT_TOOLCHAIN_DIR/toolchain.env" for the other scripts.
#
# Where the registry answers (a laptop, GitHub Actions), nothing is built: terraform installs the
# provider from the registry as usual. A second run with everything in place is a no-op.
#
# Usage: scripts/terraform-toolchain.sh [--force-mirror]
#   --force-mirror   build and use the mirror even when the registry is reachable
# Environment:
#   SKYPORT_TOOLCHAIN_DIR  cache folder (default ~/.cache/skyport); never inside the repository
#   SKYPORT_PROVIDER_SOURCE_MODULE / _VERSION / _SUM, SKYPORT_OPENTOFU_VERSION  override the pins below
set -euo pipefail

# The provider source, as a module version the Go module proxy serves. hashicorp/terraform-provider-aws
# has no /v6 in its module path, so the proxy cannot serve a 6.x by tag, and the proxy this project's
# machines reach answers only exact versions (no commit or branch queries), so an upstream commit's
# pseudo-version cannot be resolved from its hash. Upbound's fork is published as exact pseudo-versions:
# this one is upstream 6.34.0 (version/VERSION) plus one extra package (xpprovider) the provider
# binary does not use. The sum database has no record of it, so its h1: hash is pinned here and
# checked after download. Decision 0009 explains the choice; override all three to build another.
PROVIDER_SOURCE_MODULE=${SKYPORT_PROVIDER_SOURCE_MODULE:-github.com/upbound/terraform-provider-aws}
PROVIDER_SOURCE_VERSION=${SKYPORT_PROVIDER_SOURCE_VERSION:-v0.0.0-20260305123303-f7691456b787}
PROVIDER_SOURCE_SUM=${SKYPORT_PROVIDER_SOURCE_SUM:-h1:dJlp2eNgY/iVKTPINdguYlHbHc9CtXBZKmQmqYq0REs=}
PROVIDER_MODULE=github.com/hashicorp/terraform-provider-aws
OPENTOFU_VERSION=${SKYPORT_OPENTOFU_VERSION:-v1.10.7}
# The local AWS that `make validate` plans and applies against (moto's server mode), from PyPI.
MOTO_VERSION=5.2.1
PLATFORM=linux_amd64
REGISTRY_PROBE=https://registry.terraform.io/v1/providers/hashicorp/aws/versions

# Normalised, so `<checkout>/../cache` counts as outside the repository and `<checkout>/x` does not.
TOOLCHAIN_DIR=$(realpath -m "${SKYPORT_TOOLCHAIN_DIR:-$HOME/.cache/skyport}")
MIRROR_DIR=$TOOLCHAIN_DIR/terraform-mirror
BUILD_DIR=$TOOLCHAIN_DIR/build
ENV_FILE=$TOOLCHAIN_DIR/toolchain.env
CLI_CONFIG=$TOOLCHAIN_DIR/terraform.rc
LOG_DIR=$TOOLCHAIN_DIR/logs

force_mirror=0
moto_only=0
for arg in "$@"; do
  case $arg in
    --force-mirror) force_mirror=1 ;;
    # Only moto (the tests' local AWS), then its server's path on stdout.
    moto) moto_only=1 ;;
    *)
      echo "terraform-toolchain: unknown argument '$arg' (allowed: --force-mirror, moto)" >&2
      exit 2
      ;;
  esac
done

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case "$TOOLCHAIN_DIR/" in
  "$repo_root"/*)
    echo "terraform-toolchain: SKYPORT_TOOLCHAIN_DIR must be outside the repository ($TOOLCHAIN_DIR)" >&2
    exit 2
    ;;
esac

mkdir -p "$TOOLCHAIN_DIR" "$LOG_DIR"
export CHECKPOINT_DISABLE=1 GOFLAGS=-buildvcs=false GOTOOLCHAIN=local

log() { printf 'terraform-toolchain: %s\n' "$*" >&2; }

# Runs a build step under /usr/bin/time so the closing figures (wall time, peak memory) are measured,
# not guessed. The figures land in $LOG_DIR/<name>.time.
timed() {
  local name=$1
  shift
  local time_file=$LOG_DIR/$name.time
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f '%e s wall, %M KiB peak RSS' -o "$time_file" "$@"
  else
    local start=$SECONDS
    "$@"
    echo "$((SECONDS - start)) s wall, peak RSS not measured" >"$time_file"
  fi
  log "$name: $(cat "$time_file")"
}

registry_reachable() {
  [[ $force_mirror -eq 0 ]] && curl -fsS --max-time 5 -o /dev/null "$REGISTRY_PROBE" 2>/dev/null
}

require_go() {
  command -v go >/dev/null || {
    log "Go is needed to build from the module proxy; install it (https://go.dev/dl) or put it on PATH"
    exit 1
  }
}

# Terraform on PATH wins; otherwise OpenTofu, built once from the module proxy.
resolve_terraform() {
  if command -v terraform >/dev/null; then
    TF_BIN=$(command -v terraform)
    TF_FLAVOUR=terraform
    return
  fi
  TF_FLAVOUR=opentofu
  TF_BIN=$TOOLCHAIN_DIR/bin/tofu-$OPENTOFU_VERSION
  if [[ -x $TF_BIN ]]; then return; fi
  require_go
  log "no terraform on PATH: building OpenTofu $OPENTOFU_VERSION from the Go module proxy"
  local info
  info=$(go mod download -json "github.com/opentofu/opentofu@$OPENTOFU_VERSION") || {
    log "download failed: $info"
    exit 1
  }
  go_build_wrapped opentofu-build "$(json_field Dir "$info")" "$TF_BIN" \
    github.com/opentofu/opentofu/cmd/tofu -require="github.com/opentofu/opentofu@$OPENTOFU_VERSION"
}

# Builds <package> inside a throwaway wrapper module whose go.mod gets the extra `go mod edit`
# flags given, plus the source module's own non-local replace directives and its go.sum: a plain
# `go install` ignores a module's replaces, and both OpenTofu and the provider need theirs.
# Usage: go_build_wrapped <label> <source module dir> <output binary> <package> [go mod edit flags]
go_build_wrapped() {
  local label=$1 dir=$2 output=$3 package=$4
  shift 4
  local wrapper=$BUILD_DIR/$label
  rm -rf "$wrapper"
  mkdir -p "$wrapper" "$(dirname "$output")"
  (
    cd "$wrapper"
    go mod init "skyport.local/$label" >/dev/null 2>&1
    go mod edit -go="$(go mod edit -json "$dir/go.mod" | json_stdin_field Go)" "$@"
    # Non-local replaces only: a relative path would point into the read-only module cache.
    # shellcheck disable=SC2016 # the single-quoted text is JavaScript, not shell
    go mod edit -json "$dir/go.mod" | node -e '
      const mod = JSON.parse(require("fs").readFileSync(0, "utf8"));
      for (const r of mod.Replace ?? []) {
        if (!r.New.Version) continue;
        const old = r.Old.Version ? `${r.Old.Path}@${r.Old.Version}` : r.Old.Path;
        console.log(`-replace=${old}=${r.New.Path}@${r.New.Version}`);
      }' | xargs -r go mod edit
    # The source's go.sum covers its dependencies; the sum database is still asked for any it lacks.
    cp "$dir/go.sum" go.sum
    chmod u+w go.sum
    timed "$label" go build -mod=mod -trimpath -ldflags "-s -w" -o "$output" "$package"
  )
  rm -rf "$wrapper"
}

# Downloads the pinned provider source, checks its hash, and builds it as the provider's module
# path replaced by that source.
build_provider() {
  require_go
  local info dir sum version
  log "downloading $PROVIDER_SOURCE_MODULE@$PROVIDER_SOURCE_VERSION through $(go env GOPROXY)"
  info=$(GONOSUMDB=$PROVIDER_SOURCE_MODULE go mod download -json "$PROVIDER_SOURCE_MODULE@$PROVIDER_SOURCE_VERSION") || {
    log "download failed: $info"
    exit 1
  }
  dir=$(json_field Dir "$info")
  sum=$(json_field Sum "$info")
  if [[ $sum != "$PROVIDER_SOURCE_SUM" ]]; then
    log "$PROVIDER_SOURCE_MODULE@$PROVIDER_SOURCE_VERSION has hash $sum, expected $PROVIDER_SOURCE_SUM: refusing to build it"
    exit 1
  fi
  version=$(tr -d '[:space:]' <"$dir/version/VERSION")
  if [[ ! $version =~ ^6\.([0-9]+)\.[0-9]+$ ]] || ((BASH_REMATCH[1] < 25)); then
    log "$PROVIDER_SOURCE_MODULE@$PROVIDER_SOURCE_VERSION declares version '$version'; a 6.x at or above 6.25 is required"
    exit 1
  fi

  GONOSUMDB=$PROVIDER_SOURCE_MODULE go_build_wrapped provider-build "$dir" \
    "$MIRROR_DIR/registry.terraform.io/hashicorp/aws/$version/$PLATFORM/terraform-provider-aws_v${version}_x5" \
    "$PROVIDER_MODULE" \
    -require="$PROVIDER_MODULE@v0.0.0-00010101000000-000000000000" \
    -replace="$PROVIDER_MODULE=$PROVIDER_SOURCE_MODULE@$PROVIDER_SOURCE_VERSION"
  printf '%s %s %s\n' "$PROVIDER_SOURCE_MODULE@$PROVIDER_SOURCE_VERSION" "$PROVIDER_SOURCE_SUM" "$version" >"$MIRROR_DIR/.built-from"
}

json_field() { node -e 'process.stdout.write(String(JSON.parse(process.argv[2])[process.argv[1]] ?? ""))' "$1" "$2"; }
json_stdin_field() { node -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(0, "utf8"))[process.argv[1]] ?? ""))' "$1"; }

mirror_version() {
  [[ -f $MIRROR_DIR/.built-from ]] || return 1
  local source sum version
  read -r source sum version <"$MIRROR_DIR/.built-from"
  [[ $source == "$PROVIDER_SOURCE_MODULE@$PROVIDER_SOURCE_VERSION" && $sum == "$PROVIDER_SOURCE_SUM" ]] || return 1
  [[ -x $MIRROR_DIR/registry.terraform.io/hashicorp/aws/$version/$PLATFORM/terraform-provider-aws_v${version}_x5 ]] || return 1
  echo "$version"
}

# OpenTofu reads `hashicorp/aws` as registry.opentofu.org/hashicorp/aws, Terraform as
# registry.terraform.io/hashicorp/aws: the mirror answers to both names with the same binary, hard
# linked (the mirror's directory walk does not follow a symlinked host directory).
write_cli_config() {
  local version=$1 from to
  from=$MIRROR_DIR/registry.terraform.io/hashicorp/aws/$version/$PLATFORM
  to=$MIRROR_DIR/registry.opentofu.org/hashicorp/aws/$version/$PLATFORM
  [[ -L $MIRROR_DIR/registry.opentofu.org ]] && rm -f "$MIRROR_DIR/registry.opentofu.org"
  mkdir -p "$to"
  ln -f "$from/terraform-provider-aws_v${version}_x5" "$to/terraform-provider-aws_v${version}_x5"
  cat >"$CLI_CONFIG.tmp" <<EOF
# Written by scripts/terraform-toolchain.sh: providers come from the local mirror only.
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR_DIR"
    include = ["registry.terraform.io/hashicorp/aws", "registry.opentofu.org/hashicorp/aws"]
  }
}
EOF
  mv "$CLI_CONFIG.tmp" "$CLI_CONFIG"
}

# A virtualenv of our own, so the version is the pinned one whatever the machine has installed.
# The marker is written last: an interrupted install is redone, not half-used.
install_moto() {
  MOTO_SERVER=$TOOLCHAIN_DIR/moto-$MOTO_VERSION/bin/moto_server
  [[ -f $TOOLCHAIN_DIR/moto-$MOTO_VERSION/.installed ]] && return
  log "installing moto[server] $MOTO_VERSION from PyPI into $TOOLCHAIN_DIR/moto-$MOTO_VERSION"
  rm -rf "$TOOLCHAIN_DIR/moto-$MOTO_VERSION"
  python3 -m venv "$TOOLCHAIN_DIR/moto-$MOTO_VERSION"
  "$TOOLCHAIN_DIR/moto-$MOTO_VERSION/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
  touch "$TOOLCHAIN_DIR/moto-$MOTO_VERSION/.installed"
}

# moto's default account. The provider tags S3 buckets through S3 Control, whose SDK puts the account
# id in front of the endpoint's host (123456789012.localhost), and the provider's Go resolver does
# not treat *.localhost as loopback. As root (CI, the quick start) the name is added to /etc/hosts.
MOTO_S3_CONTROL_HOST=123456789012.localhost
ensure_s3_control_host() {
  grep -qE "^[[:space:]]*127\.0\.0\.1[[:space:]].*\b${MOTO_S3_CONTROL_HOST//./\\.}\b" /etc/hosts 2>/dev/null && return
  if [[ -w /etc/hosts ]]; then
    log "adding '127.0.0.1 $MOTO_S3_CONTROL_HOST' to /etc/hosts (S3 Control against moto)"
    printf '127.0.0.1 %s # skyport make validate: S3 Control against moto\n' "$MOTO_S3_CONTROL_HOST" >>/etc/hosts
  else
    log "add '127.0.0.1 $MOTO_S3_CONTROL_HOST' to /etc/hosts, or applying buckets against moto fails"
  fi
}

main() {
  local start=$SECONDS source provider_version
  if [[ $moto_only -eq 1 ]]; then
    install_moto
    echo "$MOTO_SERVER"
    return
  fi
  resolve_terraform
  install_moto
  ensure_s3_control_host
  if registry_reachable; then
    source=registry
    provider_version=registry
    : >"$CLI_CONFIG"
    log "registry.terraform.io is reachable: terraform installs hashicorp/aws from it, nothing to build"
  else
    source=mirror
    if ! provider_version=$(mirror_version); then
      log "registry.terraform.io is unreachable: building hashicorp/aws into $MIRROR_DIR (tens of minutes, once)"
      build_provider
      provider_version=$(mirror_version)
    fi
    write_cli_config "$provider_version"
  fi

  cat >"$ENV_FILE.tmp" <<EOF
# Written by scripts/terraform-toolchain.sh; read by tools/terraform-validate.
TF_BIN=$TF_BIN
TF_FLAVOUR=$TF_FLAVOUR
TF_VERSION=$(TF_CLI_CONFIG_FILE=$CLI_CONFIG "$TF_BIN" version -json | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).terraform_version)')
PROVIDER_SOURCE=$source
PROVIDER_VERSION=$provider_version
MIRROR_DIR=$MIRROR_DIR
TF_CLI_CONFIG_FILE=$CLI_CONFIG
MOTO_SERVER=$MOTO_SERVER
MOTO_VERSION=$MOTO_VERSION
EOF
  mv "$ENV_FILE.tmp" "$ENV_FILE"
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  echo "toolchain: $TF_FLAVOUR $TF_VERSION ($TF_BIN), hashicorp/aws $provider_version from the $source, moto $MOTO_VERSION, ready in $((SECONDS - start)) s"
}

main
