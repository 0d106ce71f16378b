# t50-prometheus.sh — with prometheus_url set, the metrics come from a real
# Prometheus (scraping a real node_exporter) through /api/v1/query, and
# the daemon does not scrape node_exporter itself.
# shellcheck shell=bash

fresh
NE=$(free_port)
PP=$(free_port)
node_exporter 127.0.0.2 "$NE"
cat >"$W/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.2:$NE']
YML
prometheus --config.file="$W/prometheus.yml" --web.listen-address="127.0.0.1:$PP" \
    --storage.tsdb.path="$W/prom-data" >"$W/prometheus.out" 2>&1 &
PIDS+=($!)
prom_has_rate() {
    curl -sf "http://127.0.0.1:$PP/api/v1/query" \
        --data-urlencode 'query=rate(node_cpu_seconds_total[5s])' | grep -q '"value"'
}
MSG="Prometheus is up and has node_exporter rates" check wait_for 30 prom_has_rate
setcfg check_interval=1 icmp=0 prometheus_url="http://127.0.0.1:$PP/" prometheus_window=5
serve tcp 127.0.0.2 0 lst
add_server mon-1 monitoring 127.0.0.2 "$PORT_OUT"
probe_set mon-1 node_port "$NE"
add_server ghost-1 database 127.0.0.4 "$PORT_OUT"
probe_set ghost-1 node_port 9
start_daemon
from_prom() { [ "$(cur mon-1 metrics_source)" = prometheus ] && [ -n "$(cur mon-1 cpu)" ]; }
MSG="the metrics come from Prometheus" check wait_for 10 from_prom
python3 "$HERE/nemetrics.py" "http://127.0.0.2:$NE" 1 >"$W/ne.txt"
ne() { sed -n "s/^$1=//p" "$W/ne.txt"; }
MSG="memory % $(cur mon-1 mem) ~ node_exporter's $(ne mem)" check near "$(cur mon-1 mem)" "$(ne mem)" 2
MSG="disk % $(cur mon-1 disk) ~ $(ne disk)" check near "$(cur mon-1 disk)" "$(ne disk)" 0.5
MSG="uptime $(cur mon-1 uptime) ~ $(ne uptime)" check near "$(cur mon-1 uptime)" "$(ne uptime)" 10
MSG="load1 $(cur mon-1 load1) ~ $(ne load1)" check near "$(cur mon-1 load1)" "$(ne load1)" 1.5
# CPU % swings from second to second on a shared machine: node_exporter's
# own figure over another second is no reference; the value must be a %.
MSG="CPU % $(cur mon-1 cpu) is a percentage (node_exporter over another second: $(ne cpu))" \
    check between "$(cur mon-1 cpu)" 0 100
MSG="network in is a rate from Prometheus" check between "$(cur mon-1 "coalesce(net_in, -1)")" 0 1e9
MSG="TCP connections $(cur mon-1 tcp_conns) ~ $(ne tcp)" check near "$(cur mon-1 tcp_conns)" "$(ne tcp)" 40
MSG="an instance Prometheus does not know is named in the error" \
    check grep -q 'no node_exporter data for instance 127.0.0.4:9' <<<"$(cur ghost-1 metrics_error)"
MSG="the daemon never scraped node_exporter itself" \
    check test "$(counter daemon_probes_total scrape)" = 0
MSG="it asked Prometheus ($(counter daemon_prometheus_queries_total) queries, $(counter daemon_prometheus_failures_total) failed)" \
    check test "$(counter daemon_prometheus_queries_total)" -ge 10 -a "$(counter daemon_prometheus_failures_total)" = 0
MSG="daemon_state names the source" \
    check test "$(state metrics_source)" = "prometheus http://127.0.0.1:$PP"
stop_daemon
# One round (--once) waits for Prometheus' answers before writing.
q "DELETE FROM probe_current;"
"$D" --config "$CFG" --var "$VAR" --once >/dev/null 2>&1
MSG="--once in Prometheus mode writes Prometheus' values" \
    check test "$(cur mon-1 "metrics_source || '|' || (cpu IS NOT NULL)")" = "prometheus|1"
