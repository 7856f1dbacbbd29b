#!/usr/bin/env bash
# The dashboard's overview of a large account (docs/benchmarks.md, "Dashboard overview of a million records"):
#   1. two accounts through the API, bench-big and bench-empty (Europe/Rome), each with a company admin's key;
#      RECORDS usage records of the current month (in the account's zone, up to a minute ago) for bench-big, straight
#      into PostgreSQL with generate_series as load-tests/reports/run.sh writes them (services, offices, products,
#      countries and cities spread over a few values each, a twentieth released), then its rollups and daily totals
#      rebuilt through the API (POST /v1/accounts/{account}/reports/rebuild), which the overview's reports read;
#   2. signs in to the dashboard with each admin's key, as the sign-in form does (its token and cookie), and times
#      REPEATS renders of GET /dashboard/overview for each account, interleaved, after WARMUP untimed ones: curl's
#      time_starttransfer (the page is rendered whole before its first byte is sent, so this is the server's time
#      plus a loopback round trip), p50 and p99, the empty account being the same run's baseline.
# Starts its own redis-server (a free port, no persistence) and the packaged gateway against this machine's
# PostgreSQL (127.0.0.1:5432, user postgres, trust auth), in a database of its own (PG_DB, tally_dashboard: dropped
# and created again). Needs: redis-server, redis-cli, psql, curl, awk, sort.
# Usage: load-tests/dashboard/overview.sh   Scale: RECORDS (1000000), REPEATS (200), WARMUP (30); REBUILD=0 reuses
# target/quarkus-app; REDIS_PORT (16392), PORT (18092), PG_DB move it. A tiny run to check the script:
# RECORDS=10000 REPEATS=10 WARMUP=3 load-tests/dashboard/overview.sh
# Results in target/load-tests/dashboard/ (results.txt, and the raw timings).
set -euo pipefail
cd "$(dirname "$0")/../.."
RECORDS=${RECORDS:-1000000} REPEATS=${REPEATS:-200} WARMUP=${WARMUP:-30}
REDIS_PORT=${REDIS_PORT:-16392} PORT=${PORT:-18092} PG_DB=${PG_DB:-tally_dashboard}
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0 KEY=bench-operator-key-0123456789abcdefghijkl
OUT=target/load-tests/dashboard
mkdir -p "$OUT"
for tool in redis-server redis-cli psql curl awk sort; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install redis-server postgresql-client curl)"; exit 1; }
done
source load-tests/reservations/gateway.sh

if redis-cli -p "$REDIS_PORT" PING >/dev/null 2>&1 || curl -s "localhost:$PORT" >/dev/null; then
  echo "port $REDIS_PORT or $PORT is taken: set REDIS_PORT and PORT"; exit 1
fi
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no > "$OUT/redis.log" 2>&1 &
REDIS=$!
GATEWAY=
trap '[ -n "$GATEWAY" ] && kill $GATEWAY 2>/dev/null; kill $REDIS 2>/dev/null || true' EXIT
until redis-cli -p "$REDIS_PORT" PING >/dev/null 2>&1; do sleep 0.2; done

[ -f target/quarkus-app/quarkus-run.jar ] && [ "${REBUILD:-1}" = 0 ] || ./mvnw -q -B package -DskipTests
fresh_stores
export TALLY_RECONCILIATION_INTERVAL=24h TALLY_LEDGER_SWEEP_INTERVAL=24h TALLY_PAYMENTS_RECHARGE_INTERVAL=24h
export QUARKUS_HTTP_IDLE_TIMEOUT=30m
start_gateway target/quarkus-app "$OUT/gateway.log"
curl -sf "localhost:$PORT/q/health/ready" >/dev/null || { echo "the gateway did not start: $OUT/gateway.log"; exit 1; }

sql() { psql -h 127.0.0.1 -U postgres -d "$PG_DB" -v ON_ERROR_STOP=1 -Atqc "$1"; }
api() { curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }
now_ms() { date +%s%3N; }
: > "$OUT/results.txt"
say() { echo "$*" | tee -a "$OUT/results.txt"; }
say "scale: $RECORDS records this month for bench-big; $REPEATS timed renders per account; load: $(uptime | sed 's/.*load average/load average/')"

echo "== 1. accounts, records, rollups"
for id in bench-big bench-empty; do
  api -o /dev/null -XPOST "localhost:$PORT/v1/accounts" -d "{\"id\":\"$id\",\"name\":\"Bench $id\",\"timeZone\":\"Europe/Rome\"}"
  for office in milan rome; do
    api -o /dev/null -XPOST "localhost:$PORT/v1/accounts/$id/sub-accounts" -d "{\"id\":\"$office\",\"name\":\"$office\"}"
  done
  api -o /dev/null -XPOST "localhost:$PORT/v1/accounts/$id/grants" \
    -d '{"idempotencyKey":"bench-grant","kind":"universal","amount":"900000000"}'
