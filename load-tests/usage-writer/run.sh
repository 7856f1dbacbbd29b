#!/usr/bin/env bash
# The usage writer's throughput, against baselines measured in the same run:
#   1. the reservation rate (POST /v1/reservations, full load, writer off): the events the writer must keep up with;
#   2. drain: the same backlog written by the writer alone (rows/s = events/s; each event is one ledger entry and
#      one usage record), ROUNDS times (2) alternating the daily rollups off and on (TALLY_USAGE_WRITER_ROLLUPS), each
#      from the same backlog: the tables emptied and the consumer group rewound between drains; the ratio with / without
#      rollups of the medians;
#   3. ceiling: psql \copy of the very rows the writer wrote into plain tables with the same indexes;
#   4. sustained: reservations at full load with the writer on, the backlog (unwritten entries) sampled every second.
# 16 accounts (so the events spread over partitions and the writer's lanes, as real traffic does).
# Needs: wrk, redis-cli, psql, a Redis 7 and a PostgreSQL on this machine (uses Redis db 0 and database tally_bench).
# Usage: load-tests/usage-writer/run.sh [seconds]   (results in target/load-tests/usage-writer/)
#   ROUNDS (2): drains per setting in step 2; REBUILD=0 reuses target/quarkus-app; START_WAIT (180): seconds the
#   gateway may take to start (a loaded machine).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-20}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-64}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
PG_DB=${PG_DB:-tally_bench}
PORT=${PORT:-18080}
OUT=target/load-tests/usage-writer
KEY=bench-operator-key-0123456789abcdefghijkl
mkdir -p "$OUT"
for tool in wrk redis-cli psql; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk redis-tools postgresql-client)"; exit 1; }
done
sql() { psql -h 127.0.0.1 -U postgres -d "$PG_DB" -Atqc "$1"; }
now_ms() { date +%s%3N; }
redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB" >/dev/null
[ -f target/quarkus-app/quarkus-run.jar ] && [ "${REBUILD:-1}" = 0 ] || mvn -q -B package -DskipTests

GATEWAY=
start_gateway() { # $1 = writer enabled (true|false), $2 = rollups kept by the writer (true|false, default true)
  TALLY_REDIS_URL=$REDIS_URL TALLY_POSTGRES_URL=postgresql://127.0.0.1:5432/$PG_DB TALLY_POSTGRES_USERNAME=postgres \
    TALLY_AUTH_BOOTSTRAP_OPERATOR_KEY=$KEY PORT=$PORT QUARKUS_LOG_LEVEL=WARN TALLY_USAGE_WRITER_ENABLED=$1 \
    TALLY_USAGE_WRITER_ROLLUPS=${2:-true} \
    TALLY_USAGE_WRITER_RETENTION=1h java -Xmx1g -jar target/quarkus-app/quarkus-run.jar >> "$OUT/gateway.log" 2>&1 &
  GATEWAY=$!
  for _ in $(seq 1 "${START_WAIT:-180}"); do curl -sf "localhost:$PORT/q/health/live" >/dev/null && return; sleep 1; done
  echo "the gateway did not start"; exit 1
}
WAITED_FROM=
too_long() { # gives up on a wait after 5 minutes
  [ -n "$WAITED_FROM" ] || WAITED_FROM=$(date +%s)
  if [ $(( $(date +%s) - WAITED_FROM )) -gt 300 ]; then echo "the backlog did not drain within 5 minutes"; exit 1; fi
}
stop_gateway() { kill "$GATEWAY"; wait "$GATEWAY" 2>/dev/null || true; }
trap '[ -n "$GATEWAY" ] && kill $GATEWAY 2>/dev/null || true' EXIT
# Entries of all partition streams not yet written: per group, undelivered (Redis 7 'lag') plus pending; before the
# writer has joined (no group yet), the streams' whole length.
backlog() {
  redis-cli -u "$REDIS_URL" EVAL "local t = 0
    for p = 0, 255 do
      local k = '{p' .. p .. '}:events'
      if redis.call('EXISTS', k) == 1 then
        local groups = redis.call('XINFO', 'GROUPS', k)
        if #groups == 0 then t = t + redis.call('XLEN', k) end
        for _, g in ipairs(groups) do
          local h = {}
          for i = 1, #g, 2 do h[g[i]] = g[i + 1] end
          t = t + (tonumber(h['lag']) or 0) + h['pending']
        end
      end
    end
    return t" 0
}

