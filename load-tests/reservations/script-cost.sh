#!/usr/bin/env bash
# What each step of reserve.lua costs Redis: the script is cut after each step (a `return` inserted there) and every
# cut is run by redis-benchmark (EVALSHA, 64 connections, fresh idempotency key, hold and random deadline per call)
# against the same seeded account; the figure is redis-server's CPU (user + system, from /proc) per call. The
# difference between two consecutive cuts is what that step costs. The first cut, right after the arguments are read,
# is the price of an EVALSHA with these arguments itself (network included).
# Needs: redis-benchmark, redis-cli, psql, and the machine's Redis and PostgreSQL (it flushes Redis database 0 and
# recreates the PostgreSQL database tally_bench, like run.sh).
# Usage: load-tests/reservations/script-cost.sh [calls per cut]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
CALLS=${1:-100000}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0} PG_DB=${PG_DB:-tally_bench} PORT=${PORT:-18080}
KEY=bench-operator-key-0123456789abcdefghijkl OUT=target/load-tests/script-cost
LUA=target/classes/lua/ledger
mkdir -p "$OUT"
source load-tests/reservations/gateway.sh

# The account as a grant leaves it (one universal lot), read back once and restored before every cut (with the
# partition's epoch; the first call, the check, indexes its lots from the hash).
[ -f target/quarkus-app/quarkus-run.jar ] && [ "${REBUILD:-1}" = 0 ] || mvn -q -B package -DskipTests
fresh_stores
start_gateway target/quarkus-app "$OUT/gateway.log"
seed_account
kill $GATEWAY; wait $GATEWAY 2>/dev/null || true
ACCT=$(redis-cli -u "$REDIS_URL" --scan --pattern '{p*}:acct:bench' | head -1)
TAG=${ACCT%%:*}
mapfile -t FIELDS < <(redis-cli -u "$REDIS_URL" HGETALL "$ACCT")

# cut_after <name> <pattern>: reserve.lua up to and including the first line matching pattern, then `return {'1'}`.
cut_after() {
  local line
  line=$(grep -n -m1 -E "$2" "$LUA/reserve.lua" | cut -d: -f1)
  [ -n "$line" ] || { echo "no line matches $2 in reserve.lua" >&2; exit 1; }
  { cat "$LUA/_lib.lua"; head -n "$line" "$LUA/reserve.lua"; echo "return { '1' }"; } > "$OUT/$1.lua"
}
# cut_before <name> <pattern>: the same, up to the line before the first line matching pattern.
cut_before() {
  local line
  line=$(grep -n -m1 -E "$2" "$LUA/reserve.lua" | cut -d: -f1)
  [ -n "$line" ] || { echo "no line matches $2 in reserve.lua" >&2; exit 1; }
  { cat "$LUA/_lib.lua"; head -n "$((line - 1))" "$LUA/reserve.lua"; echo "return { '1' }"; } > "$OUT/$1.lua"
}
cut_after 1-arguments '^local month, detail'
cut_before 2-idempotency-check "^local spend_field"
cut_after 3-account-and-lots '^local lots = usable_lots'
cut_after 4-limits "^if budget < amount"
cut_after 5-hincrby "^hincr\(acct, 'held'"
cut_after 6-hold-set "ARGV\[16\], detail \}, '\\|'\)\)$"
cut_after 7-deadline-zadd "^redis.call\('ZADD'"
cut_after 8-event-xadd "^  month, deadline_ms, ARGV\[16\], detail \}\)$"
{ cat "$LUA/_lib.lua" "$LUA/reserve.lua"; } > "$OUT/9-whole-script.lua"

REDIS=$(redis_pid)
NOW=$(date +%s%3N)
ORDER=PLAN_ALLOWANCE,COMMITMENT,SUBSCRIPTION,PACKAGE,PROMOTIONAL,UNIVERSAL,AUTO_RECHARGE
DETAIL='{"to":"+393471234567","country":"IT","segments":"1","encoding":"GSM_7BIT","units":"1"}'
previous=0
echo "cut after step | calls/s | redis-server CPU per call | this step"
for script in "$OUT"/[0-9]*.lua; do
  redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null
  redis-cli -u "$REDIS_URL" HSET "$ACCT" "${FIELDS[@]}" >/dev/null
  redis-cli -u "$REDIS_URL" SET "$TAG:epoch" bench >/dev/null
  sha=$(redis-cli -u "$REDIS_URL" SCRIPT LOAD "$(cat "$script")")
  reply=$(redis-cli -u "$REDIS_URL" EVALSHA "$sha" 6 "$ACCT" "$TAG:hold:r.bench.check" \
    "$TAG:deadlines" "$TAG:events" "$ACCT:usable" "$TAG:epoch" bench fp r.bench.check ev-check "" "" 0 "" SMS 10000 "$NOW" "$(( NOW + 1 ))" \
    "$(date +%Y-%m)" "$ORDER" SOONEST_EXPIRY_FIRST RELEASE "$DETAIL" 604800000 | head -1)
  [ "$reply" = 1 ] || { echo "$(basename "$script") answered '$reply', not 1" >&2; exit 1; }
  before=$(cpu_ticks "$REDIS")
  rate=$(redis-benchmark -u "$REDIS_URL" -c 64 -n "$CALLS" -r 1000000000 -q \
    EVALSHA "$sha" 6 "$ACCT" "$TAG:hold:r.bench.w1-12345678-__rand_int__" \
    "$TAG:deadlines" "$TAG:events" "$ACCT:usable" "$TAG:epoch" bench fp "r.bench.w1-12345678-__rand_int__" "ev-__rand_int__" "" "" 0 "" SMS 10000 \
    "$NOW" "1__rand_int__" "$(date +%Y-%m)" "$ORDER" SOONEST_EXPIRY_FIRST RELEASE "$DETAIL" 604800000 \
    | tr '\r' '\n' | grep -o '[0-9.]* requests per second' | cut -d. -f1)
  micros=$(( ($(cpu_ticks "$REDIS") - before) * 10000 / CALLS ))
  echo "$(basename "$script" .lua) | $rate | $micros µs | +$(( micros - previous )) µs"
  previous=$micros
done | tee "$OUT/results.txt"
