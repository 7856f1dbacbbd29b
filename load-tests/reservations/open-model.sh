#!/usr/bin/env bash
# What a reservation costs a gateway replica, against the one-round-trip endpoint in the same run, and its latency
# under a fixed rate:
#   1. saturation (wrk, closed loop, 64 connections): GET /bench/redis (one INCR through the same HTTP stack and
#      Redis pipes) and POST /v1/reservations, alternating, ROUNDS rounds of SECONDS each; for each, the rate and
#      the gateway's CPU per request (user + system time from /proc over the run, divided by the requests), and
#      redis-server's; then the ratio of the gateway's CPU per reservation to its CPU per /bench/redis request;
#   2. latency at half the reservations' saturation rate: autocannon at a fixed overall rate (-R), which corrects
#      its latencies for coordinated omission, over 8, 32 and then 64 connections (HALF_CONNECTIONS); after each,
#      the same rate and connections from load-tests/lib/open-rate.js, evenly spaced arrivals timed from their
#      scheduled instants after an uncounted lead-in (LEAD_IN, 5 s) (lines "open-rate: …"; docs/benchmarks.md says
#      how the two differ).
# The gateway, Redis, PostgreSQL and both load generators share this machine's cores, unless GATEWAY_CPUS, REDIS_CPUS
# and LOAD_CPUS pin them (taskset lists; load-tests/reservations/gateway.sh): on a machine with 4 cores or more,
# GATEWAY_CPUS=0-1 REDIS_CPUS=2 LOAD_CPUS=3 measures the gateway's latency without the generators' share of its cores.
# Needs: wrk, node 20+ (`npm ci` here installs autocannon, in load-tests/lib undici), redis-cli, psql, the machine's Redis (database 0 is
# flushed) and PostgreSQL (the database tally_bench is recreated).
# Usage: load-tests/reservations/open-model.sh [SECONDS] [ROUNDS] [APP]   (APP: a target/quarkus-app built with
#        -Dtally.bench.enabled=true; by default this checkout is built so)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-20} ROUNDS=${2:-2} APP=${3:-}
PORT=${PORT:-18080} PG_DB=${PG_DB:-tally_bench} REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
KEY=bench-operator-key-0123456789abcdefghijkl
OUT=target/load-tests/open-model
mkdir -p "$OUT"
for tool in wrk node redis-cli psql; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk nodejs redis-tools postgresql-client)"; exit 1; }
done
[ -d load-tests/reservations/node_modules/autocannon ] || (cd load-tests/reservations && npm ci --no-audit --no-fund)
[ -d load-tests/lib/node_modules/undici ] || (cd load-tests/lib && npm ci --no-audit --no-fund)

source load-tests/reservations/gateway.sh
if [ -z "$APP" ]; then
  mvn -q -B package -DskipTests -Dtally.bench.enabled=true
  APP=target/quarkus-app
fi
fresh_stores
start_gateway "$APP" "$OUT/gateway.log"
trap 'kill $GATEWAY 2>/dev/null || true; unpin_redis' EXIT
seed_account
REDIS_PID=$(redis_pid)
pin_redis "$REDIS_PID"
URL="http://localhost:$PORT"
RESERVE=(-s load-tests/reservations/reserve.lua "$URL")
BENCH=("$URL/bench/redis")

# The JIT needs 20 to 45 s of load to settle (docs/benchmarks.md).
echo "== warm-up: ${WARM_SECONDS:-40} s of reservations, 10 s of /bench/redis"
on_load_cpus wrk -t2 -c64 -d"${WARM_SECONDS:-40}s" "${RESERVE[@]}" >/dev/null 2>&1 || true
on_load_cpus wrk -t2 -c64 -d10s "${BENCH[@]}" >/dev/null 2>&1 || true

# saturate <name> <wrk target...>: one closed-loop run; adds its requests and CPU ticks to the totals of <name>,
# prints its rate and CPU per request, and records its rate in RATE_<name>.
declare -A REQUESTS=() GATEWAY_TICKS=() REDIS_TICKS=() RATES=()
saturate() {
  local name=$1 g0 r0 out requests rate g r; shift
  g0=$(cpu_ticks "$GATEWAY") r0=$(cpu_ticks "$REDIS_PID")
  out=$(on_load_cpus wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" "$@" 2>> "$OUT/$name-errors.txt")
  g=$(( $(cpu_ticks "$GATEWAY") - g0 )) r=$(( $(cpu_ticks "$REDIS_PID") - r0 ))
  requests=$(awk '/requests in/ {print $1}' <<< "$out")
  rate=$(awk '/Requests\/sec/ {print int($2)}' <<< "$out")
  REQUESTS[$name]=$(( ${REQUESTS[$name]:-0} + requests ))
  GATEWAY_TICKS[$name]=$(( ${GATEWAY_TICKS[$name]:-0} + g ))
  REDIS_TICKS[$name]=$(( ${REDIS_TICKS[$name]:-0} + r ))
  RATES[$name]="${RATES[$name]:-} $rate"
  echo "$name: $rate/s, gateway $(( g * 10000 / requests )) µs/request, redis-server $(( r * 10000 / requests )) µs/request"
}

echo "== saturation, closed loop (wrk, 64 connections, ${SECONDS_PER_RUN} s a run)"
: > "$OUT/reserve-errors.txt"
for round in $(seq 1 "$ROUNDS"); do
  saturate redis "${BENCH[@]}"
  saturate reserve "${RESERVE[@]}"
done
per_request() { echo $(( $2 * 10000 / $1 )); }
G_REDIS=$(per_request "${REQUESTS[redis]}" "${GATEWAY_TICKS[redis]}")
G_RESERVE=$(per_request "${REQUESTS[reserve]}" "${GATEWAY_TICKS[reserve]}")
FULL=$(( REQUESTS[reserve] / (ROUNDS * SECONDS_PER_RUN) ))
{
  echo "saturation: /bench/redis$(printf ' %s/s' ${RATES[redis]}), reservations$(printf ' %s/s' ${RATES[reserve]})" \
    "($(wc -l < "$OUT/reserve-errors.txt") non-201 answers)"
  echo "gateway CPU per request: /bench/redis $G_REDIS µs, reservation $G_RESERVE µs:" \
    "ratio $(awk -v a="$G_RESERVE" -v b="$G_REDIS" 'BEGIN {printf "%.2f", a / b}')"
  echo "redis-server CPU per request: /bench/redis $(per_request "${REQUESTS[redis]}" "${REDIS_TICKS[redis]}") µs," \
    "reservation $(per_request "${REQUESTS[reserve]}" "${REDIS_TICKS[reserve]}") µs"
} | tee "$OUT/saturation.txt"

HALF=$(( FULL / 2 ))
echo "== reservations at half that rate, $HALF/s, autocannon (fixed rate, coordinated omission corrected)," \
  "then open-rate (constant rate, timed from the schedule)"
for connections in ${HALF_CONNECTIONS:-8 32 64}; do
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  on_load_cpus node load-tests/reservations/open-model.js "$URL" reserve "$HALF" "$connections" "$SECONDS_PER_RUN" \
    | tee "$OUT/half-$connections.txt"
  on_load_cpus node load-tests/reservations/open-model.js "$URL" reserve "$HALF" "$connections" "$SECONDS_PER_RUN" open-rate \
    | tee "$OUT/half-$connections-open-rate.txt"
done
