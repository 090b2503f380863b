#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL cluster on a local port, then stop and delete the cluster.
# Installs PostgreSQL from Debian's packages when no server binaries are present.
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
  rm -rf "$DATA"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$BIN/initdb" -D "$DATA/db" -U minzheng --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA/db" -l "$DATA/log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
"${RUN_AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U minzheng minzheng

export DATABASE_URL="postgres://minzheng@127.0.0.1:$PORT/minzheng"
echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on port $PORT" >&2
"$@"
