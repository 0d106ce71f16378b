# shellcheck shell=bash
# t0360-api-metrics.sh — the monitoring routes of the REST API: the health
# families of /metrics (promtool check metrics accepts them; labels id,
# type, region, cluster; base units), the daemon's counters, a server's
# series from the history (GET /servers/{id}/series) and the Prometheus
# service-discovery list (GET /targets), for a full and a cluster-limited
# user. Servers' probe results are written with sqlite3 as the daemon
# would.

now=$(date +%s)
api POST /servers '{"id":"h-web-1","name":"he said \"hi\" \\ bye","type":"web","ip":"10.77.0.1","region":"eu-west-1"}'
assert_status 201 "a web server to monitor"
api POST /servers '{"id":"h-db-1","type":"database","ip":"10.77.0.2"}'
api POST /servers '{"id":"h-new","type":"web","ip":"10.77.0.3"}'
api POST /servers '{"id":"h-noport","type":"web","ip":"10.77.0.4"}'
api POST /servers '{"id":"h-maint","type":"web","ip":"10.77.0.5"}'
api POST /servers '{"id":"h-v6","type":"cache","ip":"fd00::7"}'
api POST /clusters '{"name":"zeta-h","servers":["h-web-1"]}'
api POST /clusters '{"name":"alpha-h","servers":["h-web-1"]}'
assert_status 201 "h-web-1 in two clusters"

sqlite3 -batch -cmd '.timeout 5000' "$UC_DB" "
UPDATE servers SET status = 'active' WHERE id = 'h-web-1';
UPDATE servers SET status = 'inactive' WHERE id = 'h-db-1';
UPDATE servers SET status = 'active' WHERE id = 'h-maint';
INSERT INTO probe_current(server, checked, latency_ms, cpu, mem, disk,
    net_in, net_out, tcp_conns, uptime, load1)
  VALUES ('h-web-1', $now, 12.5, 25, 50, 75, 1000, 2000.5, 7, 3600, 0.5);
INSERT INTO probe_current(server, checked) VALUES ('h-db-1', $now);
INSERT INTO probe_current(server, checked) VALUES ('h-maint', $now);
INSERT INTO probe_settings(server, node_port, maintenance, updated)
  VALUES ('h-web-1', 9200, 0, $now), ('h-noport', 0, 0, $now),
         ('h-maint', NULL, 1, $now);
INSERT OR REPLACE INTO daemon_counters(family, kind, type, help, value, updated)
  VALUES ('daemon_probes_total', 'tcp', 'counter', 'Checks run.', 42, $now),
         ('daemon_probes_total', 'http', 'counter', 'Checks run.', 5, $now),
         ('daemon_queue', '', 'gauge', 'Checks waiting.', 3, $now);
" || fail "fill probe rows with sqlite3"

# ---- /metrics ----
api GET /metrics
assert_status 200 "GET /metrics with health families"
if out=$(promtool check metrics <"$HTTP_BODY" 2>&1); then
    pass "promtool check metrics accepts /metrics (exit 0)"
else
    fail "promtool check metrics accepts /metrics (exit 0)" "$out"
fi
web='{id="h-web-1",type="web",region="eu-west-1",cluster="alpha-h"}'
db='{id="h-db-1",type="database",region="",cluster=""}'
for line in \
    "# TYPE unlimited_cluster_server_up gauge" \
    "unlimited_cluster_server_up$web 1" \
    "unlimited_cluster_server_up$db 0" \
    "unlimited_cluster_probe_latency_seconds$web 0.0125" \
    "unlimited_cluster_cpu_ratio$web 0.25" \
    "unlimited_cluster_memory_used_ratio$web 0.5" \
    "unlimited_cluster_disk_used_ratio$web 0.75" \
    "unlimited_cluster_network_receive_bytes_per_second$web 1000" \
    "unlimited_cluster_network_transmit_bytes_per_second$web 2000.5" \
    "unlimited_cluster_tcp_connections$web 7" \
    "unlimited_cluster_uptime_seconds$web 3600" \
    "unlimited_cluster_load_average$web 0.5" \
    "# TYPE unlimited_cluster_daemon_probes_total counter" \
    'unlimited_cluster_daemon_probes_total{kind="tcp"} 42' \
    'unlimited_cluster_daemon_probes_total{kind="http"} 5' \
    "unlimited_cluster_daemon_queue 3"; do
    if grep -qxF -- "$line" "$HTTP_BODY"; then
        pass "/metrics has: $line"
    else
        fail "/metrics has: $line" "$(grep -F "${line%% *}" "$HTTP_BODY" | head -n 3)"
    fi
done
assert_eq 1 "$(grep -c '^# TYPE unlimited_cluster_daemon_probes_total ' "$HTTP_BODY")" \
    "one TYPE line per daemon family"
assert_eq "" "$(grep -E 'server_up\{id="h-(new|maint|noport)"' "$HTTP_BODY")" \
    "no up sample for a server never probed or in maintenance"
assert_eq "" "$(grep -E 'cpu_ratio\{id="h-db-1"' "$HTTP_BODY")" \
    "no sample for an unmeasured value"
