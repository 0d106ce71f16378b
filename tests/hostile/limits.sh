# limits.sh — every listing pages within its cap (sourced by run.sh after
# the table): /servers, /connections and /clusters walked one item a page
# by next_cursor see every item once and stop; limit over the cap is the
# table's business (cases.tsv, 400 err_out_of_range).
# shellcheck shell=bash

# jget PATH: a value of the last JSON answer.
jget() {
    sqlite3 -batch :memory: "SELECT json_extract(CAST(readfile('$OUT.body')
        AS TEXT), '$1')" 2>/dev/null
}

# walk ROUTE ARRAY MEMBER: follows next_cursor with limit=1 (at most 20
# pages); WALK is the MEMBER of each item, space-separated.
walk() {
    local route=$1 array=$2 member=$3 cursor="" pages=0 sep='?'
    [[ $route == *\?* ]] && sep='&'
    WALK=""
    while [ "$pages" -lt 20 ]; do
        request GET "nph-api.cgi$route${sep}limit=1${cursor:+&cursor=$cursor}" - "$T/empty"
        [ "$STATUS" = 200 ] || { WALK+="status-$STATUS "; return 1; }
        pages=$((pages + 1))
        WALK+="$(sqlite3 -batch :memory: "SELECT group_concat(json_extract(value,
            '\$.$member'), ' ') FROM json_each(CAST(readfile('$OUT.body') AS TEXT),
            '\$.$array')") "
        cursor=$(jget '$.next_cursor')
        [ -n "$cursor" ] || return 0
    done
}

: >"$T/empty"
for c in c2 c3 C4; do
    printf 'name=%s&servers=lb1' "$c" >"$T/body"
    request POST create_cluster.cgi application/x-www-form-urlencoded "$T/body"
done
walk /clusters clusters name
if [ "$WALK" = "c1 c2 c3 C4 " ]; then ok "GET /clusters?limit=1 pages through every cluster once"
else not_ok "GET /clusters?limit=1 pages through every cluster once" "got: $WALK"; fi
request GET "nph-api.cgi/clusters" - "$T/empty"
if [ "$(jget '$.clusters[#-1].name')|$(jget '$.next_cursor')" = "C4|" ]; then
    ok "GET /clusters without limit lists them all, next_cursor null"
else
    not_ok "GET /clusters without limit lists them all" "$(head -c 300 "$OUT.body")"
fi
request GET "nph-api.cgi/clusters?limit=2" - "$T/empty"
n=$(sqlite3 -batch :memory: "SELECT json_array_length(CAST(readfile('$OUT.body')
    AS TEXT), '\$.clusters')")
if [ "$n" = 2 ] && [ -n "$(jget '$.next_cursor')" ]; then
    ok "GET /clusters?limit=2 gives 2 clusters and a cursor"
else
    not_ok "GET /clusters?limit=2 gives 2 clusters and a cursor" "$(head -c 300 "$OUT.body")"
fi
walk /servers servers id
if [ "$WALK" = "db1 lb1 web1 " ]; then ok "GET /servers?limit=1 pages through every server once"
else not_ok "GET /servers?limit=1 pages through every server once" "got: $WALK"; fi
walk /connections connections from
if [ "$(wc -w <<<"$WALK")" = 2 ]; then ok "GET /connections?limit=1 pages through both connections"
else not_ok "GET /connections?limit=1 pages through both connections" "got: $WALK"; fi
restore_db
