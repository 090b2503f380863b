#!/usr/bin/env bash
# The production profile on this machine (issue 21; docs/deploy.md): a PostgreSQL cluster that keeps running, the
# PostgreSQL job queue (procrastinate) with its worker processes, a county of SIZE persons, and `minzheng serve`.
#
#   scripts/demo-scale.sh start     # or: make demo-scale SIZE=1000000 WORKERS=2 PORT=8000
#   scripts/demo-scale.sh stop      # stops the server, the workers and the cluster (the data stays in $STATE)
#   scripts/demo-scale.sh env       # prints the variables to use the instance from another shell
#
# State lives in $MINZHENG_SCALE_DIR (default ./var/scale): pg/ (the cluster), home/ (MINZHENG_HOME), logs, pids.
# A second `start` reuses the cluster and the seeded county. PostgreSQL comes from Debian's packages when missing,
# as in scripts/with-postgres.sh; its settings here are a production server's, sized for a small machine.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${MINZHENG_SCALE_DIR:-$ROOT/var/scale}
SIZE=${SIZE:-1000000}
WORKERS=${WORKERS:-2}
HTTP_WORKERS=${HTTP_WORKERS:-2}
PORT=${PORT:-8000}
PG_PORT=${MZ_PG_PORT:-55432}
BIN="$ROOT/.venv/bin"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PGBIN=$(pg_bin || true)
RUN_AS=()
[ "$(id -u)" -eq 0 ] && RUN_AS=(runuser -u postgres --)

export MINZHENG_HOME="$STATE/home"
export DATABASE_URL="postgres://minzheng@127.0.0.1:$PG_PORT/minzheng"
export MINZHENG_QUEUE=procrastinate

start_pg() {
  if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    echo "PostgreSQL server not found; installing it from Debian's packages" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    PGBIN=$(pg_bin)
  fi
  mkdir -p "$STATE"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    mkdir -p "$STATE/pg"; chown postgres "$STATE/pg"
  fi
  if [ ! -f "$STATE/pg/db/PG_VERSION" ]; then
    "${RUN_AS[@]}" "$PGBIN/initdb" -D "$STATE/pg/db" -U minzheng --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fresh=1
  fi
  if ! "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$STATE/pg/db" status >/dev/null 2>&1; then
    # A production server's settings, scaled to this machine (docs/deploy.md explains each).
    "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$STATE/pg/db" -l "$STATE/pg/log" -w -o "-p $PG_PORT -k $STATE/pg \
      -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=512MB \
      -c max_wal_size=8GB -c checkpoint_timeout=15min -c effective_cache_size=3GB -c max_connections=200 \
      -c wal_compression=on -c random_page_cost=1.1" start >/dev/null
  fi
  if [ "${fresh:-0}" = 1 ]; then
    "${RUN_AS[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U minzheng minzheng
  fi
  echo "PostgreSQL on port $PG_PORT ($STATE/pg)"
}

start() {
  start_pg
  mkdir -p "$MINZHENG_HOME"
  "$BIN/minzheng" init >/dev/null                       # migrations, the queue's tables, the national regions
  seeded=$("$BIN/minzheng" manage shell -c "from minzheng.core.models import User; \
print(int(User.objects.filter(username='county_demo').exists()))")
  if [ "$seeded" != 1 ]; then
    echo "seeding a county of $SIZE persons (minzheng demo --people $SIZE)…"
    time "$BIN/minzheng" demo --people "$SIZE" >"$STATE/demo.json"
  fi
  if [ ! -f "$STATE/workers.pid" ] || ! kill -0 "$(cat "$STATE/workers.pid")" 2>/dev/null; then
    nohup "$BIN/minzheng" jobs worker --processes "$WORKERS" >"$STATE/workers.log" 2>&1 &
    echo $! >"$STATE/workers.pid"
  fi
  if [ ! -f "$STATE/serve.pid" ] || ! kill -0 "$(cat "$STATE/serve.pid")" 2>/dev/null; then
    nohup "$BIN/minzheng" serve --port "$PORT" --workers "$HTTP_WORKERS" >"$STATE/serve.log" 2>&1 &
    echo $! >"$STATE/serve.pid"
  fi
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -sS "http://127.0.0.1:$PORT/readyz"; echo
  echo "Minzheng: http://127.0.0.1:$PORT/ (演示账户密码 Minzheng@2026); $WORKERS job workers; stop: $0 stop"
}

stop() {
  for name in serve workers; do
    if [ -f "$STATE/$name.pid" ]; then
      kill "$(cat "$STATE/$name.pid")" 2>/dev/null || true
      rm -f "$STATE/$name.pid"
    fi
  done
  if [ -n "$PGBIN" ] && [ -f "$STATE/pg/db/PG_VERSION" ]; then
    "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$STATE/pg/db" -m fast stop >/dev/null 2>&1 || true
  fi
  echo "stopped (data kept in $STATE)"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  env) echo "export MINZHENG_HOME=$MINZHENG_HOME DATABASE_URL=$DATABASE_URL MINZHENG_QUEUE=$MINZHENG_QUEUE" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
