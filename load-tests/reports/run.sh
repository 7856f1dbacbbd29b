#!/usr/bin/env bash
# Reports and exports at the scale of a large account (docs/benchmarks.md, "Reports at 10 million records"):
#   1. generates RECORDS usage records over the last MONTHS months across ACCOUNTS accounts, LARGEST of them on one
#      account (bench-0000, Europe/Rome), straight into PostgreSQL with generate_series (the accounts through the API;
#      services, directions, sub-accounts, products, countries, cities, numbers and users spread over a few values
#      each, a twentieth of the records released), then rebuilds every account's rollups through the API
#      (POST /v1/accounts/{account}/reports/rebuild: the rollups and the daily totals) and times it;
#   2. measures through the gateway's HTTP API, REPEATS times each after a warm-up, p50 and p99 of: the largest
#      account's breakdown of last month (by=service), its cumulative series of this year (period=year), and its
#      daily series over the whole MONTHS months (usage?from&to, interval=day);
#   3. exports the largest account's LARGEST records as CSV (GET …/usage/export), timed to the last byte, against
#      psql's COPY … TO STDOUT (FORMAT csv) of the same rows in the same order (ratio: COPY time / export time; 1 =
#      as fast as COPY), EXPORT_ROUNDS times (2) alternating COPY and export, each round's ratio and the ratio of the
#      medians; the gateway's CPU time per export; sampling the gateway's heap (jstat: survivor, eden and old space
#      used) every 200 ms during the exports: its peak, and the peak while idle before them. PROFILE=1 records the
#      last export with JFR (jcmd JFR.start/stop, settings=profile) into $OUT/export.jfr.
#   The writer's throughput with and without rollups is measured by load-tests/usage-writer/run.sh (step 2).
# Starts its own redis-server (a free port, no persistence) and the packaged gateway against this machine's
# PostgreSQL (127.0.0.1:5432, user postgres, trust auth), in a database of its own (PG_DB, tally_reports: dropped and
# created again). Needs: redis-server, redis-cli, psql, curl, jstat (a JDK), awk, sort.
# Usage: load-tests/reports/run.sh   Scale: RECORDS (10000000), ACCOUNTS (1000), LARGEST (2000000), MONTHS (12);
# REPEATS (50); REBUILD=0 reuses target/quarkus-app; REUSE=1 keeps the database of a previous run and skips step 1; REDIS_PORT (16391), PORT (18091), PG_DB move it. A tiny run to
# check the script: RECORDS=20000 ACCOUNTS=20 LARGEST=4000 REPEATS=5 load-tests/reports/run.sh
# Results in target/load-tests/reports/ (results.txt, and the raw timings).
set -euo pipefail
cd "$(dirname "$0")/../.."
RECORDS=${RECORDS:-10000000} ACCOUNTS=${ACCOUNTS:-1000} LARGEST=${LARGEST:-2000000} MONTHS=${MONTHS:-12}
REPEATS=${REPEATS:-50}
REDIS_PORT=${REDIS_PORT:-16391} PORT=${PORT:-18091} PG_DB=${PG_DB:-tally_reports}
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0 KEY=bench-operator-key-0123456789abcdefghijkl
OUT=target/load-tests/reports
mkdir -p "$OUT"
for tool in redis-server redis-cli psql curl jstat awk sort; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install redis-server postgresql-client curl, a JDK)"; exit 1; }
done
if [ "$LARGEST" -ge "$RECORDS" ] || [ "$ACCOUNTS" -lt 2 ]; then
  echo "LARGEST must be below RECORDS, and ACCOUNTS at least 2"; exit 1
fi
source load-tests/reservations/gateway.sh

if redis-cli -p "$REDIS_PORT" PING >/dev/null 2>&1 || curl -s "localhost:$PORT" >/dev/null; then
  echo "port $REDIS_PORT or $PORT is taken: set REDIS_PORT and PORT"; exit 1
fi
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no > "$OUT/redis.log" 2>&1 &
REDIS=$!
GATEWAY=
SAMPLER=
trap '[ -n "$SAMPLER" ] && kill $SAMPLER 2>/dev/null; [ -n "$GATEWAY" ] && kill $GATEWAY 2>/dev/null; kill $REDIS 2>/dev/null || true' EXIT
until redis-cli -p "$REDIS_PORT" PING >/dev/null 2>&1; do sleep 0.2; done

