# lib.sh — runs the built CGIs the way Webmin's miniserv does (fork+exec,
# its environment table, cwd = module folder, body on stdin) and asserts on
# status, headers, body and the database. Sourced by run.sh.
# shellcheck shell=bash

: "${STAGE:?}" "${T:?}"
# shellcheck source=tests/lib/miniserv.sh
. "$ROOT/tests/lib/miniserv.sh"
# shellcheck source=tests/lib/results.sh
. "$ROOT/tests/lib/results.sh"
CGI_USER="admin"

# cgi METHOD SCRIPT QUERY [BODY] — extra environment via CGI_ENV (array of
# NAME=value), REFERER (default: the module's index page on the same host;
# set REFERER=none to send none), CTYPE (body Content-Type).
cgi() {
    local method=$1 script=$2 query=$3 body=${4-}
    local ref=${REFERER-http://$HOST/unlimited-cluster/}
    local -a env
    miniserv_env env "$CGI_USER" "$method" "$script" "" "$query"
    [ "$ref" = none ] || env+=("HTTP_REFERER=$ref")
    # The body comes from a file, as miniserv writes it to a pipe it owns: a
    # CGI that refuses a request without reading it must not fail the test
    # (a pipe from printf would die of SIGPIPE under pipefail).
    printf '%s' "$body" >"$OUT.in"
    if [ -n "$body" ]; then
        env+=("CONTENT_LENGTH=$(wc -c <"$OUT.in")"
              "CONTENT_TYPE=${CTYPE:-application/x-www-form-urlencoded}")
    fi
    env+=("${CGI_ENV[@]}")
    # shellcheck disable=SC2086
    (cd "$STAGE" && env -i "${env[@]}" $CGI_WRAP "$STAGE/$script" \
        <"$OUT.in" >"$OUT" 2>"$OUT.err")
    local rc=$?
    STATUS=200
    HEADERS=$(sed -n '1,/^\r\{0,1\}$/p' "$OUT" | tr -d '\r')
    BODY=$(sed '1,/^\r\{0,1\}$/d' "$OUT")
    if grep -q '^Location: ' <<<"$HEADERS"; then STATUS=302; fi
    local s
    s=$(sed -n 's/^Status: \([0-9]*\).*/\1/p' <<<"$HEADERS")
    [ -n "$s" ] && STATUS=$s
    [ "$rc" -eq 0 ] || { STATUS="exit$rc"; }
    return 0
}

post() { cgi POST "$1" "${3-}" "$2"; }

# What not_ok shows under a failure: the start of the last response.
fail_detail() { sed 's/^/#   /' "$OUT" | head -20; }
check() { if "$@"; then ok "${MSG:-$*}"; else not_ok "${MSG:-$*}"; fi; MSG=; }

status_is() { [ "$STATUS" = "$1" ]; }
header_has() { grep -qi "^$1: .*$2" <<<"$HEADERS"; }
body_has() { grep -qF -- "$1" <<<"$BODY"; }
body_lacks() { ! grep -qF -- "$1" <<<"$BODY"; }
sql() { sqlite3 -readonly "$DB" "$1"; }
sql_is() { [ "$(sql "$1")" = "$2" ]; }
stderr_empty() { [ ! -s "$OUT.err" ]; }
