#!/usr/bin/env bash
# run.sh STAGE — the browser suite: for each *.test.js here (diagram,
# live alert badges), one standalone lighttpd (tools/lighttpd.sh) on a free
# loopback port serving STAGE with a fresh state, the demo estate loaded
# through the pages (estate.sh), a second, read-only user, then the test in
# Debian's headless chromium through playwright-core (installed here with
# `npm ci` from package-lock.json when missing). The build's
# tools/store_sql (STAGE/../../tools/store_sql, or UC_STORE_SQL) writes as
# the daemon does. Prints `ok N - name` / `not ok N - name`, then
# `N passed, M failed` per test file; exits non-zero on any failure.
# KEEP=1 keeps the temporary state dirs.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 STAGE" >&2
    exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
stage=$(cd "$1" && pwd)
# shellcheck source=tools/lighttpd.sh disable=SC1091
. "$here/../../tools/lighttpd.sh"
# shellcheck source=tests/browser/estate.sh disable=SC1091
. "$here/estate.sh"

chromium=${CHROMIUM:-/usr/bin/chromium}
store_sql=${UC_STORE_SQL:-$stage/../../tools/store_sql}
for need in node npm sqlite3 curl; do
    command -v "$need" >/dev/null || { echo "not ok 1 - $need is installed (run tools/deps.sh)"; echo "0 passed, 1 failed"; exit 1; }
done
[ -x "$chromium" ] || { echo "not ok 1 - chromium at $chromium (run tools/deps.sh)"; echo "0 passed, 1 failed"; exit 1; }
[ -x "$store_sql" ] || { echo "not ok 1 - store_sql at $store_sql (make all)"; echo "0 passed, 1 failed"; exit 1; }
if [ ! -d "$here/node_modules/playwright-core" ]; then
    echo "# installing playwright-core (npm ci)"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2 ||
        { echo "not ok 1 - npm ci in tests/browser"; echo "0 passed, 1 failed"; exit 1; }
fi

# run_test FILE: one test file against its own server and fresh state.
run_test() {
    local test=$1 rc=0
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/uc-browser.XXXXXX")
    state=$tmp/state
    UC_USER="admin"
    UC_PASS=$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    UC_VIEWER=viewer
    UC_VIEWER_PASS=$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    uc_state_init "$state" "$UC_USER" "$UC_PASS" en
    # A second Webmin user who may look but not change (module ACL edit=0).
    printf '%s:%s\n' "$UC_VIEWER" "$UC_VIEWER_PASS" >>"$state/htpasswd"
    printf '%s: %s\n' "$UC_VIEWER" "$UC_MODULE" >>"$state/etc/webmin.acl"
    printf 'rpc=2\nreadonly=0\n' >"$state/etc/$UC_VIEWER.acl"
    printf 'edit=0\n' >"$state/etc/$UC_MODULE/$UC_VIEWER.acl"
    if ! uc_server_start "$state" "$stage" 0 >/dev/null; then
        echo "not ok 1 - start lighttpd on a free loopback port"
        echo "0 passed, 1 failed"
        return 1
    fi
    UC_BASE="http://127.0.0.1:$UC_PORT"
    export UC_BASE UC_USER UC_PASS UC_VIEWER UC_VIEWER_PASS UC_TMP=$tmp UC_STATE=$state
    export UC_DB=$state/var/modules/$UC_MODULE/cluster.db CHROMIUM=$chromium
    export UC_STORE_SQL=$store_sql
    echo "# browser suite: $(basename "$test") on $UC_BASE (state $state)"
    if ! estate_load; then
        echo "not ok 1 - load the demo estate through the pages"
        echo "0 passed, 1 failed"
        return 1
    fi
    NODE_PATH="$here/node_modules" timeout 600 node "$test" || rc=$?
    # CGI stderr (lighttpd's breakagelog) must hold no sanitizer report.
    if grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' \
        "$state/cgi-stderr.log" 2>/dev/null; then
        echo "not ok - sanitizer report in CGI stderr"
        grep -E -m 5 'ERROR|runtime error:' "$state/cgi-stderr.log" | sed 's/^/#   /'
        rc=1
    fi
    return "$rc"
}

tmp= state=
# shellcheck disable=SC2317  # called by the trap
cleanup() {
    [ -n "$state" ] && { uc_server_stop "$state" || true; }
    if [ -n "$tmp" ]; then
        if [ -n "${KEEP:-}" ]; then echo "# state kept in $tmp"; else rm -rf "$tmp"; fi
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rc=0
for test in "$here"/*.test.js; do
    run_test "$test" || rc=1
    cleanup
    tmp= state=
done
exit "$rc"
