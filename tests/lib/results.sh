# results.sh — the suites' TAP-like result lines: the PASS and FAIL
# counters, ok MESSAGE and not_ok MESSAGE ("ok N - CASE: MESSAGE"). After
# its line, not_ok runs fail_detail, which the sourcing lib defines to show
# what went wrong (its exit status is not_ok's). Sourced by
# tests/cgi/lib.sh, tests/daemon/lib.sh and tests/stress/lib.sh.
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash

PASS=0
FAIL=0

ok() { PASS=$((PASS + 1)); echo "ok $((PASS + FAIL)) - $CASE: $*"; }
not_ok() {
    FAIL=$((FAIL + 1)); echo "not ok $((PASS + FAIL)) - $CASE: $*"
    fail_detail
}