[ -f target/quarkus-app/quarkus-run.jar ] && [ "${REBUILD:-1}" = 0 ] || ./mvnw -q -B package -DskipTests
if [ "${REUSE:-0}" = 1 ]; then redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null; else fresh_stores; fi
# Background work stays out of the timings; a rebuild of the largest account may take longer than the idle timeout.
export TALLY_RECONCILIATION_INTERVAL=24h TALLY_LEDGER_SWEEP_INTERVAL=24h TALLY_PAYMENTS_RECHARGE_INTERVAL=24h
export QUARKUS_HTTP_IDLE_TIMEOUT=30m
start_gateway target/quarkus-app "$OUT/gateway.log"
curl -sf "localhost:$PORT/q/health/ready" >/dev/null || { echo "the gateway did not start: $OUT/gateway.log"; exit 1; }

sql() { psql -h 127.0.0.1 -U postgres -d "$PG_DB" -v ON_ERROR_STOP=1 -Atqc "$1"; }
api() { curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }
now_ms() { date +%s%3N; }
: > "$OUT/results.txt"
say() { echo "$*" | tee -a "$OUT/results.txt"; }
say "scale: $RECORDS records over $MONTHS months, $ACCOUNTS accounts, the largest $LARGEST"

if [ "${REUSE:-0}" = 1 ]; then
  say "reusing the records and rollups of $PG_DB (REUSE=1): $(sql 'SELECT count(*) FROM usage_records') records"
else
echo "== 1. accounts, records, rollups"
ZONES=(Europe/Rome America/Los_Angeles Pacific/Auckland UTC Asia/Kolkata America/New_York)
for i in $(seq 0 $((ACCOUNTS - 1))); do
  id=$(printf 'bench-%04d' "$i")
  api -o /dev/null -XPOST "localhost:$PORT/v1/accounts" \
    -d "{\"id\":\"$id\",\"name\":\"Bench $i\",\"timeZone\":\"${ZONES[$((i % ${#ZONES[@]}))]}\"}"
done
# The month partitions (UTC months) from MONTHS months ago to this one.
sql "SELECT tally_ensure_month(now() - make_interval(months => m)) FROM generate_series(0, $MONTHS) m" >/dev/null
START=$(now_ms)
# Row g: the largest account for g <= LARGEST, else one of the others in turn; times spread evenly over the months
# (a stride coprime with the count, so every account's rows span them all), ending a minute ago.
sql "
WITH params AS (SELECT now() - interval '1 minute' AS until,
                       extract(epoch FROM make_interval(months => $MONTHS))::bigint AS span)
INSERT INTO usage_records (id, occurred_at, account_id, sub_account, kind, status, service, direction, sender,
    recipient, country, city, segments, encoding, characters, units, rate, cost, credits, charges, product, user_id,
    settled_at, updated_at)
SELECT 'r.bench.' || g, o.at,
       CASE WHEN g <= $LARGEST THEN 'bench-0000'
            ELSE 'bench-' || lpad((1 + (g % ($ACCOUNTS - 1)))::text, 4, '0') END,
       CASE WHEN g % 5 = 0 THEN NULL ELSE 'office-' || (g % 20) END,
       'reservation', CASE WHEN g % 20 = 0 THEN 'released' ELSE 'committed' END,
       s.service, CASE WHEN g % 10 = 0 THEN 'INBOUND' ELSE 'OUTBOUND' END,
       '+39020000' || lpad((g % 50)::text, 4, '0'), '+3934712' || lpad((g % 100000)::text, 5, '0'),
       (ARRAY['IT','US','GB','DE','FR','ES','BR','IN','AU','NZ'])[1 + g % 10],
       (ARRAY['Roma','Milano','Napoli','Torino','Firenze','Bologna'])[1 + g % 6],
       CASE WHEN s.service = 'SMS' THEN 1 + g % 3 END, CASE WHEN s.service = 'SMS' THEN 'GSM-7' END,
       CASE WHEN s.service = 'SMS' THEN 20 + g % 300 END, 1 + g % 3, 45000, c.cost,
       CASE WHEN g % 20 = 0 THEN 0 ELSE c.cost END,
       CASE WHEN g % 20 = 0 THEN '' ELSE 'lot_bench:' || c.cost END,
       (ARRAY['otp','alerts','marketing','support','billing'])[1 + g % 5], 'u-' || (g % 50),
       o.at + interval '2 seconds', o.at + interval '2 seconds'