start_gateway false
api() { curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }
ACCOUNTS=
for i in $(seq 1 16); do
  api -XPOST "localhost:$PORT/v1/accounts" -d "{\"id\":\"bench-$i\",\"name\":\"Bench $i\"}" >/dev/null
  api -XPUT "localhost:$PORT/v1/accounts/bench-$i/rates" \
    -d '{"rates":[{"service":"SMS","direction":"outbound","country":"*","rate":"0.01"}]}' >/dev/null
  api -XPOST "localhost:$PORT/v1/accounts/bench-$i/grants" \
    -d '{"idempotencyKey":"bench-grant","kind":"universal","amount":"900000000"}' >/dev/null
  ACCOUNTS=$ACCOUNTS${ACCOUNTS:+,}bench-$i
done
export TALLY_KEY=$KEY TALLY_ACCOUNTS=$ACCOUNTS
rate() { awk '/Requests\/sec/ {print int($2)}' "$1"; }

echo "== 1. reservations, writer off (the backlog for step 2)"
wrk -t2 -c"$CONNECTIONS" -d5s -s load-tests/reservations/reserve.lua "http://localhost:$PORT" >/dev/null 2>&1
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s load-tests/reservations/reserve.lua "http://localhost:$PORT" \
  > "$OUT/reserve.txt" 2> "$OUT/reserve-errors.txt"
RESERVE=$(rate "$OUT/reserve.txt")
EVENTS=$(backlog)
echo "reservations: $RESERVE/s; backlog: $EVENTS events"
stop_gateway

