#!/usr/bin/env bash
# run.sh STAGE — the Python SDK suite: one standalone lighttpd
# (tools/lighttpd.sh) on a free loopback port serving STAGE with a fresh
# state dir, then every tests/sdk/test_*.py (unittest, standard library only)
# against it through sdk/python. Prints `ok N - name` / `not ok N - name`,
# then `N passed, M failed`; exits non-zero on any failure.
# KEEP=1 keeps the temporary state dir; SDK_TESTS="test_servers ..." runs
# only those modules; PYTHON=python3.8 runs them with another interpreter.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tools/lighttpd.sh disable=SC1091
. "$root/tools/lighttpd.sh"
stage=$(uc_stage_arg "$@") || exit

PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null || {
    echo "not ok 1 - $PYTHON is installed"
    echo "0 passed, 1 failed"
    exit 1
}

uc_temp_init uc-sdk "# state kept in"
uc_suite_start "$UC_STATE" "$stage" "$UC_USER" "$UC_PASSWORD"
export UC_USER UC_PASSWORD UC_STATE UC_TMP
export UC_URL="http://127.0.0.1:$UC_PORT/unlimited-cluster/"
export UC_RESULTS=$UC_TMP/results
# Loopback only: no proxy from the caller's environment, no bytecode
# caches written into the source tree.
export NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$root/sdk/python"
: >"$UC_RESULTS"
echo "# SDK suite: $stage on $UC_URL (state $UC_STATE), $("$PYTHON" -V 2>&1)"

record() { # record ok|"not ok" NAME
    echo "$1" >>"$UC_RESULTS"
    echo "$1 $(wc -l <"$UC_RESULTS") - $2"
}

rc=0
# shellcheck disable=SC2086  # SDK_TESTS is a list of module names
timeout 1200 "$PYTHON" "$here/tap.py" ${SDK_TESTS:-} || rc=$?
if [ "$rc" -eq 124 ]; then
    record "not ok" "the Python tests finished within 1200 s"
elif [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$UC_RESULTS"; then
    record "not ok" "the Python test runner exited with status $rc"
fi

# CGI stderr (lighttpd's breakagelog) must hold no sanitizer report.
if grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' \
    "$UC_STATE/cgi-stderr.log" 2>/dev/null; then
    record "not ok" "sanitizer report in CGI stderr"
    grep -E -m 5 'ERROR|runtime error:' "$UC_STATE/cgi-stderr.log" | sed 's/^/#   /'
else
    record ok "no sanitizer report in CGI stderr"
fi

# A skip (a tool such as chromium missing) counts neither way.
skipped=$(grep -c '^ok # SKIP' "$UC_RESULTS" || true)
passed=$(($(grep -c '^ok' "$UC_RESULTS" || true) - skipped))
failed=$(grep -c '^not ok' "$UC_RESULTS" || true)
[ "$skipped" -eq 0 ] || echo "# $skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
