# shellcheck shell=bash
# t0310-api-connections.sh — the REST API's connections through lighttpd:
# create (201), list all or one server's in keyset pages, delete (204),
# and each refusal with its status.

for s in hub spoke-1 spoke-2 spoke-3 spoke-4 spoke-5 spoke-6 spoke-7; do
    api POST /servers "{\"id\":\"$s\",\"type\":\"web\",\"ip\":\"$s.internal\"}"
done
assert_eq 8 "$(db_query "SELECT count(*) FROM servers WHERE id = 'hub' OR id LIKE 'spoke-%'")" \
    "eight servers to connect"

api POST /connections '{"from":"hub","to":"spoke-1","type":"http"}'
assert_status 201 "POST /connections is 201"
assert_json '$.from' hub "…and answers the connection"
assert_json '$.type' http "…with its type"
conn_id=$(json_get '$.id')
assert_eq "$conn_id" "$(db_query "SELECT id FROM connections WHERE from_id='hub' AND to_id='spoke-1'")" \
    "…and its stored id"
api POST /connections '{"from":"spoke-2","to":"hub"}'
assert_status 201 "the type defaults to standard"
assert_json '$.type' standard "…standard"
for i in 3 4 5 6 7; do
    api POST /connections "{\"from\":\"hub\",\"to\":\"spoke-$i\",\"type\":\"monitoring\"}"
done
assert_eq 7 "$(db_query "SELECT count(*) FROM connections WHERE 'hub' IN (from_id, to_id)")" \
    "seven connections on the hub"
assert_logged '"connect" "connection" "hub->spoke-1"' "connecting is in the action log as the connect page writes it"

api POST /connections '{"from":"spoke-1","to":"hub","type":"http"}'
assert_status 409 "the same pair the other way round is 409"
assert_json '$.error.key' err_connection_exists "…already connected"
api POST /connections '{"from":"hub","to":"hub"}'
assert_status 400 "a server connected to itself is 400"
api POST /connections '{"from":"hub","to":"ghost"}'
assert_status 404 "an unknown end is 404"
assert_json '$.error.field' to "…naming the end"
api POST /connections '{"from":"hub","to":"spoke-1","type":"telepathy"}'
assert_status 400 "an unknown connection type is 400"
api POST /connections '{"from":"hub","to":["spoke-1"]}'
assert_status 400 "a list where text belongs is 400"
api POST /connections '{"from":"hub","to":"spoke-1","weight":3}'
assert_status 400 "an unknown key is 400"
assert_json '$.error.field' weight "…naming it"
api PUT /connections '{}'
assert_status 405 "PUT /connections is 405"
assert_header Allow "GET, HEAD, POST, DELETE" "…with Allow"

# One server's connections, pages of 3, ordered by the other end.
api_walk "/connections?server=HUB&limit=3" '$.connections' id
assert_eq 3 "$WALK_PAGES" "seven connections in pages of 3 take 3 pages"
assert_eq "$(db_query "SELECT group_concat(id, ' ') FROM (SELECT id FROM connections
    WHERE 'hub' IN (from_id, to_id) ORDER BY CASE WHEN from_id = 'hub' THEN to_id ELSE from_id END)") " \
    "$WALK_ITEMS" "…every connection once, by the other end"

# All connections, pages of 2, by id.
api_walk "/connections?limit=2" '$.connections' id
assert_eq "$(db_query "SELECT group_concat(id, ' ') FROM (SELECT id FROM connections ORDER BY id)") " \
    "$WALK_ITEMS" "paging all connections gives each once, by id"

api GET "/connections?server=hub&limit=3"
cur=$(json_get '$.next_cursor')
api GET "/connections?server=spoke-1&cursor=$cur"
assert_status 400 "a cursor of another server is 400"
api GET "/connections?cursor=$cur"
assert_status 400 "a server's cursor on the whole list is 400"
api GET "/connections?server=ghost"
assert_status 404 "the connections of an unknown server are 404"
assert_json '$.error.field' server "…naming the parameter"
api GET "/connections?limit=0"
assert_status 400 "limit 0 is 400"
api GET "/connections?from=hub"
assert_status 400 "a DELETE parameter on GET is 400"

api GET /servers/hub
assert_eq 7 "$(json_list '$.connections' id | wc -w)" \
    "a server's detail lists its connections"

api DELETE "/connections?from=spoke-1&to=hub"
assert_status 204 "DELETE /connections is 204 (either direction)"
assert_eq 0 "$(db_query "SELECT count(*) FROM connections WHERE 'spoke-1' IN (from_id, to_id)")" \
    "the connection is gone"
assert_logged '"disconnect" "connection" "spoke-1->hub"' "disconnecting is in the action log"
api DELETE "/connections?from=spoke-1&to=hub"
assert_status 404 "deleting it again is 404"
api DELETE "/connections?from=spoke-1"
assert_status 400 "DELETE without to is 400"
assert_json '$.error.field' to "…naming to"
api DELETE "/servers/spoke-2"
assert_eq 0 "$(db_query "SELECT count(*) FROM connections WHERE 'spoke-2' IN (from_id, to_id)")" \
    "deleting a server removes its connections"
