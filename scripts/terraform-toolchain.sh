#!/usr/bin/env bash
# Provides what `make validate` needs to run Terraform without registry.terraform.io:
#   - a terraform binary (the one on PATH, else OpenTofu built from the Go module proxy),
#   - the hashicorp/aws provider in a filesystem mirror built from the Go module proxy,
#   - a CLI config that points terraform at that mirror and nothing else,
# and writes their locations to "$SKYPORT_TOOLCHAIN_DIR/toolchain.env" for the other scripts.
#
# Where the registry answers (a laptop, GitHub Actions), nothing is built: terraform installs the
# provider from the registry as usual. A second run with everything in place is a no-op.
#
# Usage: scripts/terraform-toolchain.sh [--force-mirror]
#   --force-mirror   build and use the mirror even when the registry is reachable
# Environment:
#   SKYPORT_TOOLCHAIN_DIR  cache folder (default ~/.cache/skyport); never inside the repository
#   SKYPORT_PROVIDER_COMMIT / SKYPORT_OPENTOFU_VERSION  override the pinned sources below
set -euo pipefail

# A hashicorp/terraform-provider-aws commit whose version/VERSION is 6.36.0. Its module path has no
# /v6, so the proxy cannot serve it by tag; a commit resolves to a pseudo-version. See decision 0009.
PROVIDER_COMMIT=${SKYPORT_PROVIDER_COMMIT:-00a35305dc1b297a6fcdecdfbba33f1e63c3da39}
PROVIDER_MODULE=github.com/hashicorp/terraform-provider-aws
OPENTOFU_VERSION=${SKYPORT_OPENTOFU_VERSION:-v1.10.7}
PLATFORM=linux_amd64
REGISTRY_PROBE=https://registry.terraform.io/v1/providers/hashicorp/aws/versions

TOOLCHAIN_DIR=${SKYPORT_TOOLCHAIN_DIR:-$HOME/.cache/skyport}
MIRROR_DIR=$TOOLCHAIN_DIR/terraform-mirror
BUILD_DIR=$TOOLCHAIN_DIR/build
ENV_FILE=$TOOLCHAIN_DIR/toolchain.env
CLI_CONFIG=$TOOLCHAIN_DIR/terraform.rc
LOG_DIR=$TOOLCHAIN_DIR/logs

force_mirror=0
for arg in "$@"; do
  case $arg in
    --force-mirror) force_mirror=1 ;;
    *)
      echo "terraform-toolchain: unknown argument '$arg' (allowed: --force-mirror)" >&2
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
  mkdir -p "$TOOLCHAIN_DIR/bin"
  timed opentofu-build env GOBIN="$BUILD_DIR/tofu-bin" \
    go install -trimpath -ldflags "-s -w" "github.com/opentofu/opentofu/cmd/tofu@$OPENTOFU_VERSION"
  mv "$BUILD_DIR/tofu-bin/tofu" "$TF_BIN"
}

# Downloads the provider module at PROVIDER_COMMIT and builds it inside a wrapper module that carries
# the provider's own replace directives (go install ignores them, so a plain install fails).
build_provider() {
  require_go
  local info dir pseudo version wrapper
  log "downloading $PROVIDER_MODULE@$PROVIDER_COMMIT through $(go env GOPROXY)"
  info=$(go mod download -json "$PROVIDER_MODULE@$PROVIDER_COMMIT")
  dir=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).Dir)' "$info")
  pseudo=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).Version)' "$info")
  version=$(tr -d '[:space:]' <"$dir/version/VERSION")
  if [[ ! $version =~ ^6\.([0-9]+)\.[0-9]+$ ]] || ((BASH_REMATCH[1] < 25)); then
    log "$PROVIDER_MODULE@$PROVIDER_COMMIT declares version '$version'; a 6.x at or above 6.25 is required"
    exit 1
  fi

  wrapper=$BUILD_DIR/provider-$PROVIDER_COMMIT
  rm -rf "$wrapper"
  mkdir -p "$wrapper"
  (
    cd "$wrapper"
    go mod init skyport.local/terraform-provider-aws-build >/dev/null 2>&1
    # Non-local replaces only: a relative path would point into the read-only module cache.
    # shellcheck disable=SC2016 # the single-quoted text is JavaScript, not shell
    go mod edit -json "$dir/go.mod" | node -e '
      const mod = JSON.parse(require("fs").readFileSync(0, "utf8"));
      for (const r of mod.Replace ?? []) {
        if (!r.New.Version) continue;
        const old = r.Old.Version ? `${r.Old.Path}@${r.Old.Version}` : r.Old.Path;
        console.log(`-replace=${old}=${r.New.Path}@${r.New.Version}`);
      }' | xargs -r go mod edit
    go get "$PROVIDER_MODULE@$pseudo" 2>&1 | tail -n 3
    local target=$MIRROR_DIR/registry.terraform.io/hashicorp/aws/$version/$PLATFORM
    mkdir -p "$target"
    timed provider-build go build -trimpath -ldflags "-s -w" \
      -o "$target/terraform-provider-aws_v${version}_x5" "$PROVIDER_MODULE"
  )
  printf '%s %s %s\n' "$PROVIDER_COMMIT" "$pseudo" "$version" >"$MIRROR_DIR/.built-from"
  rm -rf "$wrapper"
}

mirror_version() {
  [[ -f $MIRROR_DIR/.built-from ]] || return 1
  local commit pseudo version
  read -r commit pseudo version <"$MIRROR_DIR/.built-from"
  [[ $commit == "$PROVIDER_COMMIT" ]] || return 1
  [[ -x $MIRROR_DIR/registry.terraform.io/hashicorp/aws/$version/$PLATFORM/terraform-provider-aws_v${version}_x5 ]] || return 1
  echo "$version"
}

write_cli_config() {
  cat >"$CLI_CONFIG.tmp" <<EOF
# Written by scripts/terraform-toolchain.sh: providers come from the local mirror only.
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR_DIR"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
}
EOF
  mv "$CLI_CONFIG.tmp" "$CLI_CONFIG"
}

main() {
  local start=$SECONDS source provider_version
  resolve_terraform
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
    write_cli_config
  fi

  cat >"$ENV_FILE.tmp" <<EOF
# Written by scripts/terraform-toolchain.sh; sourced by scripts/terraform-validate.sh.
TF_BIN=$TF_BIN
TF_FLAVOUR=$TF_FLAVOUR
TF_VERSION=$("$TF_BIN" version -json | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).terraform_version)')
PROVIDER_SOURCE=$source
PROVIDER_VERSION=$provider_version
MIRROR_DIR=$MIRROR_DIR
TF_CLI_CONFIG_FILE=$CLI_CONFIG
EOF
  mv "$ENV_FILE.tmp" "$ENV_FILE"
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  echo "toolchain: $TF_FLAVOUR $TF_VERSION ($TF_BIN), hashicorp/aws $provider_version from the $source, ready in $((SECONDS - start)) s"
}

main
