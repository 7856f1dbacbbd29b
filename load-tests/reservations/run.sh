#!/usr/bin/env bash
# Reservations over HTTP against three baselines measured in the same run:
#   1. the ceiling of Redis itself running the reserve script (redis-benchmark, EVALSHA),
#   2. the ceiling of the HTTP stack (POST /bench/noop, same server, same load generator),
#   3. one Redis round trip per request through the same stack (GET /bench/redis),
# then POST /v1/reservations at full load, and paced at about half that rate for latency percentiles, and last the
# whole life of a message (reserve, then commit) with the Redis memory each message leaves behind.
# Needs: wrk, redis-benchmark, a Redis and a PostgreSQL on this machine.
# The usage writer is off (WRITER=true turns it on; load-tests/usage-writer measures it). JIT warm-up: WARM_SECONDS (45; C2 was still compiling 30 s in on a slow day).
# Usage: load-tests/reservations/run.sh [seconds]   (results in target/load-tests/)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-20}
CONNECTIONS=${CONNECTIONS:-64}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
PG_DB=${PG_DB:-tally_bench}
PORT=${PORT:-18080}
OUT=target/load-tests
KEY=bench-operator-key-0123456789abcdefghijkl
mkdir -p "$OUT"

for tool in wrk redis-benchmark redis-cli psql; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk redis-tools postgresql-client)"; exit 1; }
done

source load-tests/reservations/gateway.sh
fresh_stores
[ -f target/quarkus-app/quarkus-run.jar ] && [ "${REBUILD:-1}" = 0 ] || mvn -q -B package -DskipTests -Dtally.bench.enabled=true
start_gateway target/quarkus-app "$OUT/gateway.log"
trap 'kill $GATEWAY 2>/dev/null || true' EXIT
seed_account

# The JIT needs 20-45 s of load to settle: a 5 s warm-up measured half the steady rate (docs/benchmarks.md).
warm() { wrk -t2 -c"$CONNECTIONS" -d"${WARM_SECONDS:-45}s" "$@" >/dev/null 2>&1 || true; }
rate() { awk '/Requests\/sec/ {print int($2)}' "$1"; }
REDIS_PID=$(redis_pid)
# load <name> <wrk args...>: one measured wrk run into $OUT/<name>.txt, then what each request cost in CPU (from
# /proc, and bash's time for wrk itself) in $OUT/<name>-cpu.txt. Per-request CPU moves far less than the rate on
# this shared machine, and it shows where the 2 cores go.
load() {
  local name=$1 g0 r0 requests; shift
  g0=$(cpu_ticks "$GATEWAY") r0=$(cpu_ticks "$REDIS_PID")
  { TIMEFORMAT='%U %S'; time wrk -t2 -d"${SECONDS_PER_RUN}s" --latency "$@" > "$OUT/$name.txt" 2> "$OUT/$name-errors.txt"; } \
    2> "$OUT/$name-wrk-time.txt"
  requests=$(awk '/requests in/ {print $1}' "$OUT/$name.txt")
  awk -v g="$(( ($(cpu_ticks "$GATEWAY") - g0) * 10000 ))" -v r="$(( ($(cpu_ticks "$REDIS_PID") - r0) * 10000 ))" \
    -v n="$requests" '{printf "CPU per request: gateway %d µs, redis-server %d µs, wrk %d µs\n", g / n, r / n, ($1 + $2) * 1000000 / n}' \
    "$OUT/$name-wrk-time.txt" | tee "$OUT/$name-cpu.txt"
}

echo "== redis-benchmark: the reserve script by EVALSHA, fresh idempotency key and hold each call"
# as the gateway loads it: what the script uses of the library, its first part ahead (io.tally.platform.LuaLibrary)
SHA=$(redis-cli -u "$REDIS_URL" SCRIPT LOAD "$(java -cp target/classes io.tally.platform.LuaLibrary \
  target/classes/lua/ledger/_lib.lua target/classes/lua/ledger/reserve.lua)")
