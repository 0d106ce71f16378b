# t0950-health.sh — a server page's Health section: current values from
# probe_current, "no history yet" without a history directory, one SVG
# chart per metric drawn from a history written by tools/hist_fill, the
# range buttons (1h raw, 24h at 5 min), range=30d, a bad range is a 400.
HIST_FILL="$STAGE/../../tools/hist_fill"
HDIR="$WEBMIN_VAR/modules/unlimited-cluster/history"
# points NAME — how many x,y pairs the polylines of metric NAME's chart have
points() {
    sed -n 's/.*<figure class="uc-chart-box" data-metric="'"$1"'">\(.*\)/\1/p' <<<"$BODY" |
        sed 's|</figure>.*||' | grep -o '<polyline[^>]*points="[^"]*"' |
        sed 's/.*points="//; s/"$//' | tr ' ' '\n' | grep -c ,
}

post add_server.cgi "id=mon-a&type=web&ip=10.0.0.5"
check status_is 302
cgi GET edit_server.cgi "id=mon-a"
MSG="the page shows a Health section" check body_has '<h2 id="health">Health</h2>'
MSG="a server never probed says so" check body_has "Never checked"
MSG="no history directory: a note, not an error" check body_has "No history yet"
check status_is 200
MSG="no chart without a history" check body_lacks "<svg"

now=$(date +%s)
sql_w() { sqlite3 "$DB" "$1"; }
sql_w "INSERT INTO probe_current (server, checked, checks, failed, latency_ms,
  error, cpu, mem, disk, net_in, net_out, tcp_conns, uptime, load1, load5,
  load15) VALUES ('mon-a', 1790000000, 3, 1, 4.5, 'port 443: <refused>',
  37.25, 61.5, 70.0, 2500000, 1500, 42, 200000, 0.75, 0.5, 0.25)"
cgi GET edit_server.cgi "id=mon-a"
check status_is 200
MSG="last check in UTC" check body_has "2026-09-21 14:13:20 UTC"
MSG="latency" check body_has "4.5 ms"
MSG="cpu" check body_has "37.2 %"
MSG="memory" check body_has "61.5 %"
MSG="network in scaled" check body_has "2.5 MB/s"
MSG="network out scaled" check body_has "1.5 kB/s"
MSG="tcp connections" check body_has "<td>42</td>"
MSG="uptime in days" check body_has "2.3 d"
MSG="load 1/5/15" check body_has "0.75 / 0.50 / 0.25"
MSG="the last error, escaped" check body_has "port 443: &lt;refused&gt;"

rid=$(sql "SELECT rid FROM servers WHERE id='mon-a'")
MSG="hist_fill writes two days of samples" check "$HIST_FILL" "$HDIR" "$rid" 172800 60 "$now"
cgi GET edit_server.cgi "id=mon-a"
check status_is 200
MSG="the default range is 24 h" check body_has 'btn-primary" aria-current="true" href="edit_server.cgi?id=mon-a&amp;range=24h"'
MSG="ten charts" check test "$(grep -o '<svg class="uc-chart"' <<<"$BODY" | wc -l)" -eq 10
n=$(points cpu)
MSG="24 h at 5 min: 287-288 points (got $n)" check test "$n" -ge 287 -a "$n" -le 288
MSG="a min-max band under the line" check body_has '<polygon class="uc-chart-band"'
MSG="value axis with its unit" check body_has '>0.0 %</text>'
MSG="time axis in UTC" check grep -q '[0-9][0-9]:[0-9][0-9] UTC</text>' <<<"$BODY"
MSG="no script, no external URL" check body_lacks '<script src="http'
cgi GET edit_server.cgi "id=mon-a&range=1h"
check status_is 200
n=$(points cpu)
MSG="1 h raw at 60 s: 59-60 points (got $n)" check test "$n" -ge 59 -a "$n" -le 60
cgi GET edit_server.cgi "id=mon-a&range=7d"
check status_is 200
n=$(points memory)
MSG="7 d hourly over two days of data: 48-50 points (got $n)" check test "$n" -ge 48 -a "$n" -le 50
cgi GET edit_server.cgi "id=mon-a&range=30d"
check status_is 200
n=$(points disk)
MSG="30 d at 3 h: 16-18 points (got $n)" check test "$n" -ge 16 -a "$n" -le 18
MSG="range=30d is marked" check body_has 'aria-current="true" href="edit_server.cgi?id=mon-a&amp;range=30d"'
cgi GET edit_server.cgi "id=mon-a&range=2y"
MSG="a bad range is refused" check status_is 400
check body_has "must be 1h, 24h, 7d or 30d"
cgi GET edit_server.cgi "id=mon-a&range=%3Cb%3E"
check status_is 400
MSG="the bad value is escaped" check body_has "&lt;b&gt;"
check stderr_empty

# The dashboard's servers table: a CPU sparkline beside the status of a
# server with history, none for one without.
post add_server.cgi "id=mon-b&type=web&ip=10.0.0.6"
check status_is 302
cgi GET index.cgi ""
check status_is 200
MSG="one sparkline on the dashboard" check test "$(grep -o '<svg class="uc-spark"' <<<"$BODY" | wc -l)" -eq 1
n=$(grep -o '<svg class="uc-spark".*' <<<"$BODY" | sed 's|</svg>.*||' |
    grep -o 'points="[^"]*"' | sed 's/points="//; s/"$//' | tr ' ' '\n' | grep -c ,)
MSG="the last hour at 5 min: 12-13 points (got $n)" check test "$n" -ge 12 -a "$n" -le 13
MSG="the sparkline is named" check body_has 'aria-label="CPU, last hour"'
check stderr_empty
