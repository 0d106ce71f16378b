# shellcheck shell=bash
# t0330-api-misc.sh — the REST API's index, /stats and /metrics, and the
# rules around every route: who may read and write, what a browser from
# elsewhere may do, real status lines for every error, and that a refused
# request changes nothing.

api GET /
assert_status 200 "GET / answers"
assert_json '$.routes[1].path' /servers "…the route table"
api GET ""
assert_status 200 "the script without a path is the index too"

api POST /servers '{"id":"m-web-1","type":"web","ip":"10.9.0.1","region":"ap-south-1","status":"active"}'
api POST /servers '{"id":"m-db-1","type":"database","ip":"10.9.0.2","region":"ap-south-1"}'
api GET /stats
assert_status 200 "GET /stats"
assert_json '$.servers' "$(db_query 'SELECT count(*) FROM servers')" "…counts the servers"
assert_json '$.connections' "$(db_query 'SELECT count(*) FROM connections')" "…the connections"
assert_json '$.clusters' "$(db_query 'SELECT count(*) FROM clusters')" "…the clusters"
assert_json '$.by_type.database' "$(db_query "SELECT count(*) FROM servers WHERE type='database'")" "…by type"
assert_json '$.by_type.security' 0 "…with every type, even at 0"
assert_json '$.by_status.active' "$(db_query "SELECT count(*) FROM servers WHERE status='active'")" "…by status"
assert_json '$.by_region."ap-south-1"' 2 "…by region"

api GET /metrics
assert_status 200 "GET /metrics"
assert_header Content-type "text/plain; version=0.0.4" "…in the Prometheus text format 0.0.4"
assert_body_contains "# TYPE unlimited_cluster_servers gauge" "…with typed families"
assert_body_contains "unlimited_cluster_servers $(db_query 'SELECT count(*) FROM servers')" "…the server total"
assert_body_contains 'unlimited_cluster_servers_by_region{region="ap-south-1"} 2' "…labelled samples"
assert_body_contains 'unlimited_cluster_servers_by_type{type="database"}' "…by type"
# Every line is a comment or a sample "name{labels} value".
bad=$(grep -vE '^(# (HELP|TYPE) [a-z_]+ .*|[a-z_]+(\{[a-z_]+="([^"\\]|\\.)*"\})? -?[0-9]+)$' "$HTTP_BODY" | head -n 3)
assert_eq "" "$bad" "every line follows the exposition format"
# promtool (Debian package prometheus) parses and lints it, when present.
if command -v promtool >/dev/null; then
    if out=$(promtool check metrics <"$HTTP_BODY" 2>&1); then
        pass "promtool check metrics accepts /metrics"
    else
        fail "promtool check metrics accepts /metrics" "$out"
    fi
fi

# Real status lines for errors, as curl -i shows them.
for case in "GET /nowhere 404" "DELETE /stats 405" "GET /servers?limit=x 400"; do
    set -- $case
    api "$1" "$2"
    assert_eq "HTTP/1.1 $3" "$(head -n1 "$HTTP_HEADERS" | tr -d '\r' | cut -d' ' -f1-2)" \
        "$1 $2: the status line itself says $3"
done
http OPTIONS nph-api.cgi/servers
assert_status 405 "OPTIONS is 405"
assert_header Allow "GET, HEAD, POST" "…with Allow"
api HEAD /stats
assert_status 200 "HEAD /stats"
assert_body_not_contains '"servers"' "…without a body"

