# miniserv.sh — Webmin as a CGI test sees it: the config and var folders
# under $T (WEBMIN_CONFIG, WEBMIN_VAR, the module's DB), fresh_webmin (those
# folders as Webmin's setup.sh leaves them), and miniserv_env (the
# environment miniserv gives a module CGI). OUT is the CGI output file,
# HOST the address miniserv listens on. Needs T and ROOT. Sourced by
# tests/cgi/lib.sh and tests/hostile/lib.sh.
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash disable=SC2034  # DB, OUT: used by the sourcing suites

WEBMIN_CONFIG="$T/etc"
WEBMIN_VAR="$T/var"
DB="$WEBMIN_VAR/modules/unlimited-cluster/cluster.db"
HOST="127.0.0.1:10000"
OUT="$T/out"

# A fresh Webmin config and var folder, as Webmin's setup.sh leaves them.
fresh_webmin() {
    rm -rf "$WEBMIN_CONFIG" "$WEBMIN_VAR"
    mkdir -p "$WEBMIN_CONFIG/unlimited-cluster" "$WEBMIN_VAR"
    printf 'referers_none=1\nlog=1\nlang=en\nos_type=debian-linux\n' \
        >"$WEBMIN_CONFIG/config"
    printf 'root: acl webmin\nadmin: system-status unlimited-cluster\n' \
        >"$WEBMIN_CONFIG/webmin.acl"
    printf 'rpc=2\n' >"$WEBMIN_CONFIG/admin.acl"
    cp "$ROOT/config-debian-linux" \
        "$WEBMIN_CONFIG/unlimited-cluster/config" 2>/dev/null || :
}

# miniserv_env ARRAY USER METHOD SCRIPT PATH_INFO QUERY — sets the caller's
# ARRAY to what miniserv puts in a module CGI's environment for that
# request, without PATH_INFO, Referer and body variables (the caller adds
# the ones it sends).
miniserv_env() {
    local -n miniserv_env_out=$1
    local user=$2 method=$3 script=$4 path_info=$5 query=$6
    miniserv_env_out=(
        "REMOTE_USER=$user" "BASE_REMOTE_USER=" "REMOTE_HOST=127.0.0.1"
        "REMOTE_ADDR=127.0.0.1" "REMOTE_ADDR_PROTOCOL=4"
        "SESSION_ID=a77d1d25f9a9598168d769c215269c19"
        "WEBMIN_CONFIG=$WEBMIN_CONFIG" "WEBMIN_VAR=$WEBMIN_VAR"
        "MINISERV_CONFIG=$WEBMIN_CONFIG/miniserv.conf" "MINISERV_PID=1"
        "SERVER_ROOT=$STAGE/.." "DOCUMENT_ROOT=$STAGE/.."
        "SCRIPT_NAME=/unlimited-cluster/$script"
        "SCRIPT_FILENAME=$STAGE/$script"
        "REQUEST_URI=/unlimited-cluster/$script$path_info${query:+?$query}"
        "QUERY_STRING=$query" "REQUEST_METHOD=$method"
        "SERVER_NAME=127.0.0.1" "SERVER_PORT=10000"
        "SERVER_PROTOCOL=HTTP/1.0" "SERVER_SOFTWARE=MiniServ/2.660"
        "GATEWAY_INTERFACE=CGI/1.1" "HTTPS=" "HTTP_HOST=$HOST"
        "HTTP_COOKIE=; testing=1" "HTTP_USER_AGENT=curl/7.88.1"
        "PWD=$STAGE" "HOME=/root" "PATH=/usr/bin:/bin"
    )
}
