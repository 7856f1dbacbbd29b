#!/usr/bin/env bash
# A/B of two builds (or more) of the gateway on POST /v1/reservations, alternating A, B, A, B ... so that all see the same
# machine (it is shared and its speed drifts by ±30% within minutes). Besides the rate it reports what each request
# cost in CPU, read from /proc: the gateway's and redis-server's user+system time over the run divided by the requests.
# Per-request CPU moves far less than the rate with the machine's load, so compare that first.
# Needs: wrk, redis-cli, psql, the machine's Redis (127.0.0.1:6379, database 0 is flushed) and PostgreSQL.
# Usage: load-tests/reservations/ab.sh ROUNDS DIR_A DIR_B [DIR_C ...]   (DIR_*: a target/quarkus-app copied aside after a
# build; they are labelled A, B, C ... in the output)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=$1
shift
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20} PORT=${PORT:-18080} PG_DB=${PG_DB:-tally_bench}
REDIS_URL=redis://127.0.0.1:6379/0 KEY=bench-operator-key-0123456789abcdefghijkl
source load-tests/reservations/gateway.sh

measure() {
  local redis g0 r0 out requests
  fresh_stores
  start_gateway "$1" /dev/null
  seed_account
  wrk -t2 -c64 -d"${WARM_SECONDS:-45}s" -s load-tests/reservations/reserve.lua "http://localhost:$PORT" >/dev/null 2>&1 || true
  redis=$(redis_pid)
  g0=$(cpu_ticks $GATEWAY) r0=$(cpu_ticks "$redis")
  out=$(wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -s load-tests/reservations/reserve.lua "http://localhost:$PORT" 2>/dev/null)
  requests=$(awk '/requests in/ {print $1}' <<< "$out")
  echo "$(awk '/Requests\/sec/ {printf "%d/s", $2}' <<< "$out")" \
    "gateway $(( ($(cpu_ticks $GATEWAY) - g0) * 10000 / requests )) µs/request," \
    "redis $(( ($(cpu_ticks "$redis") - r0) * 10000 / requests )) µs/request," \
    "p99 $(awk '$1 == "99%" {print $2}' <<< "$out")"
  kill $GATEWAY; wait $GATEWAY 2>/dev/null || true
}

LABELS=(A B C D E F)
for round in $(seq 1 "$ROUNDS"); do
  i=0
  for dir in "$@"; do
    echo "round $round ${LABELS[$i]}: $(measure "$dir")"
    i=$(( i + 1 ))
  done
done
