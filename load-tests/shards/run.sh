#!/usr/bin/env bash
# Redis CPU per reservation with 1, 2 and 3 cluster masters, in one run (docs/benchmarks.md "Throughput with
# shards"). For each N: N redis-server processes in cluster mode (their own ports, a temp dir, no persistence, the
# 16,384 slots split evenly by CLUSTER ADDSLOTSRANGE, joined by CLUSTER MEET), the packaged gateway on them
# (TALLY_REDIS_CLUSTER=true, every master in TALLY_REDIS_URL) and a fresh PostgreSQL database, ACCOUNTS accounts, a
# warm-up, then reservations spread over the accounts at a fixed RATE (shards.js) for SECONDS. Per master: the
# EVALSHA calls it served, their usec_per_call (INFO commandstats, reset after the warm-up) and the redis-server
# process's CPU time (user + system from /proc) over the run, divided by those calls.
# The masters, the gateway and autocannon share this machine's cores: what is compared is CPU per reservation, not
# the rate (the per-shard arithmetic is in docs/benchmarks.md).
# Needs: redis-server and redis-cli 7.0+, psql, curl, node 20+ (`npm ci` in load-tests/reservations).
# Usage: load-tests/shards/run.sh [SECONDS] [RATE] [ACCOUNTS] [APP]   (defaults 20, 2000, 64, target/quarkus-app)
# Env: BASE_PORT (17100: masters on BASE_PORT+1…), PORT (18181), PG_DB (tally_shards), WARM_SECONDS (20), MASTERS
# ("1 2 3").
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-20} RATE=${2:-2000} ACCOUNTS=${3:-64} APP=${4:-target/quarkus-app}
BASE_PORT=${BASE_PORT:-17100} PORT=${PORT:-18181} PG_DB=${PG_DB:-tally_shards}
KEY=bench-operator-key-0123456789abcdefghijkl
OUT=target/load-tests/shards
mkdir -p "$OUT"
[ -d load-tests/reservations/node_modules/autocannon ] || (cd load-tests/reservations && npm ci --no-audit --no-fund)
[ -f "$APP/quarkus-run.jar" ] || { ./mvnw -q -B package -DskipTests; APP=target/quarkus-app; }
source load-tests/reservations/gateway.sh
export NODE_PATH=load-tests/reservations/node_modules TALLY_KEY=$KEY TALLY_REDIS_CLUSTER=true
DIR=$(mktemp -d /tmp/tally-shards.XXXXXX)
REDIS_PIDS=() GATEWAY=
stop_all() {
  if [ -n "$GATEWAY" ]; then kill "$GATEWAY" 2>/dev/null; wait "$GATEWAY" 2>/dev/null || true; fi
  for pid in "${REDIS_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${REDIS_PIDS[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
  REDIS_PIDS=() GATEWAY=
}
trap 'stop_all; rm -rf "$DIR"' EXIT
: > "$OUT/figures.txt"
say() { echo "$*" | tee -a "$OUT/figures.txt"; }
say "$(date -u +%FT%TZ): $RATE reservations/s asked over $ACCOUNTS accounts, $SECONDS_PER_RUN s per run"

