# t0970-network.sh — the network page: empty estate and empty history,
# top talkers in traffic / connection order with their range figures from
# a history written by tools/hist_fill, latency of both ends with health
# colours, paging of both tables, filters, the estate charts, bad input
# refused and escaped, and a user limited to one cluster seeing only it.
HIST_FILL="$STAGE/../../tools/hist_fill"
HDIR="$WEBMIN_VAR/modules/unlimited-cluster/history"
# row_of ID — the line number of server ID's row in the talkers table
talkers_table() { sed -n '/<table class="table table-condensed uc-talkers">/,/<\/table>/p' <<<"$BODY"; }
links_table() { sed -n '/<table class="table table-condensed uc-links">/,/<\/table>/p' <<<"$BODY"; }
row_of() { talkers_table | grep -n "edit_server.cgi?id=$1\"" | head -1 | cut -d: -f1; }

cgi GET network.cgi ""
check status_is 200
MSG="empty estate: the page has its title" check body_has "<title>Network"
MSG="empty estate: no history is a note" check body_has "No history yet"
MSG="empty estate: no talkers" check body_has "No server matching the filter has network figures yet"
MSG="empty estate: no connections" check body_has "No connection matches the filter."
MSG="the default range is 24 h" check body_has 'btn-primary" aria-current="true" href="network.cgi?range=24h"'
check stderr_empty

for s in n1:web:eu-west-1 n2:database:eu-west-1 n3:web:us-east-1 n4:cache:us-east-1; do
    IFS=: read -r id type region <<<"$s"
    post add_server.cgi "id=$id&type=$type&ip=10.0.1.${id#n}&region=$region"
done
post create_cluster.cgi "name=netc&servers=n1&servers=n2"
post connect.cgi "from=n1&to=n2&type=database"
post connect.cgi "from=n3&to=n4&type=cache"
post connect.cgi "from=n1&to=n3&type=http"
MSG="the estate is in place" check sql_is "SELECT count(*) FROM connections" 3
sql_w() { sqlite3 "$DB" "$1"; }
sql_w "UPDATE servers SET status = 'inactive' WHERE id = 'n4';
INSERT INTO probe_current (server, checked, latency_ms, cpu, mem, disk,
  net_in, net_out, tcp_conns, load1) VALUES
  ('n1', 1790000000, 1.5, 10, 20, 30, 100, 200, 40, 0.1),
  ('n2', 1790000000, 900, 20, 20, 30, 4000000, 6000000, 5, 0.2),
  ('n3', 1790000000, 2.5, 30, 20, 30, 50000, 50000, 7, 0.3),
  ('n4', 1790000000, NULL, 40, 20, 30, NULL, NULL, NULL, 0.4);"

cgi GET network.cgi ""
check status_is 200
MSG="n2 tops the talkers" check test "$(row_of n2)" -lt "$(row_of n3)"
MSG="n3 before n1" check test "$(row_of n3)" -lt "$(row_of n1)"
MSG="n4 has no traffic figures: not a talker" check test -z "$(row_of n4)"
MSG="current traffic scaled" check body_has "<td class=\"uc-num\">6.0 MB/s</td>"
MSG="a fast end is green" check grep -q 'uc-state-active" title="Answering within the warning threshold">1.5 ms' <<<"$(links_table)"
MSG="a slow end is orange" check grep -q 'uc-state-warning" title="Slower than the warning threshold, or degraded">900.0 ms' <<<"$(links_table)"
MSG="an inactive end is red" check grep -q 'uc-state-inactive" title="Inactive: not answering">' <<<"$(links_table)"
MSG="three connections listed" check test "$(links_table | grep -c '<tr><td>')" -eq 3
cgi GET network.cgi "sort=connections"
check status_is 200
MSG="by connections: n1 (40) first" check test "$(row_of n1)" -lt "$(row_of n3)"
MSG="by connections: the range links keep the order" check body_has 'href="network.cgi?range=7d&amp;sort=connections'
MSG="still no chart without a history" check body_lacks "<svg"

# Filters: type, region, cluster.
cgi GET network.cgi "type=web"
check status_is 200
MSG="type=web: n2 is not a talker" check test -z "$(row_of n2)"
MSG="type=web: connections of web servers (all three touch one)" check test "$(links_table | grep -c '<tr><td>')" -eq 3
MSG="type=web is kept by the range buttons" check body_has 'href="network.cgi?range=1h&amp;type=web"'
cgi GET network.cgi "region=us-east-1"
MSG="region: n3 only among the talkers" check test -n "$(row_of n3)" -a -z "$(row_of n1)"
MSG="region: n3-n4 and n1-n3" check test "$(links_table | grep -c '<tr><td>')" -eq 2
cgi GET network.cgi "cluster=netc"
MSG="cluster: n1 and n2" check test -n "$(row_of n1)" -a -n "$(row_of n2)" -a -z "$(row_of n3)"
MSG="cluster: connections touching it" check test "$(links_table | grep -c '<tr><td>')" -eq 2

# The history: net_in 1500 and net_out 2500 B/s for n1 and n2 over two days.
now=$(date +%s)
for id in n1 n2; do
    rid=$(sql "SELECT rid FROM servers WHERE id='$id'")
    MSG="hist_fill writes $id's history" check "$HIST_FILL" "$HDIR" "$rid" 172800 300 "$now"
