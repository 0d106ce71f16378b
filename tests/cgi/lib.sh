# lib.sh — runs the built CGIs the way Webmin's miniserv does (fork+exec,
# its environment table, cwd = module folder, body on stdin) and asserts on
# status, headers, body and the database. Sourced by run.sh.
# shellcheck shell=bash

: "${STAGE:?}" "${T:?}"
WEBMIN_CONFIG="$T/etc"
WEBMIN_VAR="$T/var"
DB="$WEBMIN_VAR/modules/unlimited-cluster/cluster.db"
HOST="127.0.0.1:10000"
CGI_USER="admin"
OUT="$T/out"
PASS=0
FAIL=0

# A fresh Webmin config and var folder, as setup.sh leaves them.
fresh_webmin() {
    rm -rf "$WEBMIN_CONFIG" "$WEBMIN_VAR"
    mkdir -p "$WEBMIN_CONFIG/unlimited-cluster" "$WEBMIN_VAR"
    printf 'referers_none=1\nlog=1\nlang=en\nos_type=debian-linux\n' \
        >"$WEBMIN_CONFIG/config"
    printf 'root: acl webmin\nadmin: system-status unlimited-cluster\n' \
        >"$WEBMIN_CONFIG/webmin.acl"
    printf 'rpc=2\n' >"$WEBMIN_CONFIG/admin.acl"
    cp "$ROOT/config-debian-linux" \
        "$WEBMIN_CONFIG/unlimited-cluster/config" 2>/dev/null || :
}

# cgi METHOD SCRIPT QUERY [BODY] — extra environment via CGI_ENV (array of
# NAME=value), REFERER (default: the module's index page on the same host;
# set REFERER=none to send none), CTYPE (body Content-Type).
cgi() {
    local method=$1 script=$2 query=$3 body=${4-}
    local ref=${REFERER-http://$HOST/unlimited-cluster/}
    local -a env=(
        "REMOTE_USER=$CGI_USER" "BASE_REMOTE_USER=" "REMOTE_HOST=127.0.0.1"
        "REMOTE_ADDR=127.0.0.1" "REMOTE_ADDR_PROTOCOL=4"
        "SESSION_ID=a77d1d25f9a9598168d769c215269c19"
        "WEBMIN_CONFIG=$WEBMIN_CONFIG" "WEBMIN_VAR=$WEBMIN_VAR"
        "MINISERV_CONFIG=$WEBMIN_CONFIG/miniserv.conf" "MINISERV_PID=1"
        "SERVER_ROOT=$STAGE/.." "DOCUMENT_ROOT=$STAGE/.."
        "SCRIPT_NAME=/unlimited-cluster/$script"
        "SCRIPT_FILENAME=$STAGE/$script"
        "REQUEST_URI=/unlimited-cluster/$script${query:+?$query}"
        "QUERY_STRING=$query" "REQUEST_METHOD=$method"
        "SERVER_NAME=127.0.0.1" "SERVER_PORT=10000"
        "SERVER_PROTOCOL=HTTP/1.0" "SERVER_SOFTWARE=MiniServ/2.660"
        "GATEWAY_INTERFACE=CGI/1.1" "HTTPS=" "HTTP_HOST=$HOST"
        "HTTP_COOKIE=; testing=1" "HTTP_USER_AGENT=curl/7.88.1"
        "PWD=$STAGE" "HOME=/root" "PATH=/usr/bin:/bin"
    )
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

ok() { PASS=$((PASS + 1)); echo "ok $((PASS + FAIL)) - $CASE: $*"; }
not_ok() {
    FAIL=$((FAIL + 1)); echo "not ok $((PASS + FAIL)) - $CASE: $*"
    sed 's/^/#   /' "$OUT" | head -20
}
check() { if "$@"; then ok "${MSG:-$*}"; else not_ok "${MSG:-$*}"; fi; MSG=; }

status_is() { [ "$STATUS" = "$1" ]; }
header_has() { grep -qi "^$1: .*$2" <<<"$HEADERS"; }
body_has() { grep -qF -- "$1" <<<"$BODY"; }
body_lacks() { ! grep -qF -- "$1" <<<"$BODY"; }
sql() { sqlite3 -readonly "$DB" "$1"; }
sql_is() { [ "$(sql "$1")" = "$2" ]; }
stderr_empty() { [ ! -s "$OUT.err" ]; }
