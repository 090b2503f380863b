#!/usr/bin/env bash
# A Spark standalone cluster on this machine (issue 21, docs/scale.md §4): a master and one worker, started from the
# pyspark the project installs (its bin/spark-class; no separate Spark download), to run the province-scale jobs and
# their benchmarks on a cluster rather than in local mode.
#
#   scripts/spark-cluster.sh start    # prints the master URL; then e.g.
#       MINZHENG_SPARK_MASTER=spark://127.0.0.1:7077 BENCH_ENGINE=spark .venv/bin/python benchmarks/bench_compare.py
#   scripts/spark-cluster.sh stop
#
# SPARK_WORKER_CORES (default: every core) and SPARK_WORKER_MEMORY (default 6g) size the worker; the executors'
# JVMs run in UTC, whatever the job worker's time zone (engines.sql_conf makes dates mean the same day on both).
# State (logs, pids, the worker's folders) in $MINZHENG_SPARK_DIR (default ./var/spark). Ports: SPARK_MASTER_PORT
# (7077) and SPARK_MASTER_WEBUI_PORT (8080, the master's status page and /json/). A real cluster runs the master
# and the workers on their own machines from a Spark distribution of the same version, with the lake on storage
# every worker sees at the same path.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${MINZHENG_SPARK_DIR:-$ROOT/var/spark}
PORT=${SPARK_MASTER_PORT:-7077}
WEB=${SPARK_MASTER_WEBUI_PORT:-8080}
SPARK_HOME=$("$ROOT/.venv/bin/python" -c "import pathlib, pyspark; print(pathlib.Path(pyspark.__file__).parent)")
export SPARK_HOME SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$STATE" SPARK_PID_DIR="$STATE"

launch() {  # name, class, arguments…: in the background, in a process group of its own
  local name=$1; shift
  TZ=UTC setsid "$SPARK_HOME/bin/spark-class" "$@" >"$STATE/$name.log" 2>&1 < /dev/null &
  echo $! >"$STATE/$name.pid"
}

wait_for() {  # what, command…
  local what=$1; shift
  for _ in $(seq 1 120); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "the Spark $what did not start; see $STATE/$what.log" >&2
  exit 1
}

case "${1:-}" in
  start)
    mkdir -p "$STATE/worker"
    command -v java >/dev/null || { echo "Java is missing: scripts/system-deps.sh installs it" >&2; exit 1; }
    SPARK_MASTER_OPTS="-Dspark.master.rest.enabled=false" \
      launch master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port "$WEB"
    wait_for master curl -sf "http://127.0.0.1:$WEB/json/"
    launch worker org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "${SPARK_WORKER_CORES:-$(nproc)}" \
      --memory "${SPARK_WORKER_MEMORY:-6g}" --work-dir "$STATE/worker" --webui-port 0 "spark://127.0.0.1:$PORT"
    wait_for worker sh -c "curl -sf http://127.0.0.1:$WEB/json/ | grep -q '\"aliveworkers\" : 1'"
    echo "Spark master spark://127.0.0.1:$PORT (status: http://127.0.0.1:$WEB/); stop: scripts/spark-cluster.sh stop"
    ;;
  stop)
    for name in worker master; do
      if [ -f "$STATE/$name.pid" ]; then
        kill -- "-$(cat "$STATE/$name.pid")" 2>/dev/null || true
        rm -f "$STATE/$name.pid"
      fi
    done
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
