# shellcheck shell=bash
# lib.sh — helpers for the HTTP suite (sourced by tests/http/run.sh into each
# t*.sh): http requests with auth and a same-host Referer, assertions that
# print `ok N - name` / `not ok N - name`, and read-only SQL on the test db.
# Environment from run.sh: UC_BASE UC_USER UC_PASS UC_STATE UC_DB UC_RESULTS
# UC_TMP UC_TEST.

HTTP_STATUS=
HTTP_HEADERS=$UC_TMP/headers
HTTP_BODY=$UC_TMP/body
HTTP_LAST=

# _record ok|not ok NAME [DIAGNOSTIC...]: one numbered result line.
_record() {
    local result=$1 name=$2 n
    shift 2
    echo "$result" >>"$UC_RESULTS"
    n=$(wc -l <"$UC_RESULTS")
    echo "$result $n - $UC_TEST: $name"
    local line
    for line in "$@"; do printf '#   %s\n' "$line"; done
}
pass() { _record ok "$1"; }
fail() {
    local name=$1
    shift
    _record "not ok" "$name" "$@"
    return 1
}

# _body_excerpt: the first lines of the last body, tags stripped.
_body_excerpt() {
    [ -f "$HTTP_BODY" ] || return 0
    tr '\n' ' ' <"$HTTP_BODY" | sed -e 's/<[^>]*>/ /g' \
        -e 's/[[:space:]][[:space:]]*/ /g' | cut -c1-300
}

