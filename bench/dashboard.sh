#!/usr/bin/env bash
# dashboard.sh STAGE — the dashboard benchmark (`make bench`): a fresh state
# filled with 100000 servers and 200000 connections (build/tools/fill), one
# standalone lighttpd on loopback, then interleaved rounds of sequential
# requests (new connection each) to the floor CGI, index.cgi and a search
# index.cgi?q=..., and the peak RSS of index.cgi run directly with a
# miniserv-like environment. Prints a table, writes $B/bench/dashboard.txt,
# exits 1 if a ratio to the floor exceeds MAX_RATIO (3.0) or the RSS exceeds
# MAX_RSS_KIB (8192). Knobs: SERVERS CONNS ROUNDS REQS WARMUP Q KEEP=1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/lighttpd.sh disable=SC1091
. "$here/../tools/lighttpd.sh"
stage=$(uc_stage_arg "$@") || exit
# STAGE is $(B)/stage/unlimited-cluster: B is build or build/san.
B=$(cd "$stage/../.." && pwd)

servers=${SERVERS:-100000}
conns=${CONNS:-200000}
rounds=${ROUNDS:-5}
reqs=${REQS:-40}
warmup=${WARMUP:-10}
q=${Q:-web-prod-0421}
max_ratio=${MAX_RATIO:-3.0}
max_rss=${MAX_RSS_KIB:-8192}
fill=${FILL:-$B/tools/fill}
cc=${CC:-cc}

case "$B" in */san) echo "dashboard.sh: warning: $stage is a sanitizer build;" \
    "figures are not representative" >&2 ;; esac
[ -x "$fill" ] || { echo "dashboard.sh: $fill not built (run make)" >&2; exit 2; }
[ -x "$stage/index.cgi" ] || { echo "dashboard.sh: no $stage/index.cgi" >&2; exit 2; }

out_dir=$B/bench
mkdir -p "$out_dir"
uc_temp_init uc-bench "state kept in"
work=$UC_TMP state=$UC_STATE user=$UC_USER pass=$UC_PASSWORD
uc_state_init "$state" "$user" "$pass" en
db=$state/var/modules/$UC_MODULE/cluster.db

echo "== fill $servers servers, $conns connections"
t0=$(date +%s.%N)
"$fill" "$db" "$servers" "$conns" >"$work/fill.out"
t1=$(date +%s.%N)
fill_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
echo "   took ${fill_s} s, db $(($(stat -c %s "$db") / 1024)) KiB"

# A bench copy of the stage with the floor CGI beside the real ones.
bstage=$work/stage/$UC_MODULE
mkdir -p "$work/stage"
cp -a "$stage" "$bstage"
"$cc" -std=c11 -O2 -o "$bstage/floor.cgi" "$here/floor.c"
"$cc" -std=c11 -O2 -o "$out_dir/rss" "$here/rss.c"

uc_server_start "$state" "$bstage" 0 >/dev/null
base="http://127.0.0.1:$UC_PORT/$UC_MODULE"
names=(floor dashboard search)
urls=("$base/floor.cgi" "$base/index.cgi" "$base/index.cgi?q=$q")

# get URL OUTFILE: one request on a new connection; prints "seconds status".
get() {
    curl -s --noproxy '*' --max-time 60 -H 'Connection: close' \
        -u "$user:$pass" -e "$base/" -o "$2" \
        -w '%{time_total} %{http_code}\n' "$1" || echo "0 000"
}

echo "== check and warm up ($warmup requests per URL)"
for k in 0 1 2; do
    read -r _ code < <(get "${urls[$k]}" "$work/${names[$k]}.html")
    if [ "$code" != 200 ]; then
        echo "dashboard.sh: ${urls[$k]} gave HTTP $code" >&2
        sed -e 's/<[^>]*>/ /g' "$work/${names[$k]}.html" | head -c 400 >&2
        exit 1
    fi
    for ((i = 1; i < warmup; i++)); do get "${urls[$k]}" /dev/null >/dev/null; done
done
grep -qF -- "$q" "$work/search.html" ||
    echo "dashboard.sh: warning: the search page does not mention '$q'" >&2
for k in 0 1 2; do : >"$work/${names[$k]}.times"; done

echo "== measure: $rounds rounds x $reqs requests per URL, interleaved"
errors=0
for ((r = 1; r <= rounds; r++)); do
    for ((i = 1; i <= reqs; i++)); do
        for k in 0 1 2; do
            read -r t code < <(get "${urls[$k]}" /dev/null)
            if [ "$code" = 200 ]; then
                echo "$t" >>"$work/${names[$k]}.times"
            else
                errors=$((errors + 1))
            fi
        done
    done
    echo "   round $r/$rounds done"
done

# stats FILE: "median p90" in milliseconds.
stats() {
    sort -g "$1" | awk '{ a[NR] = $1 * 1000 }
        END { if (NR == 0) { print "nan nan"; exit }
              m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
              p = int(NR * 0.9); if (p < NR * 0.9) p++; if (p < 1) p = 1
              printf "%.2f %.2f\n", m, a[p] }'
}
read -r floor_med floor_p90 < <(stats "$work/floor.times")
read -r dash_med dash_p90 < <(stats "$work/dashboard.times")
read -r search_med search_p90 < <(stats "$work/search.times")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "nan" }'; }
dash_ratio=$(ratio "$dash_med" "$floor_med")
search_ratio=$(ratio "$search_med" "$floor_med")

