#!/usr/bin/env bash
# What a ledger script costs Redis, counted in machine instructions rather than timed: redis-server runs under
# valgrind's cachegrind (instruction counting only), so the figure does not move with the machine's load the way
# CPU time does on a shared machine (docs/benchmarks.md, "Instructions per call"). Each figure is
# (Ir after CALLS2 calls - Ir after CALLS1 calls) / (CALLS2 - CALLS1): the server's start, the seeding and the script
# load cancel out. Calls go one at a time (redis-benchmark -c 1), each with a fresh idempotency key.
#   reserve A:  reserve.lua of the baseline commit BASE (default b74a2df, the layout before the ledger-at-scale work),
#               on the fresh account, called as that version was;
#   reserve / meter / commit, fresh and big: the working tree's scripts on
#     fresh: one universal lot and one allocated list (an allocation and a monthly limit);
#     big:   1,000 allocated lists with 25 months of spend each, 490 lots used up or expired (their fields left in the
#            hash, not indexed, as the ledger leaves them) and 10 universal lots of credits;
#   the movement is an SMS of the list list-0, as load-tests/ledger-scale runs it through the gateway.
#   RULES=n seeds n low-balance alert rules (none firing) on each account: with ONLY, what alert rules add.
# Needs: valgrind, redis-server, redis-cli, redis-benchmark, git, java and target/classes (./mvnw compile). Usage:
#   load-tests/reservations/script-ir.sh [calls1] [calls2]   (defaults 200, 2200; about 2 minutes)
set -euo pipefail
cd "$(dirname "$0")/../.."
CALLS1=${1:-200} CALLS2=${2:-2200}
BASE=${BASE:-b74a2df} BASE_PORT=${REDIS_PORT:-16410}
OUT=${OUT:-target/load-tests/script-ir}
mkdir -p "$OUT/A" "$OUT/B"
for f in _lib reserve settle; do
  git show "$BASE:src/main/resources/lua/ledger/$f.lua" > "$OUT/A/$f.lua"
