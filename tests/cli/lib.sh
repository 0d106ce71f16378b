# lib.sh — runs the staged clusterctl with a controlled environment (env -i:
# nothing leaks from the caller, no UC_DB, LANG=C unless a test says) and
# asserts on exit status, output, JSON and the database. Sourced by run.sh.
# shellcheck shell=bash

: "${STAGE:?}" "${T:?}"
WEBMIN_CONFIG="$T/etc"
WEBMIN_VAR="$T/var"
DB="$WEBMIN_VAR/modules/unlimited-cluster/cluster.db"
OUT="$T/out"
ERR="$T/err"
PASS=0
FAIL=0
RC=0
CLI_ENV=()

# A fresh Webmin config and var folder, as Webmin's setup leaves them.
fresh_webmin() {
    rm -rf "$WEBMIN_CONFIG" "$WEBMIN_VAR" "$T/work"
    mkdir -p "$WEBMIN_CONFIG/unlimited-cluster" "$WEBMIN_VAR" "$T/work"
    printf 'log=1\nlang=en\nos_type=debian-linux\n' >"$WEBMIN_CONFIG/config"
    printf 'root: acl webmin\nadmin: system-status unlimited-cluster\n' \
        >"$WEBMIN_CONFIG/webmin.acl"
    cp "$ROOT/config-debian-linux" \
        "$WEBMIN_CONFIG/unlimited-cluster/config" 2>/dev/null || :
    chmod 0600 "$WEBMIN_CONFIG/unlimited-cluster/config" 2>/dev/null || :
    CLI_ENV=()
}

# run NAME ARGS... — runs $STAGE/NAME (clusterctl or an alias); stdout in
# $OUT, stderr in $ERR, exit status in $RC. Extra environment: CLI_ENV
# (array of NAME=value). Standard input: $IN when set, else /dev/null.
run() {
    local name=$1
    shift
    local -a env=("WEBMIN_CONFIG=$WEBMIN_CONFIG" "WEBMIN_VAR=$WEBMIN_VAR"
        "PATH=/usr/bin:/bin" "HOME=$T" "LANG=C" "SUDO_USER=tester"
        "UC_SYSTEMD_RUN=$T/no-systemd")
    env+=("${CLI_ENV[@]}")
    (cd "$T/work" && env -i "${env[@]}" "$STAGE/$name" "$@" \
        <"${IN:-/dev/null}" >"$OUT" 2>"$ERR")
    RC=$?
    return 0
}
cc() { run clusterctl "$@"; }

ok() { PASS=$((PASS + 1)); echo "ok $((PASS + FAIL)) - $CASE: $*"; }
not_ok() {
    FAIL=$((FAIL + 1))
    echo "not ok $((PASS + FAIL)) - $CASE: $*"
    echo "#   exit $RC; stdout: $(head -c 600 "$OUT" | tr '\n' '|')"
    echo "#   stderr: $(head -c 600 "$ERR" | tr '\n' '|')"
}

# check DESC COMMAND... — ok when COMMAND succeeds.
check() {
    local desc=$1
    shift
    if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

rc_is() { [ "$RC" -eq "$1" ]; }
out_has() { grep -qF -- "$1" "$OUT"; }
err_has() { grep -qF -- "$1" "$ERR"; }
out_empty() { [ ! -s "$OUT" ]; }

# expect RC DESC [TEXT] — the last run exited RC (and printed TEXT on
# stdout or stderr).
expect() {
    local want=$1 desc=$2 text=${3-}
    if [ "$RC" -eq "$want" ] &&
        { [ -z "$text" ] || out_has "$text" || err_has "$text"; }; then
        ok "$desc"
    else
        not_ok "$desc (wanted exit $want${text:+ and \"$text\"})"
    fi
}

# js EXPR — evaluates a Python expression with d = the JSON on stdout and
# prints it (python3 is on every Debian).
js() {
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$OUT" "$1" 2>/dev/null
}

# json_is EXPR WANT DESC — the expression on the last JSON output.
json_is() {
    local got
    got=$(js "$1")
    if [ "$got" = "$2" ]; then ok "$3"; else
        not_ok "$3 ($1 = '$got', wanted '$2')"
    fi
}

# sql QUERY — one value from the database (sqlite3 CLI).
sql() { sqlite3 "$DB" "$1"; }

# dump — the database as SQL text, for "left unchanged" checks.
dump() { sqlite3 "$DB" .dump; }

# The action log lines of clusterctl.
actions() { grep -h ' unlimited-cluster/clusterctl ' "$WEBMIN_VAR/webmin.log" 2>/dev/null; }
