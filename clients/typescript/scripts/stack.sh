#!/usr/bin/env bash
# A private copy of the platform for the SDK's integration test and the OpenAPI refresh: the
# debug binaries (or BIN) on ports PORT_BASE..PORT_BASE+8 (default 19080.., below the kernel's ephemeral ports 32768-60999 so no outgoing connection holds one, and never meets
# `make run` on 8080 or scripts/bench-stack.sh on 28080), their own databases (<service>_sdk)
# and Redis prefix (sdk:), rate limits lifted. The same shape as scripts/bench-stack.sh, with
# the ports, the pid file and the databases made private.
#
#   clients/typescript/scripts/stack.sh start      # build nothing; start all nine, wait for /readyz
#   clients/typescript/scripts/stack.sh restart gateway
#   clients/typescript/scripts/stack.sh auth users promote EMAIL
#   clients/typescript/scripts/stack.sh stop
#
# Environment: BIN (default ${CARGO_TARGET_DIR:-target}/debug), PORT_BASE (19080),
# STACK_DIR (/tmp/gp-sdk-stack: pids and logs), RESET=1 drops the databases first, DB_SUFFIX
# (sdk: the databases <service>_$DB_SUFFIX and, unless REDIS_PREFIX is set, the prefix $DB_SUFFIX:).
set -euo pipefail
cd "$(dirname "$0")/../../.."
BIN=${BIN:-${CARGO_TARGET_DIR:-target}/debug}
PORT_BASE=${PORT_BASE:-19080}
STACK_DIR=${STACK_DIR:-/tmp/gp-sdk-stack}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
DB_SUFFIX=${DB_SUFFIX:-sdk}
ALL=(gateway auth inventory gacha battle room leaderboard ai asset)
declare -A PORT=()
for i in "${!ALL[@]}"; do PORT[${ALL[$i]}]=$((PORT_BASE + i)); done
mkdir -p "$STACK_DIR"

export APP_ENV=development REDIS_PREFIX=${REDIS_PREFIX:-$DB_SUFFIX:} RUST_LOG=${RUST_LOG:-warn} \
  LOG_FORMAT=json AUTH_JWKS_URL=http://127.0.0.1:${PORT[auth]}/.well-known/jwks.json \
  ASSET_PUBLIC_URL=http://127.0.0.1:${PORT[gateway]} AI_PUBLIC_URL=http://127.0.0.1:${PORT[gateway]} \
  ASSET_LOCAL_DIR=$STACK_DIR/assets AUTH_COOKIE_SECURE=false \
  RATE_LIMIT_PER_IP=1000000000 RATE_LIMIT_PER_USER=1000000000 RATE_LIMIT_AUTH_PER_IP=1000000000
for svc in "${ALL[@]}"; do export "${svc^^}_URL=http://127.0.0.1:${PORT[$svc]}"; done

ready() { curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:${PORT[$1]}/readyz"; }

start_one() { # <svc>
  local svc=$1
  DATABASE_URL=$PG/${svc}_$DB_SUFFIX BIND_ADDR=127.0.0.1:${PORT[$svc]} HTTP_WORKERS=${HTTP_WORKERS:-1} \
    "$BIN/$svc" serve --migrate >>"$STACK_DIR/$svc.log" 2>&1 </dev/null &
  echo $! >"$STACK_DIR/$svc.pid"
}

wait_ready() { # <svc>...
  local svc
  for svc in "$@"; do
    for _ in $(seq 1 1200); do ready "$svc" && break; sleep 0.1; done
    ready "$svc" || { echo "stack: $svc not ready; see $STACK_DIR/$svc.log" >&2; exit 1; }
  done
}

stop_one() { # <svc>
  local pidfile=$STACK_DIR/$1.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

case "${1:-start}" in
start)
  for svc in "${ALL[@]}"; do [ -x "$BIN/$svc" ] || { echo "stack: $BIN/$svc missing (cargo build --bins)" >&2; exit 1; }; done
  # A second copy could not bind, and the readiness checks would be answered by the first.
  for svc in "${ALL[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/${PORT[$svc]}") 2>/dev/null; then
      echo "stack: port ${PORT[$svc]} ($svc) is in use: stop the earlier stack first ($0 stop)" >&2
      exit 1
    fi
  done
  for svc in "${ALL[@]}"; do
    if [ "${RESET:-0}" = 1 ] && [ "$svc" != gateway ]; then
      psql -q "$PG/postgres" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${svc}_$DB_SUFFIX WITH (FORCE)"
    fi
    : >"$STACK_DIR/$svc.log"
    start_one "$svc"
  done
  wait_ready "${ALL[@]}"
  echo "stack: ready, gateway http://127.0.0.1:${PORT[gateway]}"
  ;;
restart)
  shift
  for svc in "$@"; do stop_one "$svc"; start_one "$svc"; done
  wait_ready "$@"
  ;;
stop-one)
  shift
  for svc in "$@"; do stop_one "$svc"; done
  ;;
start-one)
  shift
  for svc in "$@"; do start_one "$svc"; done
  wait_ready "$@"
  ;;
auth)
  # An auth command against the stack's database, e.g. `stack.sh auth users promote EMAIL`.
  shift
  DATABASE_URL=$PG/auth_$DB_SUFFIX "$BIN/auth" "$@"
  ;;
stop)
  for svc in "${ALL[@]}"; do stop_one "$svc"; done
  ;;
*) echo "usage: $0 start|stop|restart SVC...|stop-one SVC...|start-one SVC...|auth ARGS..." >&2; exit 2 ;;
esac
