#!/bin/sh
# long.sh — the long fuzz runs of docs/fuzzing.md: each target named (all
# by default) alone, in one process (no -jobs: libFuzzer would then log to
# ./fuzz-N.log), under nice, until FUZZ_RUNS executions
# (default 10 million) or FUZZ_MAX_SECONDS (default 3600), over a scratch
# copy of its seed corpus. Prints one line per target with executions,
# exec/s, coverage, corpus size, time and findings; keeps every log and
# crashing input in FUZZ_ARTIFACTS (default build/fuzz/long).
# Usage: tests/fuzz/long.sh [FUZZDIR] [target...]
# SPDX-License-Identifier: BSD-3-Clause
set -u
dir=${1:-build/fuzz}
[ $# -gt 0 ] && shift
runs=${FUZZ_RUNS:-10000000}
secs=${FUZZ_MAX_SECONDS:-3600}
art=${FUZZ_ARTIFACTS:-$dir/long}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/targets.sh"
mkdir -p "$art"
for t in $targets; do
    work=$art/corpus-$t
    mkdir -p "$work"
    log=$art/$t.log
    start=$(date +%s)
    # GNU time records the CPU seconds the run actually got (the machine
    # may be shared): executions per CPU second is the comparable rate.
    /usr/bin/time -f '%U %S' -o "$art/$t.cpu" \
        nice -n 10 "$dir/fuzz_$t" -runs="$runs" \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=4096 -print_final_stats=1 -artifact_prefix="$art/$t-" \
        "$work" "$here/corpus/$t" >"$log" 2>&1
    rc=$?
    end=$(date +%s)
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    cov=$(echo "$last" | grep -o 'cov: [0-9]* ft: [0-9]*')
    corp=$(echo "$last" | grep -o 'corp: [^ ]*')
    found=$(ls "$art/$t-"* 2>/dev/null | wc -l)
    cpu=$(awk 'END { printf "%.0f", $1 + $2 }' "$art/$t.cpu" 2>/dev/null)
    echo "$t runs=${n:-?} exec/s=${eps:-?} $cov $corp time=$((end - start))s" \
        "cpu=${cpu:-?}s exit=$rc findings=$found"
done