# A read-only user reads but cannot change anything.
uc_user_add reader reader-pw 'edit=0\nexport=0\n'
as_reader=(-u reader:reader-pw)
api GET /servers "" "${as_reader[@]}"
assert_status 200 "a read-only user lists servers"
api GET /stats "" "${as_reader[@]}"
assert_status 200 "…reads the stats"
before=$(db_dump)
api POST /servers '{"id":"r-1","type":"web","ip":"10.0.0.1"}' "${as_reader[@]}"
assert_status 403 "…cannot add a server (403)"
assert_json '$.error.key' err_cannot_edit "…because of the edit ACL"
api PATCH /servers/m-web-1 '{"status":"inactive"}' "${as_reader[@]}"
assert_status 403 "…cannot change one"
api DELETE /servers/m-web-1 "" "${as_reader[@]}"
assert_status 403 "…cannot delete one"
api POST /connections '{"from":"m-web-1","to":"m-db-1"}' "${as_reader[@]}"
assert_status 403 "…cannot connect"
api DELETE "/connections?from=m-web-1&to=m-db-1" "" "${as_reader[@]}"
assert_status 403 "…cannot disconnect"
api POST /clusters '{"name":"r"}' "${as_reader[@]}"
assert_status 403 "…cannot create a cluster"
assert_eq "$before" "$(db_dump)" "the refused writes changed nothing"

# A login without the module in webmin.acl gets nothing.
grep -q '^stranger:' "$UC_STATE/htpasswd" || printf 'stranger:stranger-pw\n' >>"$UC_STATE/htpasswd"
api GET /servers "" -u stranger:stranger-pw
assert_status 403 "a user without the module is refused (403)"
assert_json '$.error.key' err_no_module_access "…for module access"

# Browsers from elsewhere: a cross-site Referer or Origin on a write is
# refused; a script sending neither is fine.
before=$(db_dump)
api POST /servers '{"id":"x-1","type":"web","ip":"10.0.0.1"}' -e "http://evil.example/"
assert_status 403 "a cross-site Referer is refused"
api DELETE /servers/m-web-1 "" -H "Origin: http://evil.example"
assert_status 403 "a cross-site Origin is refused on DELETE"
assert_eq "$before" "$(db_dump)" "…and changed nothing"
api POST /servers '{"id":"s-1","type":"web","ip":"10.0.0.1"}' --no-referer
assert_status 201 "a script without Referer or Origin may write"

# Limits and media types on every body route.
http PUT nph-api.cgi/servers/m-web-1 '{"type":"web","ip":"10.0.0.1"}' -H 'Content-Type: text/plain'
assert_status 415 "PUT with a text/plain body is 415"
http POST nph-api.cgi/clusters '{"name":"z"}' -H 'Content-Type: application/x-www-form-urlencoded'
assert_status 415 "a form-encoded body is 415"
head -c 2200000 /dev/zero | tr '\0' ' ' >"$UC_TMP/big.json"
api POST /clusters "@$UC_TMP/big.json"
assert_status 413 "a cluster body over 2 MiB is 413"
assert_json '$.error.code' too_large "…code too_large"
http PATCH nph-api.cgi/servers/m-web-1 '{"status":"warning"}' -H 'Content-Type: application/json; charset=utf-8'
assert_status 200 "a charset parameter on the JSON type is fine"

# A user limited to some clusters (ACL clusters) sees only their members,
# and a new server must land in one of them.
api POST /clusters '{"name":"m-scope","servers":["m-web-1"]}'
assert_status 201 "a cluster for the limited user"
uc_user_add limited limited-pw 'clusters=m-scope\n'
as_limited=(-u limited:limited-pw)
api GET /servers "" "${as_limited[@]}"
assert_eq "m-web-1" "$(json_list '$.servers' id)" "a limited user lists only the members of its clusters"
api GET /stats "" "${as_limited[@]}"
assert_json '$.servers' 1 "…and counts only them"
api GET /servers/m-db-1 "" "${as_limited[@]}"
assert_status 404 "…another server is not found"
api POST /servers '{"id":"m-new-1","type":"web","ip":"10.9.0.9"}' "${as_limited[@]}"
assert_status 400 "…a new server must name a cluster"
assert_json '$.error.key' err_scope_cluster_required "…one of its own"
api POST /servers '{"id":"m-new-1","type":"web","ip":"10.9.0.9","cluster":"m-scope"}' "${as_limited[@]}"
assert_status 201 "…and is created inside it"
api GET /clusters/m-scope "" "${as_limited[@]}"
assert_json '$.servers' '["m-new-1","m-web-1"]' "…as a member"
api POST /clusters '{"name":"mine"}' "${as_limited[@]}"
assert_status 403 "a limited user cannot create clusters"
