# shellcheck shell=bash
# t0350-api-estate.sh — GET /export and POST /import through lighttpd: the
# native document out, a dry run that writes nothing, merge and replace,
# a bad document refused whole with every problem's JSON path, and the
# export/edit ACLs. The estate is restored at the end.

api POST /servers '{"id":"e-web-1","type":"web","ip":"10.7.0.1","region":"eu-west-1"}'
api POST /servers '{"id":"e-db-1","type":"database","ip":"10.7.0.2"}'
api POST /connections '{"from":"e-web-1","to":"e-db-1","type":"database"}'

api GET /export
assert_status 200 "GET /export is 200"
assert_header Content-type application/json "…JSON"
assert_json '$.format' unlimited-cluster "…the native format"
assert_json '$.version' 1 "…version 1"
assert_eq "$(db_query 'SELECT count(*) FROM servers')" \
    "$(json_list '$.servers' id | wc -w)" "…with every server"
cp "$HTTP_BODY" "$UC_TMP/estate.json"
assert_logged '"export" "estate" "api"' "the export is in the action log"
api GET "/export?format=native"
assert_status 200 "format=native is the default format"
api GET "/export?format=klingon"
assert_status 400 "an unknown format is 400"
assert_json '$.error.field' format "…naming format"
api GET "/export?limit=5"
assert_status 400 "a key /export does not take is 400"

# A document that adds one server and changes another.
sed -e 's/"id":"e-db-1","name":"e-db-1"/"id":"e-db-1","name":"Main DB"/' \
    -e 's/^"servers":\[$/"servers":[\n{"id":"e-new-1","name":"e-new-1","type":"cache","ip":"10.7.0.9","region":null,"ports":null,"status":"unknown","position":null},/' \
    "$UC_TMP/estate.json" >"$UC_TMP/changed.json"
before=$(db_dump)
api POST "/import?dry_run=1" "@$UC_TMP/changed.json"
assert_status 200 "a dry run is 200"
assert_json '$.dry_run' 1 "…says it is a dry run"
assert_json '$.servers.added' 1 "…counts the server it would add"
assert_json '$.servers.updated' 1 "…and the one it would change"
assert_eq "$before" "$(db_dump)" "…and writes nothing"

api POST "/import" "@$UC_TMP/changed.json"
assert_status 200 "a merge import is 200"
assert_json '$.mode' merge "…merge by default"
assert_eq "cache|Main DB" "$(db_query "SELECT (SELECT type FROM servers WHERE id='e-new-1') || '|' || (SELECT name FROM servers WHERE id='e-db-1')")" \
    "the merge added and changed what the document says"
assert_logged '"import" "estate" "api"' "the import is in the action log"

sed -e 's/"ip":"10.7.0.2"/"ip":"999.7.0.2"/' -e 's/"type":"database","created"/"type":"telepathy","created"/' \
    "$UC_TMP/changed.json" >"$UC_TMP/bad.json"
before=$(db_dump)
api POST "/import?mode=replace" "@$UC_TMP/bad.json"
assert_status 400 "a document with problems is 400"
assert_json '$.error.key' xport_err_invalid "…refused as a whole"
assert_body_contains '"path":"$.servers[' "…with the JSON path of each problem"
assert_body_contains '"key":"err_bad_host"' "…and the pages' message for it"
assert_body_contains '"key":"err_bad_conn_type"' "…for every problem"
assert_eq "$before" "$(db_dump)" "a refused replace left the database unchanged"
api POST "/import" '{"format":"unlimited-cluster"'
assert_status 400 "malformed JSON is 400"
api POST "/import?dry_run=maybe" '{}'
assert_status 400 "dry_run must be 0 or 1"
api POST "/import?mode=everything" '{}'
assert_status 400 "an unknown mode is 400"
http POST "nph-api.cgi/import" 'a=b'
assert_status 415 "a form body is 415"
api GET /import
assert_status 405 "GET /import is 405"
assert_header Allow "POST" "…with Allow: POST"

# ACLs: export needs export=1; import needs export=1 and edit=1.
uc_user_add noexport noexport-pw 'export=0\n'
uc_user_add exporter exporter-pw 'edit=0\nexport=1\n'
api GET /export "" -u noexport:noexport-pw
assert_status 403 "export=0 may not export"
assert_json '$.error.key' api_err_cannot_export "…says why"
api POST "/import?dry_run=1" "@$UC_TMP/estate.json" -u noexport:noexport-pw
assert_status 403 "export=0 may not import"
api GET /export "" -u exporter:exporter-pw
assert_status 200 "a read-only user with export=1 exports"
api POST "/import?dry_run=1" "@$UC_TMP/estate.json" -u exporter:exporter-pw
assert_status 403 "…but may not import (edit=0)"
assert_json '$.error.key' err_cannot_edit "…for want of edit"

# Replace with the first export: the estate as it was.
api POST "/import?mode=replace" "@$UC_TMP/estate.json"
assert_status 200 "a replace import is 200"
assert_json '$.servers.removed' 1 "…removing the server the document lacks"
assert_eq 0 "$(db_query "SELECT count(*) FROM servers WHERE id='e-new-1'")" "the estate is back as exported"
api GET /export
assert_eq "$(grep -v '"exported"' "$UC_TMP/estate.json" | sed 's/"updated":"[^"]*"//g')" \
    "$(grep -v '"exported"' "$HTTP_BODY" | sed 's/"updated":"[^"]*"//g')" \
    "exporting again gives the same document"
