#!/usr/bin/env bash
# The sending pipeline and inbound bursts at fixed offered rates (open model: autocannon with a rate, which corrects
# latencies for coordinated omission), on loopback, bounded in time (about 40 s of warm-up, then 3 runs of SECONDS
# for the pipeline and 2 × SECONDS + BURST_SECONDS for the inbound bursts):
#   1. pipeline.js: reserve → dispatch → DELIVERED receipt (signed generic webhook), at RATE requests a second;
#   2. inbound.js: signed generic inbound messages metered on an assigned number, at INBOUND_RATE a second, then
#      BURST times that for BURST_SECONDS, then INBOUND_RATE again.
# Each run comes after its baseline, reservations alone (load-tests/reservations/open-model.js) at the same rate over
# the same connections (for the inbound phases: the steady and the burst rate over 64 connections, BURST_SECONDS each).
# Each prints one line per run (p50/p99/p99.9, non-2xx, errors) into target/load-tests/pipeline/; copy the figures
# into docs/benchmarks.md with the machine and the date.
# Needs: node 20+ (autocannon is installed by `npm ci` in load-tests/reservations), curl, redis-cli, psql, the machine's
# Redis (database 0 is flushed) and PostgreSQL (the database tally_bench is recreated).
# Usage: load-tests/pipeline/run.sh [RATE] [INBOUND_RATE] [BURST] [SECONDS] [BURST_SECONDS] [APP]
#        defaults: 600 requests/s, 200 inbound/s, ×5, 30 s, 10 s, a fresh build of this checkout
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${1:-600} INBOUND_RATE=${2:-200} BURST=${3:-5} SECONDS_PER_RUN=${4:-30} BURST_SECONDS=${5:-10} APP=${6:-}
PORT=${PORT:-18080} PG_DB=${PG_DB:-tally_bench} REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
KEY=bench-operator-key-0123456789abcdefghijkl
OUT=target/load-tests/pipeline
mkdir -p "$OUT"
for tool in node curl redis-cli psql; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install nodejs curl redis-tools postgresql-client)"; exit 1; }
done
[ -d load-tests/reservations/node_modules/autocannon ] || (cd load-tests/reservations && npm ci --no-audit --no-fund)
export NODE_PATH=$PWD/load-tests/reservations/node_modules

source load-tests/reservations/gateway.sh
if [ -z "$APP" ]; then
  ./mvnw -q -B package -DskipTests
  APP=target/quarkus-app
fi
export TALLY_PUBLIC_URL=http://127.0.0.1:$PORT
export TALLY_CARRIER_CREDENTIALS_KEY=${TALLY_CARRIER_CREDENTIALS_KEY:-$(head -c 32 /dev/urandom | base64)}
export WRITER=${WRITER:-true}
fresh_stores
start_gateway "$APP" "$OUT/gateway.log"
trap 'kill $GATEWAY 2>/dev/null || true' EXIT
seed_account

# The account also pays for inbound SMS; a generic carrier connection and one number for the inbound messages.
api=(curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json')
"${api[@]}" -o /dev/null -XPUT "localhost:$PORT/v1/accounts/bench/rates" -d '{"rates":[
  {"service":"SMS","direction":"outbound","country":"*","rate":"0.01"},
  {"service":"SMS","direction":"inbound","country":"*","rate":"0.005"}]}'
export TALLY_SECRET="whsec_$(head -c 32 /dev/urandom | base64)"
TALLY_CONNECTION=$("${api[@]}" -XPOST "localhost:$PORT/v1/accounts/bench/carrier-connections" \
  -d "{\"carrier\":\"generic\",\"secret\":\"$TALLY_SECRET\"}" | sed -E 's/.*"id" *: *"([^"]+)".*/\1/')
export TALLY_CONNECTION TALLY_NUMBER=+13125550001
"${api[@]}" -o /dev/null -XPUT "localhost:$PORT/v1/accounts/bench/numbers" \
  -d "{\"numbers\":[{\"number\":\"$TALLY_NUMBER\"}]}"

URL="http://127.0.0.1:$PORT"
: > "$OUT/pipeline.txt"; : > "$OUT/inbound.txt"
echo "== warm-up: 40 s of the pipeline at $RATE/s"
node load-tests/pipeline/pipeline.js "$URL" "$RATE" 32 40 > /dev/null
echo "== pipeline at $RATE requests/s (reserve, dispatch, receipt)"
# Each run follows its baseline: reservations alone at the same request rate over the same connections.
loadavg() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"; }
for connections in 8 32 64; do
  echo "reservations alone, $(loadavg): $(node load-tests/reservations/open-model.js "$URL" reserve "$RATE" \
    "$connections" "$SECONDS_PER_RUN")" | tee -a "$OUT/pipeline.txt"
  echo "$(loadavg): $(node load-tests/pipeline/pipeline.js "$URL" "$RATE" "$connections" "$SECONDS_PER_RUN")" \
    | tee -a "$OUT/pipeline.txt"
done
echo "== inbound at $INBOUND_RATE/s, a burst of ×$BURST for $BURST_SECONDS s"
for rate in "$INBOUND_RATE" $(( INBOUND_RATE * BURST )); do
  echo "reservations alone, $(loadavg): $(node load-tests/reservations/open-model.js "$URL" reserve "$rate" 64 \
    "$BURST_SECONDS")" | tee -a "$OUT/inbound.txt"
done
echo "$(loadavg)" | tee -a "$OUT/inbound.txt"
node load-tests/pipeline/inbound.js "$URL" "$INBOUND_RATE" "$BURST" 64 "$SECONDS_PER_RUN" "$BURST_SECONDS" \
  | tee -a "$OUT/inbound.txt"
