#!/usr/bin/env bash
# PostgreSQL 15 (127.0.0.1:5433) and Redis (127.0.0.1:6379) for CI and local use, no systemd.
#
#   scripts/services.sh up      install if missing (apt, as root or with sudo), start, wait
#   scripts/services.sh down    stop what `up` started from this checkout
#   scripts/services.sh clean   down, then delete the state (PostgreSQL's data directory)
#   scripts/services.sh pg-settings   the settings PostgreSQL would start with
#
# Then: DATABASE_URL=postgres://postgres@127.0.0.1:5433/dais REDIS_URL=redis://127.0.0.1:6379/0
#
# PostgreSQL runs with its durable defaults (fsync, synchronous_commit, full_page_writes on):
# an acknowledged journal entry survives a crash, so a sequence number is never reused.
# DAIS_PG_FAST=1 turns them off for the TEST SUITE ONLY (make test-postgres, .ci/run): faster,
# and unsafe: after a crash acknowledged writes are lost. Never serve with it. A server already
# running is reused as it is, so `down` first when switching.
# State lives in .state/ (gitignored). `up` is idempotent: a server that already answers on
# its port is reused as it is. initdb and pg_ctl refuse root, so they run as `postgres`
# (stack notes G13); its data directory must be reachable by that user (G14).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE="$ROOT/.state"
REDIS_PORT=${REDIS_PORT:-6379}
PG_PORT=${PG_PORT:-5433}
PG_DB=${PG_DB:-dais}

say() { printf '[services] %s\n' "$*"; }
die() { printf '[services] error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# Wait up to $1 seconds for the command after it to succeed.
wait_for() {
  local seconds=$1; shift
  local tries=$((seconds * 10))
  until "$@" >/dev/null 2>&1; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || return 1
    sleep 0.1
  done
}

pg_bin() {
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    echo /usr/lib/postgresql/15/bin
  elif ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

install_missing() {
  local need=()
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  [ -n "$(pg_bin)" ] || need+=(postgresql)   # --no-upgrade: never upgrade the image's (G15)
  [ ${#need[@]} -gt 0 ] || return 0
  local sudo=
  if ! is_root; then
    command -v sudo >/dev/null 2>&1 || die "please install as root: apt-get install -y ${need[*]}"
    sudo=sudo
  fi
  say "installing ${need[*]}"
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-upgrade "${need[@]}"
}

# Runs a PostgreSQL server tool as `postgres` when we are root, else as ourselves.
as_pg() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The folder holding PostgreSQL's data and socket: .state/pg, or, when the postgres user cannot
# reach .state (a checkout under a private mktemp folder, say), a folder in /tmp that .state/pg
# links to.
pg_home() {
  if [ -d "$STATE/pg" ]; then
    (cd "$STATE/pg" && pwd -P)
    return
  fi
  rm -f "$STATE/pg"   # a dangling link left by a cleaned-up /tmp
  if ! is_root; then
    mkdir -p "$STATE/pg"
  elif runuser -u postgres -- test -x "$STATE"; then
    install -d -o postgres -g postgres -m 700 "$STATE/pg"
  else
    local dir
    dir=$(mktemp -d /tmp/dais-pg.XXXXXX)
    chown postgres:postgres "$dir"
    ln -s "$dir" "$STATE/pg"
  fi
  (cd "$STATE/pg" && pwd -P)
}

# PostgreSQL's settings: its durable defaults, unless DAIS_PG_FAST=1 (the test suite only: a
# crash then loses acknowledged writes, see the top of this file).
pg_settings() {
  local settings="-c listen_addresses=127.0.0.1"
  if [ "${DAIS_PG_FAST:-0}" = 1 ]; then
    settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  echo "$settings"
}

redis_answers() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

redis_up() {
  if redis_answers; then
    say "Redis already answers on 127.0.0.1:$REDIS_PORT: reusing it"
    return
  fi
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --pidfile "$STATE/redis.pid" --logfile "$STATE/redis.log" --dir "$STATE"
  wait_for 20 redis_answers || { tail -20 "$STATE/redis.log" >&2; die "Redis did not answer"; }
  say "Redis is up on 127.0.0.1:$REDIS_PORT"
}

pg_up() {
  local bin home
  bin=$(pg_bin)
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    say "PostgreSQL already answers on 127.0.0.1:$PG_PORT: reusing it"
  else
    home=$(pg_home)
    if [ ! -f "$home/data/PG_VERSION" ]; then
      as_pg "$bin/initdb" -D "$home/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$STATE/initdb.log" 2>&1 || { cat "$STATE/initdb.log" >&2; die "initdb failed"; }
    fi
    local options mode="durable"
    options="-p $PG_PORT -k $home $(pg_settings)"
    [ "${DAIS_PG_FAST:-0}" != 1 ] || mode="FAST AND UNSAFE, for tests only"
    as_pg "$bin/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 -o "$options" \
      start >/dev/null || { tail -20 "$home/server.log" >&2; die "PostgreSQL did not start"; }
    wait_for 30 "$bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" || die "PostgreSQL did not answer"
    say "PostgreSQL is up on 127.0.0.1:$PG_PORT ($mode; data in $home/data)"
  fi
  local exists
  exists=$("$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'") || die "cannot connect as postgres"
  [ "$exists" = 1 ] || "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
}

redis_down() {
  local pid
  [ -f "$STATE/redis.pid" ] || return 0
  pid=$(cat "$STATE/redis.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    wait_for 20 bash -c "! kill -0 $pid" || die "Redis (pid $pid) did not stop"
    say "Redis stopped"
  fi
  rm -f "$STATE/redis.pid"
}

pg_down() {
  local bin home
  bin=$(pg_bin)
  # Resolved here: the postgres user may not be able to follow the link inside .state.
  home=$(cd "$STATE/pg" 2>/dev/null && pwd -P) || return 0
  [ -n "$bin" ] && [ -f "$home/data/postmaster.pid" ] || return 0
  as_pg "$bin/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null && say "PostgreSQL stopped"
}

case "${1:-}" in
  up)
    mkdir -p "$STATE"
    chmod 755 "$STATE"
    install_missing
    redis_up
    pg_up
    ;;
  down)
    redis_down
    pg_down
    ;;
  pg-settings)
    pg_settings
    ;;
  clean)
    redis_down
    pg_down
    if [ -L "$STATE/pg" ]; then rm -rf "$(readlink "$STATE/pg")"; fi
    rm -rf "$STATE/pg" "$STATE/redis.log" "$STATE/initdb.log"
    ;;
  *)
    echo "usage: $0 up|down|clean|pg-settings" >&2
    exit 2
    ;;
esac
