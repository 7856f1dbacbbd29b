#!/usr/bin/env bash
# A/B of two versions of the ledger scripts on what a reservation costs Redis, in one run on one redis-server of its
# own (docs/benchmarks.md "What a reservation costs Redis"): A is the layout at a baseline commit (default b74a2df,
# the scripts before this layout: idempotency record and 13-field hold hash apart, ~17 stream fields per event),
# B the scripts of the working tree. Rounds alternate A, B, A, B ... on the same seeded account (one lot, as a grant
# leaves it) so both see the same machine.
#   cpu:    redis-benchmark runs CALLS reserves of a fresh idempotency key each (64 connections, EVALSHA); the
#           figure is redis-server's CPU (user + system, /proc) per call, and calls/s.
#   memory: MESSAGES reserve + commit pairs sent pipelined (redis-cli --pipe); the figure is used_memory after,
#           less used_memory before, per message, with the event stream deleted first (the usage writer trims it):
#           what each settled message keeps for the idempotency window.
# Needs: redis-server, redis-cli, redis-benchmark, node, git. Usage:
#   load-tests/reservations/layout-ab.sh [rounds] [calls] [messages]   (defaults 3, 100000, 20000)
# BASE=<commit> A_LAYOUT=new compares two versions of the current layout (both called as B is), e.g. what later
# scripts added to the reserve.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3} CALLS=${2:-100000} MESSAGES=${3:-20000}
BASE=${BASE:-b74a2df} PORT=${REDIS_PORT:-16400} A_LAYOUT=${A_LAYOUT:-old}
OUT=target/load-tests/layout-ab
mkdir -p "$OUT/A" "$OUT/B"
for f in _lib reserve settle; do
  git show "$BASE:src/main/resources/lua/ledger/$f.lua" > "$OUT/A/$f.lua"
  cp "src/main/resources/lua/ledger/$f.lua" "$OUT/B/$f.lua"
done
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no > "$OUT/redis.log" 2>&1 &
REDIS=$!
trap 'kill $REDIS 2>/dev/null || true' EXIT
until redis-cli -p "$PORT" PING >/dev/null 2>&1; do sleep 0.1; done
cli() { redis-cli -p "$PORT" "$@"; }
ticks() { awk '{print $14 + $15}' "/proc/$REDIS/stat"; }

T='{p7}' ACCT='{p7}:acct:bench' NOW=1767225600000 MONTH=2026-01
ORDER=PLAN_ALLOWANCE,COMMITMENT,SUBSCRIPTION,PACKAGE,PROMOTIONAL,UNIVERSAL,AUTO_RECHARGE
DETAIL='{"to":"+393471234567","country":"IT","segments":"1","encoding":"GSM_7BIT","units":"1"}'
seed() {
  cli FLUSHALL >/dev/null
  cli HSET "$ACCT" pool 1000000000000000 granted 1000000000000000 seq 1 lot:L1 1000000000000000 \
    meta:L1 "UNIVERSAL|||0||1|1000000000000000||" >/dev/null
  cli SADD "$ACCT:lots" '' L1 >/dev/null
  cli SET "$ACCT:usable" L1 >/dev/null
  cli SET "$T:epoch" bench >/dev/null
  cli CONFIG RESETSTAT >/dev/null
}
# A as its version loaded it (the whole library before each script); B as the gateway loads it now: the script after
# what it uses of the library (io.tally.platform.LuaLibrary, from target/classes: ./mvnw compile first).
load() {
  if [ "$1" = B ]; then
    cli SCRIPT LOAD "$(java -cp target/classes io.tally.platform.LuaLibrary "$OUT/B/_lib.lua" "$OUT/B/$2.lua")"
  else
    cli SCRIPT LOAD "$(cat "$OUT/$1/_lib.lua" "$OUT/$1/$2.lua")"
  fi
}

# The arguments of each version's reserve for idempotency key K (reservation id r.bench.K), as its RedisLedger sends
# them; B derives the reservation id from the key, which changes nothing here. The last three (category, sorted index,
# account limit: none, '1', none) are B's; A ignores them.
reserve_args() {
  local v=$1 k=$2
  if [ "$v" = A ] && [ "$A_LAYOUT" = old ]; then
    echo 5 "$ACCT" "$ACCT:idem:$k" "$T:hold:r.bench.$k" "$T:deadlines" "$T:events"
  else
    echo 6 "$ACCT" "$T:hold:r.bench.$k" "$T:deadlines" "$T:events" "$ACCT:usable" "$T:epoch"
  fi
}