done
admin_key() { api -XPOST "localhost:$PORT/v1/accounts/$1/keys" -d '{"role":"company-admin"}' | sed -E 's/.*"key":"([^"]+)".*/\1/'; }
BIG_KEY=$(admin_key bench-big)
EMPTY_KEY=$(admin_key bench-empty)
# the month in Rome starts in the last UTC month: both partitions
sql "SELECT tally_ensure_month(now() - make_interval(months => m)) FROM generate_series(0, 1) m" >/dev/null
START=$(now_ms)
# Row g: a time spread evenly from the start of this month in Rome to a minute ago.
sql "
WITH params AS (SELECT date_trunc('month', now() AT TIME ZONE 'Europe/Rome') AT TIME ZONE 'Europe/Rome' AS since,
                       now() - interval '1 minute' AS until)
INSERT INTO usage_records (id, occurred_at, account_id, sub_account, kind, status, service, direction, sender,
    recipient, country, city, segments, encoding, characters, units, rate, cost, credits, charges, product, user_id,
    settled_at, updated_at)
SELECT 'r.dash.' || g, o.at, 'bench-big',
       CASE WHEN g % 3 = 0 THEN NULL WHEN g % 3 = 1 THEN 'milan' ELSE 'rome' END,
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
     LATERAL (SELECT params.until - (params.until - params.since) * (((g::bigint * 7919) % $RECORDS)::float8 / $RECORDS) AS at) o"
say "insert: $RECORDS records in $(( $(now_ms) - START )) ms"
sql "ANALYZE usage_records" >/dev/null
START=$(now_ms)
api -o /dev/null -XPOST "localhost:$PORT/v1/accounts/bench-big/reports/rebuild"
say "rollups: rebuilt in $(( $(now_ms) - START )) ms ($(sql 'SELECT count(*) FROM usage_daily') rows)"
sql "ANALYZE usage_daily" >/dev/null
sql "ANALYZE usage_daily_totals" >/dev/null
[ "$(sql "SELECT coalesce(sum(records), 0) FROM usage_daily")" -eq "$RECORDS" ] || { say "the rollups do not count every record"; exit 1; }

echo "== 2. the overview, signed in as each account's company admin"
# sign_in <key>: prints the session token. The cookies are Secure (the production profile), so curl is handed them
# by hand over plain HTTP on loopback.
sign_in() {
  local form token
  form=$(curl -si "localhost:$PORT/dashboard/sign-in")
  token=$(printf '%s' "$form" | tr -d '\r' | sed -nE 's/^[Ss]et-[Cc]ookie: tally_sign_in=([^;]*).*/\1/p' | head -1)
  curl -si -H "Cookie: tally_sign_in=$token" --data-urlencode "form=$token" --data-urlencode "key=$1" \
    "localhost:$PORT/dashboard/sign-in" | tr -d '\r' | sed -nE 's/^[Ss]et-[Cc]ookie: tally_session=([^;]+).*/\1/p' | head -1
}
BIG=$(sign_in "$BIG_KEY")
EMPTY=$(sign_in "$EMPTY_KEY")
[ -n "$BIG" ] && [ -n "$EMPTY" ] || { say "could not sign in"; exit 1; }
render() { curl -sf -o "$OUT/$2.html" -H "Cookie: tally_session=$1" -w '%{time_starttransfer}\n' "localhost:$PORT/dashboard/overview"; }
for _ in $(seq 1 "$WARMUP"); do render "$BIG" big >/dev/null; render "$EMPTY" empty >/dev/null; done
grep -q 'id="spend-chart"' "$OUT/big.html" || { say "the overview did not render"; exit 1; }
: > "$OUT/big.ms"; : > "$OUT/empty.ms"
for _ in $(seq 1 "$REPEATS"); do
  render "$BIG" big | awk '{printf "%.3f\n", $1 * 1000}' >> "$OUT/big.ms"
  render "$EMPTY" empty | awk '{printf "%.3f\n", $1 * 1000}' >> "$OUT/empty.ms"
done
summary() {
  sort -n "$OUT/$1.ms" | awk -v name="$2" '{ v[NR] = $1 } END {
    p50 = v[int((NR - 1) * 0.50) + 1]; p99 = v[int((NR - 1) * 0.99) + 1];
    printf "%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d renders)\n", name, p50, p99, v[NR], NR }' | tee -a "$OUT/results.txt"
}
summary big "overview, $RECORDS records this month"
summary empty "overview, empty account (baseline)"
say "total this month on the page: $(sed -nE 's/.*id="spend-total">([^<]*)<.*/\1/p' "$OUT/big.html") credits"
say "load after: $(uptime | sed 's/.*load average/load average/')"
