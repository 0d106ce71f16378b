# processes.sh — background processes a suite starts and must stop: PIDS
# (append every pid started), stop_all (TERM, then KILL after 3 s, and
# forget them) and wait_for (bounded polling). Sourced by
# tests/daemon/lib.sh and tests/stress/lib.sh.
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash

PIDS=()

# Stops every process this suite started and remembered (TERM, then KILL).
stop_all() {
    local p
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do
        for _ in $(seq 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    PIDS=()
}

# wait_for SECONDS COMMAND... — polls every 0.1 s; 0 when it held.
wait_for() {
    local n=$(($1 * 10))
    shift
    for _ in $(seq "$n"); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}