FROM params, generate_series(1, $RECORDS) g,
     LATERAL (SELECT (ARRAY['SMS','SMS','SMS','SMS','SMS','SMS','SMS','VOICE','VOICE','MMS','FAX','AI_AGENT'])[1 + g % 12]
              AS service) s,
     LATERAL (SELECT 45000::bigint * (1 + g % 3) AS cost) c,
     LATERAL (SELECT params.until - make_interval(secs => ((g::bigint * 7919) % params.span)) AS at) o"
INSERT_MS=$(( $(now_ms) - START ))
sql "ANALYZE usage_records" >/dev/null
say "insert: $RECORDS records in $INSERT_MS ms"
START=$(now_ms)
for i in $(seq 0 $((ACCOUNTS - 1))); do
  id=$(printf 'bench-%04d' "$i")
  api -o /dev/null -XPOST "localhost:$PORT/v1/accounts/$id/reports/rebuild"
done
REBUILD_MS=$(( $(now_ms) - START ))
say "rollups: rebuilt for $ACCOUNTS accounts in $REBUILD_MS ms ($(sql 'SELECT count(*) FROM usage_daily') rows)"
sql "ANALYZE usage_daily" >/dev/null
[ "$(sql "SELECT coalesce(sum(records), 0) FROM usage_daily")" -eq "$RECORDS" ] || { say "the rollups do not count every record"; exit 1; }
sql "ANALYZE usage_daily_totals" >/dev/null
[ "$(sql "SELECT coalesce(sum(credits), 0) FROM usage_daily_totals")" -eq "$(sql "SELECT coalesce(sum(credits), 0) FROM usage_records")" ] \
  || { say "the daily totals do not sum every record's credits"; exit 1; }

fi

echo "== 2. reports through the API"
# timings <name> <url>: REPEATS timed requests after 3 untimed ones; prints p50 and p99 in ms.
timings() {
  local name=$1 url=$2
  for _ in 1 2 3; do api -o /dev/null "$url"; done
  : > "$OUT/$name.ms"
  for _ in $(seq 1 "$REPEATS"); do
    api -o /dev/null -w '%{time_total}\n' "$url" | awk '{printf "%.3f\n", $1 * 1000}' >> "$OUT/$name.ms"
  done
  sort -n "$OUT/$name.ms" | awk -v name="$name" '{ v[NR] = $1 } END {
    p50 = v[int((NR - 1) * 0.50) + 1]; p99 = v[int((NR - 1) * 0.99) + 1];
    printf "%s: p50 %.1f ms, p99 %.1f ms (%d requests)\n", name, p50, p99, NR }' | tee -a "$OUT/results.txt"
}
BASE="localhost:$PORT/v1/accounts/bench-0000"
LAST_MONTH=$(sql "SELECT to_char((now() AT TIME ZONE 'Europe/Rome') - interval '1 month', 'YYYY-MM')")
FROM=$(sql "SELECT ((now() AT TIME ZONE 'Europe/Rome') - make_interval(months => $MONTHS))::date")
TO=$(sql "SELECT ((now() AT TIME ZONE 'Europe/Rome') + interval '1 day')::date")
timings breakdown-month "$BASE/reports/breakdown?month=$LAST_MONTH&by=service"
timings cumulative-year "$BASE/reports/cumulative?period=year"
timings series-months "$BASE/reports/usage?from=$FROM&to=$TO&interval=day"

