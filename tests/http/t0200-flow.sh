# shellcheck shell=bash
# t0200-flow.sh — what a person does through the real server: add servers,
# connect them, make a cluster, in English and Spanish; a cross-site
# request changes nothing; real status codes reach the browser.

http POST add_server.cgi "id=web1&name=Web+1&type=web&ip=192.168.1.10&region=us-east-1"
assert_status 302 "adding a server redirects"
assert_header Location index.cgi "…to the dashboard"
http POST add_server.cgi "id=db1&name=DB+1&type=database&ip=192.168.1.20&region=us-east-1"
http POST add_server.cgi "id=cache1&type=cache&ip=cache1.internal"
assert_eq 3 "$(db_query 'SELECT count(*) FROM servers')" "three servers stored"

http POST connect.cgi "from=web1&to=db1&type=database"
assert_status 302 "connecting redirects"
assert_eq "web1|db1|database" "$(db_query 'SELECT from_id, to_id, type FROM connections')" "the connection is stored"

http POST create_cluster.cgi "name=production-cluster&servers=web1&servers=db1&servers=cache1"
assert_status 302 "creating a cluster redirects"
assert_eq 3 "$(db_query "SELECT members FROM clusters WHERE name='production-cluster'")" "the cluster has three members"
assert_eq 2 "$(db_query 'SELECT count(*) FROM connections')" "members were wired by role (web -> cache added)"

http GET index.cgi
assert_status 200
assert_body_contains 'data-dcontainer="1"' "the dashboard has Authentic's wrapper"
assert_body_contains 'edit_server.cgi?id=web1' "the dashboard lists the server"
assert_body_contains 'edit_cluster.cgi?name=production-cluster' "the dashboard lists the cluster"
assert_header X-Frame-Options SAMEORIGIN
assert_header Content-Security-Policy "default-src 'self'"

http GET index.cgi "" -H "Accept-Language: es-ES,es;q=0.9"
assert_body_contains "Servidores por tipo" "Spanish for a Spanish browser (acceptlang=1)"
assert_body_contains "Añadir un servidor" "Spanish form labels"

http POST add_server.cgi "id=evil1&type=web&ip=10.6.6.6" -e "http://evil.example/page"
assert_status 403 "a cross-site Referer is refused with a real 403"
http POST add_server.cgi "id=evil2&type=web&ip=10.6.6.6" --no-referer
assert_status 403 "a missing Referer is refused (referers_none=1)"
http POST add_server.cgi "id=evil3&type=web&ip=10.6.6.6" -H "Origin: http://evil.example"
assert_status 403 "a cross-site Origin is refused"
assert_eq 0 "$(db_query "SELECT count(*) FROM servers WHERE id LIKE 'evil%'")" "refused requests stored nothing"

http POST add_server.cgi "id=web1&type=web&ip=10.0.0.1"
assert_status 409 "a duplicate id is a real 409"
assert_body_contains "A server with id web1 already exists." "…with a clear message"
http POST add_server.cgi "id=web2&type=web&ip=300.1.1.1"
assert_status 400 "a bad address is a real 400"
assert_body_contains "Address" "…naming the field"
http GET edit_server.cgi?id=ghost
assert_status 404 "an unknown server is a real 404"

http GET static/uc.css
assert_status 200 "the stylesheet is served"
http GET images/type-web.svg
assert_status 200 "type icons are served"
http GET help.cgi?page=intro
assert_status 200 "the help page is served"
http GET help.cgi?page=../../etc/passwd
assert_status 400 "help refuses path tricks"
