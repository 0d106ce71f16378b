# lib.sh — helpers for the robustness suite: results, a fresh Webmin
# config and var folder, the staged CGIs run as miniserv runs them,
# clusterctl, the daemon, and read-only SQL. Sourced by run.sh.
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash

: "${STAGE:?}" "${T:?}" "${HERE:?}" "${ROOT:?}"
# shellcheck source=tests/lib/results.sh
. "$HERE/../lib/results.sh"
# shellcheck source=tests/lib/processes.sh
. "$HERE/../lib/processes.sh"
D="$STAGE/unlimited-clusterd"

# What not_ok shows under a failure: the start of the file SHOW names.
fail_detail() {
    [ -n "${SHOW:-}" ] && [ -f "$SHOW" ] && head -c 2000 "$SHOW" | sed 's/^/#   /'
    return 0
}
check() { if "$@"; then ok "${MSG:-$*}"; else not_ok "${MSG:-$*}"; fi; MSG=; SHOW=; }
not() { ! "$@"; }

# fresh DIR — Webmin config and var folders under DIR, as setup.sh leaves
# them (user admin, the module granted); sets W CFG VAR MOD DB.
fresh() {
    W=$1
    rm -rf "$W"
    CFG="$W/etc"
    VAR="$W/var"
    MOD="$VAR/modules/unlimited-cluster"
    DB="$MOD/cluster.db"
    mkdir -p "$CFG/unlimited-cluster" "$MOD"
    printf 'referers_none=1\nlog=1\nlang=en\nos_type=debian-linux\n' >"$CFG/config"
    printf 'admin: unlimited-cluster\n' >"$CFG/webmin.acl"
    printf 'rpc=2\n' >"$CFG/admin.acl"
    cp "$ROOT/config-debian-linux" "$CFG/unlimited-cluster/config"
}

# setcfg KEY=VALUE — sets one module config key (replacing it).
setcfg() {
    local f="$CFG/unlimited-cluster/config"
    grep -v "^${1%%=*}=" "$f" >"$f.new" || true
    echo "$1" >>"$f.new"
    mv "$f.new" "$f"
}

# cgi METHOD SCRIPT PATH_INFO QUERY [BODY [CONTENT_TYPE]] — runs a staged
# CGI with miniserv's environment (same-host Referer); the response is in
# $W/out. Sets STATUS (Status:, the nph status line, 302 for Location).
cgi() {
    local method=$1 script=$2 pinfo=$3 query=$4 body=${5-} ctype=${6:-application/x-www-form-urlencoded}
    local -a env=(
        "REMOTE_USER=admin" "REMOTE_ADDR=127.0.0.1" "REMOTE_HOST=127.0.0.1"
        "WEBMIN_CONFIG=$CFG" "WEBMIN_VAR=$VAR"
        "SCRIPT_NAME=/unlimited-cluster/$script"
        "SCRIPT_FILENAME=$STAGE/$script" "PATH_INFO=$pinfo"
        "REQUEST_URI=/unlimited-cluster/$script$pinfo${query:+?$query}"
        "QUERY_STRING=$query" "REQUEST_METHOD=$method"
        "SERVER_NAME=127.0.0.1" "SERVER_PORT=10000"
        "SERVER_PROTOCOL=HTTP/1.0" "SERVER_SOFTWARE=MiniServ/2.660"
        "GATEWAY_INTERFACE=CGI/1.1" "HTTP_HOST=127.0.0.1:10000"
        "PATH=/usr/bin:/bin"
    )
    # A page needs the same-host Referer; a script calling the API sends none.
    [ "$script" = nph-api.cgi ] ||
        env+=("HTTP_REFERER=http://127.0.0.1:10000/unlimited-cluster/")
    printf '%s' "$body" >"$W/in"
    [ -n "$body" ] && env+=("CONTENT_LENGTH=$(wc -c <"$W/in")" "CONTENT_TYPE=$ctype")
    (cd "$STAGE" && env -i "${env[@]}" "$STAGE/$script" <"$W/in" >"$W/out" 2>>"$W/cgi-stderr.log")
    local rc=$?
    STATUS=200
    [ "$rc" -eq 0 ] || { STATUS="exit$rc"; SHOW="$W/out"; return 0; }
    local s
    s=$(sed -n '1s/^HTTP\/1\.[01] \([0-9]*\).*/\1/p' "$W/out")
    [ -z "$s" ] && grep -q '^Location: ' "$W/out" && s=302
    [ -z "$s" ] && s=$(sed -n 's/^Status: \([0-9]*\).*/\1/p' "$W/out" | head -1)
    [ -n "$s" ] && STATUS=$s
    SHOW="$W/out"
}
# api METHOD PATH[?QUERY] [JSON]
api() {
    local path=${2%%\?*} query=
    [ "$path" = "$2" ] || query=${2#*\?}
    cgi "$1" nph-api.cgi "$path" "$query" "${3-}" application/json
}
page() { cgi POST "$1" "" "" "$2"; }

# ctl ARGS... — clusterctl on this folder's database; output in $W/ctl.out
# (stdout and stderr), exit status in CTL_RC.
ctl() {
    WEBMIN_CONFIG=$CFG WEBMIN_VAR=$VAR "$STAGE/clusterctl" "$@" >"$W/ctl.out" 2>&1
    CTL_RC=$?
    SHOW="$W/ctl.out"
}

q() { sqlite3 -batch -noheader -cmd ".timeout 5000" "$1" "$2"; }
integrity_ok() { [ "$(q "$1" 'PRAGMA integrity_check;')" = ok ]; }
has() { grep -qF -- "$1" "${2:-$W/out}"; }
lacks() { ! grep -qF -- "$1" "${2:-$W/out}"; }
status_is() { [ "$STATUS" = "$1" ]; }

# in_private_mounts — true when this shell may mount in a private mount
# namespace (root, unshare available): the disk-full test needs it.
in_private_mounts() {
    [ "$(id -u)" = 0 ] && command -v unshare >/dev/null &&
        unshare -m --propagation private true 2>/dev/null
}
