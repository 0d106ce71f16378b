# shellcheck shell=bash
# t0300-api-servers.sh — the REST API's servers through lighttpd: create,
# read, replace, patch, delete; real status lines; validation with the
# pages' messages; keyset paging with opaque cursors; the action log.

api GET /servers
assert_status 200 "GET /servers is 200"
assert_json '$.total' "$(db_query 'SELECT count(*) FROM servers')" "…with the total"
api GET "/servers?region=no-such-region"
assert_status 200 "an empty list is 200"
assert_json '$.servers' '[]' "…with no servers"
assert_json '$.total' 0 "…total 0"
assert_json '$.total_exact' 1 "…exact"
assert_json '$.next_cursor' "" "…and no next cursor"
assert_header Content-type application/json "API answers are application/json"

api POST /servers '{"id":"web-a","name":"Web A","type":"web","ip":"10.1.0.1","region":"eu-west-1"}'
assert_status 201 "POST /servers creates with 201"
assert_header Location "/unlimited-cluster/nph-api.cgi/servers/web-a" "…and a Location header"
assert_eq "HTTP/1.1 201 Created" "$(head -n1 "$HTTP_HEADERS" | tr -d '\r')" \
    "lighttpd passes the nph status line on as the real status"
assert_json '$.id' web-a "the answer is the server"
assert_json '$.ports' '[80,443,8080]' "…with its type's ports"
assert_json '$.ports_override' 0 "…not overridden"
assert_json '$.region' eu-west-1 "…its region"
assert_json '$.status' unknown "…status unknown"
assert_json '$.position' "" "…no position (null)"
assert_eq "web-a|Web A|web|10.1.0.1|eu-west-1" \
    "$(db_query "SELECT id, name, type, ip, region FROM servers WHERE id='web-a'")" \
    "the server is stored"
assert_logged "\"create\" \"server\" \"web-a\" id='web-a'" \
    "the create is in Webmin's action log with its fields"

api POST /servers '{"id":"db-a","type":"database","ip":"10.1.0.2","ports":[5432,6432],"position":{"x":3,"y":4.5},"status":"active"}'
assert_status 201 "a server with ports and a position"
assert_json '$.name' db-a "the name defaults to the id"
assert_json '$.ports' '[5432,6432]' "own ports are kept"
assert_json '$.ports_override' 1 "…and marked as an override"
assert_json '$.position.y' 4.5 "the position is kept"
assert_json '$.region' "" "no region is null"
assert_eq "5432 6432" "$(db_query "SELECT ports FROM servers WHERE id='db-a'")" \
    "ports stored as the pages store them"

api GET /servers/web-a
assert_status 200 "GET /servers/{id}"
assert_json '$.clusters' '[]' "…has its clusters"
assert_json '$.connections' '[]' "…and its connections"
assert_json '$.connections_truncated' 0 "…not cut"
api GET /servers/WEB-A
assert_json '$.id' web-a "ids are found ignoring case"
api HEAD /servers/web-a
assert_status 200 "HEAD works like GET"

# Errors, each with a real status and the field.
api POST /servers '{"id":"web-a","type":"web","ip":"10.1.0.9"}'
assert_status 409 "a duplicate id is 409"
assert_json '$.error.code' conflict "…code conflict"
assert_json '$.error.field' id "…on the id"
assert_json '$.error.message' "A server with id web-a already exists." "…with the pages' message"
api POST /servers '{"id":"bad","type":"web","ip":"300.1.1.1"}'
assert_status 400 "a bad address is 400"
assert_json '$.error.field' ip "…naming the field ip"
assert_json '$.error.key' err_bad_host "…with the pages' validator"
api POST /servers '{"id":"bad","type":"web","ip":"10.0.0.1","colour":"red"}'
assert_status 400 "an unknown key is 400"
assert_json '$.error.field' colour "…naming the key"
api POST /servers '{"id":"bad","type":"web","ip":10}'
assert_status 400 "a number where text belongs is 400"
assert_json '$.error.key' api_err_want_string "…saying what type is wanted"
api POST /servers '{"id":"bad","type":"web","ip":"10.0.0.1","ports":"80"}'
assert_status 400 "ports as text instead of a list is 400"
api POST /servers '{"id":"bad","type":"web","ip":"10.0.0.1","ports":[80,70000]}'
assert_status 400 "a port out of range is 400"
assert_json '$.error.key' err_bad_port "…from the pages' port check"
api POST /servers '{"id":"bad","type":"web","ip":"10.0.0.1","position":{"x":1}}'
assert_status 400 "a position without y is 400"
api POST /servers '{"id":"bad","type":"spaceship","ip":"10.0.0.1"}'
assert_status 400 "an unknown type is 400"
api POST /servers '{"id":"bad","id":"bad2","type":"web","ip":"10.0.0.1"}'
assert_status 400 "a repeated key is 400"
api POST /servers '{"type":"web","ip":"10.0.0.1"}'
assert_status 400 "a missing id is 400"
assert_json '$.error.key' err_required "…required"
api POST /servers '["web"]'
assert_status 400 "a body that is not an object is 400"
api POST /servers '{"id":'
assert_status 400 "malformed JSON is 400"
api POST /servers "" 
assert_status 400 "no body is 400"
http POST nph-api.cgi/servers 'id=x&type=web&ip=10.0.0.1'
assert_status 415 "a form body is 415"
assert_json '$.error.code' unsupported_media_type "…code for the media type"
api POST /servers "{\"id\":\"big\",\"name\":\"$(head -c 70000 /dev/zero | tr '\0' a)\"}"
assert_status 413 "a body over 64 KiB is 413"
assert_eq 0 "$(db_query "SELECT count(*) FROM servers WHERE id IN ('bad','bad2','big')")" \
    "refused requests stored nothing"

