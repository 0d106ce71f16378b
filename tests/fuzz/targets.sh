# targets.sh — sourced by run.sh and long.sh: sets targets to the names
# given ($*), or to every fuzz_*.c target beside this file.
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=sh
targets=$*
if [ -z "$targets" ]; then
    for src in "$here"/fuzz_*.c; do
        n=$(basename "$src" .c)
        targets="$targets ${n#fuzz_}"
    done
fi
