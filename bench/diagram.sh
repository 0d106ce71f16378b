#!/usr/bin/env bash
# diagram.sh STAGE — the diagram benchmark: our isometric diagram in
# Debian's headless chromium (software rendering, 1280x800, driven by
# playwright-core) on estates of 1,000 servers + 1,000 connections, 10,000
# + 20,000 and 100,000 + 200,000 (build/tools/fill, served by the
# standalone lighttpd), and in the same run and harness the `isoflow` npm
# component at 1,000 + 1,000 (bundled once with esbuild from npm packages,
# served from loopback, no network at run time). Writes the JSON of each
# run and the table to $B/bench/diagram/, prints the table, exits 1 when a
# target of the issue is missed. Knobs: SIZES ("1000:1000 10000:20000
# 100000:200000"), ISOFLOW_N (1000; 0 skips it), STEPS (40), KEEP=1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/lighttpd.sh disable=SC1091
. "$here/../tools/lighttpd.sh"
stage=$(uc_stage_arg "$@") || exit
B=$(cd "$stage/../.." && pwd)

sizes=${SIZES:-"1000:1000 10000:20000 100000:200000"}
iso_n=${ISOFLOW_N:-1000}
fill=${FILL:-$B/tools/fill}
bench=$here/diagram
out=$B/bench/diagram
[ -x "$fill" ] || { echo "diagram.sh: $fill not built (run make)" >&2; exit 2; }
[ -x "$stage/diagram.cgi" ] || { echo "diagram.sh: no $stage/diagram.cgi" >&2; exit 2; }
command -v node >/dev/null || { echo "diagram.sh: node is missing (tools/deps.sh)" >&2; exit 2; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "diagram.sh: chromium is missing (tools/deps.sh)" >&2; exit 2; }
case "$B" in */san) echo "diagram.sh: warning: a sanitizer build; figures are not representative" >&2 ;; esac
if [ ! -d "$bench/node_modules/playwright-core" ] || [ ! -d "$bench/node_modules/isoflow" ]; then
    echo "== npm ci in bench/diagram (playwright-core, esbuild, react 18, isoflow, isopacks)"
    (cd "$bench" && npm ci --no-audit --no-fund --loglevel=error)
fi
mkdir -p "$out"
rm -f "$out"/*.json

uc_temp_init uc-dbench "state kept in"
work=$UC_TMP user=$UC_USER pass=$UC_PASSWORD
echo "== load: $(uptime | sed 's/.*load average/load average/')"
for size in $sizes; do
    n=${size%%:*}
    c=${size##*:}
    state=$work/state-$n
    UC_STATE=$state # the server the exit trap stops
    uc_state_init "$state" "$user" "$pass" en
    db=$state/var/modules/$UC_MODULE/cluster.db
    echo "== ours: fill $n servers, $c connections"
    "$fill" "$db" "$n" "$c" | sed 's/^/   /'
    uc_server_start "$state" "$stage" 0 >/dev/null
    NODE_PATH="$bench/node_modules" timeout 900 node "$bench/ours.js" "http://127.0.0.1:$UC_PORT" \
        "$user" "$pass" "ours-$n" >"$out/ours-$n.json"
    uc_server_stop "$state"
done
if [ "$iso_n" != 0 ]; then
    echo "== isoflow 1.1.1: bundle (esbuild) and $iso_n servers + $iso_n connections"
    mkdir -p "$out/isoflow"
    cp "$bench/isoflow/index.html" "$out/isoflow/"
    "$bench/node_modules/.bin/esbuild" "$bench/isoflow/entry.js" --bundle --minify --format=iife \
        --define:process.env.NODE_ENV='"production"' --outfile="$out/isoflow/bundle.js" --log-level=warning
    NODE_PATH="$bench/node_modules" timeout 1800 node "$bench/isoflow.js" "$out/isoflow" "$iso_n" \
        >"$out/isoflow-$iso_n.json"
fi
echo "== load: $(uptime | sed 's/.*load average/load average/')"
rc=0
runs=("$out"/ours-*.json)
[ "$iso_n" != 0 ] && runs+=("$out/isoflow-$iso_n.json")
node "$bench/report.js" "${runs[@]}" | tee "$out/diagram.txt" || rc=$?
exit "$rc"
