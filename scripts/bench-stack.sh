#!/usr/bin/env bash
# Starts a subset of the platform from release binaries on ports 28xxx (each service's own port
# plus 20000), with its own databases (<service>_bench), its own Redis prefix and the gateway's
# rate limits lifted, for the load benchmarks in docs/BENCHMARKS.md. Writes the pids to
# /tmp/bench_stack.pids and the logs to /tmp/bench_<service>.log.
#
#   cargo build --release --bins && cp target/release/{gateway,auth,...} /tmp/bench-bin/
#   BIN=/tmp/bench-bin SERVICES="gateway auth inventory gacha" bash scripts/bench-stack.sh
#   bash scripts/bench-stack.sh stop
#
# RESET=1 drops the bench databases first. HTTP_WORKERS (default 2) applies to every service;
# <SERVICE>_WORKERS (e.g. GACHA_WORKERS) overrides one.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = stop ]; then
  [ -f /tmp/bench_stack.pids ] && xargs -r kill < /tmp/bench_stack.pids 2>/dev/null || true
  rm -f /tmp/bench_stack.pids
  exit 0
fi
PG=postgres://postgres@127.0.0.1:5432
BIN=${BIN:-target/release}
read -r -a services <<<"${SERVICES:-gateway auth inventory gacha battle room leaderboard ai asset}"
declare -A PORT=([gateway]=28080 [auth]=28081 [inventory]=28082 [gacha]=28083 [battle]=28084
  [room]=28085 [leaderboard]=28086 [ai]=28087 [asset]=28088)
export APP_ENV=development REDIS_PREFIX=${REDIS_PREFIX:-bench:} RUST_LOG=warn LOG_FORMAT=json \
  AUTH_JWKS_URL=http://127.0.0.1:28081/.well-known/jwks.json \
  GATEWAY_URL=http://127.0.0.1:28080 ASSET_PUBLIC_URL=http://127.0.0.1:28080 \
  AI_PUBLIC_URL=http://127.0.0.1:28080 ASSET_LOCAL_DIR=/tmp/bench-asset-files \
  RATE_LIMIT_PER_IP=1000000000 RATE_LIMIT_PER_USER=1000000000 RATE_LIMIT_AUTH_PER_IP=1000000000 \
  AI_MAX_IN_FLIGHT=${AI_MAX_IN_FLIGHT:-1000000} AI_MAX_PER_DAY=${AI_MAX_PER_DAY:-1000000000}
for svc in "${!PORT[@]}"; do
  export "${svc^^}_URL=http://127.0.0.1:${PORT[$svc]}"
done
: > /tmp/bench_stack.pids
for svc in "${services[@]}"; do
  if [ "${RESET:-0}" = 1 ] && [ "$svc" != gateway ]; then
    psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS ${svc}_bench WITH (FORCE)"
  fi
  workers_var="${svc^^}_WORKERS"
  DATABASE_URL=$PG/${svc}_bench BIND_ADDR=127.0.0.1:${PORT[$svc]} \
    HTTP_WORKERS=${!workers_var:-${HTTP_WORKERS:-2}} \
    "$BIN/$svc" serve --migrate > "/tmp/bench_$svc.log" 2>&1 &
  echo $! >> /tmp/bench_stack.pids
done
for svc in "${services[@]}"; do
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:${PORT[$svc]}/readyz" > /dev/null && break
    sleep 0.2
  done
  curl -sf "http://127.0.0.1:${PORT[$svc]}/readyz" > /dev/null || { echo "$svc not ready; see /tmp/bench_$svc.log" >&2; exit 1; }
done
echo "ready: ${services[*]} (pids in /tmp/bench_stack.pids)"
