#!/usr/bin/env bash
# Runs a load command and prints the CPU seconds each named process spent during it, and per
# request when the load reports its request count (wrk's "N requests in").
#   PROCS="gateway gacha inventory postgres redis-server" bash scripts/bench-cpu.sh wrk -t2 -c10 ...
set -euo pipefail
here="$(dirname "$0")"
read -r -a procs <<<"${PROCS:-gateway postgres redis-server}"
before=$(bash "$here/cpu-of.sh" "${procs[@]}")
out=$("$@" 2>&1)
after=$(bash "$here/cpu-of.sh" "${procs[@]}")
echo "$out"
requests=$(echo "$out" | sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' | head -1)
paste <(echo "$before") <(echo "$after") | while read -r name b _ a; do
  spent=$(echo "$a - $b" | bc)
  if [ -n "$requests" ] && [ "$requests" -gt 0 ]; then
    echo "cpu $name ${spent}s ($(echo "scale=1; $spent * 1000000 / $requests" | bc) us/request)"
  else
    echo "cpu $name ${spent}s"
  fi
done
