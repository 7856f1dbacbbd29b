#!/usr/bin/env bash
# A/B of two builds of the gateway on POST /v1/reservations, alternating A, B, A, B ... so that both see the same
# machine (it is shared and its speed drifts by ±30% within minutes). Besides the rate it reports what each request
# cost in CPU, read from /proc: the gateway's and redis-server's user+system time over the run divided by the requests.
# Per-request CPU moves far less than the rate with the machine's load, so compare that first.
# Needs: wrk, redis-cli, psql, the machine's Redis (127.0.0.1:6379, database 0 is flushed) and PostgreSQL.
# Usage: load-tests/reservations/ab.sh ROUNDS DIR_A DIR_B   (DIR_*: a target/quarkus-app copied aside after a build)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=$1 A=$2 B=$3
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20} PORT=${PORT:-18080} PG_DB=${PG_DB:-tally_bench}
KEY=bench-operator-key-0123456789abcdefghijkl
export TALLY_KEY=$KEY TALLY_ACCOUNT=bench
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # clock ticks (1/100 s)

measure() {
  redis-cli FLUSHDB >/dev/null
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB" >/dev/null 2>&1
  TALLY_REDIS_URL=redis://127.0.0.1:6379/0 TALLY_POSTGRES_URL=postgresql://127.0.0.1:5432/$PG_DB \
    TALLY_POSTGRES_USERNAME=postgres TALLY_AUTH_BOOTSTRAP_OPERATOR_KEY=$KEY PORT=$PORT QUARKUS_LOG_LEVEL=WARN \
    TALLY_USAGE_WRITER_ENABLED=false java -Xmx1g -jar "$1/quarkus-run.jar" >/dev/null 2>&1 &
  local gateway=$! redis
  for _ in $(seq 1 60); do curl -sf "localhost:$PORT/q/health/ready" >/dev/null && break; sleep 1; done
  api() { curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@" >/dev/null; }
  api -XPOST "localhost:$PORT/v1/accounts" -d '{"id":"bench","name":"Bench"}'
  api -XPUT "localhost:$PORT/v1/accounts/bench/rates" \
    -d '{"rates":[{"service":"SMS","direction":"outbound","country":"*","rate":"0.01"}]}'
  api -XPOST "localhost:$PORT/v1/accounts/bench/grants" \
    -d '{"idempotencyKey":"bench-grant","kind":"universal","amount":"900000000"}'
  wrk -t2 -c64 -d"${WARM_SECONDS:-45}s" -s load-tests/reservations/reserve.lua "http://localhost:$PORT" >/dev/null 2>&1 || true
  redis=$(redis-cli INFO server | awk -F: '/^process_id/ {print $2}' | tr -d '\r')
  local g0 r0 out requests
  g0=$(cpu $gateway) r0=$(cpu "$redis")
  out=$(wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -s load-tests/reservations/reserve.lua "http://localhost:$PORT" 2>/dev/null)
  requests=$(awk '/requests in/ {print $1}' <<< "$out")
  echo "$(awk '/Requests\/sec/ {printf "%d/s", $2}' <<< "$out")" \
    "gateway $(( ($(cpu $gateway) - g0) * 10000 / requests )) µs/request," \
    "redis $(( ($(cpu "$redis") - r0) * 10000 / requests )) µs/request," \
    "p99 $(awk '$1 == "99%" {print $2}' <<< "$out")"
  kill $gateway; wait $gateway 2>/dev/null || true
}

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round A: $(measure "$A")"
  echo "round $round B: $(measure "$B")"
done
