#!/usr/bin/env bash
# Alternates release builds (binaries in /tmp/bench-<name>; BUILDS, default "old new old new")
# on gacha 10-pulls at 10 connections, then battle attacks at 20 (unkeyed; and keyed for "new").
# docs/BENCHMARKS.md, "The outbox's cost": old = 25eb9b8, new = 9b78112, each built with
#   cargo build --release --bin gateway --bin auth --bin inventory --bin gacha --bin battle
# and its binaries copied to /tmp/bench-old and /tmp/bench-new.
set -uo pipefail
cd "$(dirname "$0")/../.."
for b in ${BUILDS:-old new old new}; do
  echo "=== $b gacha $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  BIN=/tmp/bench-$b RESET=1 SERVICES="auth inventory gacha gateway" bash scripts/bench-stack.sh >/tmp/bs_$b.log 2>&1
  python3 scripts/bench/players.py --players 100 --gems 200000000 --out /tmp/bench_tokens.txt --bin /tmp/bench-$b >/dev/null 2>&1
  wrk -t2 -c10 -d3s -s scripts/bench/gacha_pull.lua http://127.0.0.1:28080 >/dev/null 2>&1  # warm-up
  PROCS="gateway gacha inventory postgres redis-server" bash scripts/bench-cpu.sh \
    wrk -t2 -c10 -d10s --latency -s scripts/bench/gacha_pull.lua http://127.0.0.1:28080 | grep -E "p50|requests in|cpu|Non-2xx"
  bash scripts/bench-stack.sh stop
  sleep 2
  echo "=== $b battle $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  BIN=/tmp/bench-$b bash services/battle/benches/run.sh >/tmp/bb_$b.log 2>&1
  source /tmp/bb_raid.env
  export RAID ENEMY
  wrk -t2 -c20 -d3s -s services/battle/benches/attack.lua http://127.0.0.1:28180 >/dev/null 2>&1
  PROCS="gateway battle inventory postgres redis-server" bash scripts/bench-cpu.sh \
    wrk -t2 -c20 -d10s --latency -s services/battle/benches/attack.lua http://127.0.0.1:28180 | grep -E "p50|requests in|cpu|Non-2xx"
  if [ "$b" = new ]; then
    echo "--- new battle KEYED=1"
    KEYED=1 PROCS="gateway battle inventory postgres redis-server" bash scripts/bench-cpu.sh \
      wrk -t2 -c20 -d10s --latency -s services/battle/benches/attack.lua http://127.0.0.1:28180 | grep -E "p50|requests in|cpu|Non-2xx"
  fi
  kill $(cat /tmp/bb_bench.pids) 2>/dev/null
  sleep 2
done
