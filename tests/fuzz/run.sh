#!/bin/sh
# run.sh — the bounded fuzz run of CI: every libFuzzer target in FUZZDIR
# (default build/fuzz, from `make fuzz`) for FUZZ_SECONDS (default 20)
# over its seed corpus tests/fuzz/corpus/<name>, one at a time. New inputs
# go to a scratch folder (the seeds are not changed); a crash, leak,
# sanitizer report or timeout fails the run and its input is kept in
# FUZZ_ARTIFACTS (default build/fuzz/artifacts) with the fuzzer's log.
# Usage: tests/fuzz/run.sh [FUZZDIR] [target...]
# SPDX-License-Identifier: BSD-3-Clause
set -u
dir=${1:-build/fuzz}
[ $# -gt 0 ] && shift
seconds=${FUZZ_SECONDS:-20}
art=${FUZZ_ARTIFACTS:-$dir/artifacts}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/targets.sh"
mkdir -p "$art"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/uc-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
fail=0
for t in $targets; do
    bin=$dir/fuzz_$t
    seeds=$here/corpus/$t
    if [ ! -x "$bin" ]; then
        echo "FAIL $t: $bin not built (make fuzz)"
        fail=1
        continue
    fi
    mkdir -p "$scratch/$t" "$seeds"
    log=$art/$t.log
    # -timeout: one input over 10 s is a finding (a hang); -rss_limit_mb
    # bounds memory; -max_len covers the seeds' sizes.
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$art/$t-" \
        "$scratch/$t" "$seeds" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
    if [ $rc -ne 0 ] || grep -q '^==[0-9]*==ERROR\|runtime error' "$log"; then
        echo "FAIL $t: exit $rc after ${runs:-?} runs; see $log"
        grep -m 5 'ERROR\|SUMMARY\|runtime error\|Test unit written' "$log"
        fail=1
    else
        echo "ok   $t: ${runs:-?} runs in $seconds s, $cov"
    fi
done
exit $fail
