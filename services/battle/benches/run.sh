#!/usr/bin/env bash
# Issue 21's attack benchmark. Starts auth, inventory, battle and gateway (release builds) on
# ports 28181/28183/28184/28180 with their own databases and Redis prefix, waits for the pool's
# raid, gives it 10^12 HP, registers $PLAYERS players (default 20), joins them to the raid with
# 10^8 stamina each and writes "token user_id" lines to /tmp/bb_tokens.txt and the raid's
# ids to /tmp/bb_raid.env. Stop with: kill $(cat /tmp/bb_bench.pids)
#
#   cargo build --release --bin gateway --bin battle --bin inventory --bin auth
#   bash services/battle/benches/run.sh       # setup; prints the load and watcher commands
#
# The watcher (watch.js) opens 20 /ws/battle sockets and sends one probe attack every 50 ms
# itself, timing each probe's event on every socket from the moment its HTTP answer arrived.
# Per-process CPU as docs/BENCHMARKS.md records it: `ps -o pid,comm,time -p $(cat /tmp/bb_bench.pids)`
# before and after the wrk run.
set -euo pipefail
cd "$(dirname "$0")/../../.."
PG=postgres://postgres@127.0.0.1:5432
PLAYERS=${PLAYERS:-20}
BIN=${BIN:-target/release}
export APP_ENV=development REDIS_PREFIX=bbench: RUST_LOG=warn LOG_FORMAT=json HTTP_WORKERS=2 \
  AUTH_URL=http://127.0.0.1:28181 INVENTORY_URL=http://127.0.0.1:28183 \
  BATTLE_URL=http://127.0.0.1:28184 GATEWAY_URL=http://127.0.0.1:28180 \
  AUTH_JWKS_URL=http://127.0.0.1:28181/.well-known/jwks.json
: > /tmp/bb_bench.pids
for db in auth_bbench inventory_bbench battle_bbench; do
  psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done

DATABASE_URL=$PG/auth_bbench BIND_ADDR=127.0.0.1:28181 \
  $BIN/auth serve --migrate > /tmp/bb_auth.log 2>&1 & echo $! >> /tmp/bb_bench.pids
DATABASE_URL=$PG/inventory_bbench BIND_ADDR=127.0.0.1:28183 DATABASE_POOL_SIZE=16 \
  $BIN/inventory serve --migrate > /tmp/bb_inventory.log 2>&1 & echo $! >> /tmp/bb_bench.pids
DATABASE_URL=$PG/battle_bbench BIND_ADDR=127.0.0.1:28184 DATABASE_POOL_SIZE=16 \
  BATTLE_POOL_STANDARD=0 BATTLE_POOL_RAIDS=1 BATTLE_POOL_INTERVAL_MS=200 \
  $BIN/battle serve --migrate > /tmp/bb_battle.log 2>&1 & echo $! >> /tmp/bb_bench.pids
BIND_ADDR=127.0.0.1:28180 RATE_LIMIT_PER_IP=1000000000 RATE_LIMIT_PER_USER=1000000000 \
  HTTP_WORKERS=${GW_WORKERS:-2} $BIN/gateway serve > /tmp/bb_gateway.log 2>&1 & echo $! >> /tmp/bb_bench.pids

for port in 28181 28183 28184 28180; do
  until curl -sf "http://127.0.0.1:$port/readyz" > /dev/null; do sleep 0.2; done
done
RAID=""
until [ -n "$RAID" ]; do
  RAID=$(psql -tA "$PG/battle_bbench" -c \
    "SELECT id FROM battles WHERE is_boss_raid AND status = 'waiting' ORDER BY id LIMIT 1")
  [ -n "$RAID" ] || sleep 0.2
done
psql -q "$PG/battle_bbench" -c "UPDATE battle_enemies SET hp_max = 1000000000000, \
  hp_current = 1000000000000, defense = 0, attack = 0 WHERE battle_id = $RAID"
# Room for every bench player (a raid holds fewer by default).
psql -q "$PG/battle_bbench" -c "UPDATE battles SET max_players = $PLAYERS WHERE id = $RAID"
ENEMY=$(psql -tA "$PG/battle_bbench" -c "SELECT id FROM battle_enemies WHERE battle_id = $RAID LIMIT 1")
echo "RAID=$RAID ENEMY=$ENEMY" > /tmp/bb_raid.env

: > /tmp/bb_tokens.txt
for i in $(seq 1 "$PLAYERS"); do
  guest=$(curl -sf -X POST http://127.0.0.1:28181/api/auth/guest)
  token=$(echo "$guest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  user=$(echo "$guest" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("user",{}).get("id") or d.get("user_id"))')
  # First use makes the profile; then the raid's level and stamina enough for the whole run.
  curl -sf -H "Authorization: Bearer $token" http://127.0.0.1:28180/api/wallet > /dev/null
  psql -q "$PG/inventory_bbench" -c "UPDATE players SET level = 50, stamina_max = 100000000, \
    stamina = 100000000 WHERE user_id = '$user'"
  curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{}' "http://127.0.0.1:28180/api/battles/join/$RAID" > /dev/null
  echo "$token $user" >> /tmp/bb_tokens.txt
done
echo "$(wc -l < /tmp/bb_tokens.txt) players in raid $RAID (enemy $ENEMY); tokens valid 15 minutes"
echo "node services/battle/benches/watch.js &   # 20 sockets, prints delivery latency on exit (SIGINT)"
echo "RAID=$RAID ENEMY=$ENEMY wrk -t2 -c20 -d10s --latency -s services/battle/benches/attack.lua http://127.0.0.1:28180"
