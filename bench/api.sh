#!/usr/bin/env bash
# api.sh STAGE — the REST API benchmark: a fresh state filled with 100000
# servers and 200000 connections (build/tools/fill), one standalone
# lighttpd on loopback, then GET /servers walked page by page to the end
# with keyset cursors, at limit=1000 and at limit=100, each page request
# followed by one request to the trivial floor CGI (new connection each, so
# drift hits both alike). Prints median/p90/max per page and the ratio of
# the median page to the median floor, writes $B/bench/api.txt, exits 1 if
# a ratio exceeds MAX_RATIO (3.0) or a request failed. When the API has
# POST /import, IMPORT=1 (the default then) also times importing the whole
# estate (servers and connections) into an empty database through the API.
# Knobs: SERVERS CONNS LIMITS WARMUP MAX_RATIO IMPORT KEEP=1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/lighttpd.sh disable=SC1091
. "$here/../tools/lighttpd.sh"
stage=$(uc_stage_arg "$@") || exit
B=$(cd "$stage/../.." && pwd) # STAGE is $(B)/stage/unlimited-cluster

servers=${SERVERS:-100000}
conns=${CONNS:-200000}
limits=${LIMITS:-1000 100}
warmup=${WARMUP:-10}
max_ratio=${MAX_RATIO:-3.0}
fill=${FILL:-$B/tools/fill}
cc=${CC:-cc}

[ -x "$fill" ] || { echo "api.sh: $fill not built (run make)" >&2; exit 2; }
[ -e "$stage/nph-api.cgi" ] || { echo "api.sh: no $stage/nph-api.cgi" >&2; exit 2; }
case "$B" in *san*) echo "api.sh: warning: $stage looks like a sanitizer" \
    "build; figures are not representative" >&2 ;; esac

out_dir=$B/bench
mkdir -p "$out_dir"
uc_temp_init uc-apibench "state kept in"
work=$UC_TMP state=$UC_STATE user=$UC_USER pass=$UC_PASSWORD
uc_state_init "$state" "$user" "$pass" en
db=$state/var/modules/$UC_MODULE/cluster.db

echo "== fill $servers servers, $conns connections"
"$fill" "$db" "$servers" "$conns" >"$work/fill.out"

bstage=$work/stage/$UC_MODULE
mkdir -p "$work/stage"
cp -a "$stage" "$bstage"
"$cc" -std=c11 -O2 -o "$bstage/floor.cgi" "$here/floor.c"
uc_server_start "$state" "$bstage" 0 >/dev/null
base="http://127.0.0.1:$UC_PORT/$UC_MODULE"
api="$base/nph-api.cgi"

# timed URL OUTFILE [curl args]: one request on a new connection; prints
# "seconds status".
timed() {
    local url=$1 out=$2
    shift 2
    curl -s --noproxy '*' --max-time 120 -H 'Connection: close' \
        -u "$user:$pass" -o "$out" -w '%{time_total} %{http_code}\n' "$@" \
        "$url" || echo "0 000"
}

# summary FILE: "median p90 max" in milliseconds.
summary() {
    sort -g "$1" | awk '{ v[NR] = $1 * 1000 }
        END { if (NR == 0) { print "nan nan nan"; exit }
              m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              p = int(NR * 0.9 + 0.999999); if (p < 1) p = 1
              printf "%.2f %.2f %.2f\n", m, v[p], v[NR] }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }'; }

echo "== warm up ($warmup requests each)"
for ((i = 0; i < warmup; i++)); do
    timed "$base/floor.cgi" /dev/null >/dev/null
    timed "$api/servers?limit=1000" /dev/null >/dev/null
done

