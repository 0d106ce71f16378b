# shellcheck shell=bash
# t0320-api-clusters.sh — the REST API's clusters through lighttpd: create
# with members (201), list, read with member ids, replace description and
# members (PUT), delete (204); a failed change leaves the database as it
# was, byte for byte.

for s in c-web-1 c-web-2 c-db-1 c-lb-1; do
    type=web
    case $s in c-db-*) type=database ;; c-lb-*) type=loadbalancer ;; esac
    api POST /servers "{\"id\":\"$s\",\"type\":\"$type\",\"ip\":\"$s.internal\"}"
done

api POST /clusters '{"name":"shop","description":"The shop","servers":["c-web-1","C-DB-1","c-web-1"]}'
assert_status 201 "POST /clusters is 201"
assert_header Location "/unlimited-cluster/nph-api.cgi/clusters/shop" "…with a Location header"
assert_json '$.members' 2 "a member named twice counts once"
assert_json '$.servers' '["c-db-1","c-web-1"]' "…members by stored id"
assert_eq 0 "$(db_query "SELECT count(*) FROM connections WHERE from_id LIKE 'c-%' OR to_id LIKE 'c-%'")" \
    "no wiring unless asked"
assert_logged '"create" "cluster" "shop"' "the create is in the action log"

api POST /clusters '{"name":"wired","servers":["c-lb-1","c-web-2","c-db-1"],"autoconnect":true}'
assert_status 201 "a cluster with autoconnect"
assert_eq 2 "$(db_query "SELECT count(*) FROM connections WHERE from_id IN ('c-lb-1','c-web-2')")" \
    "autoconnect wired it by role (lb -> web, web -> database)"

api POST /clusters '{"name":"shop"}'
assert_status 409 "a duplicate name is 409"
api POST /clusters '{"name":"bad name"}'
assert_status 400 "a bad name is 400"
assert_json '$.error.field' name "…naming the field"
api POST /clusters '{"name":"x","servers":"c-web-1"}'
assert_status 400 "servers as text instead of a list is 400"
assert_json '$.error.key' api_err_want_strings "…wants a list of strings"
api POST /clusters '{"name":"x","autoconnect":"yes"}'
assert_status 400 "autoconnect must be a boolean"
api POST /clusters '{"name":"x","owner":"me"}'
assert_status 400 "an unknown key is 400"

before=$(db_dump)
api POST /clusters '{"name":"half","servers":["c-web-1","ghost"]}'
assert_status 404 "a cluster with an unknown member is 404"
assert_json '$.error.field' servers "…naming the servers"
assert_eq "$before" "$(db_dump)" "the failed create left the database unchanged (no cluster, no member)"

api GET /clusters
assert_status 200 "GET /clusters"
assert_eq "shop wired" "$(json_list '$.clusters' name | tr ' ' '\n' | grep -E '^(shop|wired)$' | tr '\n' ' ' | sed 's/ $//')" \
    "…lists the clusters by name"
api GET /clusters/SHOP
assert_status 200 "GET /clusters/{name} ignores case"
assert_json '$.description' "The shop" "…with the description"
api GET /clusters/nothing
assert_status 404 "an unknown cluster is 404"

api PUT /clusters/shop '{"description":"Shop v2","servers":["c-web-2","c-lb-1"]}'
assert_status 200 "PUT replaces"
assert_json '$.servers' '["c-lb-1","c-web-2"]' "…the member list"
assert_json '$.description' "Shop v2" "…and the description"
assert_eq "c-lb-1 c-web-2" "$(db_query "SELECT group_concat(server, ' ') FROM (SELECT server FROM cluster_members WHERE cluster='shop' ORDER BY server)")" \
    "the stored members are exactly the new list"
assert_logged '"modify" "cluster" "shop"' "the change is in the action log"

before=$(db_dump)
api PUT /clusters/shop '{"description":"Shop v3","servers":["c-web-1","ghost"]}'
assert_status 404 "PUT with an unknown member is 404"
assert_eq "$before" "$(db_dump)" "the failed PUT (after removing members) left the database unchanged"
api PUT /clusters/shop '{"description":"only"}'
assert_status 400 "PUT without servers is 400"
assert_json '$.error.field' servers "…naming servers"
api PUT /clusters/shop '{"servers":[]}'
assert_status 400 "PUT without description is 400"
api PUT /clusters/nothing '{"description":"","servers":[]}'
assert_status 404 "PUT on an unknown cluster is 404"
api PATCH /clusters/shop '{}'
assert_status 405 "PATCH on a cluster is 405"
assert_header Allow "GET, HEAD, PUT, DELETE" "…with Allow"

api PUT /clusters/shop '{"description":"","servers":[]}'
assert_status 200 "PUT with no servers empties the cluster"
assert_json '$.members' 0 "…no members"

api DELETE /clusters/shop
assert_status 204 "DELETE is 204"
assert_eq 0 "$(db_query "SELECT count(*) FROM clusters WHERE name='shop'")" "the cluster is gone"
assert_eq 1 "$(db_query "SELECT count(*) FROM servers WHERE id='c-web-1'")" "…its servers stay"
api DELETE /clusters/shop
assert_status 404 "deleting it again is 404"