echo "== 3. CSV export of the largest account against COPY"
ROWS=$(sql "SELECT count(*) FROM usage_records WHERE account_id = 'bench-0000'")
# warm-up: a COPY (the rows in the page cache for both sides) and the export of another account, so that the timed
# one runs compiled code
START=$(now_ms)
psql -h 127.0.0.1 -U postgres -d "$PG_DB" -v ON_ERROR_STOP=1 -qc "COPY (SELECT * FROM usage_records
  WHERE account_id = 'bench-0000' ORDER BY occurred_at DESC, id DESC) TO STDOUT (FORMAT csv)" | wc -lc > "$OUT/copy.count"
echo "warm-up copy: $ROWS rows in $(( $(now_ms) - START )) ms"
api -o /dev/null "localhost:$PORT/v1/accounts/bench-0001/usage/export?format=csv"
# heap used (KB): S0U + S1U + EU + OU of jstat -gc, every 200 ms
jstat -gc "$GATEWAY" 200 > "$OUT/heap-idle.txt" & SAMPLER=$!
# 2 s of samples (10 lines after the header), or 20 s, however slowly jstat starts on a loaded machine
for _ in $(seq 1 100); do [ "$(wc -l < "$OUT/heap-idle.txt")" -gt 10 ] && break; sleep 0.2; done
kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true
jstat -gc "$GATEWAY" 200 > "$OUT/heap-export.txt" & SAMPLER=$!
COPIES= EXPORTS=
for round in $(seq 1 "${EXPORT_ROUNDS:-2}"); do
  START=$(now_ms)
  psql -h 127.0.0.1 -U postgres -d "$PG_DB" -v ON_ERROR_STOP=1 -qc "COPY (SELECT * FROM usage_records
    WHERE account_id = 'bench-0000' ORDER BY occurred_at DESC, id DESC) TO STDOUT (FORMAT csv)" | wc -lc > "$OUT/copy.count"
  COPY_MS=$(( $(now_ms) - START ))
  [ "${PROFILE:-0}" = 1 ] && [ "$round" = "${EXPORT_ROUNDS:-2}" ] \
    && jcmd "$GATEWAY" JFR.start name=export settings=profile filename="$PWD/$OUT/export.jfr" >/dev/null
  TICKS=$(cpu_ticks "$GATEWAY")
  START=$(now_ms)
  api "$BASE/usage/export?format=csv" | wc -lc > "$OUT/export.count"
  EXPORT_MS=$(( $(now_ms) - START ))
  TICKS=$(( $(cpu_ticks "$GATEWAY") - TICKS ))
  [ "${PROFILE:-0}" = 1 ] && [ "$round" = "${EXPORT_ROUNDS:-2}" ] && jcmd "$GATEWAY" JFR.stop name=export >/dev/null
  # a line per row and the header (no generated cell holds a line break)
  EXPORTED=$(( $(awk '{print $1}' "$OUT/export.count") - 1 ))
  [ "$EXPORTED" -eq "$ROWS" ] || { say "the export has $EXPORTED rows, not $ROWS"; exit 1; }
  say "round $round: copy $ROWS rows, $(awk '{print $2}' "$OUT/copy.count") bytes in $COPY_MS ms;" \
    "export $(awk '{print $2}' "$OUT/export.count") bytes in $EXPORT_MS ms (gateway CPU $((TICKS * 10)) ms);" \
    "speed against COPY: $(awk -v c="$COPY_MS" -v e="$EXPORT_MS" 'BEGIN { printf "%.2f", c / e }')x;" \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
  COPIES="$COPIES $COPY_MS" EXPORTS="$EXPORTS $EXPORT_MS"
done
kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
COPY_MS=$(echo "$COPIES" | median) EXPORT_MS=$(echo "$EXPORTS" | median)
say "export: median $EXPORT_MS ms against COPY $COPY_MS ms: $(awk -v c="$COPY_MS" -v e="$EXPORT_MS" 'BEGIN { printf "%.2f", c / e }')x"
peak() { awk '$1 ~ /^[0-9.]+$/ { used = $3 + $4 + $6 + $8; if (used > max) max = used } END { printf "%.0f", max / 1024 }' "$1"; }
say "gateway heap used (-Xmx1g): peak $(peak "$OUT/heap-idle.txt") MB idle, $(peak "$OUT/heap-export.txt") MB during the export"
