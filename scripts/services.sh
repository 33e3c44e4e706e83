#!/usr/bin/env bash
# Local PostgreSQL, Redis and RabbitMQ for development and tests, from Debian packages, on loopback.
#
#   scripts/services.sh up       start what is not running (reuses servers already listening), write .services/services.env
#   scripts/services.sh down     stop the servers this script started
#   scripts/services.sh status   say what runs where
#   scripts/services.sh env      print the app's variables (KEY=value lines, see print_env)
#
# Data lives under .services/ in the repository (ignored by git). Ports and the wait limit can be
# changed with SKYPORT_PG_PORT, SKYPORT_REDIS_PORT, SKYPORT_AMQP_PORT and SKYPORT_SERVICES_TIMEOUT.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${SKYPORT_SERVICES_DIR:-$ROOT/.services}
PG_PORT=${SKYPORT_PG_PORT:-5432}
REDIS_PORT=${SKYPORT_REDIS_PORT:-6379}
AMQP_PORT=${SKYPORT_AMQP_PORT:-5672}
TIMEOUT=${SKYPORT_SERVICES_TIMEOUT:-90}
HOST=127.0.0.1
# The web dev server (apps/web `next dev --port 3001`): the origin the API lets call it.
WEB_PORT=3001

# Local-only credentials: these servers listen on loopback and hold throwaway data.
APP_USER=skyport
APP_PASSWORD=skyport
APP_DB=skyport

DATABASE_URL="postgresql://$APP_USER:$APP_PASSWORD@$HOST:$PG_PORT/$APP_DB"
REDIS_URL="redis://$HOST:$REDIS_PORT"
RABBITMQ_URL="amqp://$APP_USER:$APP_PASSWORD@$HOST:$AMQP_PORT/"

