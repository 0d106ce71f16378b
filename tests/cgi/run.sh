#!/usr/bin/env bash
# run.sh STAGE — the CGI suite: every t*.sh beside this file runs against the
# staged module with miniserv's environment. Prints TAP-like lines and the
# closing "N passed, M failed" line; exits 1 on any failure.
set -uo pipefail
STAGE=$(cd "${1:?usage: run.sh STAGE}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
CGI_WRAP=${CGI_WRAP-}
CGI_ENV=()
ROOT=$(cd "$HERE/../.." && pwd)
export STAGE T ROOT
# shellcheck source=tests/cgi/lib.sh
. "$HERE/lib.sh"
for t in "$HERE"/t*.sh; do
    CASE=$(basename "$t" .sh)
    fresh_webmin
    # shellcheck disable=SC1090
    . "$t"
done
echo "cgi: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
