#!/usr/bin/env bash
# SSE fan-out and alert latency (docs/benchmarks.md "SSE fan-out"): one gateway, ACCOUNTS accounts each with a
# low-balance rule 0.005 credits under its balance, so that every reservation fires it and its release resolves it.
#   1. the reservation rate at saturation (autocannon, closed loop, 64 connections, one account), unless RATE is given;
#   2. fan-out: SUBSCRIBERS SSE clients (1,000) spread over the accounts while reservations go at half that rate (an
#      open model, each released after its reply): delivery latency, reply to each subscriber's receipt,
#      p50/p99/p99.9 (fanout.js);
#   3. alert latency: the same rate with one SSE client per account: p99 from the reply to the SSE receipt.
# GENERATOR (both): autocannon drives the movements of steps 2 and 3 (-R over one connection per account, each
# account's movements one at a time), open-rate (load-tests/lib/open-rate.js: reservations at a constant rate, evenly
# spaced, each timed from its scheduled instant, its release at its reply), or both, one after the other (the
# open-rate runs' output in *-open-rate.txt).
# The gateway, Redis, PostgreSQL and the node process share this machine's cores.
# Needs: node 20+ (`npm ci` in load-tests/reservations installs autocannon, in load-tests/lib undici), curl, redis-cli, psql, this machine's
# Redis (database 0 is flushed) and PostgreSQL (database tally_bench is recreated).
# Usage: load-tests/alerts/fanout.sh [SECONDS] [RATE] [SUBSCRIBERS] [ACCOUNTS] [APP]
# BACKGROUND (0): plain reservations a second on the bench account (no alert rule, open-rate.js, 32 connections) sent
# beside each alert-latency step, so that the alerts are timed while the gateway also serves ordinary traffic: with
# RATE + BACKGROUND at half the plain reservations' saturation, the alerts' latency at half the reservation rate.
# BACKGROUND=half (with RATE given) measures that saturation first (as step 1) and sends half of it less RATE.
# DIVISOR (2): without RATE, the reservations go at the saturation rate divided by it. Each reservation is followed
# by its release, so at 2 the gateway serves as many requests as at saturation; 4 puts the movements at half.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-30} RATE=${2:-} SUBSCRIBERS=${3:-1000} ACCOUNTS=${4:-100} APP=${5:-}
PORT=${PORT:-18080} PG_DB=${PG_DB:-tally_bench} REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
KEY=bench-operator-key-0123456789abcdefghijkl
OUT=target/load-tests/alerts
mkdir -p "$OUT"
for tool in node curl redis-cli psql; do
  command -v "$tool" >/dev/null || { echo "missing $tool"; exit 1; }
done
[ -d load-tests/reservations/node_modules/autocannon ] || (cd load-tests/reservations && npm ci --no-audit --no-fund)
[ -d load-tests/lib/node_modules/undici ] || (cd load-tests/lib && npm ci --no-audit --no-fund)
GENERATOR=${GENERATOR:-both}
case "$GENERATOR" in
  autocannon) GENERATORS=(autocannon) PREFIXES="fan one" ;;
  open-rate) GENERATORS=(open-rate) PREFIXES="fan-or one-or" ;;
  both) GENERATORS=(autocannon open-rate) PREFIXES="fan one fan-or one-or" ;;
  *) echo "GENERATOR must be autocannon, open-rate or both"; exit 1 ;;
esac
source load-tests/reservations/gateway.sh
if [ -z "$APP" ]; then
  ./mvnw -q -B package -DskipTests
  APP=target/quarkus-app