# http METHOD PATH [BODY] [extra curl args...]
# PATH: absolute URL, /absolute/path, or relative to /unlimited-cluster/.
# Extra args --no-auth and --no-referer drop the defaults; anything else is
# passed to curl after them (so -e URL or -H overrides). BODY (even empty)
# is sent urlencoded for POST. Sets HTTP_STATUS (000 when no answer); the
# headers are in the file $HTTP_HEADERS and the body in $HTTP_BODY.
http() {
    local method=$1 path=$2 body=${3-} url auth=1 ref=1 a
    shift 2
    [ $# -gt 0 ] && shift
    local extra=()
    for a in "$@"; do
        case "$a" in
            --no-auth) auth=0 ;;
            --no-referer) ref=0 ;;
            *) extra+=("$a") ;;
        esac
    done
    case "$path" in
        http://* | https://*) url=$path ;;
        /*) url=$UC_BASE$path ;;
        *) url=$UC_BASE/unlimited-cluster/$path ;;
    esac
    local args=(-s --noproxy '*' --max-time 30 -D "$HTTP_HEADERS" -o "$HTTP_BODY"
                -w '%{http_code}')
    case "$method" in
        HEAD) args+=(--head) ;;
        GET) ;;
        *) args+=(--request "$method") ;;
    esac
    if [ "$method" = POST ] || [ -n "$body" ]; then
        args+=(--data-binary "$body")
    fi
    [ "$auth" -eq 1 ] && args+=(-u "$UC_USER:$UC_PASS")
    [ "$ref" -eq 1 ] && args+=(-e "$UC_BASE/unlimited-cluster/")
    : >"$HTTP_HEADERS"
    : >"$HTTP_BODY"
    HTTP_LAST="$method $path"
    HTTP_STATUS=$(curl "${args[@]}" "${extra[@]}" "$url") || true
    [ -n "$HTTP_STATUS" ] || HTTP_STATUS=000
}

# assert_status N [NAME]
assert_status() {
    local want=$1 name=${2:-"$HTTP_LAST gives $1"}
    if [ "$HTTP_STATUS" = "$want" ]; then
        pass "$name"
    else
        fail "$name" "$HTTP_LAST: expected status $want, got $HTTP_STATUS" \
            "body: $(_body_excerpt)"
    fi
}

# assert_body_contains STR [NAME] (fixed string, case-sensitive)
assert_body_contains() {
    local want=$1 name=${2:-"$HTTP_LAST body contains '$1'"}
    if grep -qF -- "$want" "$HTTP_BODY"; then
        pass "$name"
    else
        fail "$name" "$HTTP_LAST: body lacks '$want'" "body: $(_body_excerpt)"
    fi
}

# assert_body_not_contains STR [NAME]
assert_body_not_contains() {
    local bad=$1 name=${2:-"$HTTP_LAST body has no '$1'"}
    if grep -qF -- "$bad" "$HTTP_BODY"; then
        fail "$name" "$HTTP_LAST: body contains '$bad'" \
            "at: $(grep -F -m1 -- "$bad" "$HTTP_BODY" | cut -c1-200)"
    else
        pass "$name"
    fi
}

# assert_header NAME VALUE-SUBSTRING [TESTNAME] (both case-insensitive)
assert_header() {
    local hname=$1 want=$2 name=${3:-"$HTTP_LAST has header $1: ...$2..."}
    local values
    values=$(tr -d '\r' <"$HTTP_HEADERS" | grep -i "^$hname:" || true)
    if printf '%s\n' "$values" | grep -qiF -- "$want"; then
        pass "$name"
    else
        fail "$name" "$HTTP_LAST: no '$hname' header containing '$want'" \
            "headers: $(tr -d '\r' <"$HTTP_HEADERS" | tr '\n' '|')"
    fi
}

# assert_eq EXPECTED ACTUAL NAME
assert_eq() {
    if [ "$1" = "$2" ]; then
        pass "$3"
    else
        fail "$3" "expected '$1'" "got      '$2'"
    fi
}

# db_query SQL: run SQL read-only on the test database, list mode ('|').
db_query() {
    sqlite3 -readonly -batch -cmd '.timeout 5000' "$UC_DB" "$1"
}

# ---- REST API (nph-api.cgi), for tests/http/t03*-api-*.sh ----

# api METHOD PATH [JSON] [curl args...]: http() on nph-api.cgi PATH
# ("/servers?limit=5"); a non-empty JSON body is sent as application/json
# (JSON "@FILE" sends the file, as curl's --data-binary does).
api() {
    local method=$1 path=$2 body=${3-}
    shift 2
    [ $# -gt 0 ] && shift
    local ct=()
    [ -n "$body" ] && ct=(-H 'Content-Type: application/json')
    http "$method" "nph-api.cgi$path" "$body" "${ct[@]}" "$@"
}

# json_get PATH: the value at an SQLite JSON path ('$.servers[0].id') of
# the last body; objects and arrays as JSON text, true/false as 1/0, null
# and missing as an empty line.
json_get() {
    sqlite3 -batch :memory: \
        "SELECT json_extract(CAST(readfile('$HTTP_BODY') AS TEXT), '$1')"
}

# assert_json PATH EXPECTED [NAME]
assert_json() {
    local got name=${3:-"$HTTP_LAST: $1 is '$2'"}
    got=$(json_get "$1" 2>&1)
    if [ "$got" = "$2" ]; then
        pass "$name"
    else
        fail "$name" "$HTTP_LAST: $1 expected '$2', got '$got'" \
            "body: $(_body_excerpt)"
    fi
}

# db_dump: the whole test database as SQL text (for before/after checks).
db_dump() {
    sqlite3 -readonly -batch -cmd '.timeout 5000' "$UC_DB" .dump
}

# uc_user_add USER PASSWORD ACL-TEXT: one more login for lighttpd (it reads
# the htpasswd file on every request), with the module in webmin.acl and
# ACL-TEXT ("edit=0\n") as its module ACL. Safe to call twice.
uc_user_add() {
    local user=$1 pass=$2 acl=${3-}
    grep -q "^$user:" "$UC_STATE/htpasswd" ||
        printf '%s:%s\n' "$user" "$pass" >>"$UC_STATE/htpasswd"
    grep -q "^$user:" "$UC_STATE/etc/webmin.acl" ||
        printf '%s: unlimited-cluster\n' "$user" >>"$UC_STATE/etc/webmin.acl"
    printf '%b' "$acl" >"$UC_STATE/etc/unlimited-cluster/$user.acl"
}

# json_list PATH MEMBER: MEMBER of each element of the array at PATH of the
# last body, space-separated ('$.servers' id -> "web1 web2").
json_list() {
    sqlite3 -batch :memory: "SELECT group_concat(json_extract(value, '\$.$2'), ' ')
        FROM json_each(CAST(readfile('$HTTP_BODY') AS TEXT), '$1')"
}

# api_walk PATH ARRAY MEMBER [MAX_PAGES]: GET PATH (with its query, so the
# cursor is appended with &) page after page, following next_cursor. Sets
# WALK_PAGES and WALK_ITEMS (MEMBER of each element of ARRAY, each followed
# by a space). Returns 1 at a status other than 200; stops after MAX_PAGES
# (100).
api_walk() {
    local path=$1 array=$2 member=$3 max=${4:-100} cursor=""
    WALK_PAGES=0
    WALK_ITEMS=""
    while [ "$WALK_PAGES" -lt "$max" ]; do
        api GET "$path${cursor:+&cursor=$cursor}"
        [ "$HTTP_STATUS" = 200 ] || return 1
        WALK_PAGES=$((WALK_PAGES + 1))
        WALK_ITEMS+="$(json_list "$array" "$member") "
        cursor=$(json_get '$.next_cursor')
        [ -n "$cursor" ] || return 0
    done
}

# assert_logged TEXT NAME: Webmin's action log has a line containing TEXT
# (fixed string), e.g. '"create" "server" "web1"'.
assert_logged() {
    if grep -qF -- "$1" "$UC_STATE/var/webmin.log" 2>/dev/null; then
        pass "$2"
    else
        fail "$2" "no line with $1" "last: $(tail -n 1 "$UC_STATE/var/webmin.log" 2>/dev/null)"
    fi
}

# ---- events.cgi streams, for tests/http/t05*-events-*.sh ----

# now_ms: wall clock in milliseconds.
now_ms() {
    local t
    t=$(date +%s%N)
    echo $((t / 1000000))
}

# sse_open NAME QUERY [USER PASS] [curl args...]: opens events.cgi?QUERY as
# a background stream; the body goes to $UC_TMP/sse-NAME.out, the headers
# to .hdr, curl's pid to .pid. Waits (at most 5 s) for the "hello" event
# or a refusal; returns 0 when the stream said hello.
sse_open() {
    local name=$1 query=$2 user=${3:-$UC_USER} pass=${4:-$UC_PASS} i
    shift 2
    [ $# -gt 0 ] && shift
    [ $# -gt 0 ] && shift
    local f=$UC_TMP/sse-$name
    : >"$f.out"
    : >"$f.hdr"
    curl -s -N --noproxy '*' --max-time 120 -u "$user:$pass" -D "$f.hdr" \
        -o "$f.out" "$@" "$UC_BASE/unlimited-cluster/events.cgi?$query" &
    echo $! >"$f.pid"
    for ((i = 0; i < 250; i++)); do
        grep -q '"kind":"hello"' "$f.out" 2>/dev/null && return 0
        grep -q '"error"' "$f.out" 2>/dev/null && return 1
        kill -0 "$(cat "$f.pid")" 2>/dev/null || return 1
        sleep 0.02
    done
    return 1
}

# sse_wait NAME FIXED-STRING MAX_MS: waits until the stream's body holds
# the string; sets SSE_WAITED_MS; returns 1 after MAX_MS without it.
sse_wait() {
    local f=$UC_TMP/sse-$1.out want=$2 max=$3 start
    start=$(now_ms)
    SSE_WAITED_MS=0
    while :; do
        if grep -qF -- "$want" "$f" 2>/dev/null; then
            SSE_WAITED_MS=$(($(now_ms) - start))
            return 0
        fi
        SSE_WAITED_MS=$(($(now_ms) - start))
        [ "$SSE_WAITED_MS" -ge "$max" ] && return 1
        sleep 0.01
    done
}

# sse_close NAME: stops that stream's curl (only the pid we started).
sse_close() {
    local f=$UC_TMP/sse-$1.pid pid
    [ -f "$f" ] || return 0
    pid=$(cat "$f")
    rm -f "$f"
    case "$pid" in '' | *[!0-9]*) return 0 ;; esac
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# sse_ids NAME: the ids of the change events received, one per line
# (neither "hello" nor a heartbeat's bare "id:" line is a change).
sse_ids() {
    awk '/^id: /{id=$2}
         /^data: /{if (id != "" && $0 !~ /"kind":"hello"/) print id; id=""}
         /^$/{id=""}' "$UC_TMP/sse-$1.out"
}
