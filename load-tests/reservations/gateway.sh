# Sourced by run.sh and ab.sh: start a gateway build against this machine's Redis and PostgreSQL, and seed the
# account the wrk scripts reserve against. Expects REDIS_URL, PG_DB, PORT and KEY to be set.

# start_gateway <quarkus-app dir> <log file>: sets GATEWAY to its pid and returns once it is ready. JAVA_OPTS adds
# JVM options (a JFR recording: -XX:StartFlightRecording=filename=...). GATEWAY_CPUS (a taskset list, e.g. 0-1) runs it
# on those CPUs only, so that the JVM also sizes its event loops and collector threads for them.
start_gateway() {
  TALLY_REDIS_URL=$REDIS_URL TALLY_POSTGRES_URL=postgresql://127.0.0.1:5432/$PG_DB TALLY_POSTGRES_USERNAME=postgres \
    TALLY_AUTH_BOOTSTRAP_OPERATOR_KEY=$KEY PORT=$PORT QUARKUS_LOG_LEVEL=WARN TALLY_USAGE_WRITER_ENABLED=${WRITER:-false} \
    ${GATEWAY_CPUS:+taskset -c $GATEWAY_CPUS} java -Xmx1g ${JAVA_OPTS:-} -jar "$1/quarkus-run.jar" > "$2" 2>&1 &
  GATEWAY=$!
  for _ in $(seq 1 60); do curl -sf "localhost:$PORT/q/health/ready" >/dev/null && return; sleep 1; done
}

# seed_account: account "bench", a default SMS rate of 0.01 and 900,000,000 universal credits; exports what
# reserve.lua reads.
seed_account() {
  local api=(curl -sf -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json')
  "${api[@]}" -XPOST "localhost:$PORT/v1/accounts" -d '{"id":"bench","name":"Bench"}'
  "${api[@]}" -XPUT "localhost:$PORT/v1/accounts/bench/rates" \
    -d '{"rates":[{"service":"SMS","direction":"outbound","country":"*","rate":"0.01"}]}'
  "${api[@]}" -XPOST "localhost:$PORT/v1/accounts/bench/grants" \
    -d '{"idempotencyKey":"bench-grant","kind":"universal","amount":"900000000"}'
  export TALLY_KEY=$KEY TALLY_ACCOUNT=bench
}

# fresh_stores: an empty Redis database and a new PostgreSQL database for each measurement.
fresh_stores() {
  redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB" >/dev/null 2>&1
}

# cpu_ticks <pid>: user + system time of a process so far, in clock ticks (1/100 s).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# redis_pid: the process id of the redis-server behind REDIS_URL (it must run on this machine).
redis_pid() { redis-cli -u "$REDIS_URL" INFO server | awk -F: '/^process_id/ {print $2}' | tr -d '\r'; }

# Pinning, for latency figures on a machine with cores to spare: the load generator on cores of its own, so that the
# gateway's tail does not measure the generator's share of the same cores. Unset, everything shares every core.
# on_load_cpus <command...>: runs the command on LOAD_CPUS.
on_load_cpus() { if [ -n "${LOAD_CPUS:-}" ]; then taskset -c "$LOAD_CPUS" "$@"; else "$@"; fi; }

# pin_redis <pid>: moves the machine's redis-server (all its threads) to REDIS_CPUS for the run; unpin_redis puts it
# back on the CPUs it had.
pin_redis() {
  [ -n "${REDIS_CPUS:-}" ] || return 0
  REDIS_PINNED=$1 REDIS_CPUS_BEFORE=$(taskset -pc "$1" | awk -F': ' '{print $2}')
  taskset -apc "$REDIS_CPUS" "$1" >/dev/null
}
unpin_redis() { [ -z "${REDIS_PINNED:-}" ] || taskset -apc "$REDIS_CPUS_BEFORE" "$REDIS_PINNED" >/dev/null; }
