#!/bin/sh
# A long-running job that shows it is alive: prints one line every INTERVAL seconds for SECONDS
# seconds in total, then exits 0.
#   usage: tick.sh SECONDS [INTERVAL]     (default INTERVAL = 10)
total=${1:?usage: tick.sh SECONDS [INTERVAL]}
interval=${2:-10}
case $total$interval in *[!0-9]*) echo "tick.sh: SECONDS and INTERVAL must be whole numbers" >&2; exit 2 ;; esac
[ "$interval" -gt 0 ] || interval=1
echo "started at $(date '+%Y-%m-%d %H:%M:%S'), running for ${total}s (pid $$)"
elapsed=0
while [ "$elapsed" -lt "$total" ]; do
  step=$interval
  [ $((elapsed + step)) -gt "$total" ] && step=$((total - elapsed))
  sleep "$step"
  elapsed=$((elapsed + step))
  echo "tick: ${elapsed}s of ${total}s"
done
echo "done at $(date '+%Y-%m-%d %H:%M:%S')"