for n in ${MASTERS:-1 2 3}; do
  rm -rf "${DIR:?}"/*
  ports=()
  for i in $(seq 1 "$n"); do
    port=$(( BASE_PORT + i ))
    ports+=("$port")
    redis-server --port "$port" --bind 127.0.0.1 --dir "$DIR" --cluster-enabled yes \
      --cluster-config-file "nodes-$port.conf" --cluster-node-timeout 2000 --cluster-require-full-coverage no \
      --save '' --appendonly no --maxmemory-policy noeviction > "$OUT/redis-$n-$port.log" 2>&1 &
    REDIS_PIDS+=($!)
  done
  for port in "${ports[@]}"; do until redis-cli -p "$port" PING >/dev/null 2>&1; do sleep 0.1; done; done
  for i in $(seq 0 $(( n - 1 ))); do
    redis-cli -p "${ports[$i]}" CLUSTER ADDSLOTSRANGE $(( i * 16384 / n )) $(( (i + 1) * 16384 / n - 1 ))
  done >/dev/null
  for port in "${ports[@]:1}"; do redis-cli -p "${ports[0]}" CLUSTER MEET 127.0.0.1 "$port" >/dev/null; done
  for port in "${ports[@]}"; do
    until redis-cli -p "$port" CLUSTER INFO | grep -q 'cluster_state:ok' \
      && [ "$(redis-cli -p "$port" CLUSTER NODES | wc -l)" = "$n" ]; do sleep 0.2; done
  done
  REDIS_URL=$(printf 'redis://127.0.0.1:%s,' "${ports[@]}"); REDIS_URL=${REDIS_URL%,}
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB" >/dev/null 2>&1
  start_gateway "$APP" "$OUT/gateway-$n.log"
  curl -sf "localhost:$PORT/q/health/ready" >/dev/null || { echo "gateway did not start: $OUT/gateway-$n.log"; exit 1; }
  api=(curl -sf -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json')
  for a in $(seq 0 $(( ACCOUNTS - 1 ))); do
    "${api[@]}" -XPOST "localhost:$PORT/v1/accounts" -d "{\"id\":\"sh-$a\",\"name\":\"sh-$a\"}"
    "${api[@]}" -XPUT "localhost:$PORT/v1/accounts/sh-$a/rates" \
      -d '{"rates":[{"service":"SMS","direction":"outbound","country":"*","rate":"0.01"}]}'
    "${api[@]}" -XPOST "localhost:$PORT/v1/accounts/sh-$a/grants" \
      -d "{\"idempotencyKey\":\"sh-$a-grant\",\"kind\":\"universal\",\"amount\":\"900000000\"}"
  done
  node load-tests/shards/shards.js "http://localhost:$PORT" sh "$ACCOUNTS" "$RATE" 32 "${WARM_SECONDS:-20}" >/dev/null
  # The masters' CPU with the gateway idle (its background loops: the alert readers, the sweeper), over IDLE seconds.
  declare -A t0=() idle=()
  for i in $(seq 0 $(( n - 1 ))); do idle[$i]=$(cpu_ticks "${REDIS_PIDS[$i]}"); done
  sleep "${IDLE:-10}"
  for i in $(seq 0 $(( n - 1 ))); do idle[$i]=$(( $(cpu_ticks "${REDIS_PIDS[$i]}") - idle[$i] )); done
  for i in $(seq 0 $(( n - 1 ))); do
    redis-cli -p "${ports[$i]}" CONFIG RESETSTAT >/dev/null
    t0[$i]=$(cpu_ticks "${REDIS_PIDS[$i]}")
  done
  g0=$(cpu_ticks "$GATEWAY")
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  line=$(node load-tests/shards/shards.js "http://localhost:$PORT" sh "$ACCOUNTS" "$RATE" 32 "$SECONDS_PER_RUN")
  g1=$(cpu_ticks "$GATEWAY")
  say "== $n master(s), load average $load -> $(cut -d' ' -f1-3 /proc/loadavg): $line"
  total_calls=0 total_ticks=0 total_net=0
  for i in $(seq 0 $(( n - 1 ))); do
    ticks=$(( $(cpu_ticks "${REDIS_PIDS[$i]}") - t0[$i] ))
    stats=$(redis-cli -p "${ports[$i]}" INFO commandstats | tr -d '\r')
    echo "$stats" > "$OUT/commandstats-$n-${ports[$i]}.txt"
    calls=$(awk -F'[=,]' '/^cmdstat_evalsha:/ {print $2}' <<< "$stats"); calls=${calls:-0}
    upc=$(awk -F'[=,]' '/^cmdstat_evalsha:/ {print $6}' <<< "$stats")
    all=$(awk -F'[:=,]' '/^cmdstat_/ {c += $3} END {print c + 0}' <<< "$stats")
    total_calls=$(( total_calls + calls )) total_ticks=$(( total_ticks + ticks ))
    net=$(awk -v t="$ticks" -v i="${idle[$i]}" -v s="$SECONDS_PER_RUN" -v d="${IDLE:-10}" 'BEGIN {print t - i * s / d}')
    total_net=$(awk -v a="${total_net:-0}" -v b="$net" 'BEGIN {print a + b}')
    say "   master ${ports[$i]}: $calls evalsha ($all commands in all), usec_per_call $upc," \
      "CPU $(( ticks * 10 )) ms = $(awk -v t="$ticks" -v c="$calls" 'BEGIN {printf "%.1f", c ? t * 10000 / c : 0}') µs per evalsha" \
      "($(( idle[$i] * 10 )) ms in ${IDLE:-10} s idle; net of it $(awk -v t="$net" -v c="$calls" \
      'BEGIN {printf "%.1f", c ? t * 10000 / c : 0}') µs)"
  done
  say "   all masters: $total_calls evalsha, CPU $(( total_ticks * 10 )) ms =" \
    "$(awk -v t="$total_ticks" -v c="$total_calls" 'BEGIN {printf "%.1f", t * 10000 / c}') µs per evalsha" \
    "(net of idle $(awk -v t="$total_net" -v c="$total_calls" 'BEGIN {printf "%.1f", t * 10000 / c}') µs);" \
    "gateway $(awk -v t="$(( g1 - g0 ))" -v c="$total_calls" 'BEGIN {printf "%.1f", t * 10000 / c}') µs per evalsha"
  stop_all
done
