#!/usr/bin/env bash
# The one-hour soak (docs/reliability/soak.md): a private stack of the nine debug binaries (or
# BIN, copied first) on ports 19600-19608 with their own databases (<service>_soak) on a private
# PostgreSQL (port 19698; PG=<url> uses that server instead), Redis prefix soak: on a private
# Redis (port 19699, so its client and key counts are the stack's alone), a fixed low mixed load
# for SOAK_SECONDS (wrk with scripts/soak/mix.lua, plus WebSocket relay clients from
# crates/seed-clients/node/bench/relay.js), and a sample every SOAK_SAMPLE seconds of each
# service's RSS and open fds, PostgreSQL connections per database, Redis clients, and Redis keys
# total and without expiry. Writes $OUT/samples.csv, $OUT/summary.txt and the load's reports.
#
#   cargo build --bins && scripts/soak.sh            # one hour
#   SOAK_SECONDS=300 scripts/soak.sh                 # a short check
#
# Environment: SOAK_SECONDS (3600), SOAK_SAMPLE (30), SOAK_CONNS (3 wrk connections), SOAK_DELAY_MS
# (300: each connection's pause between requests), SOAK_WS_CLIENTS (4), SOAK_WS_HZ (2 messages
# per second per client), SOAK_SEGMENT (600: seconds per wrk run, tokens refreshed between
# runs), OUT (target/soak), BIN (${CARGO_TARGET_DIR:-target}/debug).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
for tool in wrk jq node psql redis-server; do
  command -v "$tool" >/dev/null || { echo "soak: $tool missing (wrk: apt-get install wrk)" >&2; exit 1; }
