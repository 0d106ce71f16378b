#!/usr/bin/env bash
# rss_nodeexp.sh [STAGE] — the monitoring daemon's memory at 10,000
# servers with node_exporter metrics collected for every one of them (issue
# 6: "daemon RSS <= 64 MB at 10,000 targets"). In a private network
# namespace (unshare -n, only lo) one real prometheus-node-exporter listens
# on 0.0.0.0:9100, so it answers at every 127.1.x.y address the estate
# uses; the daemon runs RSS_SECONDS with TCP (port 9100), ICMP and metrics
# checks on and the history on: 10 series a server (8 metrics, latency,
# up), 100,000 in the history writer. With PREFILL=1 (default) the
# history is first filled (bench/hist_fill.c) with ~115 samples a series
# in the current hour, i.e. the open chunks of an hour of 30 s samples, the
# writer's largest state, which the daemon reloads at start; PREFILL=0
# measures a daemon starting from an empty history. Samples VmRSS every
# SAMPLE seconds, reads VmHWM (peak RSS) at the end, and checks from the
# database that the scrapes succeeded for every server. Needs root. Prints
# the figures, writes B/bench/rss_nodeexp.txt (B: the build of the stage),
# exits 1 when VmHWM > MAX_RSS_KIB or fewer than MIN_OK servers have
# complete metrics. See bench/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STAGE=${1:-$ROOT/build/stage/unlimited-cluster}
N=${N:-10000}
INTERVAL=${INTERVAL:-60}
RSS_SECONDS=${RSS_SECONDS:-300}
SAMPLE=${SAMPLE:-10}
PREFILL=${PREFILL:-1}
MAX_RSS_KIB=${MAX_RSS_KIB:-65536}
MIN_OK=${MIN_OK:-$N}
NE_PORT=9100
# The collectors the daemon reads (node_exporter's full default set costs
# about 3x the CPU per scrape, which this 2-core machine cannot give 10,000
# servers a minute; the daemon's memory does not depend on the body size
# beyond the transfer buffers).
NE_COLLECTORS=(--collector.disable-defaults --collector.cpu --collector.meminfo
    --collector.filesystem --collector.netdev --collector.netstat
    --collector.time --collector.stat --collector.loadavg)

# ---- inside the namespace ----
inner() {
    local W=$1 run=$1/run
    ip link set lo up
    # Devices the daemon counts (lo, veth*, dummy* ... are left out of
    # net_in/net_out): without one the two network series stay empty.
    # A veth pair named eth0/eth1 (this kernel has no dummy driver).
    ip link add eth0 type veth peer name eth1
    ip link set eth0 up
    ip link set eth1 up
    sysctl -qw net.core.somaxconn=65535 net.ipv4.tcp_max_syn_backlog=65535
    prometheus-node-exporter --web.listen-address=0.0.0.0:$NE_PORT \
        --web.max-requests=0 "${NE_COLLECTORS[@]}" >"$W/node_exporter.out" 2>&1 &
    local nepid=$!
    local i
    for i in $(seq 50); do
        curl -sf -o /dev/null "http://127.1.0.1:$NE_PORT/metrics" && break
        sleep 0.2
    done
    curl -sf -o "$W/sample.prom" "http://127.1.39.250:$NE_PORT/metrics" ||
        { echo "RESULT error=node_exporter_not_answering"; kill "$nepid"; return; }
    "$STAGE/unlimited-clusterd" --config "$run/etc" --var "$run/var" --foreground &
    local dpid=$! t=0
    : >"$W/rss.txt"
    while [ "$t" -lt "$RSS_SECONDS" ]; do
        sleep "$SAMPLE"
        t=$((t + SAMPLE))
        echo "$t $(awk '/^VmRSS:/ {print $2}' "/proc/$dpid/status")" >>"$W/rss.txt"
    done
    local hwm rss
    hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$dpid/status")
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$dpid/status")
    kill -TERM "$dpid"
    wait "$dpid" || true
    kill -TERM "$nepid"
    wait "$nepid" 2>/dev/null || true
    echo "RESULT hwm_kib=$hwm rss_kib=$rss"
}

