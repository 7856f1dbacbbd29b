#!/usr/bin/env bash
# What each money movement costs Redis on a big account against a fresh one, in the same run (docs/benchmarks.md,
# "Ledger cost against account size"). Starts its own redis-server (a free port, no persistence) and the packaged
# gateway (load-tests/reservations/gateway.sh) against it and this machine's PostgreSQL, then scale.js:
#   1. builds two accounts through the public API: "fresh" (one lot, one allocated list) and "big" (1,000 allocated
#      lists, 500 lots of which 245 are used up and 245 expired, and 24 past months of spend on every list, written
#      straight into the account hash in the shape the ledger leaves; see scale.js);
#   2. runs ROUNDS rounds; each round runs every movement CALLS times on one account, then on the other (the order
#      alternates per round): reserve, commit (of those holds), reserve again, release (of those), metered use. Each
#      step is framed by redis-server's CPU time from /proc (the whole call: network, parsing, the script; on-CPU
#      time, so it holds on a busy machine) and by CONFIG RESETSTAT and INFO commandstats (the EVALSHA
#      usec_per_call: the script's wall-clock time inside Redis, which grows when redis-server waits for a core);
#      then MESSAGES (5 x CALLS) reserve + commit pairs on the fresh account, with used_memory before and after;
#   3. prints per movement the fresh and big figures and the ratio big / fresh (ranges over the steps), and the
#      Redis memory each settled message keeps for the idempotency window (its event stream left out).
# Needs: node (20+), redis-server, redis-cli, psql, curl, and PostgreSQL on 127.0.0.1:5432 (user postgres); it
# recreates the database PG_DB (tally_scale) and never touches the machine's Redis.
# Usage: load-tests/ledger-scale/run.sh [rounds] [calls per step]   (defaults 3 and 2000; results in
# target/load-tests/ledger-scale/). REBUILD=0 reuses target/quarkus-app; REDIS_PORT (16390) and PORT (18090) move
# the ports.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3} CALLS=${2:-2000}
REDIS_PORT=${REDIS_PORT:-16390} PORT=${PORT:-18090} PG_DB=${PG_DB:-tally_scale}
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0 KEY=bench-operator-key-0123456789abcdefghijkl
OUT=target/load-tests/ledger-scale
mkdir -p "$OUT"
for tool in node redis-server redis-cli psql curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install nodejs redis-server postgresql-client curl)"; exit 1; }
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

[ -f target/quarkus-app/quarkus-run.jar ] && [ "${REBUILD:-1}" = 0 ] || mvn -q -B package -DskipTests
fresh_stores
# The periodic reconciliation runs a script by EVALSHA too: keep it out of the measured steps.
export TALLY_RECONCILIATION_INTERVAL=24h
# So do the sweepers of holds and expiries and the recharge worker (holds are settled by the steps themselves; lots
# past their expiry are expired by the first movement that meets them, before the measured steps).
export TALLY_LEDGER_SWEEP_INTERVAL=24h TALLY_PAYMENTS_RECHARGE_INTERVAL=24h
# A script on the big account may take longer than the default 2 s Redis timeout while calls queue behind it.
export TALLY_REDIS_TIMEOUT=60s
start_gateway target/quarkus-app "$OUT/gateway.log"
curl -sf "localhost:$PORT/q/health/ready" >/dev/null || { echo "the gateway did not start: $OUT/gateway.log"; exit 1; }

REDIS_URL=$REDIS_URL REDIS_PID=$REDIS PORT=$PORT KEY=$KEY \
  node load-tests/ledger-scale/scale.js "$ROUNDS" "$CALLS" | tee "$OUT/results.txt"