done
BIN=${BIN:-${CARGO_TARGET_DIR:-target}/debug}
OUT=${OUT:-target/soak}
SOAK_SECONDS=${SOAK_SECONDS:-3600}
SOAK_SAMPLE=${SOAK_SAMPLE:-30}
# PG unset: a private cluster (port 19698, under /tmp), so the stack's connections neither
# crowd the shared server's max_connections nor are crowded by tests running meanwhile.
PG=${PG:-}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PRIVATE_PORT=19698
REDIS_PORT=19699
ALL=(gateway auth inventory gacha battle room leaderboard ai asset)
declare -A PORT=()
for i in "${!ALL[@]}"; do PORT[${ALL[$i]}]=$((19600 + i)); done
GW=http://127.0.0.1:${PORT[gateway]}
mkdir -p "$OUT/stack"
OUT=$(cd "$OUT" && pwd)
PIDS=()

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for svc in "${ALL[@]}"; do
    [ -f "$OUT/stack/$svc.pid" ] && kill "$(cat "$OUT/stack/$svc.pid")" 2>/dev/null || true
  done
  [ -f "$OUT/stack/redis.pid" ] && kill "$(cat "$OUT/stack/redis.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "${PGDIR:-}" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PGDIR/data" stop -m fast -w >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
  fi
}
# PostgreSQL refuses to run as root.
as_postgres() {
  if [ "$EUID" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
trap cleanup EXIT INT TERM

for svc in "${ALL[@]}"; do
  [ -x "$BIN/$svc" ] || { echo "soak: $BIN/$svc missing (cargo build --bins)" >&2; exit 1; }
  if (exec 3<>"/dev/tcp/127.0.0.1/${PORT[$svc]}") 2>/dev/null; then
    echo "soak: port ${PORT[$svc]} ($svc) in use: another soak is running" >&2
    exit 1
  fi
done

# The binaries are copied: a rebuild during the hour must not change what runs.
mkdir -p "$OUT/stack/bin"
for svc in "${ALL[@]}"; do cp "$BIN/$svc" "$OUT/stack/bin/$svc"; done
BIN=$OUT/stack/bin

if [ -z "$PG" ]; then
  PGDIR=$(mktemp -d /tmp/soak-pg.XXXXXX)
  [ "$EUID" -eq 0 ] && chown postgres:postgres "$PGDIR"
  as_postgres "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nmax_connections = 300\n" \
    "$PG_PRIVATE_PORT" "$PGDIR" >>"$PGDIR/data/postgresql.conf"
  as_postgres "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" start -w -t 60 >/dev/null
  PG=postgres://postgres@127.0.0.1:$PG_PRIVATE_PORT
fi

# A private Redis: connected_clients and the key counts then belong to this stack only.
redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no \
  --logfile "$OUT/stack/redis.log" &
echo $! >"$OUT/stack/redis.pid"
for _ in $(seq 1 50); do redis-cli -p $REDIS_PORT ping >/dev/null 2>&1 && break; sleep 0.1; done

export APP_ENV=development REDIS_URL=redis://127.0.0.1:$REDIS_PORT REDIS_PREFIX=soak: \
  RUST_LOG=${RUST_LOG:-warn} LOG_FORMAT=json \
  AUTH_JWKS_URL=http://127.0.0.1:${PORT[auth]}/.well-known/jwks.json \
  ASSET_PUBLIC_URL=$GW AI_PUBLIC_URL=$GW ASSET_LOCAL_DIR=$OUT/stack/assets AUTH_COOKIE_SECURE=false \
  RATE_LIMIT_PER_IP=1000000000 RATE_LIMIT_PER_USER=1000000000 RATE_LIMIT_AUTH_PER_IP=1000000000 \
  AI_MAX_IN_FLIGHT=1000000 AI_MAX_PER_DAY=1000000000
for svc in "${ALL[@]}"; do export "${svc^^}_URL=http://127.0.0.1:${PORT[$svc]}"; done

for svc in "${ALL[@]}"; do
  if [ "$svc" != gateway ]; then
    psql -q "$PG/postgres" -c "SET client_min_messages = warning" \
      -c "DROP DATABASE IF EXISTS ${svc}_soak WITH (FORCE)"
  fi
  DATABASE_URL=$PG/${svc}_soak BIND_ADDR=127.0.0.1:${PORT[$svc]} HTTP_WORKERS=1 \
    "$BIN/$svc" serve --migrate >"$OUT/stack/$svc.log" 2>&1 </dev/null &
  echo $! >"$OUT/stack/$svc.pid"
done
for svc in "${ALL[@]}"; do
  for _ in $(seq 1 1200); do
    curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:${PORT[$svc]}/readyz" && break
    sleep 0.1
  done
  curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:${PORT[$svc]}/readyz" ||
    { echo "soak: $svc not ready; see $OUT/stack/$svc.log" >&2; exit 1; }
done
echo "soak: stack ready on $GW"

# Players: guests with gold and gems granted by an admin, one access token per line.
call() { # <method> <path> [body] [token]: the JSON answer, failing on a non-2xx
  curl -sf --max-time 30 -X "$1" "$GW$2" -H 'Content-Type: application/json' \
    ${4:+-H "Authorization: Bearer $4"} -H "Idempotency-Key: soak-$RANDOM-$RANDOM-$RANDOM" \
    ${3:+-d "$3"}
}
email="soak-admin-$RANDOM$RANDOM@example.com"
call POST /api/auth/register "{\"email\":\"$email\",\"username\":\"soak$RANDOM\",\"password\":\"soak admin password\"}" >/dev/null
DATABASE_URL=$PG/auth_soak "$BIN/auth" users promote "$email" >/dev/null
admin=$(call POST /api/auth/login "{\"email\":\"$email\",\"password\":\"soak admin password\"}" | jq -r .access_token)
: >"$OUT/tokens.txt"
: >"$OUT/refresh.txt"
for _ in $(seq 1 20); do
  guest=$(call POST /api/auth/guest)
  call POST /api/wallet/admin/grant "{\"user_id\":\"$(jq -r .user.id <<<"$guest")\",\"gold\":1000000000,\"gems\":1000000000,\"reason\":\"soak\"}" "$admin" >/dev/null
  jq -r .access_token <<<"$guest" >>"$OUT/tokens.txt"
  jq -r .refresh_token <<<"$guest" >>"$OUT/refresh.txt"
done
# Access tokens last 15 minutes: between wrk segments every player's session is refreshed (the
# refresh token rotates), so the signed-in load lasts the whole soak. A failed refresh keeps the
# old pair and is counted in refresh.err.
refresh_tokens() {
  local rt pair tokens=() refreshes=()
  while read -r rt; do
    if pair=$(call POST /api/auth/refresh "{\"refresh_token\":\"$rt\"}" 2>>"$OUT/refresh.err"); then
      tokens+=("$(jq -r .access_token <<<"$pair")")
      refreshes+=("$(jq -r .refresh_token <<<"$pair")")
    else
      echo "refresh failed at $(date -u +%T)" >>"$OUT/refresh.err"
      refreshes+=("$rt")
    fi
  done <"$OUT/refresh.txt"
  [ ${#tokens[@]} -gt 0 ] && printf '%s\n' "${tokens[@]}" >"$OUT/tokens.txt"
  printf '%s\n' "${refreshes[@]}" >"$OUT/refresh.txt"
}
first=$(head -1 "$OUT/tokens.txt")
SOAK_ITEM=$(call GET /api/shop/items "" "$first" | jq -r '[.. | objects | select(.item_id? and (.cost_gold? // .price? // 0) > 0) | .item_id][0] // empty')
SOAK_ITEM=${SOAK_ITEM:-$(call GET /api/shop/items "" "$first" | jq -r '[.. | objects | .id? // empty | strings][0]')}
export SOAK_ITEM TOKENS=$OUT/tokens.txt
echo "soak: 20 players, shop item $SOAK_ITEM; load for ${SOAK_SECONDS}s"

# The load: wrk (one connection per thread, so the mix script's counter matches each answer)...
# wrk reads the tokens once, so it runs in segments of SOAK_SEGMENT seconds (default 600) with
# the tokens refreshed between them; wrk.txt holds one report per segment.
conns=${SOAK_CONNS:-3}
segment=${SOAK_SEGMENT:-600}
load_segments() {
  local began left
  began=$(date +%s)
  : >"$OUT/wrk.txt"
  while left=$((SOAK_SECONDS - ($(date +%s) - began))) && [ "$left" -gt 0 ]; do
    [ "$left" -gt "$segment" ] && left=$segment
    SOAK_DELAY_MS=${SOAK_DELAY_MS:-300} wrk -t"$conns" -c"$conns" -d"${left}s" --timeout 10s \
      -s scripts/soak/mix.lua "$GW" >>"$OUT/wrk.txt" 2>&1 || true
    refresh_tokens || true
  done
}
load_segments &
PIDS+=($!)
wrk_pid=$!
# ...and WebSocket clients relaying player_state in one co-op room: native /ws for the first
# half, Socket.IO for the second (relay.js runs the two protocols one after the other).
BENCH_CLIENTS=${SOAK_WS_CLIENTS:-4} BENCH_SECS=$((SOAK_SECONDS / 2 - 3)) \
  node crates/seed-clients/node/bench/relay.js "$GW" "${SOAK_WS_HZ:-2}" >"$OUT/relay.txt" 2>&1 &
PIDS+=($!)

# Samples: one CSV row per (time, metric, subject).
csv=$OUT/samples.csv
echo "t,metric,subject,value" >"$csv"
sample() {
  local t=$1 svc pid
  for svc in "${ALL[@]}"; do
    pid=$(cat "$OUT/stack/$svc.pid")
    [ -d "/proc/$pid" ] || { echo "$t,dead,$svc,1" >>"$csv"; continue; }
    echo "$t,rss_kb,$svc,$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")" >>"$csv"
    echo "$t,fds,$svc,$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 | wc -l)" >>"$csv"
  done
  # PostgreSQL may refuse the sampler (a shared server's max_connections, with PG set): that
  # sample lacks the PostgreSQL rows and counts a sampler error; the soak goes on.
  local rows
  if rows=$(psql -qtA -F, "$PG/postgres" -c "SELECT datname, count(*) FROM pg_stat_activity
      WHERE datname LIKE '%\\_soak' GROUP BY datname ORDER BY datname" 2>>"$OUT/sampler.err"); then
    while IFS=, read -r db n; do [ -n "$db" ] && echo "$t,pg_conns,$db,$n" >>"$csv"; done <<<"$rows"
  else
    echo "$t,sampler_error,psql,1" >>"$csv"
  fi
  # The sampler's own connection is one of them.
  echo "$t,redis_clients,all,$(($(redis-cli -p $REDIS_PORT info clients | awk -F: '/^connected_clients/ {print $2+0}') - 1))" >>"$csv"
  echo "$t,redis_keys,all,$(redis-cli -p $REDIS_PORT dbsize)" >>"$csv"
  echo "$t,redis_keys_no_expiry,soak:,$(redis-cli -p $REDIS_PORT --scan --pattern 'soak:*' |
    awk '{printf "TTL \"%s\"\n", $0}' | redis-cli -p $REDIS_PORT | grep -c '^-1$' || true)" >>"$csv"
  echo "$t,redis_used_memory,all,$(redis-cli -p $REDIS_PORT info memory | awk -F: '/^used_memory:/ {print $2+0}')" >>"$csv"
}
start=$(date +%s)
# A failing probe must not end the soak (errexit is off inside a function called with ||).
while kill -0 "$wrk_pid" 2>/dev/null; do
  sample $(($(date +%s) - start)) || true
  for _ in $(seq 1 "$SOAK_SAMPLE"); do kill -0 "$wrk_pid" 2>/dev/null || break; sleep 1; done
done
sample $(($(date +%s) - start)) || true
# Where Redis's memory is at the end (the largest key of each type, and their totals).
redis-cli -p $REDIS_PORT --memkeys >"$OUT/redis-memkeys.txt" 2>&1 || true
wait "${PIDS[@]}" 2>/dev/null || true
python3 scripts/soak/summary.py "$csv" "$OUT/wrk.txt" "$OUT/relay.txt" | tee "$OUT/summary.txt"
