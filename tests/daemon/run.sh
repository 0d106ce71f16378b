#!/usr/bin/env bash
# run.sh STAGE — the monitoring daemon's suite: every t*.sh beside this
# file runs the staged unlimited-clusterd against real loopback servers
# (python listeners, prometheus-node-exporter, prometheus). Prints
# "ok N - ..." / "not ok N - ..." and "N passed, M failed"; exits 1 on any
# failure. Everything it starts is stopped, every wait is bounded.
# ONLY=GLOB runs only the cases matching it (e.g. ONLY='t3*').
set -uo pipefail
STAGE=$(cd "${1:?usage: run.sh STAGE}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/uc-daemon.XXXXXX)
export STAGE T HERE
# shellcheck source=tests/daemon/lib.sh
. "$HERE/lib.sh"
trap 'stop_all; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
unset INVOCATION_ID

for tool in sqlite3 python3 curl prometheus-node-exporter prometheus; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (make deps)"; exit 1; }
done
[ -x "$D" ] || { echo "run.sh: $D is missing (make all)"; exit 1; }

for t in "$HERE"/${ONLY:-t*}.sh; do
    CASE=$(basename "$t" .sh)
    # shellcheck disable=SC1090
    . "$t"
    stop_all
done
echo "daemon: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