errors=0
rows=()
verdict=PASS
reasons=()
for limit in $limits; do
    echo "== GET /servers?limit=$limit, every page to the end"
    : >"$work/page-$limit.times"
    : >"$work/floor-$limit.times"
    cursor=
    pages=0
    listed=0
    bytes=0
    max_pages=$((servers / limit + 2))
    while [ "$pages" -lt "$max_pages" ]; do
        read -r t code < <(timed "$api/servers?limit=$limit${cursor:+&cursor=$cursor}" "$work/page.json")
        if [ "$code" != 200 ]; then
            errors=$((errors + 1))
            echo "api.sh: page $pages gave HTTP $code: $(head -c 300 "$work/page.json")" >&2
            break
        fi
        echo "$t" >>"$work/page-$limit.times"
        pages=$((pages + 1))
        listed=$((listed + $(grep -o '"created"' "$work/page.json" | wc -l)))
        bytes=$((bytes + $(stat -c %s "$work/page.json")))
        read -r t code < <(timed "$base/floor.cgi" /dev/null)
        if [ "$code" = 200 ]; then echo "$t" >>"$work/floor-$limit.times"; else errors=$((errors + 1)); fi
        cursor=$(sed -n 's/.*"next_cursor":"\([^"]*\)".*/\1/p' "$work/page.json")
        [ -n "$cursor" ] || break
    done
    [ "$listed" -eq "$servers" ] || {
        errors=$((errors + 1))
        echo "api.sh: limit=$limit listed $listed servers, not $servers" >&2
    }
    read -r pm p90 pmax < <(summary "$work/page-$limit.times")
    read -r fm _ _ < <(summary "$work/floor-$limit.times")
    # Keyset paging: the last pages should cost what the first ones do.
    head -n 10 "$work/page-$limit.times" >"$work/first.times"
    tail -n 10 "$work/page-$limit.times" >"$work/last.times"
    read -r first _ _ < <(summary "$work/first.times")
    read -r last _ _ < <(summary "$work/last.times")
    r=$(ratio "$pm" "$fm")
    rows+=("$(printf '%-26s %6s %9s %9s %9s %10s %9s' "limit=$limit" "$pages" \
        "$pm" "$p90" "$pmax" "$fm" "$r")")
    rows+=("$(printf '%-26s %s' "" "($listed servers, $((bytes / pages / 1024)) KiB per page; median of the first 10 pages $first ms, of the last 10 $last ms)")")
    awk -v a="$r" -v b="$max_ratio" 'BEGIN { exit !(a == "nan" || a + 0 > b + 0) }' &&
        reasons+=("limit=$limit page/floor $r > $max_ratio")
done

import_line="POST /import: not timed (IMPORT=0, or the API has no /import route)"
routes=$(curl -s --noproxy '*' -u "$user:$pass" "$api/")
if [ "${IMPORT:-1}" = 1 ] && [[ $routes == *'import"'* ]]; then
    echo "== export the estate, then time POST /import into an empty database"
    read -r _ code < <(timed "$api/export?format=native" "$work/estate.json")
    [ "$code" = 200 ] || { errors=$((errors + 1)); echo "api.sh: export gave $code" >&2; }
    uc_server_stop "$state"
    rm -f "$db" "$db-wal" "$db-shm"
    uc_server_start "$state" "$bstage" 0 >/dev/null
    api="http://127.0.0.1:$UC_PORT/$UC_MODULE/nph-api.cgi"
    read -r t code < <(timed "$api/import?mode=replace" "$work/import.json" \
        -X POST -H 'Content-Type: application/json' --data-binary "@$work/estate.json")
    if [ "$code" = 200 ]; then
        import_line=$(awk -v t="$t" -v s="$servers" -v c="$conns" -v mb="$(($(stat -c %s "$work/estate.json") / 1048576))" \
            'BEGIN { printf "POST /import of %d servers + %d connections (%d MiB): %.2f s, %.0f servers/s", s, c, mb, t, s / t }')
    else
        errors=$((errors + 1))
        import_line="POST /import gave HTTP $code: $(head -c 200 "$work/import.json")"
    fi
fi

[ "$errors" -eq 0 ] || reasons+=("$errors requests failed")
[ ${#reasons[@]} -eq 0 ] || verdict=FAIL
report=$out_dir/api.txt
{
    echo "unlimited-cluster REST API benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "host: $(nproc) cores, $(uname -sr); lighttpd $(lighttpd -v 2>&1 | sed -n 's/^lighttpd\/\([^ ]*\).*/\1/p'), loopback, curl, new connection per request"
    echo "data: $servers servers, $conns connections; GET /servers by id, every page to the end, a floor.cgi request after each page"
    echo
    printf '%-26s %6s %9s %9s %9s %10s %9s\n' "GET /servers" "pages" "median ms" "p90 ms" "max ms" "floor ms" "vs floor"
    printf '%s\n' "${rows[@]}"
    echo
    echo "$import_line"
    echo
    echo "target: median page <= $max_ratio x the floor's median"
    if [ "$verdict" = PASS ]; then echo "verdict: PASS"; else printf 'verdict: FAIL:'; printf ' %s;' "${reasons[@]}"; echo; fi
} | tee "$report"
echo "(written to $report)"
[ "$verdict" = PASS ]
