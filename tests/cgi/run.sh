#!/usr/bin/env bash
# run.sh STAGE — the CGI suite: every t*.sh beside this file runs against the
# staged module with miniserv's environment. Prints TAP-like lines and the
# closing "N passed, M failed" line; exits 1 on any failure.
# VALGRIND=1 runs every CGI under valgrind (memcheck, definite leaks are
# errors): a report fails the CGI's test (exit 99) and the suite, and is
# printed at the end (make valgrindtest builds the unsanitized stage).
set -uo pipefail
STAGE=$(cd "${1:?usage: run.sh STAGE}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
CGI_WRAP=${CGI_WRAP-}
if [ "${VALGRIND:-0}" = 1 ]; then
    mkdir -p "$T/vg"
    CGI_WRAP="valgrind -q --error-exitcode=99 --leak-check=full
        --errors-for-leak-kinds=definite --show-leak-kinds=definite
        --track-fds=no --log-file=$T/vg/%p.log"
fi
CGI_ENV=()
ROOT=$(cd "$HERE/../.." && pwd)
export STAGE T ROOT
# shellcheck source=tests/cgi/lib.sh
. "$HERE/lib.sh"
# CGI_TESTS="t08* t09*" runs only those files (globs beside this file).
for t in $(cd "$HERE" && ls ${CGI_TESTS:-t*.sh}); do
    t=$HERE/$t
    CASE=$(basename "$t" .sh)
    fresh_webmin
    # shellcheck disable=SC1090
    . "$t"
done
if [ "${VALGRIND:-0}" = 1 ]; then
    for log in "$T"/vg/*.log; do
        [ -s "$log" ] || continue
        FAIL=$((FAIL + 1))
        echo "not ok $((PASS + FAIL)) - valgrind: $(basename "$log")"
        sed 's/^/#   /' "$log" | head -60
    done
fi
echo "cgi: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