if [ "${1:-}" = --inner ]; then
    STAGE=$3
    inner "$2"
    exit 0
fi

# ---- the driver ----
[ "$(id -u)" -eq 0 ] || { echo "rss_nodeexp.sh: needs root (unshare -n)" >&2; exit 2; }
unshare -n true || { echo "rss_nodeexp.sh: unshare -n does not work here" >&2; exit 2; }
for tool in sqlite3 curl prometheus-node-exporter ip cc; do
    command -v "$tool" >/dev/null || { echo "rss_nodeexp.sh: $tool is missing (apt-get install prometheus-node-exporter sqlite3 curl)" >&2; exit 2; }
done
[ -x "$STAGE/unlimited-clusterd" ] || { echo "rss_nodeexp.sh: $STAGE/unlimited-clusterd missing (make all)" >&2; exit 2; }
STAGE=$(cd "$STAGE" && pwd)
B=$(cd "$STAGE/../.." && pwd)
[ -f "$B/lib/libcluster.a" ] || { echo "rss_nodeexp.sh: $B/lib/libcluster.a missing (make all)" >&2; exit 2; }

W=$(mktemp -d /tmp/uc-rssne.XXXXXX)
cleanup() { [ -n "${KEEP:-}" ] || rm -rf "$W"; }
trap cleanup EXIT

run=$W/run
db=$run/var/modules/unlimited-cluster/cluster.db
mkdir -p "$run/etc/unlimited-cluster" "$run/var/modules/unlimited-cluster" "$W/mk/etc" "$W/mk/var"
# The estate: N servers at 127.1.x.y (rids 1..N), made by the daemon's own
# schema; each a "monitoring" server whose one port is node_exporter's.
target() { echo "127.1.$(($1 / 250)).$(($1 % 250 + 1))"; }
"$STAGE/unlimited-clusterd" --config "$W/mk/etc" --var "$W/mk/var" --db "$db" --once
{
    echo "BEGIN;"
    for i in $(seq 0 $((N - 1))); do
        echo "INSERT INTO servers(id, name, type, ip, ports, created, updated) VALUES ('s$i', 's$i', 'monitoring', '$(target "$i")', '$NE_PORT', 0, 0);"
    done
    echo "INSERT INTO servers_fts(rowid, id, name, ip, region) SELECT rid, id, name, ip, region FROM servers;"
    echo "COMMIT;"
} | sqlite3 "$db"
[ "$(sqlite3 "$db" 'SELECT min(rid), max(rid), count(*) FROM servers;')" = "1|$N|$N" ] ||
    { echo "rss_nodeexp.sh: unexpected server rids" >&2; exit 1; }
# node_exporter shares this machine's CPU with the daemon (some 3.5 ms a
# scrape): a long transfer timeout keeps its queue from failing scrapes.
printf 'check_interval=%s\ntcp=1\nhttp=0\nicmp=1\nmetrics=1\nhistory=1\nhttp_timeout_ms=%s\n' \
    "$INTERVAL" "${HTTP_TIMEOUT_MS:-20000}" >"$run/etc/unlimited-cluster/config"

prefill="none"
if [ "$PREFILL" = 1 ]; then
    cc -O2 -std=c11 -I"$ROOT/cgi-src/lib" -o "$W/hist_fill" "$ROOT/bench/hist_fill.c" \
        "$B/lib/libcluster.a" -ljansson -lsqlite3 -lz
    now=$(date +%s)
    hour=$((now - now % 3600))
    left=$((hour + 3600 - now))
    if [ $((now - hour)) -lt 240 ]; then
        echo "rss_nodeexp.sh: waiting $((240 - now + hour)) s (too early in the hour to prefill it)"
        sleep $((240 - now + hour))
        now=$(date +%s)
        left=$((hour + 3600 - now))
    fi
    [ "$left" -gt $((RSS_SECONDS + 60)) ] ||
        echo "rss_nodeexp.sh: note: the run crosses the hour; the writer seals every chunk on the way"
    to=$((now - 2))
    # ~115 samples a series, spread over the hour so far: an hour of 30 s
    # samples costs the same bytes (a steady grid encodes alike at any step).
    step=$(((to - hour + 114) / 115))
    [ "$step" -ge 1 ] || step=1
    prefill=$("$W/hist_fill" "$(dirname "$db")/history" "$N" "$hour" "$to" "$step")
    echo "prefill: $prefill (step $step s)"
