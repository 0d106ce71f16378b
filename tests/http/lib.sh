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
