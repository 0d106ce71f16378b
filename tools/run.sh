#!/usr/bin/env bash
# run.sh STAGE — `make run`: serve the staged module with a standalone
# lighttpd on 127.0.0.1:$PORT (default 10000), state under ./state/, user
# admin with a password generated once and kept in state/password.
# UI_LANG=es for Spanish. DEMO=1 loads the demo estate once, through the
# real HTTP server. Runs in the foreground until Ctrl-C.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 STAGE" >&2
    exit 2
fi
stage=$1
# shellcheck source=tools/lighttpd.sh disable=SC1091
. "$(dirname "${BASH_SOURCE[0]}")/lighttpd.sh"

port=${PORT:-10000}
lang=${UI_LANG:-en}
user="admin"
state=${STATE_DIR:-$UC_ROOT/state}

if [ ! -f "$stage/index.cgi" ]; then
    echo "run.sh: $stage/index.cgi is missing: run 'make' first" >&2
    exit 1
fi
mkdir -p "$state"
chmod 0700 "$state"
if [ ! -s "$state/password" ]; then
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' |
        head -c 16 >"$state/password")
fi
pass=$(cat "$state/password")

uc_state_init "$state" "$user" "$pass" "$lang"
# An explicit UI_LANG is the user's own Webmin language (lang_<user>), which
# wins over the browser's Accept-Language as in Webmin; without it the
# browser decides (acceptlang=1), falling back to English.
if [ -n "${UI_LANG:-}" ]; then
    printf 'lang_%s=%s\n' "$user" "$UI_LANG" >>"$state/etc/config"
fi
trap 'uc_server_stop "$state"' EXIT
trap 'exit 130' INT TERM
uc_server_start "$state" "$stage" "$port" >/dev/null
base="http://127.0.0.1:$UC_PORT/$UC_MODULE"

# post SCRIPT FIELD=VALUE...: one form post as a browser would send it.
demo_fail=0
demo_abort=0
post() {
    local script=$1 code
    [ "$demo_abort" -eq 0 ] || return 0
    shift
    local args=()
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    code=$(curl -s --noproxy '*' --max-time 30 -u "$user:$pass" -e "$base/" \
        -o "$state/demo-last.html" -w '%{http_code}' "${args[@]}" "$base/$script") || code=000
    if [ "$code" != 302 ]; then
        echo "  $script $*: HTTP $code (expected a 302 redirect)" >&2
        tr '\n' ' ' <"$state/demo-last.html" | sed -e 's/<[^>]*>/ /g' \
            -e 's/[[:space:]][[:space:]]*/ /g' | cut -c1-200 >&2 || true
        demo_fail=$((demo_fail + 1))
        case "$code" in
            000 | 401 | 404 | 5*)
                echo "run.sh: the server cannot take the demo; giving up on it" >&2
                demo_abort=1 ;;
        esac
    fi
    return 0
}
server() { # id type ip region ports [name]
    post add_server.cgi "id=$1" "name=${6:-$1}" "type=$2" "ip=$3" "region=$4" "ports=$5"
}
connect() { post connect.cgi "from=$1" "to=$2" "type=$3"; }
cluster() { # name description servers...
    local name=$1 desc=$2
    shift 2
    local s=()
    for m in "$@"; do s+=("servers=$m"); done
    # autoconnect=0: the demo's connections are exactly the ones listed.
    post create_cluster.cgi "name=$name" "description=$desc" autoconnect=0 "${s[@]}"
}

load_demo() {
    echo "Loading the demo estate through $base/ ..."
    # (a) A scalable web tier.
    server lb-01 loadbalancer 10.0.1.10 eu-central-1 "80 443"
    for i in 1 2 3 4; do
        server "web-0$i" web "10.0.1.2$i" eu-central-1 "80 443"
    done
    server db-primary database 10.0.1.50 eu-central-1 5432
    for i in 1 2 3 4; do
        connect lb-01 "web-0$i" http
        connect "web-0$i" db-primary database
    done
    cluster web-tier "Load-balanced web tier: lb-01 in front of four web servers and one database" \
        lb-01 web-01 web-02 web-03 web-04 db-primary
    # (b) Microservices.
    server api-gateway loadbalancer 192.168.10.5 eu-central-1 443
    for s in svc-auth svc-orders svc-catalog; do
        server "$s" web "192.168.10.$((${#s} + 10))" eu-central-1 8080
    done
    server cache-01 cache 192.168.10.30 eu-central-1 6379
    server db-orders database 192.168.10.40 eu-central-1 5432
    server mon-01 monitoring 192.168.10.50 eu-central-1 "9090 3000"
    for s in svc-auth svc-orders svc-catalog; do
        connect api-gateway "$s" http
        connect "$s" cache-01 cache
        connect mon-01 "$s" monitoring
    done
    connect svc-orders db-orders database
    connect mon-01 db-orders monitoring
    cluster microservices "API gateway, three services, a cache, an orders database and monitoring" \
        api-gateway svc-auth svc-orders svc-catalog cache-01 db-orders mon-01
    # (c) Two regions with replicated databases.
    server web-east-1 web 10.10.0.11 us-east-1 "80 443"
    server web-east-2 web 10.10.0.12 us-east-1 "80 443"
    server db-east database 10.10.0.20 us-east-1 5432
    server web-west-1 web 10.20.0.11 eu-west-1 "80 443"
    server web-west-2 web 10.20.0.12 eu-west-1 "80 443"
    server db-west database 10.20.0.20 eu-west-1 5432
    for r in east west; do
        connect "web-$r-1" "db-$r" database
        connect "web-$r-2" "db-$r" database
    done
    connect db-east db-west database
    cluster us-east "US East region: two web servers and the primary database" \
        web-east-1 web-east-2 db-east
    cluster eu-west "EU West region: two web servers and the replica database" \
        web-west-1 web-west-2 db-west
    if [ "$demo_fail" -eq 0 ]; then
        date -u +%FT%TZ >"$state/demo-loaded"
        echo "Demo estate loaded: 19 servers, 24 connections, 4 clusters."
    else
        echo "run.sh: $demo_fail demo requests failed; DEMO=1 will retry next run" >&2
    fi
}

if [ -n "${DEMO:-}" ] && [ "${DEMO:-}" != 0 ]; then
    if [ -f "$state/demo-loaded" ]; then
        echo "Demo estate already loaded ($(cat "$state/demo-loaded")); rm $state/demo-loaded to load it again."
    else
        load_demo
    fi
fi

cat <<MSG

  unlimited-cluster is running (lighttpd pid $UC_PID, language $lang)
  URL:      $base/
  user:     $user
  password: $pass
  state:    $state (logs: lighttpd-error.log, cgi-stderr.log,
            var/modules/$UC_MODULE/module.log)

  Press Ctrl-C to stop.
MSG
# Returns when lighttpd exits or a signal arrives; the EXIT trap stops it.
wait "$UC_PID" || true
