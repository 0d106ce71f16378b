#!/usr/bin/env bash
# run.sh STAGE — FossFLOW compatibility: the documents our export writes
# must pass the schema the fossflow npm package exports (modelSchema, with
# FossFLOW's own reference rules), checked by validate.js under node.
#   1. installs the validator's packages (npm ci) when node_modules is
#      missing (package-lock.json pins them);
#   2. runs the FossFLOW unit test (build/<B>/unit/test_fossflow, beside
#      STAGE's build) with FF_DUMP_DIR: it writes every document it
#      exports (estate, a cluster, a region, a round trip, documents
#      imported from FossFLOW's full and compact forms, 20,000 servers);
#   3. validates each; a broken copy (an anchor to a missing item) must be
#      refused, so the check itself is shown to work;
#   4. when STAGE's clusterctl knows `export --format fossflow`, validates
#      its output for an estate made through clusterctl too.
# Prints `ok N - ...` / `not ok N - ...`, then `N passed, M failed`.
set -uo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 STAGE" >&2
    exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
stage=$(cd "$1" && pwd) || exit 2
build=$(cd "$stage/../.." && pwd)
unit=$build/unit/test_fossflow
n=0
failed=0

ok() {
    n=$((n + 1))
    echo "ok $n - $1"
}
not_ok() {
    n=$((n + 1))
    failed=$((failed + 1))
    echo "not ok $n - $1"
    shift
    local l
    for l in "$@"; do printf '#   %s\n' "$l"; done
}
finish() {
    echo "$((n - failed)) passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/uc-fossflow.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# 1. the validator
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    not_ok "node and npm are installed (tools/deps.sh)"
    finish
fi
if [ ! -f "$here/node_modules/fossflow/dist/standaloneExports.js" ]; then
    echo "# installing the validator's packages (npm ci)"
    if ! (cd "$here" && timeout 600 npm ci --ignore-scripts --no-audit \
        --no-fund >"$tmp/npm.log" 2>&1); then
        not_ok "npm ci in tests/fossflow" "$(tail -n 5 "$tmp/npm.log")"
        finish
    fi
fi
ok "fossflow validator installed"

# 2. the documents
if [ ! -x "$unit" ]; then
    not_ok "unit test $unit is built (make B=... all)"
    finish
fi
mkdir -p "$tmp/docs"
if (cd "$here/../.." && FF_DUMP_DIR="$tmp/docs" timeout 300 "$unit" \
    >"$tmp/unit.log" 2>&1); then
    ok "test_fossflow wrote its exports"
else
    not_ok "test_fossflow wrote its exports" "$(tail -n 8 "$tmp/unit.log")"
fi

# 3. each document against FossFLOW's schema
count=0
for f in "$tmp"/docs/*.json; do
    [ -f "$f" ] || continue
    count=$((count + 1))
    name=$(basename "$f" .json)
    out=$(cd "$here" && timeout 120 node validate.js "$f" 2>&1)
    if [ $? -eq 0 ]; then
        ok "FossFLOW accepts the '$name' export ($(wc -c <"$f") bytes)"
    else
        not_ok "FossFLOW accepts the '$name' export" "$(printf '%s' "$out" | cut -c1-400)"
    fi
done
[ "$count" -ge 8 ] && ok "$count exports validated" ||
    not_ok "at least 8 exports to validate" "found $count"

if [ -f "$tmp/docs/estate.json" ]; then
    node -e '
        const fs = require("fs");
        const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
        d.views[0].connectors[0].anchors[0].ref = { item: "no-such-item" };
        fs.writeFileSync(process.argv[2], JSON.stringify(d));
    ' "$tmp/docs/estate.json" "$tmp/broken.json"
    if (cd "$here" && node validate.js "$tmp/broken.json" >/dev/null 2>&1); then
        not_ok "the validator refuses an anchor to a missing item"
    else
        ok "the validator refuses an anchor to a missing item"
    fi
fi

# 4. through clusterctl, once it exports FossFLOW
ctl=$stage/clusterctl
if [ -x "$ctl" ] && "$ctl" export --help 2>&1 | grep -q fossflow; then
    export WEBMIN_CONFIG=$tmp/etc WEBMIN_VAR=$tmp/var
    mkdir -p "$WEBMIN_CONFIG/unlimited-cluster" "$WEBMIN_VAR"
    db=$tmp/ctl.db
    if "$ctl" --db "$db" import "$tmp/docs/estate.json" >"$tmp/ctl.log" 2>&1 &&
        "$ctl" --db "$db" export --format fossflow >"$tmp/ctl.json" 2>>"$tmp/ctl.log" &&
        (cd "$here" && node validate.js "$tmp/ctl.json" >>"$tmp/ctl.log" 2>&1); then
        ok "clusterctl export --format fossflow is valid FossFLOW"
    else
        not_ok "clusterctl export --format fossflow is valid FossFLOW" \
            "$(tail -n 5 "$tmp/ctl.log")"
    fi
else
    echo "# clusterctl has no 'export --format fossflow' yet: skipped"
fi
finish
