#!/usr/bin/env bash
# Ranks lost under load: with the services of run.sh up, submits at 50 connections for 40 s,
# deletes every rank key of the bench prefix after 5 s (as a Redis flush or restart would), and
# reports how long until all boards and periods are trusted again, and whether any refused
# submission was stored anyway. Reset the table and restart
# the leaderboard first for comparable runs (docs/BENCHMARKS.md, session 5).
set -euo pipefail
cd "$(dirname "$0")/../../.."
SETS=${SETS:-8} # boards x periods: 2 x 4 by default
DB=postgres://postgres@127.0.0.1:5432/lb_bench
first=$(psql -tA "$DB" -c 'SELECT coalesce(max(id), 0) FROM scores')
wrk -t2 -c50 -d40s --timeout 10s -s services/leaderboard/benches/submit.lua http://127.0.0.1:28080 > /tmp/lb_flush_wrk.txt &
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
grep -E "Non-2xx|Socket errors" /tmp/lb_flush_wrk.txt || true
tail -1 /tmp/lb_flush_wrk.txt
# A refused submission must have stored nothing: rows stored may exceed the 200 answers only by
# the requests still in flight when wrk stopped (at most 50).
sleep 1
stored=$(psql -tA "$DB" -c "SELECT count(*) FROM scores WHERE id > $first")
answered=$(tail -1 /tmp/lb_flush_wrk.txt | sed -E 's/.* ([0-9]+) requests, .* errors ([0-9]+)$/\1 - \2/' | bc)
echo "rows stored: $stored; answered 200: $answered; difference: $((stored - answered))"
