#!/usr/bin/env bash
# What alert rules add to a reservation's cost in Redis: closed-loop reservations (autocannon, 32 connections) on an
# account without rules and on one with 10 low-balance rules (none firing: every movement reads and compares them),
# alternating, ROUNDS rounds of SECONDS each; for each, redis-server's CPU per reservation (user + system from /proc)
# and EVALSHA's usec_per_call (INFO commandstats, reset before each run). The ratio with rules / without is the figure.
# Needs: node 20+ (`npm ci` in load-tests/reservations), curl, redis-cli, psql, this machine's Redis (database 0 is
# flushed) and PostgreSQL (database tally_bench is recreated).
# Usage: load-tests/alerts/rule-cost.sh [SECONDS] [ROUNDS] [APP]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-10} ROUNDS=${2:-3} APP=${3:-}
PORT=${PORT:-18080} PG_DB=${PG_DB:-tally_bench} REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
KEY=bench-operator-key-0123456789abcdefghijkl
OUT=target/load-tests/alerts
mkdir -p "$OUT"
[ -d load-tests/reservations/node_modules/autocannon ] || (cd load-tests/reservations && npm ci --no-audit --no-fund)
source load-tests/reservations/gateway.sh
if [ -z "$APP" ]; then
  ./mvnw -q -B package -DskipTests
  APP=target/quarkus-app
fi
fresh_stores
start_gateway "$APP" "$OUT/gateway.log"
trap 'kill $GATEWAY 2>/dev/null || true' EXIT
seed_account
api=(curl -sf -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json')
"${api[@]}" -XPOST "localhost:$PORT/v1/accounts" -d '{"id":"rules","name":"Rules"}'
"${api[@]}" -XPUT "localhost:$PORT/v1/accounts/rules/rates" \
  -d '{"rates":[{"service":"SMS","direction":"outbound","country":"*","rate":"0.01"}]}'
"${api[@]}" -XPOST "localhost:$PORT/v1/accounts/rules/grants" \
  -d '{"idempotencyKey":"rules-grant","kind":"universal","amount":"900000000"}'
for threshold in 1 2 3 4 5 6 7 8 9 10; do
  "${api[@]}" -XPOST "localhost:$PORT/v1/accounts/rules/alert-rules" \
    -d "{\"type\":\"low-balance\",\"threshold\":\"$threshold\"}"
done
REDIS_PID=$(redis_pid)
declare -A TICKS=() COUNT=() USEC=()
run() {
  local account=$1 r0 n
  redis-cli -u "$REDIS_URL" CONFIG RESETSTAT >/dev/null
  r0=$(cpu_ticks "$REDIS_PID")
  n=$(NODE_PATH=load-tests/reservations/node_modules node load-tests/alerts/reserve.js "http://localhost:$PORT" \
    "$account" "$SECONDS_PER_RUN" 32)
  TICKS[$account]=$(( ${TICKS[$account]:-0} + $(cpu_ticks "$REDIS_PID") - r0 ))
  COUNT[$account]=$(( ${COUNT[$account]:-0} + n ))
  USEC[$account]="${USEC[$account]:-} $(redis-cli -u "$REDIS_URL" INFO commandstats \
    | awk -F'[=,]' '/^cmdstat_evalsha:/ {print $6}')"
  echo "$account: $n reservations, evalsha usec_per_call$(tail -c 12 <<< "${USEC[$account]}")"
}
NODE_PATH=load-tests/reservations/node_modules node load-tests/alerts/reserve.js "http://localhost:$PORT" bench \
  "${WARM_SECONDS:-20}" 32 >/dev/null
for round in $(seq 1 "$ROUNDS"); do run bench; run rules; done
{
  for account in bench rules; do
    echo "$account: redis-server CPU $(( TICKS[$account] * 10000 / COUNT[$account] )) µs per reservation" \
      "(${COUNT[$account]} reservations), evalsha usec_per_call:${USEC[$account]}"
  done
  echo "ratio, 10 rules / none (redis CPU per reservation): $(awk -v a="${TICKS[rules]}" -v b="${COUNT[rules]}" \
    -v c="${TICKS[bench]}" -v d="${COUNT[bench]}" 'BEGIN {printf "%.2f", (a / b) / (c / d)}')"
} | tee "$OUT/figures.txt"
