#!/usr/bin/env bash
# The side-by-side relay benchmark of issue 26 in one command: a private Redis, one stack
# (auth, room, gateway release binaries) per binary directory given, a Colyseus 0.18 relay
# room, and load.mjs alternating between them (its client pinned to CPU 1).
#
#   bash services/gateway/benches/colyseus/run.sh [scenario...]     (default: all four targets)
#   STACKS="main=/work/main/target/release ours=target/release" ROUNDS=2 SECS=10 bash .../run.sh 100x2@60
#
# Ports: stack i uses 28080+10i (gateway), +1 (auth), +5 (room); Redis 28099; Colyseus 2567.
# SUPPORT_BIN (default: each stack's own directory) gives auth and room, which are off the relay's
# path. Each stack has its own databases (<svc>_relaybench_<name>) and Redis prefix (rb<name>:).
# CPU is charged per target: each stack its gateway, room and the Redis (idle while another
# target runs), Colyseus its node process.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
read -r -a stacks <<<"${STACKS:-ours=${CARGO_TARGET_DIR:-$root/target}/release}"
[ -d "$here/node_modules/@colyseus/core" ] || (cd "$here" && npm ci --no-audit --no-fund)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_port() {
  for _ in $(seq 1 300); do
    (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing listens on $1 (see /tmp/relaybench_*.log)" >&2
  exit 1
}
redis-server --port 28099 --save "" --appendonly no --dir /tmp > /tmp/relaybench_redis.log 2>&1 &
redis_pid=$!
pids+=("$redis_pid")
wait_port 28099
targets=""
i=0
for stack in "${stacks[@]}"; do
  name=${stack%%=*}
  bin=${stack#*=}
  base=$((28080 + 10 * i))
  gateway=$base auth=$((base + 1)) room=$((base + 5))
  export APP_ENV=development RUST_LOG=warn LOG_FORMAT=json HTTP_WORKERS=${HTTP_WORKERS:-2} \
    REDIS_URL=redis://127.0.0.1:28099 REDIS_PREFIX="rb$name:" \
    AUTH_URL=http://127.0.0.1:$auth ROOM_URL=http://127.0.0.1:$room GATEWAY_URL=http://127.0.0.1:$gateway \
    AUTH_JWKS_URL=http://127.0.0.1:$auth/.well-known/jwks.json \
    RATE_LIMIT_PER_IP=1000000000 RATE_LIMIT_PER_USER=1000000000 WS_MESSAGES_PER_SECOND=100000
  declare -A spid=()
  for svc in auth room gateway; do
    port_var=$svc
    dir=$bin
    [ "$svc" = gateway ] || dir=${SUPPORT_BIN:-$bin}
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/${svc}_relaybench_$name \
      BIND_ADDR=127.0.0.1:${!port_var} "$dir/$svc" serve --migrate > "/tmp/relaybench_${name}_$svc.log" 2>&1 &
    spid[$svc]=$!
    pids+=("$!")
    wait_port "${!port_var}"
  done
  targets+="$name=jjj:127.0.0.1:$gateway:${spid[gateway]},${spid[room]},$redis_pid;"
  i=$((i + 1))
done
(cd "$here" && exec node server.mjs 2567) > /tmp/relaybench_colyseus.log 2>&1 &
pids+=("$!")
coly_pid=$!
wait_port 2567
targets+="colyseus=colyseus:127.0.0.1:2567:$coly_pid"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); targets: $targets"
cd "$here"
REDIS_PORT=28099 TARGETS="$targets" taskset -c "${CLIENT_CPU:-1}" node load.mjs "$@"