api DELETE /servers
assert_status 405 "a wrong method on a known route is 405"
assert_header Allow "GET, HEAD, POST" "…with an Allow header"
api POST /servers/web-a '{}'
assert_status 405 "POST on /servers/{id} is 405"
assert_header Allow "GET, HEAD, PUT, PATCH, DELETE" "…listing what is allowed"
api GET /servers/ghost
assert_status 404 "an unknown server is 404"
api GET /servers/bad%20id
assert_status 400 "an id that cannot be valid is 400"
api GET /nowhere
assert_status 404 "an unknown route is 404"
api GET "/servers?colour=red"
assert_status 400 "an unknown query key is 400"
api GET "/servers/web-a?limit=5"
assert_status 400 "a query key of another route is 400"
assert_json '$.error.field' limit "…naming it"
api POST /servers '{"id":"evil","type":"web","ip":"10.0.0.1"}' -H "Origin: http://evil.example"
assert_status 403 "a cross-site Origin is refused"

# PATCH changes what it names; PUT replaces (status and position kept).
api PATCH /servers/web-a '{"status":"warning","ports":[8443]}'
assert_status 200 "PATCH is 200"
assert_json '$.status' warning "PATCH changed the status"
assert_json '$.ports' '[8443]' "…and the ports"
assert_json '$.name' "Web A" "…and kept the name"
api PATCH /servers/web-a '{"ports":null,"region":null}'
assert_json '$.ports_override' 0 "null ports go back to the type's"
assert_json '$.region' "" "null region clears it"
api PUT /servers/web-a '{"type":"cache","ip":"cache.internal","name":"Cache A"}'
assert_status 200 "PUT is 200"
assert_json '$.type' cache "PUT replaced the type"
assert_json '$.ports' '[6379,11211]' "…so the ports follow the new type"
assert_json '$.status' warning "…and kept the status"
api PUT /servers/web-a '{"id":"other","type":"web","ip":"10.0.0.1"}'
assert_status 400 "PUT cannot change the id"
assert_json '$.error.key' api_err_id_mismatch "…and says so"
api PUT /servers/web-a '{"id":"WEB-A","type":"web","ip":"10.1.0.1","name":"Web A"}'
assert_status 200 "PUT may repeat the id"
api PATCH /servers/web-a '{"cluster":"x"}'
assert_status 400 "cluster is only for a create"
api PUT /servers/ghost '{"type":"web","ip":"10.0.0.1"}'
assert_status 404 "PUT on an unknown server is 404"
assert_logged '"modify" "server" "web-a"' "changes are in the action log"

# Paging: 23 more servers, pages of 5, every server once, in order.
for i in $(seq -w 1 23); do
    api POST /servers "{\"id\":\"node-$i\",\"type\":\"web\",\"ip\":\"10.2.0.$((10#$i))\",\"region\":\"r$((10#$i % 3))\"}"
done
assert_eq 23 "$(db_query "SELECT count(*) FROM servers WHERE id LIKE 'node-%'")" \
    "23 servers stored"
# Earlier test files may have stored servers too: page through them all.
total=$(db_query 'SELECT count(*) FROM servers')
api_walk "/servers?limit=5" '$.servers' id
assert_eq $(((total + 4) / 5)) "$WALK_PAGES" "$total servers in pages of 5 take $(((total + 4) / 5)) pages"
assert_eq "$(db_query "SELECT group_concat(id, ' ') FROM (SELECT id FROM servers ORDER BY id COLLATE NOCASE)") " \
    "$WALK_ITEMS" "the pages hold every server once, in id order"
api GET "/servers?limit=5"
assert_json '$.total' "$total" "the total counts all servers"
api GET "/servers?limit=3&region=r1&sort=ip&order=desc"
assert_status 200 "filters with sort and order"
assert_json '$.total' 8 "a filtered total"
assert_eq "node-07 node-04 node-22" "$(json_list '$.servers' id)" \
    "addresses sort as text, highest first"
cur=$(json_get '$.next_cursor')
api GET "/servers?limit=3&region=r1&sort=ip&order=desc&cursor=$cur"
assert_eq "node-19 node-16 node-13" "$(json_list '$.servers' id)" \
    "the cursor continues the order"
api GET "/servers?limit=3&region=r1&sort=ip&cursor=$cur"
assert_status 400 "a cursor from another order is 400"
api GET "/servers?cursor=not-a-cursor"
assert_status 400 "a made-up cursor is 400"
assert_json '$.error.field' cursor "…naming the cursor"
api GET "/servers?cursor=$(printf '["servers","id","asc","x","bad id"]' | base64 -w0 | tr '+/' '-_' | tr -d '=')"
assert_status 400 "a forged cursor with a bad id is 400"
api GET "/servers?limit=1001"
assert_status 400 "limit over 1000 is 400"
api GET "/servers?sort=colour"
assert_status 400 "an unknown sort is 400"
api GET "/servers?order=sideways"
assert_status 400 "an unknown order is 400"
api GET "/servers?q=node-1&limit=100"
assert_json '$.total' 10 "search by substring (node-1x and node-1)"

api DELETE /servers/node-01
assert_status 204 "DELETE is 204"
assert_eq "" "$(cat "$HTTP_BODY")" "…with no body"
assert_eq 0 "$(db_query "SELECT count(*) FROM servers WHERE id='node-01'")" "the server is gone"
api DELETE /servers/node-01
assert_status 404 "deleting it again is 404"
