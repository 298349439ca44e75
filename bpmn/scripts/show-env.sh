#!/bin/sh
# Prints the variables the scheduler gives a job (MM_*, JOBNET_*) and the job's working directory,
# one per line, sorted, so that runs can be compared.
#   usage: show-env.sh [LABEL]
echo "job ${1:-} runs in $(pwd) as $(id -un 2>/dev/null || id -u)"
env | grep -E '^(MM_|JOBNET_)' | sort
exit 0
