#!/usr/bin/env bash
# import.sh STAGE — the import benchmark: a native document of SERVERS
# (100000) servers and CONNS (200000) connections from gen_estate.py, then
# RUNS (3) times `clusterctl import DOC --mode replace` into a fresh
# database, timed, with its peak RSS (bench/rss.c). Also the time of a dry
# run (reading and checking only) and of exporting the result, and whether
# that export gives back the generated document byte for byte. Prints a
# table, writes $B/bench/import.txt; exits 1 when the best run is under
# TARGET servers/s (50000), the round trip differs, or a run fails.
# Knobs: SERVERS CONNS CLUSTERS RUNS TARGET KEEP=1.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 STAGE" >&2
    exit 2
fi
stage=$(cd "$1" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
B=$(cd "$stage/../.." && pwd)
servers=${SERVERS:-100000}
conns=${CONNS:-200000}
clusters=${CLUSTERS:-50}
runs=${RUNS:-3}
target=${TARGET:-50000}
cli=$stage/clusterctl
cc=${CC:-cc}

case "$B" in *san*) echo "import.sh: warning: $stage is a sanitizer build;" \
    "figures are not representative" >&2 ;; esac
[ -x "$cli" ] || { echo "import.sh: no $cli (run make)" >&2; exit 2; }
out_dir=$B/bench
mkdir -p "$out_dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/uc-import.XXXXXX")
cleanup() {
    if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rss=$out_dir/rss
if [ ! -x "$rss" ] || [ "$here/rss.c" -nt "$rss" ]; then
    "$cc" -O2 -o "$rss" "$here/rss.c"
fi
doc=$out_dir/estate-$servers-$conns-$clusters.json
if [ ! -s "$doc" ] || [ "$here/gen_estate.py" -nt "$doc" ]; then
    echo "== generating $doc"
    python3 "$here/gen_estate.py" "$servers" "$conns" "$clusters" >"$doc.tmp"
    mv "$doc.tmp" "$doc"
fi
echo "== document: $(($(stat -c %s "$doc") / 1024 / 1024)) MiB," \
    "$servers servers, $conns connections, $clusters clusters"

now() { date +%s.%N; }
# clusterctl with nothing from this shell but what it needs (no Webmin here:
# WEBMIN_VAR points nowhere, so no action log is written).
env_args=(-e PATH=/usr/bin:/bin -e WEBMIN_CONFIG="$work/none"
    -e WEBMIN_VAR="$work/none" -e LANG=C -e SOURCE_DATE_EPOCH=1795939200)

# timed OUTFILE ARGS...: runs clusterctl under rss; sets SEC (wall), CPU
# (user + system seconds, when /usr/bin/time is there), KIB, EXIT.
timed() {
    local out=$1
    shift
    local t0 t1 line
    local -a timer=()
    [ -x /usr/bin/time ] && timer=(/usr/bin/time -f "%U %S" -o "$work/cpu")
    t0=$(now)
    line=$("${timer[@]}" "$rss" "${env_args[@]}" -o "$out" -- "$cli" "$@")
    t1=$(now)
    SEC=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
    CPU=$(awk '{printf "%.2f", $1 + $2}' "$work/cpu" 2>/dev/null || echo "-")
    KIB=$(sed -n 's/^peak_rss_kib=\([0-9]*\).*/\1/p' <<<"$line")
    EXIT=$(sed -n 's/.*exit=\([0-9]*\).*/\1/p' <<<"$line")
}

failed=0
declare -a secs kibs cpus
for r in $(seq 1 "$runs"); do
    db=$work/run$r.db
    timed "$work/import$r.json" --db "$db" import "$doc" --mode replace --json
    if [ "$EXIT" != 0 ]; then
        echo "   run $r: FAILED (exit $EXIT)"
        failed=1
        continue
    fi
    secs+=("$SEC")
    kibs+=("$KIB")
    cpus+=("$CPU")
    echo "   run $r: ${SEC} s (CPU ${CPU} s), peak RSS ${KIB} KiB," \
        "$(awk -v n="$servers" -v s="$SEC" 'BEGIN{printf "%.0f", n/s}') servers/s"
    [ "$r" -lt "$runs" ] && rm -f "$db" "$db-wal" "$db-shm"
done
last_db=$work/run$runs.db

# The dry run into an empty database: reading and checking only.
timed "$work/dry.json" --db "$work/empty.db" import "$doc" --mode replace \
    --dry-run --json
dry=$SEC
dry_cpu=$CPU
dry_kib=$KIB
timed "$work/export.json" --db "$last_db" export
export_s=$SEC
export_cpu=$CPU
export_kib=$KIB
if cmp -s "$doc" "$work/export.json"; then same=yes; else same=NO; failed=1; fi

best=$(printf '%s\n' "${secs[@]}" | sort -n | head -1)
best_cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | head -1)
median=$(printf '%s\n' "${secs[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
peak=$(printf '%s\n' "${kibs[@]}" | sort -n | tail -1)
rate=$(awk -v n="$servers" -v s="$best" 'BEGIN{printf "%.0f", n/s}')
rate_med=$(awk -v n="$servers" -v s="$median" 'BEGIN{printf "%.0f", n/s}')
load=$(cut -d' ' -f1-3 /proc/loadavg)
{
    echo "import of $servers servers + $conns connections + $clusters clusters" \
        "($(($(stat -c %s "$doc") / 1024 / 1024)) MiB), $runs runs, load $load"
    printf '%-34s %9s %9s %11s %13s\n' "" "wall s" "CPU s" "servers/s" "peak RSS KiB"
    printf '%-34s %9s %9s %11s %13s\n' "import --mode replace (best)" "$best" \
        "$best_cpu" "$rate" "$peak"
    printf '%-34s %9s %9s %11s %13s\n' "import --mode replace (median)" "$median" \
        "" "$rate_med" ""
    printf '%-34s %9s %9s %11s %13s\n' "import --dry-run (read + check)" "$dry" \
        "$dry_cpu" "$(awk -v n="$servers" -v s="$dry" 'BEGIN{printf "%.0f", n/s}')" "$dry_kib"
    printf '%-34s %9s %9s %11s %13s\n' "export" "$export_s" "$export_cpu" \
        "$(awk -v n="$servers" -v s="$export_s" 'BEGIN{printf "%.0f", n/s}')" "$export_kib"
    echo "servers/s per CPU second (best run): $(awk -v n="$servers" -v s="$best_cpu" 'BEGIN{printf "%.0f", n/s}')"
    echo "export of the import == the generated document: $same"
    echo "target: $target servers/s"
} | tee "$out_dir/import.txt"
if [ "$failed" -ne 0 ] || [ "$rate" -lt "$target" ]; then
    echo "import.sh: below target or failed" >&2
    exit 1
fi