fi
fresh_stores
# Enough SSE streams per account for the subscribers, and a reader that blocks as in production.
export TALLY_ALERTS_MAX_STREAMS_PER_ACCOUNT=$(( SUBSCRIBERS / ACCOUNTS + 1 ))
start_gateway "$APP" "$OUT/gateway.log"
trap 'kill $GATEWAY 2>/dev/null || true' EXIT
seed_account
URL="http://localhost:$PORT"
api=(curl -sf -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json')
# Accounts of their own for each generator: a run can end between a reservation and its release, leaving the
# account under its threshold.
for i in $(seq 0 $(( ACCOUNTS - 1 ))); do
  for prefix in $PREFIXES; do
    account=$prefix-$i
    "${api[@]}" -XPOST "$URL/v1/accounts" -d "{\"id\":\"$account\",\"name\":\"$account\"}"
    "${api[@]}" -XPUT "$URL/v1/accounts/$account/rates" \
      -d '{"rates":[{"service":"SMS","direction":"outbound","country":"*","rate":"0.01"}]}'
    "${api[@]}" -XPOST "$URL/v1/accounts/$account/grants" \
      -d "{\"idempotencyKey\":\"$account-grant\",\"kind\":\"universal\",\"amount\":\"100.005\"}"
    "${api[@]}" -XPOST "$URL/v1/accounts/$account/alert-rules" -d '{"type":"low-balance","threshold":"100"}'
  done
done
export NODE_PATH=load-tests/reservations/node_modules
node load-tests/alerts/reserve.js "$URL" bench "${WARM_SECONDS:-20}" 32 >/dev/null
if [ "${BACKGROUND:-0}" = half ]; then
  FULL=$(( $(node load-tests/alerts/reserve.js "$URL" bench "$SECONDS_PER_RUN" 64) / SECONDS_PER_RUN ))
  BACKGROUND=$(( FULL / 2 - RATE ))
  echo "saturation: $FULL reservations/s (load average $(cut -d' ' -f1-3 /proc/loadavg)); half, less $RATE/s:" \
    "$BACKGROUND/s beside the alert-latency step" | tee "$OUT/fanout-saturation.txt"
fi
if [ -z "$RATE" ]; then
  FULL=$(( $(node load-tests/alerts/reserve.js "$URL" bench "$SECONDS_PER_RUN" 64) / SECONDS_PER_RUN ))
  RATE=$(( FULL / ${DIVISOR:-2} ))
  echo "saturation: $FULL reservations/s (load average $(cut -d' ' -f1-3 /proc/loadavg)); 1/${DIVISOR:-2}: $RATE/s" \
    | tee "$OUT/fanout-saturation.txt"
fi
for generator in "${GENERATORS[@]}"; do
  suffix=$([ "$generator" = open-rate ] && echo -open-rate || true) tag=$([ "$generator" = open-rate ] && echo -or || true)
  echo "== fan-out: $SUBSCRIBERS subscribers on $ACCOUNTS accounts, $RATE reservations/s ($generator)," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  node load-tests/alerts/fanout.js "$URL" "fan$tag" "$ACCOUNTS" "$SUBSCRIBERS" "$RATE" "$SECONDS_PER_RUN" "$generator" \
    | tee "$OUT/fanout$suffix.txt"
  echo "== alert latency: one subscriber per account, $RATE reservations/s ($generator)," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  background=
  if [ "${BACKGROUND:-0}" -gt 0 ]; then
    echo "   with $BACKGROUND plain reservations/s beside (open-rate.js)"
    node load-tests/lib/open-rate.js "$URL" --rate "$BACKGROUND" --seconds "$(( SECONDS_PER_RUN + 10 ))" \
      --connections "${BACKGROUND_CONNECTIONS:-32}" --lead-in 2 --method POST --path /v1/reservations \
      --header "authorization: Bearer $KEY" --header 'content-type: application/json' \
      --body '{"idempotencyKey":"bg-{{n}}","account":"bench","service":"sms","to":"+393471234567",'\
'"text":"Your code is 1234. It expires in 10 minutes."}' \
      > "$OUT/background$suffix.txt" &
    background=$!
  fi
  node load-tests/alerts/fanout.js "$URL" "one$tag" "$ACCOUNTS" "$ACCOUNTS" "$RATE" "$SECONDS_PER_RUN" "$generator" \
    | tee "$OUT/alert-latency$suffix.txt"
  if [ -n "$background" ]; then
    wait "$background"
    echo "   background: $(head -1 "$OUT/background$suffix.txt")"
  fi
done
