#!/bin/sh
# Fails on purpose until the scheduler's attempt counter reaches N, then succeeds.
#   usage: fail-until-attempt.sh N        (default N = 3: fails twice, succeeds on the 3rd run)
# The scheduler sets JOBNET_ATTEMPT: 1 for the first run, 2 for the first retry, ...
# Nothing is stored between runs, so the script behaves the same on any agent.
succeed_at=${1:-3}
attempt=${JOBNET_ATTEMPT:-1}
case $succeed_at in ''|*[!0-9]*) echo "fail-until-attempt.sh: N must be a whole number, got '$succeed_at'" >&2; exit 2 ;; esac
case $attempt in ''|*[!0-9]*) echo "fail-until-attempt.sh: JOBNET_ATTEMPT is '$attempt', not a number" >&2; exit 2 ;; esac
if [ "$attempt" -lt "$succeed_at" ]; then
  echo "attempt $attempt of a job that succeeds at attempt $succeed_at: failing on purpose (exit 1)" >&2
  exit 1
fi
echo "attempt $attempt: succeeded"
