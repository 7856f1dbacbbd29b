#!/usr/bin/env bash
# A/B of two builds of the gateway on POST /v1/reservations, run at the same time: both gateways are started, each on
# its own Redis database and PostgreSQL database, and each is loaded by its own wrk (1 thread, 32 connections) at
# once, so that both see the same machine, however busy it is (ab.sh alternates them instead, which a machine whose
# load changes within minutes defeats). Per round: each build's requests and gateway CPU per request (user + system
# time from /proc over the round, divided by its requests), and B's CPU per request over A's.
# Needs: wrk, redis-cli, psql, the machine's Redis (databases 2 and 3 are flushed) and PostgreSQL (tally_ab2 and
# tally_ab3 are recreated).
# Usage: load-tests/reservations/ab-parallel.sh SECONDS ROUNDS DIR_A DIR_B   (DIR_*: a target/quarkus-app copied aside)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=$1 ROUNDS=$2 A=$3 B=$4
KEY=bench-operator-key-0123456789abcdefghijkl
source load-tests/reservations/gateway.sh

# start <dir> <port> <redis database>: prints the gateway's pid.
start() {
  REDIS_URL=redis://127.0.0.1:6379/$3 PG_DB=tally_ab$3 PORT=$2
  fresh_stores
  start_gateway "$1" "target/load-tests/ab-parallel-$2.log"
  seed_account
}
mkdir -p target/load-tests
start "$A" 18080 2; PID_A=$GATEWAY
start "$B" 18081 3; PID_B=$GATEWAY
trap 'kill $PID_A $PID_B 2>/dev/null || true' EXIT
load() { wrk -t1 -c32 -d"$1" -s load-tests/reservations/reserve.lua "http://localhost:$2" 2>/dev/null; }
both() {
  load "$1" 18080 > target/load-tests/ab-parallel-a.txt & local a=$!
  load "$1" 18081 > target/load-tests/ab-parallel-b.txt & local b=$!
  wait $a $b
}
both "${WARM_SECONDS:-60}s"
for round in $(seq 1 "$ROUNDS"); do
  a0=$(cpu_ticks $PID_A) b0=$(cpu_ticks $PID_B)
  both "${SECONDS_PER_RUN}s"
  a=$(( $(cpu_ticks $PID_A) - a0 )) b=$(( $(cpu_ticks $PID_B) - b0 ))
  na=$(awk '/requests in/ {print $1}' target/load-tests/ab-parallel-a.txt)
  nb=$(awk '/requests in/ {print $1}' target/load-tests/ab-parallel-b.txt)
  echo "round $round: A $na requests, $(( a * 10000 / na )) µs/request; B $nb requests, $(( b * 10000 / nb )) µs/request;" \
    "B/A $(awk -v a="$a" -v b="$b" -v na="$na" -v nb="$nb" 'BEGIN {printf "%.3f", (b / nb) / (a / na)}')"
done
