#!/usr/bin/env bash
# run.sh STAGE — the HTTP suite: one standalone lighttpd (tools/lighttpd.sh)
# on a free loopback port serving STAGE with a fresh state dir, then every
# tests/http/t*.sh in order, each in its own bash with lib.sh's helpers.
# Prints `ok N - name` / `not ok N - name`, then `N passed, M failed`.
# KEEP=1 keeps the temporary state dir for inspection; ONLY=GLOB runs only
# the files matching it (e.g. ONLY='t038*').
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 STAGE" >&2
    exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
stage=$(cd "$1" && pwd)
# shellcheck source=tools/lighttpd.sh disable=SC1091
. "$here/../../tools/lighttpd.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/uc-http.XXXXXX")
state=$tmp/state
cleanup() {
    uc_server_stop "$state" || true
    if [ -n "${KEEP:-}" ]; then
        echo "# state kept in $tmp"
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

UC_USER="admin"
UC_PASS=$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
uc_state_init "$state" "$UC_USER" "$UC_PASS" en
if ! uc_server_start "$state" "$stage" 0 >/dev/null; then
    echo "not ok 1 - start lighttpd on a free loopback port"
    echo "0 passed, 1 failed"
    exit 1
fi
export UC_USER UC_PASS UC_STATE=$state UC_TMP=$tmp
export UC_BASE="http://127.0.0.1:$UC_PORT"
export UC_DB=$state/var/modules/$UC_MODULE/cluster.db
export UC_RESULTS=$tmp/results
: >"$UC_RESULTS"
echo "# HTTP suite: $stage on $UC_BASE (state $state)"

record() { # record ok|"not ok" NAME
    echo "$1" >>"$UC_RESULTS"
    echo "$1 $(wc -l <"$UC_RESULTS") - $2"
}

ntests=0
for t in "$here"/${ONLY:-t*}.sh; do
    [ -f "$t" ] || continue
    ntests=$((ntests + 1))
    name=$(basename "$t" .sh)
    echo "# $name"
    before=$(grep -c '^not ok' "$UC_RESULTS" || true)
    rc=0
    # shellcheck disable=SC2016  # expanded by the inner bash
    UC_TEST=$name timeout 300 bash -c 'set -uo pipefail; . "$1"; . "$2"' _ \
        "$here/lib.sh" "$t" || rc=$?
    after=$(grep -c '^not ok' "$UC_RESULTS" || true)
    # A non-zero exit counts on its own only when the file reported no
    # failure (a failed assertion as the last command also exits 1).
    if [ "$rc" -eq 124 ]; then
        record "not ok" "$name: timed out after 300 s"
    elif [ "$rc" -ne 0 ] && [ "$after" -eq "$before" ]; then
        record "not ok" "$name: exited with status $rc"
    fi
done
[ "$ntests" -gt 0 ] || record "not ok" "no tests/http/t*.sh found"

# CGI stderr (lighttpd's breakagelog) must hold no sanitizer report.
if grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' \
    "$state/cgi-stderr.log" 2>/dev/null; then
    record "not ok" "sanitizer report in CGI stderr"
    grep -E -m 5 'ERROR|runtime error:' "$state/cgi-stderr.log" | sed 's/^/#   /'
else
    record ok "no sanitizer report in CGI stderr"
fi

passed=$(grep -c '^ok' "$UC_RESULTS" || true)
failed=$(grep -c '^not ok' "$UC_RESULTS" || true)
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
