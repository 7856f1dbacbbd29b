#!/usr/bin/env bash
# What a large export does to reservations running beside it (docs/benchmarks.md, "An export during reservations"):
# reservations at a fixed open-model rate (autocannon -R, latencies corrected for coordinated omission) for SECONDS,
# ROUNDS times alternating:
#   - alone: the reservations only;
#   - under an export: the same, while the largest account's CSV export (GET …/usage/export?format=csv, 2,000,000
#     rows at the default scale) runs from before the first reservation to after the last one (exports back to back
#     when one ends early), each export timed to its last byte;
# and prints, per run, the reservations' rate, p50, p99 and p99.9, and the exports' times; then the p99 and p99.9
# under an export against alone (the ratio of the medians of the rounds).
# The data set is the one load-tests/reports/run.sh builds in PG_DB (tally_reports): run that first (a tiny one will
# do to check this script: RECORDS=20000 ACCOUNTS=20 LARGEST=4000 REPEATS=5 load-tests/reports/run.sh). This script
# changes nothing of it but the reservations' records, which the usage writer adds to the account "bench" (WRITER=true,
# the default, so that PostgreSQL takes the writer's batches during the export as it would in production; WRITER=false
# leaves it out).
# Starts its own redis-server (a free port, no persistence) and the packaged gateway (target/quarkus-app; REBUILD=0
# reuses it) against this machine's PostgreSQL (127.0.0.1:5432, user postgres, trust auth). The gateway, Redis,
# PostgreSQL, autocannon and curl share this machine's cores: RATE must be one the machine sustains alone (about half
# of load-tests/reservations/open-model.sh's saturation rate).
# Needs: redis-server, redis-cli, psql, curl, node 20+ (`npm ci` in load-tests/reservations installs autocannon).
# Usage: load-tests/reports/export-under-load.sh   RATE (2000 reservations/s), CONNECTIONS (64), RUN_SECONDS (40),
# ROUNDS (3), ACCOUNT (bench-0000: whose records are exported), WRITER (true), REDIS_PORT (16392), PORT (18092),
# PG_DB (tally_reports).
# Results in target/load-tests/export-under-load/ (results.txt, and each run's lines).
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${RATE:-2000} CONNECTIONS=${CONNECTIONS:-64} SECONDS_PER_RUN=${RUN_SECONDS:-40} ROUNDS=${ROUNDS:-3}
ACCOUNT=${ACCOUNT:-bench-0000} WRITER=${WRITER:-true}
REDIS_PORT=${REDIS_PORT:-16392} PORT=${PORT:-18092} PG_DB=${PG_DB:-tally_reports}
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0 KEY=bench-operator-key-0123456789abcdefghijkl
OUT=target/load-tests/export-under-load
mkdir -p "$OUT"
for tool in redis-server redis-cli psql curl node awk sort; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install redis-server postgresql-client curl nodejs)"; exit 1; }
done
[ -d load-tests/reservations/node_modules/autocannon ] || (cd load-tests/reservations && npm ci --no-audit --no-fund)
source load-tests/reservations/gateway.sh

sql() { psql -h 127.0.0.1 -U postgres -d "$PG_DB" -v ON_ERROR_STOP=1 -Atqc "$1"; }
ROWS=$(sql "SELECT count(*) FROM usage_records WHERE account_id = '$ACCOUNT'" 2>/dev/null || echo 0)
[ "$ROWS" -gt 0 ] || { echo "no records of $ACCOUNT in $PG_DB: run load-tests/reports/run.sh first"; exit 1; }

if redis-cli -p "$REDIS_PORT" PING >/dev/null 2>&1 || curl -s "localhost:$PORT" >/dev/null; then
  echo "port $REDIS_PORT or $PORT is taken: set REDIS_PORT and PORT"; exit 1
fi
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no > "$OUT/redis.log" 2>&1 &
REDIS=$!
GATEWAY=
EXPORTER=
trap '[ -n "$EXPORTER" ] && kill $EXPORTER 2>/dev/null; [ -n "$GATEWAY" ] && kill $GATEWAY 2>/dev/null; kill $REDIS 2>/dev/null || true' EXIT
until redis-cli -p "$REDIS_PORT" PING >/dev/null 2>&1; do sleep 0.2; done

