#!/usr/bin/env bash
# history.sh [B] — the metrics history benchmark (issue 6): with
# $B/tools/hist_bench (B defaults to build), in a temporary folder:
#   1. one day at full scale: SERVERS (10000) x 8 metrics x SAMPLES (5760 =
#      24 h at 15 s) in the daemon's order, a flush every FLUSH (4)
#      timestamps = once a minute of sample time: samples/s, bytes per
#      sample on disk, memory per series, flush times; then query times on
#      that day's file (1 h raw, 24 h at 5 min, 24 h raw);
#   2. the worst case for the encoding: NOISE_SERVERS (1000) x 8 metrics x
#      NOISE_SAMPLES (5760) of uniform noise at full resolution;
#   3. a long history: LONG_SERVERS (100) x 8 metrics x LONG_DAYS (31) days,
#      then the same queries plus 30 d at 1 h and at 5 min, each with a new
#      reader handle as a CGI does (RUNS = 200 random series per shape);
#   4. retention on the long history: keep 7 days raw and 90 days of
#      roll-ups (copies 24 days of roll-ups into roll-up files, unlinks 24
#      raw files), then 3 days of both (unlinks only).
# Prints every figure, writes $B/bench/history.txt, exits 1 when a
# realistic run ingests less than MIN_RATE (1000000) samples/s or stores
# more than MAX_BPS (6) bytes per sample. KEEP=1 keeps the folder; NICE
# raises the benchmark above the rest of a shared machine (see run()).
set -euo pipefail

B=${1:-build}
bench=$B/tools/hist_bench
servers=${SERVERS:-10000}
samples=${SAMPLES:-5760}
flush=${FLUSH:-4}
noise_servers=${NOISE_SERVERS:-1000}
noise_samples=${NOISE_SAMPLES:-5760}
long_servers=${LONG_SERVERS:-100}
long_days=${LONG_DAYS:-31}
runs=${RUNS:-200}
min_rate=${MIN_RATE:-1000000}
max_bps=${MAX_BPS:-6}

[ -x "$bench" ] || { echo "history.sh: $bench not built (run make)" >&2; exit 2; }
case "$B" in *san*) echo "history.sh: warning: $B is a sanitizer build;" \
    "figures are not representative" >&2 ;; esac

mkdir -p "$B/bench"
out=$B/bench/history.txt
work=$(mktemp -d "${TMPDIR:-/tmp}/uc-hist.XXXXXX")
cleanup() {
    if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# NICE (e.g. -19, root): hist_bench runs in a session of its own whose
# autogroup gets that nice, above the rest of a shared machine (with the
# kernel's autogroups on, a plain nice only counts inside one's own
# session). Unset: a fair share of the machine, as any other session.
run() {
    echo "\$ hist_bench $*" | sed "s|$work/||"
    if [ -n "${NICE:-}" ]; then
        setsid -w bash -c '[ -w /proc/self/autogroup ] && echo "$1" >/proc/self/autogroup
            shift; exec nice -n "$@"' _ "$NICE" "$NICE" "$bench" "$@"
    else
        "$bench" "$@"
    fi
}

{
    echo "# hist_bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) CPU(s)"
    echo "== 1. one day, $servers servers x 8 metrics, realistic values"
    run ingest "$work/day" "$servers" "$samples" realistic "$flush"
    run query "$work/day" "$servers" "$samples" "$runs" | grep -v 30d
    echo "== 2. worst case: uniform noise at full resolution"
    run ingest "$work/noise" "$noise_servers" "$noise_samples" noise "$flush"
    echo "== 3. $long_days days, $long_servers servers x 8 metrics"
    long_samples=$((long_days * 5760))
    run ingest "$work/long" "$long_servers" "$long_samples" realistic "$flush"
    run query "$work/long" "$long_servers" "$long_samples" "$runs"
    echo "== 4. retention: 7 days raw, 90 days of roll-ups; then 3 and 3"
    now=$((1799971200 + long_samples * 15))
    run retain "$work/long" "$now" 7 90
    run retain "$work/long" "$now" 3 3
} | tee "$out"

# The targets apply to the realistic runs (noise is shown for reference).
status=0
awk -F'[= ]' '/values=/ { real = ($0 ~ /values=realistic/) }
              real && /^samples_per_second=/ { if ($2 < min) bad = 1 }
              real && /bytes_per_sample=/ {
                  for (i = 1; i < NF; i++)
                      if ($i == "bytes_per_sample" && $(i+1) > max) bad = 1 }
              END { exit bad }' min="$min_rate" max="$max_bps" "$out" || status=1
if [ "$status" -ne 0 ]; then
    echo "history.sh: below target ($min_rate samples/s, $max_bps bytes/sample)" >&2
fi
echo "written to $out"
exit "$status"
