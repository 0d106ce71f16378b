# t0400-connect.sh — connections: from/to, bulk selection, errors,
# disconnect in either direction.
for s in "lb1 loadbalancer" "web1 web" "web2 web" "db1 database" "cache1 cache"; do
    set -- $s
    post add_server.cgi "id=$1&type=$2&ip=10.0.0.$((RANDOM % 250 + 1))"
done
post connect.cgi "from=web1&to=db1&type=database"
check status_is 302
check sql_is "SELECT from_id||'>'||to_id||':'||type FROM connections" "web1>db1:database"
MSG="the connect is logged" check grep -q '"connect" "connection" "web1->db1"' "$WEBMIN_VAR/webmin.log"
post connect.cgi "from=db1&to=web1&type=standard"
MSG="the reverse of an existing pair is a duplicate" check status_is 409
post connect.cgi "from=web1&to=web1"
MSG="a self-connection is refused" check status_is 400
check body_has "cannot be connected to itself"
post connect.cgi "from=web1&to=ghost"
MSG="an unknown end is 404" check status_is 404
post connect.cgi "from=web1&to=db1x&type=carrier-pigeon"
MSG="a bad connection type is 400" check status_is 400
MSG="bad connects stored nothing" check sql_is "SELECT count(*) FROM connections" 1

post connect.cgi "servers=web1&servers=web2&to=lb1&type=http"
MSG="selected servers connect to a target" check status_is 302
check sql_is "SELECT count(*) FROM connections WHERE to_id='lb1' AND type='http'" 2
post connect.cgi "servers=web2&servers=cache1&servers=db1"
MSG="selected servers connect in a chain" check status_is 302
check sql_is "SELECT count(*) FROM connections" 5
post connect.cgi "servers=web2"
MSG="one selected server and no target is refused" check status_is 400

post disconnect.cgi "from=db1&to=web1"
MSG="disconnect works in either direction" check status_is 302
check sql_is "SELECT count(*) FROM connections WHERE from_id='web1' AND to_id='db1'" 0
post disconnect.cgi "from=db1&to=web1"
MSG="disconnecting twice is 404" check status_is 404
post delete_server.cgi "id=lb1"
MSG="deleting a server removes its connections" check sql_is "SELECT count(*) FROM connections WHERE to_id='lb1' OR from_id='lb1'" 0
cgi GET edit_server.cgi "id=web2"
check body_has 'edit_server.cgi?id=cache1'
