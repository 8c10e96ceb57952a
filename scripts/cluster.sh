#!/usr/bin/env bash
# Dais as it is served: N daphne workers behind nginx, the Redis channel layer, PostgreSQL with
# durable settings, DEBUG off. One machine, no systemd, ports of its own (so it runs beside
# scripts/services.sh's test instances on 5433/6379).
#
#   scripts/cluster.sh up        install what is missing (apt, --no-upgrade), start, migrate,
#                                collect static files, wait until nginx answers
#   scripts/cluster.sh down      stop everything `up` started from this checkout (by pid)
#   scripts/cluster.sh status    what runs, on which port
#   scripts/cluster.sh clean     down, then delete the cluster's state (database included)
#   scripts/cluster.sh restart-worker N   start worker N again (after it died)
#   scripts/cluster.sh restart-workers    stop and start every worker (fresh processes)
#
# Settings (environment):
#   WORKERS=2            daphne worker processes (about one per core: see README)
#   CLUSTER_PORT=8080    nginx (http://127.0.0.1:8080/)
#   WORKER_BASE_PORT=8090  worker i listens on 127.0.0.1:(8090+i), and on the unix socket
#                        .state/cluster/worker<i>.sock
#   CLUSTER_UPSTREAM=unix  how nginx reaches the workers: their unix sockets (cheaper per frame
#                        than loopback TCP: docs/performance.md, "Session 9"), or "tcp" (ports)
#   CLUSTER_PG_PORT=5434 CLUSTER_REDIS_PORT=6380
#   CLUSTER_SEED=1       load the INTERPOL seed committee after migrating (0 to skip)
#   DAIS_PING_INTERVAL=20  seconds between daphne's keep-alive pings of a silent socket
#   (the workers also read every DAIS_* setting from the environment: config/settings.py)
#
# State lives in .state/cluster/ (gitignored): nginx.conf (generated), secret_key (generated once,
# mode 600), env (the settings the workers run with; `source` it to run manage.py against the
# cluster), pid files and logs, PostgreSQL's data directory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE="$ROOT/.state/cluster"
WORKERS=${WORKERS:-2}
CLUSTER_PORT=${CLUSTER_PORT:-8080}
WORKER_BASE_PORT=${WORKER_BASE_PORT:-8090}
PG_PORT=${CLUSTER_PG_PORT:-5434}
REDIS_PORT=${CLUSTER_REDIS_PORT:-6380}
PG_DB=dais
PY="$ROOT/.venv/bin/python"

say() { printf '[cluster] %s\n' "$*"; }
die() { printf '[cluster] error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
# A pid that runs (a killed worker may linger as a zombie when nothing reaps it).
alive() { kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" | cut -c1)" != Z ]; }

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
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

nginx_bin() { command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }

install_missing() {
  local need=()
  [ -n "$(nginx_bin)" ] || need+=(nginx)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  [ -n "$(pg_bin)" ] || need+=(postgresql)
  [ ${#need[@]} -gt 0 ] || return 0
  local sudo=
  if ! is_root; then
    command -v sudo >/dev/null 2>&1 || die "please install as root: apt-get install -y --no-upgrade ${need[*]}"
    sudo=sudo
  fi
  say "installing ${need[*]}"
  $sudo apt-get update -q
  # --no-upgrade: never upgrade what the machine already has (stack notes G15). The package's
  # own service is not started (no systemd; policy-rc.d); we run nginx ourselves below.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-upgrade "${need[@]}"
}

as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

# PostgreSQL's data folder: .state/cluster/pg, or a /tmp folder it links to when the postgres
# user cannot reach .state (stack notes G14).
pg_home() {
  if [ -d "$STATE/pg" ]; then (cd "$STATE/pg" && pwd -P); return; fi
  rm -f "$STATE/pg"
  if ! is_root; then
    mkdir -p "$STATE/pg"
  elif runuser -u postgres -- test -x "$STATE"; then
    install -d -o postgres -g postgres -m 700 "$STATE/pg"
  else
    local dir; dir=$(mktemp -d /tmp/dais-cluster-pg.XXXXXX)
    chown postgres:postgres "$dir"
    ln -s "$dir" "$STATE/pg"
  fi
  (cd "$STATE/pg" && pwd -P)
}

redis_answers() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

redis_up() {
  if redis_answers; then say "Redis already answers on 127.0.0.1:$REDIS_PORT: reusing it"; return; fi
  # The channel layer and the cache are ephemeral by design: nothing to persist.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --maxclients 10000 --pidfile "$STATE/redis.pid" --logfile "$STATE/redis.log" --dir "$STATE"
  wait_for 20 redis_answers || { tail -20 "$STATE/redis.log" >&2; die "Redis did not answer"; }
  say "Redis is up on 127.0.0.1:$REDIS_PORT"
}

pg_up() {
  local bin home; bin=$(pg_bin)
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    say "PostgreSQL already answers on 127.0.0.1:$PG_PORT: reusing it"
  else
    home=$(pg_home)
    if [ ! -f "$home/data/PG_VERSION" ]; then
      as_pg "$bin/initdb" -D "$home/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
        --data-checksums >"$STATE/initdb.log" 2>&1 || { cat "$STATE/initdb.log" >&2; die "initdb failed"; }
    fi
    # Durable: fsync, synchronous_commit and full_page_writes keep their safe defaults (on).
    as_pg "$bin/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 -o \
      "-p $PG_PORT -k $home -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" \
      start >/dev/null || { tail -20 "$home/server.log" >&2; die "PostgreSQL did not start"; }
    wait_for 30 "$bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" || die "PostgreSQL did not answer"
    say "PostgreSQL is up on 127.0.0.1:$PG_PORT (durable settings; data in $home/data)"
  fi
  local exists
  exists=$("$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'") || die "cannot connect as postgres"
  [ "$exists" = 1 ] || "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
}

write_env() {
  if [ ! -s "$STATE/secret_key" ]; then
    (umask 077; "$PY" -c 'import secrets; print(secrets.token_urlsafe(64))' >"$STATE/secret_key")
    say "generated a SECRET_KEY in $STATE/secret_key"
  fi
  (umask 077; cat >"$STATE/env" <<EOF
# Written by scripts/cluster.sh: the settings the cluster's workers run with.
export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$PG_DB
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
export SECRET_KEY='$(cat "$STATE/secret_key")'
export DEBUG=0
# 0: a page's request closes its database connection when it ends. Under ASGI every request
# runs on a thread of its own, so a kept connection is never used again, and with 60 each one
# stayed open until the garbage collector freed it (60 page views left 11 open; a join rush
# with smaller young collections filled PostgreSQL's max_connections). The websockets' pool keeps
# its own connections (DAIS_DB_KEEP_SECONDS).
export CONN_MAX_AGE=0
export REDIS_MAX_CONNECTIONS=1000
export ALLOWED_HOSTS=127.0.0.1,localhost
# Plain HTTP on loopback: no HTTPS redirect or secure-only cookies. With TLS in front of nginx,
# set DAIS_HTTPS=1 and BEHIND_TLS_PROXY=1 instead (README, "Serving").
export DAIS_HTTPS=0
# Every benchmark client is 127.0.0.1: lift the per-address socket caps (a real room's phones
# have their own addresses, which daphne reads from X-Forwarded-For with --proxy-headers).
export DAIS_MAX_SOCKETS_PER_ADDRESS=100000
export DAIS_MAX_ANONYMOUS_SOCKETS_PER_ADDRESS=100000
export DJANGO_SETTINGS_MODULE=config.settings
export CLUSTER_URL=http://127.0.0.1:$CLUSTER_PORT
EOF
  )
}

worker_port() { echo $((WORKER_BASE_PORT + $1)); }
worker_sock() { echo "$STATE/worker$1.sock"; }

worker_up() {
  local i=$1 port sock; port=$(worker_port "$i"); sock=$(worker_sock "$i")
  local pidfile="$STATE/worker$i.pid"
  if [ -f "$pidfile" ] && alive "$(cat "$pidfile")"; then return; fi
  rm -f "$sock" "$sock.lock"  # left by a worker that died: binding it again would fail
  # A listen backlog of 1024 (Twisted's default is 50): a room reconnecting at once must not
  # overflow it; and up to 30 s (not 5) for a socket to be accepted while a whole room
  # reconnects (each connect makes three database trips on the worker's one database thread).
  # --proxy-headers: the client's address comes from nginx's X-Forwarded-For (the join-code
  # throttle counts per address). Two endpoints: the port (checks, direct access) and the unix
  # socket nginx uses by default (CLUSTER_UPSTREAM).
  (
    # shellcheck disable=SC1091
    source "$STATE/env"
    cd "$ROOT"
    setsid "$ROOT/.venv/bin/daphne" -e "tcp:port=$port:interface=127.0.0.1:backlog=1024" \
      -e "unix:${sock//:/\\:}:mode=600:backlog=1024:lockfile=0" \
      --proxy-headers -v 0 --websocket_connect_timeout 30 --ping-interval "${DAIS_PING_INTERVAL:-20}" \
      --websocket_timeout -1 config.asgi:application >>"$STATE/worker$i.log" 2>&1 &
    echo $! >"$pidfile"
  )
  wait_for 30 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && [ -S '$sock' ]" ||
    { tail -20 "$STATE/worker$i.log" >&2; die "worker $i did not start"; }
  say "worker $i is up on 127.0.0.1:$port and $sock (pid $(cat "$pidfile"))"
}

write_nginx_conf() {
  local servers="" i user group
  for i in $(seq 1 "$WORKERS"); do
    if [ "${CLUSTER_UPSTREAM:-unix}" = tcp ]; then
      servers+="        server 127.0.0.1:$(worker_port "$i") max_fails=0;"$'\n'
    else
      servers+="        server unix:$(worker_sock "$i") max_fails=0;"$'\n'
    fi
  done
  user=$(id -un); group=$(id -gn)
  mkdir -p "$STATE/nginx"
  cat >"$STATE/nginx.conf" <<EOF
# Generated by scripts/cluster.sh: do not edit (it is rewritten on every \`up\`).
daemon on;
worker_processes 1;
user $user $group;
pid $STATE/nginx.pid;
error_log $STATE/nginx-error.log warn;

events { worker_connections 16384; }
worker_rlimit_nofile 40000;

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    server_tokens off;
    client_body_temp_path $STATE/nginx/body;
    proxy_temp_path $STATE/nginx/proxy;
    fastcgi_temp_path $STATE/nginx/fastcgi;
    uwsgi_temp_path $STATE/nginx/uwsgi;
    scgi_temp_path $STATE/nginx/scgi;

    map \$http_upgrade \$connection_upgrade {
        default upgrade;
        ''      close;
    }

    upstream dais_workers {
        # Round robin. A refused connection (a dead worker) is retried on the next worker at
        # once. max_fails=0: never mark a worker down for being slow; under a reconnect storm
        # that would take every worker out at once.
$servers        keepalive 32;
    }

    server {
        listen 127.0.0.1:$CLUSTER_PORT;
        server_name _;

        # Request bodies: forms and position papers (Django refuses anything larger too).
        client_max_body_size 10m;
        client_body_timeout 30s;

        location /static/ {
            alias $ROOT/staticfiles/;
            gzip_static on;
            expires 30d;
            add_header Cache-Control "public";
            access_log off;
        }

        location /ws/ {
            proxy_pass http://dais_workers;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            # A live page stays open for hours; the client pings every 30 s.
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
            proxy_next_upstream error timeout;
            proxy_connect_timeout 5s;
            # Which worker took this socket (the failover check reads it).
            add_header X-Dais-Upstream \$upstream_addr always;
        }

        location / {
            proxy_pass http://dais_workers;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_next_upstream error timeout;
            proxy_connect_timeout 5s;
            proxy_read_timeout 60s;
        }
    }
}
EOF
}

nginx_up() {
  local bin; bin=$(nginx_bin)
  write_nginx_conf
  "$bin" -t -q -p "$STATE/nginx" -c "$STATE/nginx.conf" -e "$STATE/nginx-error.log" ||
    die "nginx refused its configuration ($STATE/nginx.conf)"
  if [ -f "$STATE/nginx.pid" ] && alive "$(cat "$STATE/nginx.pid")"; then
    "$bin" -p "$STATE/nginx" -c "$STATE/nginx.conf" -e "$STATE/nginx-error.log" -s reload
  else
    "$bin" -p "$STATE/nginx" -c "$STATE/nginx.conf" -e "$STATE/nginx-error.log"
  fi
  wait_for 20 bash -c "exec 3<>/dev/tcp/127.0.0.1/$CLUSTER_PORT" || die "nginx did not answer"
  say "nginx is up on http://127.0.0.1:$CLUSTER_PORT/ -> $WORKERS worker(s)"
}

django_prepare() {
  # shellcheck disable=SC1091
  source "$STATE/env"
  cd "$ROOT"
  "$PY" manage.py migrate --noinput -v 0
  "$PY" manage.py compile_translations >/dev/null
  "$PY" manage.py collectstatic --noinput -v 0
  if [ "${CLUSTER_SEED:-1}" = 1 ]; then "$PY" manage.py load_seeds >/dev/null; fi
  "$PY" manage.py reset_connections >/dev/null
}

stop_pidfile() {
  local file=$1 name=$2 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if alive "$pid"; then
    kill "$pid"
    wait_for 15 bash -c "! { kill -0 $pid && [ \"\$(ps -o stat= -p $pid | cut -c1)\" != Z ]; }" ||
      { kill -9 "$pid" 2>/dev/null || true; }
    say "$name stopped (pid $pid)"
  fi
  rm -f "$file"
}

down() {
  local bin f
  bin=$(nginx_bin)
  if [ -f "$STATE/nginx.pid" ] && [ -n "$bin" ]; then
    "$bin" -p "$STATE/nginx" -c "$STATE/nginx.conf" -e "$STATE/nginx-error.log" -s quit 2>/dev/null || true
    wait_for 10 bash -c "[ ! -f '$STATE/nginx.pid' ]" || stop_pidfile "$STATE/nginx.pid" nginx
    say "nginx stopped"
  fi
  for f in "$STATE"/worker*.pid; do
    [ -e "$f" ] || continue
    stop_pidfile "$f" "$(basename "$f" .pid)"
  done
  rm -f "$STATE"/worker*.sock "$STATE"/worker*.sock.lock
  stop_pidfile "$STATE/redis.pid" Redis
  local pgb home
  pgb=$(pg_bin)
  home=$(cd "$STATE/pg" 2>/dev/null && pwd -P) || return 0
  if [ -n "$pgb" ] && [ -f "$home/data/postmaster.pid" ]; then
    as_pg "$pgb/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null && say "PostgreSQL stopped"
  fi
}

status() {
  local f
  for f in "$STATE"/*.pid; do
    [ -e "$f" ] || continue
    if alive "$(cat "$f")"; then
      echo "$(basename "$f" .pid): running (pid $(cat "$f"))"
    else
      echo "$(basename "$f" .pid): dead"
    fi
  done
}

case "${1:-}" in
  up)
    mkdir -p "$STATE"
    chmod 755 "$ROOT/.state" "$STATE"
    [ -x "$PY" ] || die "no .venv: run make install first"
    install_missing
    redis_up
    pg_up
    write_env
    django_prepare
    for i in $(seq 1 "$WORKERS"); do worker_up "$i"; done
    nginx_up
    say "ready: http://127.0.0.1:$CLUSTER_PORT/  (settings: source $STATE/env)"
    ;;
  down) down ;;
  status) status ;;
  restart-worker) worker_up "${2:?worker number}" ;;
  restart-workers)
    # Fresh worker processes (the benchmark measures memory per socket from a clean start).
    for f in "$STATE"/worker*.pid; do
      [ -e "$f" ] || continue
      stop_pidfile "$f" "$(basename "$f" .pid)"
    done
    for i in $(seq 1 "$WORKERS"); do worker_up "$i"; done
    ;;
  clean)
    down
    if [ -L "$STATE/pg" ]; then rm -rf "$(readlink "$STATE/pg")"; fi
    rm -rf "$STATE"
    ;;
  *)
    echo "usage: $0 up|down|status|clean|restart-worker N|restart-workers" >&2
    exit 2
    ;;
esac
