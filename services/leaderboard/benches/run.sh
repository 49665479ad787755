#!/usr/bin/env bash
# Starts auth, leaderboard and gateway (release builds) on ports 28081/28086/28080 with their own
# databases and Redis prefix, loads 1,000,000 scores, registers players and writes their access
# tokens to /tmp/lb_tokens.txt for submit.lua. Stop with: kill $(cat /tmp/lb_bench.pids)
#
#   cargo build --release --bin gateway --bin leaderboard --bin auth
#   bash services/leaderboard/benches/run.sh            # setup; prints the wrk commands
#
# Ranks lost under load: benches/flush.sh once this is up.
#
# LB_WORKERS (default 1) and GW_WORKERS (default 2) set the leaderboard's and the gateway's HTTP
# workers, LB_WRITERS (default 1) its insert tasks per worker; LB_SYNC=false answers
# submissions before PostgreSQL's WAL flush
# (LEADERBOARD_SYNCHRONOUS_COMMIT, see the service's settings).
set -euo pipefail
cd "$(dirname "$0")/../../.."
PG=postgres://postgres@127.0.0.1:5432
PLAYERS=${PLAYERS:-200}
# The binaries; copy them elsewhere first if others may rebuild target/ during the run.
BIN=${BIN:-target/release}
export APP_ENV=development REDIS_PREFIX=lbbench: RUST_LOG=warn LOG_FORMAT=json HTTP_WORKERS=2 \
  AUTH_URL=http://127.0.0.1:28081 LEADERBOARD_URL=http://127.0.0.1:28086 \
  AUTH_JWKS_URL=http://127.0.0.1:28081/.well-known/jwks.json
: > /tmp/lb_bench.pids

DATABASE_URL=$PG/lb_bench $BIN/leaderboard migrate
if [ "$(psql -tA "$PG/lb_bench" -c 'SELECT count(*) FROM scores')" -lt 1000000 ]; then
  time psql -q "$PG/lb_bench" -f services/leaderboard/benches/seed.sql
fi
# Drop any ranks of an earlier run so start-up rebuilds them from PostgreSQL (and time it).
redis-cli --scan --pattern 'lbbench:lb:*' | xargs -r redis-cli del > /dev/null

DATABASE_URL=$PG/auth_lbbench BIND_ADDR=127.0.0.1:28081 \
  $BIN/auth serve --migrate > /tmp/lb_auth.log 2>&1 & echo $! >> /tmp/lb_bench.pids
# One HTTP worker for the leaderboard by default: on 2 cores shared with the gateway,
# PostgreSQL, Redis and wrk, one worker thread fills twice the insert and Redis batches and
# measured 25-35% less CPU per submission in every process than two (docs/BENCHMARKS.md).
DATABASE_URL=$PG/lb_bench BIND_ADDR=127.0.0.1:28086 DATABASE_POOL_SIZE=16 \
  HTTP_WORKERS=${LB_WORKERS:-1} LEADERBOARD_SYNCHRONOUS_COMMIT=${LB_SYNC:-true} \
  LEADERBOARD_WRITERS=${LB_WRITERS:-1} \
  $BIN/leaderboard serve > /tmp/lb_leaderboard.log 2>&1 & echo $! >> /tmp/lb_bench.pids
# Two gateway workers: with one upstream client per worker thread, two beat one for reads and
# submissions alike (docs/BENCHMARKS.md, session 4).
BIND_ADDR=127.0.0.1:28080 RATE_LIMIT_PER_IP=1000000000 RATE_LIMIT_PER_USER=1000000000 \
  HTTP_WORKERS=${GW_WORKERS:-2} $BIN/gateway serve > /tmp/lb_gateway.log 2>&1 & echo $! >> /tmp/lb_bench.pids

for port in 28081 28086 28080; do
  until curl -sf "http://127.0.0.1:$port/readyz" > /dev/null; do sleep 0.2; done
done
start=$(date +%s.%N)
until [ "$(redis-cli exists lbbench:lb:levels:all:ok)" = 1 ] && [ "$(redis-cli exists lbbench:lb:endless:all:ok)" = 1 ]; do sleep 0.2; done
echo "all-time ranks of 1M scores rebuilt $(echo "$(date +%s.%N) - $start" | bc) s after start-up"

# Players registered directly on auth (the gateway's credential limit is not under test).
: > /tmp/lb_tokens.txt
for i in $(seq 1 "$PLAYERS"); do
  curl -sf -X POST http://127.0.0.1:28081/api/auth/guest \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])' >> /tmp/lb_tokens.txt
done
echo "$(wc -l < /tmp/lb_tokens.txt) tokens in /tmp/lb_tokens.txt (valid 15 minutes)"
echo "wrk -t2 -c10 -d10s --latency -s services/leaderboard/benches/submit.lua http://127.0.0.1:28080"
echo "wrk -t2 -c10 -d10s --latency -s services/leaderboard/benches/leaderboard.lua http://127.0.0.1:28080"
