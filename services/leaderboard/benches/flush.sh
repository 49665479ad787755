#!/usr/bin/env bash
# Ranks lost under load: with the services of run.sh up, submits at 50 connections for 40 s,
# deletes every rank key of the bench prefix after 5 s (as a Redis flush or restart would), and
# reports how long until all boards and periods are trusted again. Reset the table and restart
# the leaderboard first for comparable runs (docs/BENCHMARKS.md, session 5).
set -euo pipefail
cd "$(dirname "$0")/../../.."
SETS=${SETS:-8} # boards x periods: 2 x 4 by default
wrk -t2 -c50 -d40s -s services/leaderboard/benches/submit.lua http://127.0.0.1:28080 > /tmp/lb_flush_wrk.txt &
load=$!
sleep 5
before=$(grep -c "rebuild failed" /tmp/lb_leaderboard.log || true)
redis-cli --scan --pattern 'lbbench:lb:*' | grep -v -e ':uname:' -e ':source$' | xargs -r redis-cli del > /dev/null
start=$(date +%s.%N)
while :; do
  trusted=$(redis-cli --scan --pattern 'lbbench:lb:*:ok' | wc -l)
  elapsed=$(echo "$(date +%s.%N) - $start" | bc)
  if [ "$trusted" -ge "$SETS" ]; then echo "all $SETS rank sets trusted again after $elapsed s"; break; fi
  if (( $(echo "$elapsed > 33" | bc) )); then echo "$trusted of $SETS trusted after 33 s"; break; fi
  sleep 0.2
done
after=$(grep -c "rebuild failed" /tmp/lb_leaderboard.log || true)
echo "rebuild failures logged: $((after - before))"
wait "$load"
tail -1 /tmp/lb_flush_wrk.txt