# Peak RSS of index.cgi run directly, as miniserv would run it.
rss_of() { # QUERY_STRING SCRIPT
    "$out_dir/rss" -C "$bstage" -o "$work/rss-out.html" \
        -e "WEBMIN_CONFIG=$state/etc" -e "WEBMIN_VAR=$state/var" \
        -e "REMOTE_USER=$user" -e "BASE_REMOTE_USER=" -e "REMOTE_HOST=127.0.0.1" \
        -e "REMOTE_ADDR=127.0.0.1" -e "HTTP_HOST=127.0.0.1:10000" \
        -e "SERVER_NAME=127.0.0.1" -e "SERVER_PORT=10000" \
        -e "SERVER_PROTOCOL=HTTP/1.0" -e "SERVER_SOFTWARE=MiniServ/2.660" \
        -e "GATEWAY_INTERFACE=CGI/1.1" -e "REQUEST_METHOD=GET" \
        -e "SCRIPT_NAME=/$UC_MODULE/$2" -e "SCRIPT_FILENAME=$bstage/$2" \
        -e "REQUEST_URI=/$UC_MODULE/$2${1:+?$1}" -e "QUERY_STRING=$1" \
        -e "SESSION_ID=0123456789abcdef0123456789abcdef" -e "HTTP_COOKIE=; testing=1" \
        -e "SERVER_ROOT=$work/stage" -e "DOCUMENT_ROOT=$work/stage" \
        -e "PWD=$bstage" -e "HOME=/root" -e "PATH=/usr/sbin:/usr/bin:/sbin:/bin" \
        -- "$bstage/$2" | sed -n 's/^peak_rss_kib=\([0-9]*\) exit=\([0-9]*\)$/\1 \2/p'
}
read -r rss_dash rss_dash_exit < <(rss_of "" index.cgi)
read -r rss_search rss_search_exit < <(rss_of "q=$q" index.cgi)
read -r rss_floor _ < <(rss_of "" floor.cgi)

verdict=PASS
reasons=()
gt() { awk -v a="$1" -v b="$2" 'BEGIN{ exit !(a == "nan" || a + 0 > b + 0) }'; }
gt "$dash_ratio" "$max_ratio" && reasons+=("dashboard/floor $dash_ratio > $max_ratio")
gt "$search_ratio" "$max_ratio" && reasons+=("search/floor $search_ratio > $max_ratio")
[ "${rss_dash:-0}" -gt "$max_rss" ] && reasons+=("index.cgi RSS $rss_dash KiB > $max_rss")
[ "${rss_search:-0}" -gt "$max_rss" ] && reasons+=("search RSS $rss_search KiB > $max_rss")
[ "${rss_dash_exit:-1}" = 0 ] || reasons+=("index.cgi exited $rss_dash_exit when run directly")
[ "${rss_search_exit:-1}" = 0 ] || reasons+=("search exited $rss_search_exit when run directly")
[ "$errors" -eq 0 ] || reasons+=("$errors requests did not give 200")
[ ${#reasons[@]} -eq 0 ] || verdict=FAIL

report=$out_dir/dashboard.txt
{
    echo "unlimited-cluster dashboard benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "host: $(nproc) cores, $(uname -sr); lighttpd $(lighttpd -v 2>&1 | sed -n 's/^lighttpd\/\([^ ]*\).*/\1/p'), loopback, curl, new connection per request"
    echo "data: $servers servers, $conns connections (fill took ${fill_s} s)"
    echo "load: $rounds rounds x $reqs sequential requests per URL, interleaved, after $warmup warm-up requests"
    echo
    printf '%-34s %10s %10s %12s\n' "URL" "median ms" "p90 ms" "vs floor"
    printf '%-34s %10s %10s %12s\n' "floor.cgi (fixed 1 KB page)" "$floor_med" "$floor_p90" "1.00"
    printf '%-34s %10s %10s %12s\n' "index.cgi (dashboard, page 1)" "$dash_med" "$dash_p90" "$dash_ratio"
    printf '%-34s %10s %10s %12s\n' "index.cgi?q=$q" "$search_med" "$search_p90" "$search_ratio"
    echo
    echo "peak RSS, run directly with a miniserv-like environment:"
    printf '  %-32s %8s KiB (exit %s)\n' "index.cgi" "$rss_dash" "$rss_dash_exit"
    printf '  %-32s %8s KiB (exit %s)\n' "index.cgi?q=$q" "$rss_search" "$rss_search_exit"
    printf '  %-32s %8s KiB\n' "floor.cgi" "$rss_floor"
    echo
    echo "targets: ratio to floor <= $max_ratio, peak RSS <= $max_rss KiB"
    if [ "$verdict" = PASS ]; then
        echo "verdict: PASS"
    else
        printf 'verdict: FAIL:'
        printf ' %s;' "${reasons[@]}"
        echo
    fi
} | tee "$report"
echo "(written to $report)"
[ "$verdict" = PASS ]