fi

echo "rss_nodeexp.sh: $N servers, interval ${INTERVAL} s, ${RSS_SECONDS} s run, prefill $PREFILL ..."
t0=$(date +%s)
res=$(nice -n "${NICE:-0}" unshare -n -- bash "$0" --inner "$W" "$STAGE" </dev/null | grep '^RESULT' || true)
t1=$(date +%s)
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${res#RESULT}"; }
hwm=$(field hwm_kib)
rss=$(field rss_kib)
q() { sqlite3 "$db" "$1"; }
counter() { q "SELECT CAST(value AS INTEGER) FROM daemon_counters WHERE family = '$1' AND kind = '${2:-}';"; }
# A server counts when a scrape of this run succeeded (metrics_at) and
# gave all 8 metrics (cpu and the network rates need two successful
# scrapes of the run: the counters of the first one are kept in memory);
# a later scrape that failed keeps those values and sets metrics_error.
complete=$(q "SELECT count(*) FROM probe_current WHERE metrics_at >= $t0 AND cpu IS NOT NULL AND mem IS NOT NULL AND disk IS NOT NULL AND net_in IS NOT NULL AND net_out IS NOT NULL AND tcp_conns IS NOT NULL AND uptime IS NOT NULL AND load1 IS NOT NULL;")
scraped=$(q "SELECT count(*) FROM probe_current WHERE metrics_at >= $t0;")
last_failed=$(q "SELECT count(*) FROM probe_current WHERE metrics_error != '';")
errs=$(q "SELECT metrics_error, count(*) FROM probe_current WHERE metrics_error != '' GROUP BY 1 ORDER BY 2 DESC LIMIT 3;")
scrapes=$(counter daemon_probes_total scrape)
scrape_fail=$(counter daemon_probe_failures_total scrape)
rounds=$(counter daemon_rounds_total)
series=$(counter daemon_history_series)
hmem=$(counter daemon_history_memory_bytes)
hsamples=$(counter daemon_history_samples_total)
peak_t=$(sort -k2 -n "$W/rss.txt" | tail -1 | awk '{print $1}')

out=$B/bench/rss_nodeexp.txt
mkdir -p "$B/bench"
{
    echo "# rss_nodeexp.sh, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "servers=$N interval_s=$INTERVAL run_s=$((t1 - t0)) prefill=$PREFILL ($prefill)"
    echo "VmHWM_kib=${hwm:-?} VmRSS_end_kib=${rss:-?} (peak sample at ${peak_t:-?} s)"
    echo "scrapes=$scrapes scrape_failures=$scrape_fail rounds=$rounds"
    echo "servers_scraped_ok=$scraped servers_with_all_8_metrics=$complete last_scrape_failed=$last_failed"
    echo "history_series=$series history_memory_bytes=$hmem history_samples_appended=$hsamples"
    [ -z "$errs" ] || echo "metrics errors (top 3): $(tr '\n' ';' <<<"$errs")"
    echo "VmRSS over time (s KiB): $(tr '\n' ' ' <"$W/rss.txt")"
} | tee "$out"

bad=0
[ -n "$hwm" ] || { echo "rss_nodeexp.sh: no measurement (${res:-no result})"; exit 1; }
[ "$hwm" -le "$MAX_RSS_KIB" ] || { echo "rss_nodeexp.sh: VmHWM $hwm KiB > $MAX_RSS_KIB"; bad=1; }
[ "$complete" -ge "$MIN_OK" ] || { echo "rss_nodeexp.sh: only $complete of $N servers have all 8 metrics"; bad=1; }
exit $bad
