#!/usr/bin/env bash
# run.sh STAGE — the robustness suite: concurrency through the real HTTP
# server with the daemon writing, kill -9 during thousands of writes, a
# full disk and damaged database files (docs/robustness.md). Every t*.sh
# beside this file runs in this shell with lib.sh's helpers. Prints
# "ok N - ..." / "not ok N - ..." and "stress: N passed, M failed"; exits 1
# on any failure. Loopback only; everything it starts is stopped.
# Sizes: STRESS_WRITERS (100), STRESS_OPS (10 per writer), STRESS_WRITES
# (10000), STRESS_SEED (1); KEEP=1 keeps the work folder.
# SPDX-License-Identifier: BSD-3-Clause
set -uo pipefail
STAGE=$(cd "${1:?usage: run.sh STAGE}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d /tmp/uc-stress.XXXXXX)
export STAGE T HERE ROOT
# shellcheck source=tests/stress/lib.sh
. "$HERE/lib.sh"
cleanup() {
    stop_all
    if [ -n "${KEEP:-}" ]; then echo "# kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
unset INVOCATION_ID

for tool in sqlite3 python3 curl lighttpd; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (make deps)"; exit 1; }
done
[ -x "$STAGE/unlimited-clusterd" ] || { echo "run.sh: $STAGE/unlimited-clusterd is missing (make all)"; exit 1; }

for t in "$HERE"/t*.sh; do
    CASE=$(basename "$t" .sh)
    echo "# $CASE"
    # shellcheck disable=SC1090
    . "$t"
    stop_all
done
# No CGI run here (directly or under lighttpd) may leave a sanitizer report.
CASE=run
if find "$T" -name cgi-stderr.log -exec cat {} + 2>/dev/null |
    grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:'; then
    not_ok "sanitizer report in a CGI's stderr"
else
    ok "no sanitizer report in any CGI's stderr"
fi
echo "stress: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
