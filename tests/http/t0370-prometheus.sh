# shellcheck shell=bash
# t0370-prometheus.sh — a real Prometheus (Debian's) on loopback scrapes
# our /metrics through lighttpd with basic auth, and discovers through
# GET /targets (http_sd_configs, basic auth) a real prometheus-node-exporter
# on a free loopback port, which it then scrapes with our labels. Polls
# Prometheus' /api/v1/targets for at most 30 s; stops everything it started.

if ! command -v prometheus >/dev/null || ! command -v prometheus-node-exporter >/dev/null; then
    fail "prometheus and prometheus-node-exporter are installed" \
        "Debian packages prometheus and prometheus-node-exporter"
    # shellcheck disable=SC2317  # sourced: return ends the file
    return 0 2>/dev/null || exit 0
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

dir=$UC_TMP/prom
mkdir -p "$dir/data"
prom_pid='' node_pid=''
stop_all() {
    [ -n "$prom_pid" ] && kill "$prom_pid" 2>/dev/null && wait "$prom_pid" 2>/dev/null
    [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null
    prom_pid='' node_pid=''
}
trap stop_all EXIT

node_port=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$node_port" \
    >"$dir/node.log" 2>&1 &
node_pid=$!

# The discovered server, alone in a cluster that a limited user sees, so
# that /targets offers Prometheus nothing but loopback addresses.
api POST /servers '{"id":"prom-node","type":"web","ip":"127.0.0.1","region":"lo-1"}'
assert_status 201 "a server on 127.0.0.1"
api POST /clusters '{"name":"prom-c","servers":["prom-node"]}'
sqlite3 -batch -cmd '.timeout 5000' "$UC_DB" \
    "INSERT INTO probe_settings(server, node_port, maintenance, updated)
     VALUES ('prom-node', $node_port, 0, strftime('%s'))" ||
    fail "set the node_port with sqlite3"
uc_user_add prom-sd prom-sd-pw 'clusters=prom-c\nedit=0\n'
printf '%s' "$UC_PASS" >"$dir/admin.pw"
printf 'prom-sd-pw' >"$dir/sd.pw"

prom_port=$(free_port)
api=/unlimited-cluster/nph-api.cgi
uc_port=${UC_BASE##*:}
cat >"$dir/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: uc
    metrics_path: $api/metrics
    basic_auth: {username: $UC_USER, password_file: $dir/admin.pw}
    static_configs:
      - targets: ["127.0.0.1:$uc_port"]
  - job_name: nodes
    http_sd_configs:
      - url: http://127.0.0.1:$uc_port$api/targets
        refresh_interval: 1s
        basic_auth: {username: prom-sd, password_file: $dir/sd.pw}
EOF
if out=$(promtool check config "$dir/prometheus.yml" 2>&1); then
    pass "promtool check config accepts the example configuration"
else
    fail "promtool check config accepts the example configuration" "$out"
fi
prometheus --config.file="$dir/prometheus.yml" \
    --web.listen-address="127.0.0.1:$prom_port" \
    --storage.tsdb.path="$dir/data" >"$dir/prometheus.log" 2>&1 &
prom_pid=$!

# target JOB: "health|labels" of JOB's first active target, or "".
target() {
    jq -r --arg job "$1" '[.data.activeTargets[] | select(.labels.job == $job)][0]
        | if . == null then "" else "\(.health)|\(.labels | del(.job) | tojson)" end' \
        "$dir/targets.json" 2>/dev/null
}
uc='' nodes='' deadline=$(($(date +%s) + 30))
while [ "$(date +%s)" -lt "$deadline" ]; do
    if curl -fsS "http://127.0.0.1:$prom_port/api/v1/targets" -o "$dir/targets.json" 2>/dev/null; then
        uc=$(target uc)
        nodes=$(target nodes)
        case "$uc/$nodes" in up\|*/up\|*) break ;; esac
    fi
    sleep 0.5
done
assert_eq "up" "${uc%%|*}" "Prometheus scrapes /metrics through lighttpd with basic auth"
assert_eq "up" "${nodes%%|*}" "…and the node_exporter it found through /targets"
want="{\"cluster\":\"prom-c\",\"id\":\"prom-node\",\"instance\":\"127.0.0.1:$node_port\",\"region\":\"lo-1\",\"type\":\"web\"}"
assert_eq "$want" "$(jq -c -r '.' <<<"${nodes#*|}" 2>/dev/null | jq -cS . 2>/dev/null)" \
    "…labelled with our id, type, region and cluster"
n=$(jq '[.data.activeTargets[] | select(.labels.job == "nodes")] | length' "$dir/targets.json" 2>/dev/null)
assert_eq 1 "$n" "…the limited user's list holds only its cluster's server"
# A sample from each job in Prometheus' own store.
q=$(curl -fsS "http://127.0.0.1:$prom_port/api/v1/query" \
    --data-urlencode 'query=unlimited_cluster_servers' 2>/dev/null |
    jq -r '.data.result[0].value[1] // ""')
assert_eq "$(db_query 'SELECT count(*) FROM servers')" "$q" "Prometheus stored our server count"
stop_all
trap - EXIT
