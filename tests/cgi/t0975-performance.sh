# t0975-performance.sh — the performance page: empty estate and empty
# history, the busiest servers in each order with their range figures, the
# estate charts (mean, median, 95th percentile, highest, totals) from a
# history written by tools/hist_fill, every range, filters, bad input
# refused and escaped, and a user limited to one cluster seeing only it.
HIST_FILL="$STAGE/../../tools/hist_fill"
HDIR="$WEBMIN_VAR/modules/unlimited-cluster/history"
busy_table() { sed -n '/<table class="table table-condensed uc-busiest">/,/<\/table>/p' <<<"$BODY"; }
row_of() { busy_table | grep -n "edit_server.cgi?id=$1\"" | head -1 | cut -d: -f1; }
# points NAME — how many x,y pairs the polylines of metric NAME's chart have
points() {
    sed -n 's/.*<figure class="uc-chart-box" data-metric="'"$1"'">\(.*\)/\1/p' <<<"$BODY" |
        sed 's|</figure>.*||' | grep -o '<polyline[^>]*points="[^"]*"' |
        sed 's/.*points="//; s/"$//' | tr ' ' '\n' | grep -c ,
}

cgi GET performance.cgi ""
check status_is 200
MSG="empty estate: the page has its title" check body_has "<title>Performance"
MSG="empty estate: no history is a note" check body_has "No history yet"
MSG="empty estate: no busiest servers" check body_has "No server matching the filter has metrics yet"
MSG="empty estate: no chart" check body_lacks "<svg"
check stderr_empty

for s in q1:web:eu-west-1 q2:database:eu-west-1 q3:web:us-east-1; do
    IFS=: read -r id type region <<<"$s"
    post add_server.cgi "id=$id&type=$type&ip=10.0.3.${id#q}&region=$region"
done
post create_cluster.cgi "name=perfc&servers=q1&servers=q2"
sqlite3 "$DB" "INSERT INTO probe_current (server, checked, cpu, mem, disk,
  load1) VALUES
  ('q1', 1790000000, 85, 10, 50, 0.5),
  ('q2', 1790000000, 20, 90, 40, 3.25),
  ('q3', 1790000000, 50, 50, 99, NULL);"
cgi GET performance.cgi ""
check status_is 200
MSG="by cpu: q1 first" check test "$(row_of q1)" -lt "$(row_of q3)"
MSG="by cpu: q3 before q2" check test "$(row_of q3)" -lt "$(row_of q2)"
MSG="current cpu shown" check body_has '<td class="uc-num">85.0 %</td>'
cgi GET performance.cgi "sort=memory"
MSG="by memory: q2 first" check test "$(row_of q2)" -lt "$(row_of q3)"
MSG="by memory: the column says so" check body_has "<th>Memory, range mean</th>"
cgi GET performance.cgi "sort=disk"
MSG="by disk: q3 first" check test "$(row_of q3)" -lt "$(row_of q1)"
cgi GET performance.cgi "sort=load"
MSG="by load: q3 has none and is left out" check test -z "$(row_of q3)"
MSG="by load: q2 first" check test "$(row_of q2)" -lt "$(row_of q1)"

# History: cpu 10 + i % 50, memory 40, disk 55.5, net 1500/2500 for q1, q2.
now=$(date +%s)
for id in q1 q2; do
    rid=$(sql "SELECT rid FROM servers WHERE id='$id'")
    MSG="hist_fill writes $id's history" check "$HIST_FILL" "$HDIR" "$rid" 172800 300 "$now"
done
cgi GET performance.cgi ""
check status_is 200
MSG="six estate charts" check test "$(grep -o '<svg class="uc-chart"' <<<"$BODY" | wc -l)" -eq 6
MSG="figures over the three servers" check body_has "Figures over 3 servers"
n=$(points memory)
MSG="24 h at 5 min: 287-289 points (got $n)" check test "$n" -ge 287 -a "$n" -le 289
MSG="a min-max band" check body_has '<polygon class="uc-chart-band"'
MSG="memory: mean of the latest bucket" check body_has "Mean <b>40.0 %</b>"
MSG="memory: median" check body_has "Median <b>40.0 %</b>"
MSG="memory: 95th percentile" check body_has "95th percentile <b>40.0 %</b>"
MSG="disk: highest" check body_has "Highest <b>55.5 %</b>"
MSG="network in: total of two servers" check body_has "Total <b>3.0 kB/s</b>"
MSG="network out: total of two servers" check body_has "Total <b>5.0 kB/s</b>"
cgi GET performance.cgi "sort=memory"
MSG="q1's memory over the range: mean and peak 40" check grep -q 'id=q1".*<td class="uc-num">40.0 %</td><td class="uc-num">40.0 %</td></tr>' <<<"$(busy_table)"
MSG="q3 has no history: blank range figures" check grep -q 'id=q3".*<td class="uc-num">—</td><td class="uc-num">—</td></tr>' <<<"$(busy_table)"
cgi GET performance.cgi "range=1h"
check status_is 200
n=$(sed -n 's/.*<figure class="uc-chart-box" data-metric="cpu">\(.*\)/\1/p' <<<"$BODY" |
    sed 's|</figure>.*||' | grep -o 'uc-chart-dot' | wc -l)
MSG="1 h at 1 min over 5 min samples: 12-13 separate dots (got $n)" check test "$n" -ge 12 -a "$n" -le 13
cgi GET performance.cgi "range=7d"
check status_is 200
n=$(points disk)
MSG="7 d hourly over two days: 48-50 points (got $n)" check test "$n" -ge 48 -a "$n" -le 50
cgi GET performance.cgi "range=30d"
check status_is 200
n=$(points disk)
MSG="30 d at 3 h over two days: 16-18 points (got $n)" check test "$n" -ge 16 -a "$n" -le 18
MSG="range=30d is marked" check body_has 'aria-current="true" href="performance.cgi?range=30d"'
check stderr_empty

cgi GET performance.cgi "type=database"
check status_is 200
MSG="type=database: one server" check body_has "Figures over 1 servers"
MSG="type=database: q2 only" check test -n "$(row_of q2)" -a -z "$(row_of q1)"
cgi GET performance.cgi "region=us-east-1"
MSG="region: q3 only, whose history is empty" check body_has "No data in this range"
cgi GET performance.cgi "cluster=nosuch"
check status_is 200
MSG="an unknown cluster: nothing" check body_has "Figures over 0 servers"

cgi GET performance.cgi "range=2y"
MSG="bad range: 400" check status_is 400
check body_has "must be 1h, 24h, 7d or 30d"
cgi GET performance.cgi "sort=%3Ci%3E"
MSG="bad sort: 400" check status_is 400
MSG="bad sort: escaped" check body_has "&lt;i&gt;"
cgi GET performance.cgi "type=%3Cb%3E"
MSG="bad type: 400" check status_is 400
MSG="bad type: escaped" check body_has "&lt;b&gt;"
check stderr_empty

cgi GET index.cgi ""
MSG="the dashboard links to the performance page" check body_has 'href="performance.cgi"'

CGI_USER=perfscoped
printf 'perfscoped: unlimited-cluster\n' >>"$WEBMIN_CONFIG/webmin.acl"
printf 'clusters=perfc\n' >"$WEBMIN_CONFIG/unlimited-cluster/perfscoped.acl"
cgi GET performance.cgi ""
check status_is 200
MSG="scoped: figures over its two servers" check body_has "Figures over 2 servers"
MSG="scoped: q3 hidden" check body_lacks 'id=q3"'
MSG="scoped: q1 listed" check test -n "$(row_of q1)"
CGI_USER=admin
check stderr_empty
