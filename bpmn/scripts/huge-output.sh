#!/bin/sh
# Writes MIB mebibytes to stdout and as many to stderr, both at once, between a recognisable first
# and last line on each stream, so that the head and the tail of the log can be checked.
#   usage: huge-output.sh MIB             (e.g. 1024 for 1 GiB on each stream)
mib=${1:?usage: huge-output.sh MIB}
case $mib in *[!0-9]*) echo "huge-output.sh: MIB must be a whole number" >&2; exit 2 ;; esac
bytes=$((mib * 1024 * 1024))
echo "FIRST LINE OF STDOUT: $mib MiB follow"
echo "FIRST LINE OF STDERR: $mib MiB follow" >&2
yes 'stdout filler line: the quick brown fox jumps over the lazy dog 0123456789' | head -c "$bytes" &
out=$!
yes 'stderr filler line: the quick brown fox jumps over the lazy dog 0123456789' | head -c "$bytes" >&2 &
err=$!
wait "$out"
wait "$err"
echo
echo "LAST LINE OF STDOUT"
echo >&2
echo "LAST LINE OF STDERR" >&2
