#!/usr/bin/env bash
# run.sh STAGE — the Perl hook suite: `perl -c` on every hook file in the
# staged module, then each t*.pl beside this file, run in a fresh temporary
# Webmin layout against a stub of Webmin's API (stub/WebminCore.pm) and a fake
# clusterctl; t90 also uses the real clusterctl from STAGE when it has the
# commands. Prints "ok N - ..." / "not ok N - ..." and a closing
# "N passed, M failed" line; exits 1 on any failure. Every system path the
# hooks could touch (bin dir, systemd dir, systemctl) points into the
# temporary folder.
set -uo pipefail
STAGE=$(cd "${1:?usage: run.sh STAGE}" && pwd) || exit 2
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
PASS=0
FAIL=0
N=0

result() { # result ok|not-ok DESCRIPTION
    N=$((N + 1))
    if [ "$1" = ok ]; then
        PASS=$((PASS + 1))
        echo "ok $N - $2"
    else
        FAIL=$((FAIL + 1))
        echo "not ok $N - $2"
    fi
}

# 1. Every hook compiles.
for f in "$STAGE"/*.pl; do
    if out=$(cd "$T" && perl -I"$HERE/stub" -c "$f" 2>&1); then
        result ok "perl -c $(basename "$f")"
    else
        result not-ok "perl -c $(basename "$f")"
        printf '%s\n' "$out" | sed 's/^/#   /'
    fi
done

# fresh NAME: a module folder (the staged files, without the binaries: the
# tests add a fake clusterctl, and a daemon only where they want one) in a
# Webmin root, a Webmin config and var folder, all under $T/NAME; exports
# the UC_* settings.
fresh() {
    local d=$T/$1
    local m=$d/root/unlimited-cluster
    mkdir -p "$m" "$d/etc/unlimited-cluster" "$d/var/modules/unlimited-cluster" \
        "$d/tmp" "$d/fake" "$d/bin" "$d/systemd"
    (cd "$STAGE" && find . -maxdepth 1 -type f ! -name '*.cgi' ! -name 'uc*.bin' \
        ! -name unlimited-clusterd -exec cp {} "$m/" \;)
    cp -r "$STAGE/lang" "$m/"
    cp "$STAGE/config-debian-linux" "$d/etc/unlimited-cluster/config"
    export UC_TEST_MODDIR=$m UC_TEST_CONFIG=$d/etc UC_TEST_VAR=$d/var \
        UC_TEST_TMP=$d/tmp UC_FAKE_DIR=$d/fake UC_TEST_LANG=en \
        UC_TEST_USER=admin UC_BIN_DIR=$d/bin UC_SYSTEMD_DIR=$d/systemd \
        UC_SYSTEMCTL=$d/fake/systemctl UC_STAGE=$STAGE
    unset UC_TEST_AVAILABLE
}

# 2. The behaviour tests.
for t in "$HERE"/t*.pl; do
    name=$(basename "$t" .pl)
    fresh "$name"
    out=$(perl -I"$HERE/stub" "$t" 2>&1)
    rc=$?
    while IFS= read -r line; do
        case "$line" in
            "ok - "*) result ok "$name: ${line#ok - }" ;;
            "not ok - "*) result not-ok "$name: ${line#not ok - }" ;;
            *) [ -n "$line" ] && echo "$line" ;;
        esac
    done <<<"$out"
    if [ "$rc" -ne 0 ] && ! grep -q '^not ok' <<<"$out"; then
        result not-ok "$name exited with status $rc"
    fi
done

echo "perl: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
