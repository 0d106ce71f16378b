#!/usr/bin/env bash
# run.sh STAGE — the clusterctl suite: every t*.sh beside this file runs the
# staged clusterctl (and its cluster-* aliases) against a fresh Webmin
# config and var folder. Prints "ok N - ..." / "not ok N - ..." and the
# closing "N passed, M failed" line; exits 1 on any failure.
set -uo pipefail
STAGE=$(cd "${1:?usage: run.sh STAGE}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ROOT=$(cd "$HERE/../.." && pwd)
export STAGE T ROOT
# shellcheck source=tests/cli/lib.sh
. "$HERE/lib.sh"
for t in "$HERE"/t*.sh; do
    CASE=$(basename "$t" .sh)
    fresh_webmin
    # shellcheck disable=SC1090
    . "$t"
done
echo "cli: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
