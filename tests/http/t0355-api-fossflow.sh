# shellcheck shell=bash
# t0355-api-fossflow.sh — FossFLOW through the API: GET /export?format=
# fossflow (the estate, one cluster), POST /import of that diagram back,
# and a diagram that cannot be mapped refused whole with its JSON paths.

api POST /servers '{"id":"ff-web-1","type":"web","ip":"10.8.0.1"}'
api POST /servers '{"id":"ff-db-1","type":"database","ip":"10.8.0.2"}'
api POST /connections '{"from":"ff-web-1","to":"ff-db-1","type":"database"}'
api POST /clusters '{"name":"ff-pair","servers":["ff-web-1","ff-db-1"]}'

api GET "/export?format=fossflow&cluster=ff-pair"
assert_status 200 "GET /export?format=fossflow&cluster= is 200"
assert_eq "$(json_get '$.items' | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 2 \
    "…one item per member of the cluster"
assert_eq 1 "$(json_get '$.views[0].connectors' | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" \
    "…with the connection between them"
assert_body_contains "data:image/svg+xml" "…and the icons embedded (opens offline)"
cp "$HTTP_BODY" "$UC_TMP/pair.fossflow.json"
api GET "/export?format=fossflow&cluster=no-such"
assert_status 404 "an unknown cluster is 404"

api DELETE /servers/ff-web-1
api DELETE /servers/ff-db-1
api POST "/import" "@$UC_TMP/pair.fossflow.json"
assert_status 200 "POST /import takes the FossFLOW diagram"
assert_eq "$(db_query "SELECT count(*) FROM servers WHERE id IN ('ff-web-1','ff-db-1')")" 2 \
    "…both servers are back"
assert_eq "$(db_query "SELECT type FROM connections WHERE from_id='ff-web-1' AND to_id='ff-db-1'")" \
    database "…and their connection, with its type"

before=$(db_dump)
api POST "/import" '{"version":"1","title":"t","items":[{"id":"x1","name":"box","icon":"isoflow__unknown_thing"}],"views":[{"id":"v","name":"v","items":[]}],"icons":[],"colors":[]}'
assert_status 400 "a diagram that cannot be mapped is 400"
assert_body_contains '$.items[0]' "…naming the item's JSON path"
assert_eq "$before" "$(db_dump)" "…and nothing is written"
api DELETE /clusters/ff-pair
api DELETE /servers/ff-web-1
api DELETE /servers/ff-db-1
