#!/usr/bin/env bash
# Carriers' webhooks against reservations, in one run on one gateway (figures in docs/benchmarks.md):
# saturation rates of POST /v1/reservations, a generic carrier's inbound messages (metered) and its delivery receipts
# (each commits a reservation made before), as ratios to the reservations' rate; then the three at half the
# reservations' saturation rate with latency percentiles (autocannon at a fixed rate: an open model), each step then
# repeated at the same rate by load-tests/lib/open-rate.js (evenly spaced arrivals timed from their schedule).
# Needs: node 20+ (`npm ci` in load-tests/reservations installs autocannon, in load-tests/lib undici), curl, redis-cli, psql, this machine's
# Redis (database 0 is flushed) and PostgreSQL (database tally_bench is recreated). GATEWAY_CPUS, REDIS_CPUS and
# LOAD_CPUS pin the three to CPUs of their own (taskset lists; load-tests/reservations/gateway.sh), on a machine with
# cores to spare.
# Usage: load-tests/carriers/run.sh [SECONDS] [CONNECTIONS] [APP]   (APP: a built target/quarkus-app; default: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-15} CONNECTIONS=${2:-32} APP=${3:-}
PORT=${PORT:-18080} PG_DB=${PG_DB:-tally_bench} REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
KEY=bench-operator-key-0123456789abcdefghijkl
OUT=target/load-tests/carriers
mkdir -p "$OUT"
[ -d load-tests/reservations/node_modules/autocannon ] || (cd load-tests/reservations && npm ci --no-audit --no-fund)
[ -d load-tests/lib/node_modules/undici ] || (cd load-tests/lib && npm ci --no-audit --no-fund)
source load-tests/reservations/gateway.sh
if [ -z "$APP" ]; then
  ./mvnw -q -B package -DskipTests
  APP=target/quarkus-app
fi
fresh_stores
export TALLY_PUBLIC_URL=https://tally.bench
export TALLY_CARRIER_CREDENTIALS_KEY=YmVuY2gtb25seS1jYXJyaWVyLWNyZWRlbnRpYWxzLWs=
start_gateway "$APP" "$OUT/gateway.log"
trap 'kill $GATEWAY 2>/dev/null || true; unpin_redis' EXIT
seed_account
pin_redis "$(redis_pid)"
api=(curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json')
"${api[@]}" -o /dev/null -XPUT "localhost:$PORT/v1/accounts/bench/rates" -d '{"rates":[
  {"service":"SMS","direction":"outbound","country":"*","rate":"0.01"},
  {"service":"SMS","direction":"inbound","country":"*","rate":"0.005"}]}'
export NUMBER=+13125550100 CARRIER_SECRET=whsec_YmVuY2gtY2Fycmllci1zZWNyZXQtMzItYnl0ZXMhIQ==
"${api[@]}" -o /dev/null -XPUT "localhost:$PORT/v1/accounts/bench/numbers" -d "{\"numbers\":[{\"number\":\"$NUMBER\"}]}"
connection=$("${api[@]}" -XPOST "localhost:$PORT/v1/accounts/bench/carrier-connections" \
  -d "{\"carrier\":\"generic\",\"secret\":\"$CARRIER_SECRET\"}")
INBOUND_PATH=$(sed -E 's/.*"inboundUrl":"https:\/\/tally.bench([^"]*)".*/\1/' <<< "$connection")
STATUS_PATH=$(sed -E 's/.*"statusUrl":"https:\/\/tally.bench([^"]*)".*/\1/' <<< "$connection")
export INBOUND_PATH STATUS_PATH
# The JIT needs 20 to 45 s of load to settle (docs/benchmarks.md): one untimed pass first.
NODE_PATH=load-tests/reservations/node_modules on_load_cpus node load-tests/carriers/carriers.js "http://localhost:$PORT" \
  "${WARM_SECONDS:-10}" "$CONNECTIONS" > "$OUT/warm-up.txt"
echo "load average at the start $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/load.txt"
GATEWAY_PID=$GATEWAY REDIS_PID=$(redis_pid) NODE_PATH=load-tests/reservations/node_modules on_load_cpus \
  node load-tests/carriers/carriers.js "http://localhost:$PORT" "$SECONDS_PER_RUN" "$CONNECTIONS" | tee "$OUT/figures.txt"
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt"
