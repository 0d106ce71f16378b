# t30-diskfull.sh — a full disk gives a clear error and loses nothing:
# diskfull.sh runs in a private mount namespace (unshare -m, root only)
# with the database on a small tmpfs; its result lines are counted here.
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash

fresh "$T/diskfull"
if in_private_mounts; then
    W=$W unshare -m --propagation private bash "$HERE/diskfull.sh" >"$W/inner.out" 2>"$W/inner.err"
    while IFS= read -r line; do
        case "$line" in
            "ok - "*) ok "${line#ok - }" ;;
            "not ok - "*) not_ok "${line#not ok - }" ;;
            *) echo "$line" ;;
        esac
    done <"$W/inner.out"
    grep -q '^ok - ' "$W/inner.out" || { SHOW="$W/inner.err"; not_ok "diskfull.sh reported nothing"; }
    MSG="nothing stays mounted outside the namespace" check not grep -q "$W/small" /proc/mounts
else
    echo "# skipped: a private mount namespace needs root and unshare"
fi