[ -f target/quarkus-app/quarkus-run.jar ] && [ "${REBUILD:-1}" = 0 ] || ./mvnw -q -B package -DskipTests
# Background work stays out of the timings; an export may take longer than the idle timeout.
export TALLY_RECONCILIATION_INTERVAL=24h TALLY_LEDGER_SWEEP_INTERVAL=24h TALLY_PAYMENTS_RECHARGE_INTERVAL=24h
export QUARKUS_HTTP_IDLE_TIMEOUT=30m
start_gateway target/quarkus-app "$OUT/gateway.log"
curl -sf "localhost:$PORT/q/health/ready" >/dev/null || { echo "the gateway did not start: $OUT/gateway.log"; exit 1; }

# The account the reservations use: "bench" (created once; its credits are granted again in this run's Redis).
api() { curl -sf -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }
api -XPOST "localhost:$PORT/v1/accounts" -d '{"id":"bench","name":"Bench"}' || true
api -XPUT "localhost:$PORT/v1/accounts/bench/rates" \
  -d '{"rates":[{"service":"SMS","direction":"outbound","country":"*","rate":"0.01"}]}'
api -XPOST "localhost:$PORT/v1/accounts/bench/grants" \
  -d "{\"idempotencyKey\":\"bench-grant-$(date +%s)\",\"kind\":\"universal\",\"amount\":\"900000000\"}"
export TALLY_KEY=$KEY TALLY_ACCOUNT=bench
URL="http://localhost:$PORT"
EXPORT_URL="$URL/v1/accounts/$ACCOUNT/usage/export?format=csv"

: > "$OUT/results.txt"
say() { echo "$*" | tee -a "$OUT/results.txt"; }
say "reservations at $RATE/s over $CONNECTIONS connections, $SECONDS_PER_RUN s a run, $ROUNDS rounds;" \
  "export of $ACCOUNT ($ROWS rows); usage writer: $WRITER"

echo "== warm-up: 20 s of reservations, one export"
node load-tests/reservations/open-model.js "$URL" reserve "$RATE" "$CONNECTIONS" 20 > /dev/null
curl -sf -H "Authorization: Bearer $KEY" -o /dev/null "$EXPORT_URL"

# exports <file>: exports back to back until killed, a line of milliseconds (and bytes) per finished export; the
# running curl's pid in <file>.pid, so that it can be stopped with the loop.
exports() {
  while true; do
    local start end
    start=$(date +%s%3N)
    curl -sf -H "Authorization: Bearer $KEY" -o /dev/null -w '%{size_download}' "$EXPORT_URL" > "$1.bytes" &
    echo $! > "$1.pid"
    wait $! || break
    end=$(date +%s%3N)
    echo "$(( end - start )) ms, $(cat "$1.bytes") bytes" >> "$1"
  done
}
# stop_exports <file>: stops the loop, then the export it was running.
stop_exports() {
  kill "$EXPORTER" 2>/dev/null; wait "$EXPORTER" 2>/dev/null || true; EXPORTER=
  kill "$(cat "$1.pid")" 2>/dev/null || true
}

# run <name> <round>: one autocannon run; its line goes to $OUT/<name>-<round>.txt.
run() {
  local load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "load average $load: $(node load-tests/reservations/open-model.js "$URL" reserve "$RATE" "$CONNECTIONS" \
    "$SECONDS_PER_RUN")" | tee "$OUT/$1-$2.txt"
}

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round: alone"
  run alone "$round"
  echo "== round $round: under an export"
  : > "$OUT/exports-$round.txt"
  exports "$OUT/exports-$round.txt" & EXPORTER=$!
  sleep 2 # the export's first pages are read before the first reservation
  run export "$round"
  stop_exports "$OUT/exports-$round.txt"
  echo "exports finished during the run: $(wc -l < "$OUT/exports-$round.txt") ($(paste -sd';' "$OUT/exports-$round.txt"))" \
    | tee -a "$OUT/export-$round.txt"
done

# median <name> <field>: the median over the rounds of a figure of open-model.js's line (p50, p99, p99.9)
median() {
  cat "$OUT/$1"-[0-9]*.txt | grep -o "$2 [0-9.]* ms" | awk '{print $2}' | sort -n \
    | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for name in alone export; do
  say "$name: median of $ROUNDS rounds: p50 $(median "$name" p50) ms, p99 $(median "$name" p99) ms," \
    "p99.9 $(median "$name" p99.9) ms"
done
ratio() { awk -v a="$(median export "$1")" -v b="$(median alone "$1")" 'BEGIN { printf "%.2f", a / b }'; }
say "under an export against alone: p50 $(ratio p50)x, p99 $(ratio p99)x, p99.9 $(ratio p99.9)x"