log() { printf 'services: %s\n' "$*" >&2; }
die() {
  printf 'services: error: %s\n' "$*" >&2
  exit 1
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# A server of ours already runs, but not on the port asked for now.
assert_same_port() { # name, running port, requested port
  [[ $2 == "$3" ]] || die "$1 from this checkout already runs on $HOST:$2, not $3; run '$0 down' first to move it"
}

# --- packages ------------------------------------------------------------------------------------

postgres_bindir() {
  local dir='' candidate
  for candidate in /usr/lib/postgresql/*/bin; do
    [[ -x $candidate/initdb ]] && dir=$(printf '%s\n%s\n' "$dir" "$candidate" | sort -V | tail -n 1)
  done
  if [[ -n $dir ]]; then
    echo "$dir"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

missing_packages() {
  local missing=()
  [[ -n $(postgres_bindir) ]] && command -v psql >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || missing+=(redis-server)
  [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  # The Redis TLS test makes its certificates with it.
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  echo "${missing[@]:-}"
}

ensure_packages() {
  local missing packages
  missing=$(missing_packages)
  [[ -z ${missing// /} ]] && return 0
  read -ra packages <<<"$missing"
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "missing Debian packages: $missing. Install them with: sudo apt-get install -y $missing"
  fi
  log "installing Debian packages: $missing"
  # Keep the packages' own system services from starting: this script runs its own instances
  # with data in the repository, and a system service would take the ports first.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
  fi
  local rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
  } >"$DATA/apt.log" 2>&1 || rc=$?
  [[ $created_policy -eq 1 ]] && rm -f "$policy"
  [[ $rc -eq 0 ]] || die "apt-get install $missing failed (exit $rc); see $DATA/apt.log"
  missing=$(missing_packages)
  [[ -z ${missing// /} ]] || die "packages still missing after apt-get install: $missing"
}

# --- waiting -------------------------------------------------------------------------------------

# wait_for NAME LOGFILE COMMAND...: retry COMMAND until it succeeds or TIMEOUT seconds pass.
wait_for() {
  local name=$1 logfile=$2
  shift 2
  local deadline=$((SECONDS + TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      [[ -f $logfile ]] && tail -n 20 "$logfile" >&2
      die "$name did not accept connections on $HOST within ${TIMEOUT}s (log: $logfile)"
    fi
    sleep 0.5
  done
}

# --- PostgreSQL ----------------------------------------------------------------------------------

# PostgreSQL refuses to run as root; as root we run it as the Debian 'postgres' user. That user
# must be able to reach the data folder; when the checkout sits under a private folder it cannot,
# and the data goes to a per-checkout folder under /var/tmp instead.
pg_run_as() {
  if [[ $(id -u) -eq 0 ]]; then echo postgres; else id -un; fi
}

pg_data_dir() {
  local dir=$DATA/postgres user
  user=$(pg_run_as)
  if [[ $(id -u) -eq 0 ]]; then
    mkdir -p "$dir"
    chown "$user" "$dir"
    if ! runuser -u "$user" -- test -w "$dir"; then
      dir=/var/tmp/skyport-services-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)/postgres
      mkdir -p "$dir"
      chown "$user" "$dir"
    fi
  fi
  echo "$dir"
}

pg() { # run a PostgreSQL binary as the server's user
  local bin=$1
  shift
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$(postgres_bindir)/$bin" "$@"
  else
    "$(postgres_bindir)/$bin" "$@"
  fi
}

pg_app_login() { psql "$DATABASE_URL" -Atqc 'select 1' >/dev/null 2>&1; }

pg_up() {
  local dir
  dir=$(pg_data_dir)
  local sock=$dir/run logfile=$dir/postgres.log
  if [[ -f $dir/postmaster.pid ]] && pg pg_ctl -D "$dir" status >/dev/null 2>&1; then
    assert_same_port PostgreSQL "$(sed -n 4p "$dir/postmaster.pid")" "$PG_PORT"
    log "PostgreSQL already running (ours, $dir)"
  elif port_open "$PG_PORT"; then
    pg_app_login || die "a server already listens on $HOST:$PG_PORT but does not accept $DATABASE_URL;" \
      "stop it, create that role and database, or pick another port with SKYPORT_PG_PORT"
    log "PostgreSQL already listening on $HOST:$PG_PORT (not started by this script): reusing it"
    return 0
  else
    if [[ ! -f $dir/PG_VERSION ]]; then
      log "initialising PostgreSQL data in $dir"
      pg initdb -D "$dir" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$DATA/postgres-initdb.log" 2>&1 ||
        die "initdb failed; see $DATA/postgres-initdb.log"
    fi
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- mkdir -p "$sock"; else mkdir -p "$sock"; fi
    log "starting PostgreSQL on $HOST:$PG_PORT"
    pg pg_ctl -D "$dir" -l "$logfile" -w -t "$TIMEOUT" \
      -o "-c listen_addresses=$HOST -p $PG_PORT -c unix_socket_directories=$sock -c fsync=off" \
      start >/dev/null || {
      tail -n 20 "$logfile" >&2 || true
      die "PostgreSQL did not start on $HOST:$PG_PORT (log: $logfile)"
    }
  fi
  wait_for PostgreSQL "$logfile" pg pg_isready -q -h "$sock" -p "$PG_PORT"
  # Idempotent role and database for the apps. CREATEDB lets tests make throwaway databases;
  # CREATEROLE lets them make throwaway login roles (the password-rotation test).
  pg psql -h "$sock" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q <<SQL >/dev/null
DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_USER') THEN
    CREATE ROLE $APP_USER LOGIN CREATEDB CREATEROLE PASSWORD '$APP_PASSWORD';
  END IF;
END\$\$;
ALTER ROLE $APP_USER CREATEDB CREATEROLE;
SELECT 'CREATE DATABASE $APP_DB OWNER $APP_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$APP_DB')\gexec
SQL
  wait_for "PostgreSQL (as $APP_USER)" "$logfile" pg_app_login
}

pg_down() {
  local dir
  dir=$(pg_data_dir)
  if [[ -f $dir/postmaster.pid ]] && pg pg_ctl -D "$dir" status >/dev/null 2>&1; then
    pg pg_ctl -D "$dir" -m fast -w stop >/dev/null && log "PostgreSQL stopped"
  else
    log "PostgreSQL: not started by this script"
  fi
}

# --- Redis ---------------------------------------------------------------------------------------

redis_ping() { [[ $(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }
redis_ours() { [[ -f $DATA/redis/redis.pid ]] && kill -0 "$(cat "$DATA/redis/redis.pid")" 2>/dev/null; }

redis_up() {
  local dir=$DATA/redis
  if redis_ours; then
    assert_same_port Redis "$(cat "$dir/redis.port" 2>/dev/null)" "$REDIS_PORT"
    log "Redis already running (ours)"
  elif port_open "$REDIS_PORT"; then
    redis_ping || die "something listens on $HOST:$REDIS_PORT but does not answer Redis PING;" \
      "stop it or pick another port with SKYPORT_REDIS_PORT"
    log "Redis already listening on $HOST:$REDIS_PORT (not started by this script): reusing it"
    return 0
  else
    mkdir -p "$dir"
    echo "$REDIS_PORT" >"$dir/redis.port"
    log "starting Redis on $HOST:$REDIS_PORT"
    redis-server --bind "$HOST" --port "$REDIS_PORT" --dir "$dir" --daemonize yes \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --appendonly no --save "" \
      --protected-mode yes || die "redis-server did not start (log: $dir/redis.log)"
  fi
  wait_for Redis "$dir/redis.log" redis_ping
}

redis_down() {
  if redis_ours; then
    redis-cli -h "$HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$DATA/redis/redis.pid")"
    rm -f "$DATA/redis/redis.pid"
    log "Redis stopped"
  else
    log "Redis: not started by this script"
  fi
}

# --- RabbitMQ ------------------------------------------------------------------------------------

rabbit_bin() {
  # The Debian wrapper in /usr/sbin switches to the 'rabbitmq' user, which cannot write our data
  # folder; the scripts behind it run the broker as whoever calls them.
  local name=$1
  if [[ -x /usr/lib/rabbitmq/bin/$name ]]; then echo "/usr/lib/rabbitmq/bin/$name"; else command -v "$name"; fi
}

rabbit_env() {
  local dir=$DATA/rabbitmq
  export HOME=$dir # the Erlang cookie lives in $HOME
  export RABBITMQ_NODENAME=skyport@localhost
  export RABBITMQ_USE_LONGNAME=false
  export RABBITMQ_NODE_IP_ADDRESS=$HOST
  export RABBITMQ_NODE_PORT=$AMQP_PORT
  export RABBITMQ_DIST_PORT=$((AMQP_PORT + 20000))
  export RABBITMQ_MNESIA_BASE=$dir/mnesia
  export RABBITMQ_LOG_BASE=$dir/log
  export RABBITMQ_CONFIG_FILE=$dir/rabbitmq
  export RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins
  export RABBITMQ_PID_FILE=$dir/rabbitmq.pid
  export ERL_EPMD_ADDRESS=$HOST
  # Erlang distribution listens on all interfaces unless told otherwise.
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

rabbit_ours() (
  rabbit_env
  [[ -f $RABBITMQ_PID_FILE ]] && kill -0 "$(cat "$RABBITMQ_PID_FILE")" 2>/dev/null
)

rabbit_ready() (
  rabbit_env
  "$(rabbit_bin rabbitmqctl)" -q await_startup --timeout 2 && port_open "$AMQP_PORT"
)

rabbit_up() {
  local dir=$DATA/rabbitmq
  if rabbit_ours; then
    assert_same_port RabbitMQ "$(cat "$dir/amqp.port" 2>/dev/null)" "$AMQP_PORT"
    log "RabbitMQ already running (ours)"
  elif port_open "$AMQP_PORT"; then
    log "RabbitMQ port $HOST:$AMQP_PORT already open (not started by this script): reusing it;" \
      "it must accept $APP_USER/$APP_PASSWORD on vhost /"
    return 0
  else
    mkdir -p "$dir/log" "$dir/mnesia"
    cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = $HOST:$AMQP_PORT
default_user = $APP_USER
default_pass = $APP_PASSWORD
default_vhost = /
loopback_users = none
log.console = false
log.file.level = warning
CONF
    echo '[].' >"$dir/enabled_plugins"
    echo "$AMQP_PORT" >"$dir/amqp.port"
    log "starting RabbitMQ on $HOST:$AMQP_PORT"
    (
      rabbit_env
      setsid "$(rabbit_bin rabbitmq-server)" >"$dir/log/stdout.log" 2>&1 </dev/null &
    )
  fi
  wait_for RabbitMQ "$dir/log/stdout.log" rabbit_ready
}

rabbit_down() {
  if rabbit_ours; then
    (
      rabbit_env
      "$(rabbit_bin rabbitmqctl)" -q stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || kill "$(cat "$RABBITMQ_PID_FILE")"
    )
    log "RabbitMQ stopped"
  else
    log "RabbitMQ: not started by this script"
  fi
}

# --- commands ------------------------------------------------------------------------------------

# The HMAC key of the API's access tokens: random, made once per checkout, reused afterwards.
auth_token_secret() {
  local file=$DATA/auth-token-secret secret
  if [[ ! -s $file ]]; then
    mkdir -p "$DATA"
    if command -v openssl >/dev/null 2>&1; then
      secret=$(openssl rand -hex 32)
    else
      secret=$(head -c 32 /dev/urandom | od -An -v -tx1 | tr -d ' \n')
    fi
    [[ ${#secret} -eq 64 ]] || die "could not generate a random AUTH_TOKEN_SECRET"
    (
      umask 077
      printf '%s\n' "$secret" >"$file.tmp.$$"
    )
    # A concurrent run may have written one first: keep that one, so every caller agrees.
    mv -n "$file.tmp.$$" "$file"
    rm -f "$file.tmp.$$"
  fi
  chmod 600 "$file"
  head -n 1 "$file"
}

# What the API, the worker and the migrations read (apps/api/src/config/config.ts), for this
# machine's services; the URLs are kept for tools that still read them.
print_env() {
  local secret
  secret=$(auth_token_secret)
  cat <<ENV
DATABASE_URL=$DATABASE_URL
REDIS_URL=$REDIS_URL
RABBITMQ_URL=$RABBITMQ_URL
NODE_ENV=development
DATABASE_HOST=$HOST
DATABASE_PORT=$PG_PORT
DATABASE_NAME=$APP_DB
DATABASE_USER=$APP_USER
DATABASE_PASSWORD=$APP_PASSWORD
DATABASE_SSL=disable
REDIS_HOST=$HOST
REDIS_PORT=$REDIS_PORT
REDIS_TLS=false
RABBITMQ_HOST=$HOST
RABBITMQ_PORT=$AMQP_PORT
RABBITMQ_TLS=false
RABBITMQ_USER=$APP_USER
RABBITMQ_PASSWORD=$APP_PASSWORD
RABBITMQ_QUEUE=contact
CORS_ORIGIN=http://localhost:$WEB_PORT
AUTH_TOKEN_SECRET=$secret
OWNER_EMAIL=owner@example.com
BEDROCK_REGION=us-east-1
BEDROCK_MODEL_ID=amazon.nova-lite-v1:0
ENV
}

status() {
  local name port rc=0
  for entry in "PostgreSQL:$PG_PORT" "Redis:$REDIS_PORT" "RabbitMQ:$AMQP_PORT"; do
    name=${entry%%:*} port=${entry##*:}
    if port_open "$port"; then
      printf '%-10s up     %s:%s\n' "$name" "$HOST" "$port"
    else
      printf '%-10s down   %s:%s\n' "$name" "$HOST" "$port"
      rc=3
    fi
  done
  return $rc
}

main() {
  local cmd=${1:-}
  case $cmd in
  up)
    mkdir -p "$DATA"
    ensure_packages
    pg_up
    redis_up
    rabbit_up
    # It holds the local AUTH_TOKEN_SECRET: readable by this user only.
    (
      umask 077
      print_env >"$DATA/services.env.tmp"
    )
    chmod 600 "$DATA/services.env.tmp"
    mv "$DATA/services.env.tmp" "$DATA/services.env"
    # The variables hold passwords and the token secret: name the file instead of printing them.
    log "ready: PostgreSQL $HOST:$PG_PORT, Redis $HOST:$REDIS_PORT, RabbitMQ $HOST:$AMQP_PORT; connection variables in ${DATA#"$ROOT"/}/services.env ('$0 env' prints them)"
    ;;
  down)
    mkdir -p "$DATA"
    rabbit_down
    redis_down
    command -v psql >/dev/null 2>&1 && pg_down
    ;;
  status) status ;;
  env) print_env ;;
  *)
    echo "usage: $0 up|down|status|env" >&2
    exit 2
    ;;
  esac
}

main "$@"