ACCT=$(redis-cli -u "$REDIS_URL" --scan --pattern '{p*}:acct:bench' | head -1)
TAG=${ACCT%%:*}
NOW=$(date +%s%3N)
ORDER=PLAN_ALLOWANCE,COMMITMENT,SUBSCRIPTION,PACKAGE,PROMOTIONAL,UNIVERSAL,AUTO_RECHARGE
redis-benchmark -u "$REDIS_URL" -c "$CONNECTIONS" -n $(( 20000 * SECONDS_PER_RUN / 4 )) -r 1000000000 -q \
  EVALSHA "$SHA" 6 "$ACCT" "$TAG:hold:r.bench.rb__rand_int__" "$TAG:deadlines" \
  "$TAG:events" "$ACCT:usable" "$TAG:epoch" bench fp "r.bench.rb__rand_int__" "ev-__rand_int__" "" "" 0 "" SMS 10000 "$NOW" \
  "$(( NOW + 3600000 ))" "$(date +%Y-%m)" "$ORDER" SOONEST_EXPIRY_FIRST RELEASE '{}' 604800000 \
  | tr '\r' '\n' | tail -1 | tee "$OUT/redis-benchmark.txt"

echo "== bare HTTP: POST /bench/noop"
warm -s load-tests/reservations/noop.lua "http://localhost:$PORT"
load noop -c"$CONNECTIONS" -s load-tests/reservations/noop.lua "http://localhost:$PORT"
echo "noop: $(rate "$OUT/noop.txt") req/s"

echo "== one Redis round trip: GET /bench/redis"
warm "http://localhost:$PORT/bench/redis"
load redis -c"$CONNECTIONS" "http://localhost:$PORT/bench/redis"
echo "redis: $(rate "$OUT/redis.txt") req/s"

echo "== reservations: POST /v1/reservations, full load"
warm -s load-tests/reservations/reserve.lua "http://localhost:$PORT"
load reserve -c"$CONNECTIONS" -s load-tests/reservations/reserve.lua "http://localhost:$PORT"
FULL=$(rate "$OUT/reserve.txt")
echo "reserve: $FULL req/s ($(wc -l < "$OUT/reserve-errors.txt") non-201 answers)"

echo "== reservations at about half that rate, paced, latency percentiles"
PACED_CONNECTIONS=100
export DELAY_MS=$(( PACED_CONNECTIONS * 1000 * 2 / (FULL > 0 ? FULL : 1) ))
load half -c"$PACED_CONNECTIONS" -s load-tests/reservations/reserve-paced.lua "http://localhost:$PORT"
echo "half: $(rate "$OUT/half.txt") req/s with ${DELAY_MS} ms pauses; latency:"
grep -A4 "Latency Distribution" "$OUT/half.txt"

echo "== the whole life of a message: reserve, then commit (reserve.lua with TALLY_COMMIT=1), full load"
EVENTS="$TAG:events"
used() { redis-cli -u "$REDIS_URL" INFO memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r'; }
stream() { redis-cli -u "$REDIS_URL" MEMORY USAGE "$EVENTS"; }
TALLY_COMMIT=1 warm -s load-tests/reservations/reserve.lua "http://localhost:$PORT"
M0=$(used) S0=$(stream)
TALLY_COMMIT=1 load lifecycle -c"$CONNECTIONS" -s load-tests/reservations/reserve.lua "http://localhost:$PORT"
MESSAGES=$(( $(awk '/requests in/ {print $1}' "$OUT/lifecycle.txt") / 2 ))
echo "lifecycle: $(rate "$OUT/lifecycle.txt") req/s, $MESSAGES messages ($(wc -l < "$OUT/lifecycle-errors.txt") answers other than 201/200)"
# Redis memory each message leaves behind: its settled hold (also its reserve's idempotency record) stays for the
# idempotency TTL
# (TALLY_LEDGER_IDEMPOTENCY_TTL, 7 days); its two events stay in the stream until the usage writer trims it.
echo "Redis memory per message: $(( ($(used) - M0 - ($(stream) - S0)) / MESSAGES )) B kept for the idempotency TTL," \
  "$(( ($(stream) - S0) / MESSAGES )) B of events until the usage writer trims them" | tee "$OUT/lifecycle-memory.txt"