done
cgi GET network.cgi ""
check status_is 200
MSG="four estate charts" check test "$(grep -o '<svg class="uc-chart"' <<<"$BODY" | wc -l)" -eq 4
MSG="figures over the four servers" check body_has "Figures over 4 servers"
MSG="total traffic in of the latest bucket: 2 x 1.5 kB/s" check body_has "Total <b>3.0 kB/s</b>"
MSG="latency mean" check body_has "Mean <b>2.2 ms</b>"
MSG="n1's mean over the range" check grep -q 'id=n1".*<td class="uc-num">1.5 kB/s</td><td class="uc-num">2.5 kB/s</td>' <<<"$(talkers_table)"
MSG="n3 has no history: its range figures are blank" check grep -q 'id=n3".*<td class="uc-num">—</td><td class="uc-num">—</td>' <<<"$(talkers_table)"
MSG="no external script or stylesheet" check body_lacks 'src="http'
for r in 1h 7d 30d; do
    cgi GET network.cgi "range=$r"
    MSG="range=$r renders" check status_is 200
    MSG="range=$r has the charts" check test "$(grep -o '<svg class="uc-chart"' <<<"$BODY" | wc -l)" -eq 4
done
check stderr_empty

# Paging: 52 more servers connected to n2, with traffic 1..52.
for i in $(seq 1 52); do
    post add_server.cgi "id=p$i&type=web&ip=10.0.2.$i"
    post connect.cgi "from=p$i&to=n2&type=standard"
done
sql_w "INSERT INTO probe_current (server, checked, net_in, net_out)
  SELECT id, 1790000000, CAST(substr(id, 2) AS INTEGER), 0 FROM servers
  WHERE id LIKE 'p%';"
cgi GET network.cgi ""
MSG="page 1: 25 talkers" check test "$(talkers_table | grep -c '<tr><td>')" -eq 25
MSG="page 1: a next link" check body_has 'href="network.cgi?range=24h&amp;skip=25#talkers"'
MSG="an end never probed is grey" check grep -q 'uc-state-unknown" title="Not probed yet">—</span>' <<<"$(links_table)"
MSG="page 1: 50 connections" check test "$(links_table | grep -c '<tr><td>')" -eq 50
after=$(grep -o 'network.cgi?range=24h&amp;after=[0-9]*#links' <<<"$BODY" | sed 's/.*after=//; s/#.*//')
MSG="page 1 of the connections: a next link" check test -n "$after"
cgi GET network.cgi "skip=25"
MSG="talkers page 2: 25 rows" check test "$(talkers_table | grep -c '<tr><td>')" -eq 25
MSG="talkers page 2: a previous link" check body_has 'skip=0#talkers'
cgi GET network.cgi "skip=50"
MSG="talkers page 3: the last 5" check test "$(talkers_table | grep -c '<tr><td>')" -eq 5
cgi GET network.cgi "after=$after"
MSG="connections page 2: the last 5" check test "$(links_table | grep -c '<tr><td>')" -eq 5
MSG="connections page 2: a first link" check body_has 'href="network.cgi?range=24h#links"'

# Bad input: refused with the field's message, escaped.
cgi GET network.cgi "range=%3Cb%3E"
MSG="bad range: 400" check status_is 400
MSG="bad range: escaped" check body_has "&lt;b&gt;"
cgi GET network.cgi "sort=%3Cscript%3E"
MSG="bad sort: 400" check status_is 400
MSG="bad sort: escaped" check body_has "&lt;script&gt;"
cgi GET network.cgi "type=router"
MSG="bad type: 400" check status_is 400
cgi GET network.cgi "region=EU%20West"
MSG="bad region: 400" check status_is 400
cgi GET network.cgi "cluster=a%22b"
MSG="bad cluster: 400" check status_is 400
cgi GET network.cgi "skip=-1"
MSG="negative skip: 400" check status_is 400
cgi GET network.cgi "skip=999999"
MSG="skip past the cap: 400" check status_is 400
cgi GET network.cgi "after=x"
MSG="bad cursor: 400" check status_is 400
cgi GET network.cgi "bogus=1"
MSG="unknown parameter: 400" check status_is 400
check stderr_empty

# The dashboard links here.
cgi GET index.cgi ""
MSG="the dashboard links to the network page" check body_has 'href="network.cgi"'

# A user limited to cluster netc sees n1 and n2 only.
CGI_USER=netscoped
printf 'netscoped: unlimited-cluster\n' >>"$WEBMIN_CONFIG/webmin.acl"
printf 'clusters=netc\n' >"$WEBMIN_CONFIG/unlimited-cluster/netscoped.acl"
cgi GET network.cgi ""
check status_is 200
MSG="scoped: n1 and n2 listed" check test -n "$(row_of n1)" -a -n "$(row_of n2)"
MSG="scoped: n3 hidden" check body_lacks "id=n3\""
MSG="scoped: p1 hidden" check body_lacks "id=p1\""
MSG="scoped: one connection (n1-n2)" check test "$(links_table | grep -c '<tr><td>')" -eq 1
MSG="scoped: the charts cover its two servers" check body_has "Figures over 2 servers"
cgi GET network.cgi "region=us-east-1"
MSG="scoped: another cluster's region shows nothing" check body_has "No connection matches the filter."
CGI_USER=admin
check stderr_empty
