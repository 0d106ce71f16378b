#!/usr/bin/env bash
# run.sh STAGE — the HTTP suite: one standalone lighttpd (tools/lighttpd.sh)
# on a free loopback port serving STAGE with a fresh state dir, then every
# tests/http/t*.sh in order, each in its own bash with lib.sh's helpers.
# Prints `ok N - name` / `not ok N - name`, then `N passed, M failed`.
# KEEP=1 keeps the temporary state dir for inspection; ONLY=GLOB runs only
# the files matching it (e.g. ONLY='t038*').
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/lighttpd.sh disable=SC1091
. "$here/../../tools/lighttpd.sh"
stage=$(uc_stage_arg "$@") || exit

uc_temp_init uc-http "# state kept in"
UC_PASS=$UC_PASSWORD # the name lib.sh and the t*.sh files use
uc_suite_start "$UC_STATE" "$stage" "$UC_USER" "$UC_PASS"
export UC_USER UC_PASS UC_STATE UC_TMP
export UC_BASE="http://127.0.0.1:$UC_PORT"
export UC_DB=$UC_STATE/var/modules/$UC_MODULE/cluster.db
export UC_RESULTS=$UC_TMP/results
: >"$UC_RESULTS"
echo "# HTTP suite: $stage on $UC_BASE (state $UC_STATE)"

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
    "$UC_STATE/cgi-stderr.log" 2>/dev/null; then
    record "not ok" "sanitizer report in CGI stderr"
    grep -E -m 5 'ERROR|runtime error:' "$UC_STATE/cgi-stderr.log" | sed 's/^/#   /'
else
    record ok "no sanitizer report in CGI stderr"
fi

passed=$(grep -c '^ok' "$UC_RESULTS" || true)
failed=$(grep -c '^not ok' "$UC_RESULTS" || true)
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
