# t40-metrics.sh — host metrics scraped from a real prometheus-node-exporter
# match what node_exporter itself reports; this machine's own metrics come
# from /proc; a failing scrape never changes the status.
# shellcheck shell=bash

fresh check_interval=1 icmp=0 timeout_ms=500
NE=$(free_port)
MSG="prometheus-node-exporter listens on 127.0.0.2:$NE" check node_exporter 127.0.0.2 "$NE"
serve tcp 127.0.0.2 0 lst
L=$PORT_OUT
add_server mon-1 monitoring 127.0.0.2 "$L"
probe_set mon-1 node_port "$NE"
add_server self-1 database 127.0.0.1 "$L"
add_server nometrics-1 database 127.0.0.2 "$L"
probe_set nometrics-1 node_port 0
start_daemon
cpu_known() { [ -n "$(cur mon-1 cpu)" ]; }
MSG="CPU % appears after two scrapes" check wait_for 6 cpu_known
python3 "$HERE/nemetrics.py" "http://127.0.0.2:$NE" 1 >"$W/ne.txt"
ne() { sed -n "s/^$1=//p" "$W/ne.txt"; }
MSG="source is node_exporter, no error" \
    check test "$(cur mon-1 "metrics_source || '|' || metrics_error")" = "node_exporter|"
MSG="memory used % $(cur mon-1 mem) ~ node_exporter's $(ne mem)" check near "$(cur mon-1 mem)" "$(ne mem)" 2
MSG="disk used % $(cur mon-1 disk) ~ $(ne disk)" check near "$(cur mon-1 disk)" "$(ne disk)" 0.5
MSG="uptime $(cur mon-1 uptime) ~ $(ne uptime)" check near "$(cur mon-1 uptime)" "$(ne uptime)" 10
MSG="load1 $(cur mon-1 load1) ~ $(ne load1)" check near "$(cur mon-1 load1)" "$(ne load1)" 1.5
MSG="load5 $(cur mon-1 load5) ~ $(ne load5)" check near "$(cur mon-1 load5)" "$(ne load5)" 0.5
MSG="TCP connections $(cur mon-1 tcp_conns) ~ $(ne tcp)" check near "$(cur mon-1 tcp_conns)" "$(ne tcp)" 40
# CPU % swings from second to second on a shared machine: node_exporter's
# own figure over another second is no reference; the value must be a %.
MSG="CPU % $(cur mon-1 cpu) is a percentage (node_exporter over another second: $(ne cpu))" \
    check between "$(cur mon-1 cpu)" 0 100
MSG="network in $(cur mon-1 net_in) B/s is a rate ~ $(ne net_in)" \
    check between "$(cur mon-1 net_in)" 0 $(python3 -c "print(float('$(ne net_in)') * 5 + 100000)")
MSG="network out is a rate too" check between "$(cur mon-1 "coalesce(net_out, -1)")" 0 1e9
MSG="this machine (127.0.0.1) is read from /proc" check cur_is self-1 metrics_source local
memtotal=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
memavail=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo)
MSG="...its memory % ~ /proc/meminfo" \
    check near "$(cur self-1 mem)" "$(python3 -c "print(100 * (1 - $memavail / $memtotal))")" 2
MSG="node_port 0: no metrics" \
    check test "$(cur nometrics-1 "metrics_source || '|' || coalesce(mem, 'none')")" = "|none"
MSG="the scrapes are counted" check [ "$(counter daemon_probes_total scrape)" -ge 2 ]

kill "$NE_PID"
scrape_failed() { grep -q 'node_exporter: ' <<<"$(cur mon-1 metrics_error)"; }
MSG="node_exporter gone: the metrics error says so" check wait_for 5 scrape_failed
sleep 1.5
MSG="...and the server stays active (its port answers)" check status_is mon-1 active
stop_daemon
MSG="SIGTERM stops it cleanly (exit $DRC)" check [ "$DRC" = 0 ]