done
cp "${B_DIR:-src/main/resources/lua/ledger}"/*.lua "$OUT/B/"  # B_DIR: another version of the scripts as B

T='{p7}' NOW=1767225600000 MONTH=2026-01
ORDER=PLAN_ALLOWANCE,COMMITMENT,SUBSCRIPTION,PACKAGE,PROMOTIONAL,UNIVERSAL,AUTO_RECHARGE
DETAIL='{"to":"+393471234567","country":"IT","segments":"1","encoding":"GSM_7BIT","units":"1"}'
BIG=1000000000000000
cli() { redis-cli -p "$PORT" "$@"; }

# The seeding commands of an account ($1: fresh or big), one per line for redis-cli.
# SHAPE="lists dead live months" overrides the big account's shape (e.g. "1000 490 1 24": big but one usable lot).
seed_commands() {
  local acct="$T:acct:$1" lists=1 dead=0 live=1 months=0
  [ "$1" = big ] && read -r lists dead live months <<< "${SHAPE:-1000 490 10 24}"
  echo "SET $T:epoch bench"
  echo "HSET $acct pool 0 granted $BIG seq $((dead + live)) mode ALLOCATED"
  for i in $(seq 0 $((lists - 1))); do
    local fields="alloc:list-$i $((BIG / lists)) spend:list-$i:$MONTH 1000000"
    if [ "$months" -gt 0 ]; then
      for m in $(seq 1 "$months"); do fields="$fields spend:list-$i:$((2023 + (m - 1) / 12))-$(printf %02d $(( (m - 1) % 12 + 1 ))) 5000000"; done
    fi
    echo "HSET $acct $fields"
    echo "SADD $acct:subs list-$i"
  done
  for i in $(seq 1 "$dead"); do
    if [ $((i % 2)) = 0 ]; then
      echo "HSET $acct lot:D$i 0 meta:D$i PACKAGE|SMS||0||$i|1000000||"
    else
      echo "HSET $acct lot:D$i 0 meta:D$i PROMOTIONAL|||0|$((NOW - 86400000))|$i|1000000||"
    fi
  done
  local ids=()
  for i in $(seq 1 "$live"); do
    echo "HSET $acct lot:L$i $((BIG / live)) meta:L$i UNIVERSAL|||0||$((dead + i))|$((BIG / live))||"
    ids+=("L$i")
  done
  echo "SET $acct:usable $(IFS=,; echo "${ids[*]}")"
  # RULES=n: n low-balance alert rules on the account (thresholds 1..n credits, none firing), as RuleMirror writes them
  if [ "${RULES:-0}" -gt 0 ]; then
    local lines=()
    for i in $(seq 1 "$RULES"); do lines+=("rule-$i|low-balance|$((i * 1000000))||||||"); done
    printf 'SET %s:alert-rules "%s"\n' "$acct" "$(IFS=$'\n'; echo "${lines[*]}" | sed -z 's/\n/\\n/g; s/\\n$//')"
  fi
}

# call_args <version> <script> <account> <key>: sets ARGS to the EVALSHA arguments after the sha.
call_args() {
  local v=$1 script=$2 name=$3 k=$4 acct="$T:acct:$3"
  case "$v:$script" in
    A:reserve) ARGS=(5 "$acct" "$acct:idem:$k" "$T:hold:r.$name.$k" "$T:deadlines" "$T:events" \
      "$name" fp "r.$name.$k" "ev-$k" list-0 ALLOCATED 1 1000000000000 SMS 10000 "$NOW" "$((NOW + 60000))" "$MONTH" \
      "$ORDER" SOONEST_EXPIRY_FIRST RELEASE "$DETAIL" 604800000) ;;
    B:reserve) ARGS=(6 "$acct" "$T:hold:r.$name.$k" "$T:deadlines" "$T:events" "$acct:usable" "$T:epoch" \
      "$name" fp "r.$name.$k" "ev-$k" list-0 ALLOCATED 1 1000000000000 SMS 10000 "$NOW" "$((NOW + 60000))" "$MONTH" \
      "$ORDER" SOONEST_EXPIRY_FIRST RELEASE "$DETAIL" 604800000 "" "" 1 "") ;;
    B:meter) ARGS=(5 "$acct" "$acct:idem:$k" "$T:events" "$acct:usable" "$T:epoch" \
      "$name" fp "ev-$k" list-0 ALLOCATED 1 SMS 10000 "$NOW" "$MONTH" "$ORDER" SOONEST_EXPIRY_FIRST 0 "$DETAIL" \
      604800000 "" "" 1 "") ;;
  esac
}

# ir <version> <script> <account> <calls>: the instructions redis-server executed in all, start to shutdown.
ir() {
  local v=$1 script=$2 name=$3 calls=$4 log="$OUT/$1-$2-$3-$4.log" sha pid
  PORT=$((BASE_PORT + RANDOM % 500))  # a port of its own: a server still exiting must not answer for this one
  ! cli PING >/dev/null 2>&1 || { echo "port $PORT is taken" >&2; exit 1; }
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no > "$log" 2>&1 &
  pid=$!
  until cli PING >/dev/null 2>&1; do sleep 0.2; done
  seed_commands "$name" | cli > /dev/null
  if [ "$v" = A ]; then
    sha=$(cli SCRIPT LOAD "$(cat "$OUT/$v/_lib.lua" "$OUT/$v/$script.lua")")
  else  # as the gateway loads it: the script after what it uses of the library
    sha=$(cli SCRIPT LOAD "$(java -cp target/classes io.tally.platform.LuaLibrary "$OUT/$v/_lib.lua" "$OUT/$v/$script.lua")")
  fi
  call_args "$v" "$script" "$name" check
  [ "$(cli EVALSHA "$sha" "${ARGS[@]}" | head -1)" = 1 ] \
    || { echo "$v $script on $name did not answer 1" >&2; kill "$pid"; exit 1; }
  call_args "$v" "$script" "$name" "k__rand_int__"
  redis-benchmark -p "$PORT" -c 1 -n "$calls" -r 1000000000 -q EVALSHA "$sha" "${ARGS[@]}" > /dev/null
  cli SHUTDOWN NOSAVE > /dev/null 2>&1 || true
  wait "$pid" || true
  grep -o 'I *refs: *[0-9,]*' "$log" | tr -d ', ' | cut -d: -f2
}

per_call() {
  local one two
  one=$(ir "$@" "$CALLS1") two=$(ir "$@" "$CALLS2")
  echo $(( (two - one) / (CALLS2 - CALLS1) ))
}

# ONLY="<version> <script> <account>" measures that one alone.
if [ -n "${ONLY:-}" ]; then
  # shellcheck disable=SC2086
  echo "$ONLY ${SHAPE:-} $(per_call $ONLY)"
  exit
fi
echo "instructions per call (redis-server, cachegrind), $CALLS1 and $CALLS2 calls; A = $BASE, B = working tree"
{
  a=$(per_call A reserve fresh)
  rf=$(per_call B reserve fresh) rb=$(per_call B reserve big)
  mf=$(per_call B meter fresh) mb=$(per_call B meter big)
  echo "reserve A (fresh)      $a"
  echo "reserve B fresh / big  $rf / $rb   big/fresh $(awk "BEGIN{printf \"%.2f\", $rb/$rf}")   B/A $(awk "BEGIN{printf \"%.2f\", $rf/$a}")"
  echo "meter   B fresh / big  $mf / $mb   big/fresh $(awk "BEGIN{printf \"%.2f\", $mb/$mf}")"
} | tee "$OUT/results.txt"
