#!/usr/bin/env bash
# Prints the CPU seconds (user+system) each named process has used so far, one "name seconds"
# per line: run it before and after a load and subtract (scripts/bench-cpu.sh does both).
#   bash scripts/cpu-of.sh gateway gacha inventory postgres redis-server
set -euo pipefail
tck=$(getconf CLK_TCK)
for name in "$@"; do
  total=0
  for pid in $(pgrep -x "$name" || true); do
    # utime and stime are fields 14 and 15; the command name (field 2) may hold spaces.
    # A process may exit between pgrep and here (PostgreSQL backends do).
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    read -r ut st < <(echo "$stat" | sed 's/.*) //' | awk '{print $12, $13}')
    total=$((total + ut + st))
  done
  echo "$name $(echo "scale=2; $total / $tck" | bc)"
done
