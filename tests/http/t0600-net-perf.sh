# shellcheck shell=bash
# t0600-net-perf.sh — the network and performance pages through the real
# server: login required, HTML with the estate's servers and both ends of a
# connection, help pages served, a bad range refused.

http GET network.cgi "" --no-auth
assert_status 401 "network page: login required"

api POST /servers '{"id":"hnet1","type":"web","ip":"10.9.0.1","region":"eu-west-1"}'
assert_status 201 "a server for the pages"
api POST /servers '{"id":"hnet2","type":"database","ip":"10.9.0.2"}'
assert_status 201 "a second server"
api POST /connections '{"from":"hnet1","to":"hnet2","type":"database"}'
assert_status 201 "a connection between them"
sqlite3 -batch -cmd '.timeout 5000' "$UC_DB" \
    "INSERT INTO probe_current (server, checked, latency_ms, cpu, net_in,
     net_out) VALUES ('hnet1', 1790000000, 3.5, 42, 1000, 2000),
     ('hnet2', 1790000000, 7.25, 12, 10, 20)"

http GET network.cgi
assert_status 200 "network page: 200"
assert_header Content-type text/html "network page: HTML"
assert_body_contains 'edit_server.cgi?id=hnet1"' "network page: a talker"
assert_body_contains '>3.5 ms</span>' "network page: one end's latency"
assert_body_contains '>7.2 ms</span>' "network page: the other end's latency"

http GET "performance.cgi?sort=cpu&type=web"
assert_status 200 "performance page: 200"
assert_body_contains '<td class="uc-num">42.0 %</td>' "performance page: current cpu"
assert_body_not_contains 'id=hnet2"' "performance page: type filter applies"

http GET "performance.cgi?range=1y"
assert_status 400 "performance page: a bad range is 400"

http GET "help.cgi?page=network"
assert_status 200 "network help page"
assert_body_contains "Top talkers" "network help: its text"
http GET "help.cgi?page=performance"
assert_status 200 "performance help page"
assert_body_contains "Busiest servers" "performance help: its text"