assert_body_not_contains 'he said' "names are never labels"

# ---- /targets ----
target() { # target ID MEMBER: MEMBER ('$.targets[0]') of ID's entry
    sqlite3 -batch :memory: "SELECT json_extract(value, '$2')
        FROM json_each(CAST(readfile('$HTTP_BODY') AS TEXT))
        WHERE json_extract(value, '\$.labels.id') = '$1'"
}
api GET /targets
assert_status 200 "GET /targets"
assert_header Content-type "application/json" "…JSON"
assert_eq "10.77.0.1:9200" "$(target h-web-1 '$.targets[0]')" "…the server's node_port"
assert_eq '{"id":"h-web-1","type":"web","region":"eu-west-1","cluster":"alpha-h"}' \
    "$(target h-web-1 '$.labels')" "…with id, type, region and the first cluster"
assert_eq "10.77.0.2:9100" "$(target h-db-1 '$.targets[0]')" "…9100 by default"
assert_eq "[fd00::7]:9100" "$(target h-v6 '$.targets[0]')" "…an IPv6 address in brackets"
assert_eq "" "$(target h-noport '$.targets[0]')" "…node_port 0 left out"
assert_eq "" "$(target h-maint '$.targets[0]')" "…maintenance left out"
assert_eq "$(db_query "SELECT count(*) FROM servers s LEFT JOIN probe_settings p
    ON p.server = s.id WHERE coalesce(p.node_port, 1) != 0
    AND coalesce(p.maintenance, 0) = 0")" \
    "$(sqlite3 -batch :memory: "SELECT json_array_length(CAST(readfile('$HTTP_BODY') AS TEXT))")" \
    "…one entry per other server"

# ---- /servers/{id}/series ----
api GET "/servers/h-web-1/series?metric=cpu"
assert_status 200 "series without a history yet"
assert_json '$.points' '[]' "…is empty"
assert_json '$.metric' cpu "…names the metric"
for bad in "metric=bogus metric" "metric=cpu&from=20&to=10 from" \
    "metric=cpu&from=0&to=1000000&step=1 step" "metric=cpu&step=x step" \
    "metric=cpu&shape=1 shape" "from=1 metric"; do
    # shellcheck disable=SC2086  # split into query and field
    set -- $bad
    api GET "/servers/h-web-1/series?$1"
    assert_status 400 "series?$1 is refused"
    assert_json '$.error.field' "$2" "…naming $2"
done
api GET "/servers/nobody/series?metric=cpu"
assert_status 404 "series of an unknown server"

# History written as the daemon does (the benchmark tool of the build).
stage=$(readlink "$UC_STATE/www/unlimited-cluster")
bench=$stage/../../tools/hist_bench
rid=$(db_query "SELECT rid FROM servers WHERE id = 'h-web-1'")
start=1799971200 # hist_bench's first sample: 2027-01-15 00:00 UTC, every 15 s
if [ -x "$bench" ] && "$bench" ingest "$(dirname "$UC_DB")/history" "$rid" 8 >/dev/null; then
    api GET "/servers/H-WEB-1/series?metric=cpu&from=$start&to=$((start + 120))&step=60"
    assert_status 200 "series from the history"
    assert_json '$.server' h-web-1 "…the canonical id"
    assert_json '$.step' 60 "…the step"
    assert_json '$.points[0][0]' "$start" "…buckets aligned on the step"
    assert_json '$.points[1][0]' "$((start + 60))" "…one per step"
    assert_json '$.points[0][5]' 4 "…4 samples of 15 s in a minute"
    assert_eq 2 "$(sqlite3 -batch :memory: "SELECT json_array_length(CAST(readfile('$HTTP_BODY') AS TEXT), '\$.points')")" \
        "…two points in two minutes"
    ok=$(sqlite3 -batch :memory: "SELECT count(*) FROM json_each(CAST(readfile('$HTTP_BODY') AS TEXT), '\$.points')
        WHERE json_extract(value, '\$[1]') <= json_extract(value, '\$[3]')
          AND json_extract(value, '\$[3]') <= json_extract(value, '\$[2]')")
    assert_eq 2 "$ok" "…min <= avg <= max"
else
    fail "write a history with $bench"
fi

# ---- a user limited to one cluster ----
uc_user_add mon-ltd mon-ltd-pw 'clusters=alpha-h\n'
as_ltd=(-u mon-ltd:mon-ltd-pw)
api GET "/servers/h-db-1/series?metric=cpu" "" "${as_ltd[@]}"
assert_status 404 "a hidden server's series is 404"
api GET "/servers/h-web-1/series?metric=cpu" "" "${as_ltd[@]}"
assert_status 200 "…a visible one's is not"
api GET /targets "" "${as_ltd[@]}"
assert_eq "h-web-1" "$(json_list '$' labels.id)" "/targets lists only the user's servers"
api GET /metrics "" "${as_ltd[@]}"
assert_body_not_contains 'id="h-db-1"' "/metrics shows no hidden server"
assert_body_contains "unlimited_cluster_server_up$web 1" "…but the visible ones"