# rewind: the written rows gone and every partition's group back to the start of its stream, so that the writer
# writes the same backlog again.
rewind() {
  sql "TRUNCATE ledger_entries, usage_records, usage_daily, usage_daily_totals"
  redis-cli -u "$REDIS_URL" EVAL "for p = 0, 255 do
      local k = '{p' .. p .. '}:events'
      if redis.call('EXISTS', k) == 1 then
        for _, g in ipairs(redis.call('XINFO', 'GROUPS', k)) do
          redis.call('XGROUP', 'SETID', k, g[2], '0', 'ENTRIESREAD', '0')
        end
      end
    end
    return 0" 0 >/dev/null
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

echo "== 2. drain: the writer alone, $ROUNDS rounds alternating rollups off and on (the same backlog each time)"
: > "$OUT/drains.txt"
OFF_RATES= ON_RATES=
for round in $(seq 1 "$ROUNDS"); do
  for rollups in false true; do
    [ -s "$OUT/drains.txt" ] && rewind
    START=$(now_ms)
    start_gateway true "$rollups"
    WAITED_FROM=
    until [ "$(sql 'SELECT count(*) FROM ledger_entries')" -ge "$EVENTS" ]; do sleep 0.2; too_long; done
    DRAIN_MS=$(( $(now_ms) - START ))
    WRITER=$(( EVENTS * 1000 / DRAIN_MS ))
    STEADY=$(sql "SELECT round(count(*) / extract(epoch from max(written_at) - min(written_at))) FROM ledger_entries")
    ROLLUP_ROWS=$(sql "SELECT count(*) FROM usage_daily")
    # the writer's own time per batch (write and acknowledge: tally.usage.flush), less the waits between batches
    FLUSH=$(curl -sf "localhost:$PORT/q/metrics" | awk '/^tally_usage_flush_seconds_sum/ { s += $2 }
      /^tally_usage_flush_seconds_count/ { n += $2 } END { if (n > 0) printf "%.0f ms a batch over %d batches", s * 1000 / n, n }')
    stop_gateway
    echo "round $round, rollups $rollups: $EVENTS events in $DRAIN_MS ms (incl. start-up): $WRITER events/s;" \
      "first to last row: $STEADY events/s; flush ${FLUSH:-?}; $ROLLUP_ROWS rollup rows;" \
      "load $(cut -d' ' -f1-3 /proc/loadavg)" \
      | tee -a "$OUT/drains.txt"
    if [ "$rollups" = true ]; then ON_RATES="$ON_RATES $STEADY"; else OFF_RATES="$OFF_RATES $STEADY"; fi
  done
done
WRITER_OFF=$(echo "$OFF_RATES" | median)
WRITER=$(echo "$ON_RATES" | median)
echo "writer, median first to last row: $WRITER events/s with rollups, $WRITER_OFF without:" \
  "with / without $(echo "scale=2; $WRITER / $WRITER_OFF" | bc)" | tee -a "$OUT/drains.txt"

echo "== 3. ceiling: \\copy of the same rows into plain tables with the same indexes"
sql "\\copy (SELECT * FROM ledger_entries) TO '$PWD/$OUT/entries.csv' CSV"
sql "\\copy (SELECT * FROM usage_records) TO '$PWD/$OUT/records.csv' CSV"
sql "CREATE TABLE copy_entries (LIKE ledger_entries INCLUDING ALL); CREATE TABLE copy_records (LIKE usage_records INCLUDING ALL);
     CREATE INDEX ON copy_entries (account_id, occurred_at, event_id); CREATE INDEX ON copy_records (account_id, occurred_at, id);
     CREATE INDEX ON copy_records (account_id, sub_account, occurred_at, id) WHERE sub_account IS NOT NULL;"
START=$(now_ms)
sql "\\copy copy_entries FROM '$PWD/$OUT/entries.csv' CSV"
sql "\\copy copy_records FROM '$PWD/$OUT/records.csv' CSV"
COPY_MS=$(( $(now_ms) - START ))
COPY=$(( EVENTS * 1000 / COPY_MS ))
echo "copy: $EVENTS rows of each table in $COPY_MS ms: $COPY events/s"

echo "== 4. sustained: reservations at full load with the writer on; backlog every second"
start_gateway true
WAITED_FROM=
until [ "$(backlog)" -eq 0 ]; do sleep 0.5; too_long; done
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s load-tests/reservations/reserve.lua "http://localhost:$PORT" \
  > "$OUT/sustained.txt" 2> "$OUT/sustained-errors.txt" &
WRK=$!
: > "$OUT/backlog.txt"
while kill -0 "$WRK" 2>/dev/null; do backlog >> "$OUT/backlog.txt"; sleep 1; done
tr '\n' ' ' < "$OUT/backlog.txt" | awk '{ for (i = 1; i <= NF; i++) { s += $i; if ($i > m) m = $i } print "backlog: mean " int(s / NF) ", max " m ", last " $NF " over " NF " samples" }' > "$OUT/backlog-summary.txt"

SUSTAINED=$(rate "$OUT/sustained.txt")
START=$(now_ms)
WAITED_FROM=
until [ "$(backlog)" -eq 0 ]; do sleep 0.2; too_long; done
TAIL_MS=$(( $(now_ms) - START ))
echo "reservations with the writer on: $SUSTAINED/s; $(cat "$OUT/backlog-summary.txt")"
echo "backlog written $TAIL_MS ms after the load stopped"
stop_gateway
printf 'summary: reserve %d/s (writer off), writer drain %d events/s (%d without rollups: %s), copy %d rows/s, writer/copy %s, writer/reserve %s, reserve with writer %d/s\n' \
  "$RESERVE" "$WRITER" "$WRITER_OFF" "$(echo "scale=2; $WRITER / $WRITER_OFF" | bc)" "$COPY" "$(echo "scale=2; $WRITER / $COPY" | bc)" \
  "$(echo "scale=2; $WRITER / $RESERVE" | bc)" "$SUSTAINED" \
  | tee "$OUT/summary.txt"
