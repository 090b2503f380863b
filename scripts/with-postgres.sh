#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL cluster on a local port, then stop and delete the cluster.
# Installs PostgreSQL from Debian's packages when no server binaries are present.
#
# MZ_PG_PROFILE picks the server settings (docs/postgres.md explains each):
#   test  (default) throw-away settings for test suites: fsync, synchronous commit and full-page writes off.
#   bench production-like settings for benchmarks, sized for the 2-core, 24 GB machine shared with other work:
#         durable (fsync, full_page_writes and synchronous_commit on), 4 GB shared_buffers, 256 MB work_mem,
#         1 GB maintenance_work_mem, 16 GB max_wal_size with 30-minute checkpoints, wal_level=minimal, JIT off.
#   Extra settings can be appended with MZ_PG_OPTIONS (e.g. MZ_PG_OPTIONS="-c log_min_duration_statement=1000").
# MZ_PG_EXPLAIN=1 loads auto_explain: every statement slower than MZ_PG_EXPLAIN_MS (default 300) is logged with its
#   EXPLAIN ANALYZE plan (adds timing overhead: do not take figures from such a run).
# MZ_PG_LOG=<file> keeps a copy of the server log (with those plans) when the cluster is deleted.
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

BIN=$(pg_bin || true)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "PostgreSQL server not found; installing it from Debian's packages" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  BIN=$(pg_bin)
fi

PORT=${MZ_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
DATA=$(mktemp -d /tmp/minzheng-pg.XXXXXX)
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: use the postgres system user made by the Debian package.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$DATA"
  RUN_AS=(runuser -u postgres --)
fi

cleanup() {
  "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true
  if [ -n "${MZ_PG_LOG:-}" ] && [ -f "$DATA/log" ]; then cp "$DATA/log" "$MZ_PG_LOG"; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

PROFILE=${MZ_PG_PROFILE:-test}
case "$PROFILE" in
  test)
    SETTINGS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" ;;
  bench)
    # A dedicated database server of this size would give PostgreSQL ~25 % of RAM as shared_buffers; we stop at
    # 4 GB because seven other workers share the machine (effective_cache_size tells the planner about the OS cache).
    # wal_level=minimal (no replica here) lets CREATE TABLE/TRUNCATE + COPY in one transaction skip the WAL.
    SETTINGS="-c shared_buffers=4GB -c effective_cache_size=12GB -c work_mem=256MB -c maintenance_work_mem=1GB"
    SETTINGS+=" -c max_wal_size=16GB -c min_wal_size=2GB -c checkpoint_timeout=30min"
    SETTINGS+=" -c checkpoint_completion_target=0.9 -c wal_buffers=64MB -c wal_compression=on"
    SETTINGS+=" -c wal_level=minimal -c max_wal_senders=0 -c random_page_cost=1.1 -c effective_io_concurrency=200"
    SETTINGS+=" -c max_parallel_workers_per_gather=1 -c max_parallel_maintenance_workers=1 -c jit=off"
    SETTINGS+=" -c temp_buffers=64MB -c autovacuum_vacuum_cost_limit=2000" ;;
  *)
    echo "MZ_PG_PROFILE must be test or bench, not '$PROFILE'" >&2; exit 2 ;;
esac
if [ "${MZ_PG_EXPLAIN:-0}" = "1" ]; then
  SETTINGS+=" -c shared_preload_libraries=auto_explain -c auto_explain.log_min_duration=${MZ_PG_EXPLAIN_MS:-300}"
  SETTINGS+=" -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on -c auto_explain.log_nested_statements=on"
fi
SETTINGS+=" ${MZ_PG_OPTIONS:-}"

"${RUN_AS[@]}" "$BIN/initdb" -D "$DATA/db" -U minzheng --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA/db" -l "$DATA/log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 $SETTINGS" start >/dev/null
"${RUN_AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U minzheng minzheng

export DATABASE_URL="postgres://minzheng@127.0.0.1:$PORT/minzheng"
echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on port $PORT (profile $PROFILE)" >&2
"$@"
