# t0300-servers.sh — add, edit, save, delete servers; every bad input is a
# clear error naming the field with nothing stored; the Referer rule;
# the action log.
post add_server.cgi "id=web-prod-01&name=Web+1&type=web&ip=192.168.1.10&region=us-east-1"
MSG="adding redirects to the dashboard" check status_is 302
check header_has Location index.cgi
check sql_is "SELECT name||'|'||type||'|'||ip||'|'||region||'|'||status FROM servers" "Web 1|web|192.168.1.10|us-east-1|unknown"
MSG="the action is in Webmin's log" check grep -q '"create" "server" "web-prod-01" id='"'"'web-prod-01'"'" "$WEBMIN_VAR/webmin.log"
MSG="the log line has user, session and module" check grep -q '^[0-9]*\.[0-9]*\.0 \[[0-9][0-9]/[A-Z][a-z][a-z]/20[0-9][0-9] [0-9:]*\] admin a77d1d25f9a9598168d769c215269c19 127.0.0.1 unlimited-cluster unlimited-cluster/add_server.cgi ' "$WEBMIN_VAR/webmin.log"
MSG="the log file is private" check test "$(stat -c %a "$WEBMIN_VAR/webmin.log")" = 600

post add_server.cgi "id=db1&type=database&ip=2001:db8::1"
check status_is 302
post add_server.cgi "id=dns1&type=dns&ip=ns1.example.org&ports=53,5353"
check status_is 302
MSG="ports are stored in canonical form" check sql_is "SELECT ports FROM servers WHERE id='dns1'" "53 5353"
MSG="an empty name defaults to the id" check sql_is "SELECT name FROM servers WHERE id='db1'" "db1"

before=$(sql "SELECT count(*)||':'||group_concat(id) FROM servers")
bad() { # bad BODY STATUS TEXT — refused, named, nothing changed
    post add_server.cgi "$1"
    MSG="$1 -> $2" check status_is "$2"
    MSG="$1 names: $3" check body_has "$3"
    MSG="$1 stores nothing" check sql_is "SELECT count(*)||':'||group_concat(id) FROM servers" "$before"
}
bad "id=web-prod-01&type=web&ip=10.0.0.2" 409 "A server with id web-prod-01 already exists."
bad "id=&type=web&ip=10.0.0.2" 400 "Server id"
bad "id=-bad&type=web&ip=10.0.0.2" 400 "Server id"
bad "id=web9&type=toaster&ip=10.0.0.2" 400 "is not a server type"
bad "id=web9&type=web&ip=999.1.1.1" 400 "Address"
bad "id=web9&type=web&ip=bad_host!" 400 "Address"
bad "id=web9&type=web&ip=10.0.0.9&region=US%20East" 400 "Region"
bad "id=web9&type=web&ip=10.0.0.9&ports=80,70000" 400 "70000"
bad "id=web9&type=web&ip=10.0.0.9&name=%00x" 400 "Name"
bad "id=web9&type=web&ip=10.0.0.9&name=%ff%fe" 400 "Name"
bad "id=web9&type=web&ip=10.0.0.9&name=%zz" 400 "Name"
bad "id=web9&type=web&ip=10.0.0.9&id=web10" 400 "Server id"
bad "id=web9&type=web&ip=10.0.0.9&evil=1" 400 "evil"

REFERER=none post add_server.cgi "id=web9&type=web&ip=10.0.0.9"
MSG="no Referer with referers_none=1 is refused" check status_is 403
check body_has "Referer"
REFERER=http://evil.example/x post add_server.cgi "id=web9&type=web&ip=10.0.0.9"
MSG="a foreign Referer is refused" check status_is 403
REFERER=http://127.0.0.1:10000.evil.example/ post add_server.cgi "id=web9&type=web&ip=10.0.0.9"
MSG="a look-alike Referer is refused" check status_is 403
CGI_ENV=("HTTP_ORIGIN=http://evil.example")
post add_server.cgi "id=web9&type=web&ip=10.0.0.9"
MSG="a foreign Origin is refused" check status_is 403
CGI_ENV=()
MSG="refused requests changed nothing" check sql_is "SELECT count(*)||':'||group_concat(id) FROM servers" "$before"
printf 'referers=trusted.example\n' >>"$WEBMIN_CONFIG/config"
REFERER=http://trusted.example/ post add_server.cgi "id=web9&type=web&ip=10.0.0.9"
MSG="a Referer listed in referers is trusted" check status_is 302
printf 'referers_none=0\n' >>"$WEBMIN_CONFIG/config"
REFERER=none post add_server.cgi "id=web10&type=web&ip=10.0.0.10"
MSG="no Referer is allowed with referers_none=0" check status_is 302
printf 'referers_none=1\n' >>"$WEBMIN_CONFIG/config"

cgi GET add_server.cgi "id=web11&type=web&ip=10.0.0.11"
MSG="a GET cannot change data" check status_is 405
MSG="the GET stored nothing" check sql_is "SELECT count(*) FROM servers WHERE id='web11'" 0

CTYPE=application/json post add_server.cgi '{"id":"web11","name":"Web 11","type":"web","ip":"10.0.0.11"}'
MSG="a JSON body is accepted" check status_is 302
CTYPE=multipart/form-data post add_server.cgi "id=web12"
MSG="another body type is 415" check status_is 415

cgi GET edit_server.cgi "id=web-prod-01"
check status_is 200
check body_has 'value="Web 1"'
MSG="the server's page links to it in the diagram" check body_has 'href="diagram.cgi?focus=web-prod-01"'
cgi GET edit_server.cgi "id=nope"
MSG="an unknown server is 404" check status_is 404
check body_has "There is no server with id nope."

post save_server.cgi "id=web-prod-01&name=Front&type=loadbalancer&ip=10.1.1.1&region=eu-west-1&ports=443"
check status_is 302
check header_has Location "edit_server.cgi?id=web-prod-01"
check sql_is "SELECT name||'|'||type||'|'||ip||'|'||region||'|'||ports FROM servers WHERE id='web-prod-01'" "Front|loadbalancer|10.1.1.1|eu-west-1|443"
post save_server.cgi "id=web-prod-01&name=Front&type=web&ip=not%20a%20host"
MSG="a bad save is refused" check status_is 400
MSG="a bad save changes nothing" check sql_is "SELECT type FROM servers WHERE id='web-prod-01'" "loadbalancer"
post save_server.cgi "id=ghost&type=web&ip=10.0.0.1"
MSG="saving an unknown server is 404" check status_is 404

post delete_server.cgi "id=dns1"
check status_is 302
check sql_is "SELECT count(*) FROM servers WHERE id='dns1'" 0
post delete_server.cgi "servers=web9&servers=ghost"
MSG="deleting a list with an unknown id fails whole" check status_is 404
MSG="…and keeps the known one" check sql_is "SELECT count(*) FROM servers WHERE id='web9'" 1
post delete_server.cgi "servers=web9&servers=web10"
check status_is 302
check sql_is "SELECT count(*) FROM servers WHERE id IN ('web9','web10')" 0
check stderr_empty