cpu() {
  local v=$1 sha before rate
  seed
  sha=$(load "$v" reserve)
  before=$(ticks)
  # shellcheck disable=SC2046
  rate=$(redis-benchmark -p "$PORT" -c 64 -n "$CALLS" -r 1000000000 -q EVALSHA "$sha" \
    $(reserve_args "$v" "w__rand_int__") bench fp "r.bench.w__rand_int__" "ev-__rand_int__" "" "" 0 "" SMS 10000 \
    "$NOW" "$((NOW + 60000))" "$MONTH" "$ORDER" SOONEST_EXPIRY_FIRST RELEASE "$DETAIL" 604800000 "" "" 1 "" \
    | tr '\r' '\n' | grep -o '[0-9.]* requests per second' | cut -d. -f1)
  [ "$(cli HGET "$ACCT" held)" -gt 0 ] || { echo "version $v reserved nothing" >&2; exit 1; }
  echo "$rate calls/s, $(( ($(ticks) - before) * 10000 / CALLS )) µs/call ($(cli INFO commandstats \
    | grep -o 'cmdstat_evalsha:[^,]*,[^,]*,usec_per_call=[0-9.]*' | cut -d= -f4) µs in the script)"
}

memory() {
  local v=$1 rsha ssha before after
  seed
  rsha=$(load "$v" reserve) ssha=$(load "$v" settle)
  before=$(cli INFO memory | awk -F: '/^used_memory:/ {print $2+0}')
  V=$v L=$A_LAYOUT N=$MESSAGES RSHA=$rsha SSHA=$ssha ACCT=$ACCT T=$T NOW=$NOW MONTH=$MONTH ORDER=$ORDER DETAIL=$DETAIL node -e '
    const e = process.env, out = [];
    const resp = (args) => "*" + args.length + "\r\n" + args.map(a => { a = String(a);
      return "$" + Buffer.byteLength(a) + "\r\n" + a + "\r\n"; }).join("");
    for (let i = 0; i < +e.N; i++) {
      const k = "m" + i, rid = "r.bench." + k, hold = e.T + ":hold:" + rid;
      const old = e.V === "A" && e.L === "old";
      const keys = old ? [e.ACCT, e.ACCT + ":idem:" + k, hold, e.T + ":deadlines", e.T + ":events"]
        : [e.ACCT, hold, e.T + ":deadlines", e.T + ":events", e.ACCT + ":usable", e.T + ":epoch"];
      out.push(resp(["EVALSHA", e.RSHA, keys.length, ...keys, "bench", "fingerprint-0123456789abcdef0123", rid,
        "ev-r" + i, "", "", "0", "", "SMS", "10000", e.NOW, +e.NOW + 60000, e.MONTH, e.ORDER, "SOONEST_EXPIRY_FIRST",
        "RELEASE", e.DETAIL, "604800000", "", "", "1", ""]));
      const skeys = old ? [hold, e.ACCT, e.T + ":deadlines", e.T + ":events"]
        : [hold, e.ACCT, e.T + ":deadlines", e.T + ":events", e.ACCT + ":usable", e.T + ":epoch"];
      out.push(resp(["EVALSHA", e.SSHA, skeys.length, ...skeys, rid, "COMMIT", "", "ev-s" + i, e.NOW, "604800000", ""]));
    }
    process.stdout.write(out.join(""));' | redis-cli -p "$PORT" --pipe >/dev/null
  [ "$(cli HGET "$ACCT" spent)" = "$((MESSAGES * 10000))" ] || { echo "version $v did not settle every message" >&2; exit 1; }
  cli DEL "$T:events" >/dev/null
  after=$(cli INFO memory | awk -F: '/^used_memory:/ {print $2+0}')
  echo "$(( (after - before) / MESSAGES )) B/message ($(cli DBSIZE) keys)"
}

echo "A = $BASE, B = working tree; $CALLS reserves per cpu run, $MESSAGES messages per memory run"
for round in $(seq 1 "$ROUNDS"); do
  for v in A B; do
    echo "round $round $v: reserve $(cpu $v); settled $(memory $v)"
  done
done | tee "$OUT/results.txt"
