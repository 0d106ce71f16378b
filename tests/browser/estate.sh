# shellcheck shell=bash
# estate.sh — sourceable: loads the demo estate of `make run DEMO=1` (19
# servers, 24 connections, 4 clusters) through the real pages, as a browser
# would post them. Needs UC_BASE (http://127.0.0.1:PORT), UC_USER, UC_PASS.
#   estate_load        returns non-zero when a request did not redirect

_estate_fail=0

# _estate_post SCRIPT FIELD=VALUE...
_estate_post() {
    local script=$1 code kv
    shift
    local args=()
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    code=$(curl -s --noproxy '*' --max-time 30 -u "$UC_USER:$UC_PASS" \
        -e "$UC_BASE/unlimited-cluster/" -o /dev/null -w '%{http_code}' \
        "${args[@]}" "$UC_BASE/unlimited-cluster/$script") || code=000
    if [ "$code" != 302 ]; then
        echo "# estate: $script $*: HTTP $code" >&2
        _estate_fail=$((_estate_fail + 1))
    fi
}
_estate_server() { # id type ip region ports
    _estate_post add_server.cgi "id=$1" "name=$1" "type=$2" "ip=$3" "region=$4" "ports=$5"
}
_estate_connect() { _estate_post connect.cgi "from=$1" "to=$2" "type=$3"; }
_estate_cluster() { # name description servers...
    local name=$1 desc=$2 m
    shift 2
    local s=()
    for m in "$@"; do s+=("servers=$m"); done
    _estate_post create_cluster.cgi "name=$name" "description=$desc" autoconnect=0 "${s[@]}"
}

estate_load() {
    local i s r
    _estate_fail=0
    _estate_server lb-01 loadbalancer 10.0.1.10 eu-central-1 "80 443"
    for i in 1 2 3 4; do _estate_server "web-0$i" web "10.0.1.2$i" eu-central-1 "80 443"; done
    _estate_server db-primary database 10.0.1.50 eu-central-1 5432
    for i in 1 2 3 4; do
        _estate_connect lb-01 "web-0$i" http
        _estate_connect "web-0$i" db-primary database
    done
    _estate_cluster web-tier "Load-balanced web tier" lb-01 web-01 web-02 web-03 web-04 db-primary
    _estate_server api-gateway loadbalancer 192.168.10.5 eu-central-1 443
    for s in svc-auth svc-orders svc-catalog; do
        _estate_server "$s" web "192.168.10.$((${#s} + 10))" eu-central-1 8080
    done
    _estate_server cache-01 cache 192.168.10.30 eu-central-1 6379
    _estate_server db-orders database 192.168.10.40 eu-central-1 5432
    _estate_server mon-01 monitoring 192.168.10.50 eu-central-1 "9090 3000"
    for s in svc-auth svc-orders svc-catalog; do
        _estate_connect api-gateway "$s" http
        _estate_connect "$s" cache-01 cache
        _estate_connect mon-01 "$s" monitoring
    done
    _estate_connect svc-orders db-orders database
    _estate_connect mon-01 db-orders monitoring
    _estate_cluster microservices "API gateway, services, cache, database, monitoring" \
        api-gateway svc-auth svc-orders svc-catalog cache-01 db-orders mon-01
    _estate_server web-east-1 web 10.10.0.11 us-east-1 "80 443"
    _estate_server web-east-2 web 10.10.0.12 us-east-1 "80 443"
    _estate_server db-east database 10.10.0.20 us-east-1 5432
    _estate_server web-west-1 web 10.20.0.11 eu-west-1 "80 443"
    _estate_server web-west-2 web 10.20.0.12 eu-west-1 "80 443"
    _estate_server db-west database 10.20.0.20 eu-west-1 5432
    for r in east west; do
        _estate_connect "web-$r-1" "db-$r" database
        _estate_connect "web-$r-2" "db-$r" database
    done
    _estate_connect db-east db-west database
    _estate_cluster us-east "US East: two web servers and the primary database" web-east-1 web-east-2 db-east
    _estate_cluster eu-west "EU West: two web servers and the replica database" web-west-1 web-west-2 db-west
    # The three types the web stacks lack, so the picture has all nine.
    _estate_server dns-01 dns 10.0.0.53 eu-central-1 53
    _estate_server nas-01 filesystem 10.0.0.60 eu-central-1 "22 445"
    _estate_server backup-01 backup 10.0.0.70 eu-central-1 "22 873"
    _estate_server fw-01 security 10.0.0.1 eu-central-1 "22 443"
    _estate_connect backup-01 nas-01 standard
    _estate_connect fw-01 lb-01 standard
    [ "$_estate_fail" -eq 0 ]
}
