# t0400-clusters.sh — cluster create/list/show/rm and the JSON the Perl
# hooks read.
# shellcheck shell=bash

cc servers add lb --type loadbalancer --ip 10.0.0.1 --status active
cc servers add web --type web --ip 10.0.0.2 --status warning
cc servers add db --type database --ip 10.0.0.3
cc cluster create prod lb web db --description "Production" --autoconnect
expect 0 "create a cluster wired by role" "Cluster prod created."
check "autoconnect says how many" out_has "connections added by role"
check "wired: lb->web and web->db" [ "$(sql "SELECT group_concat(from_id || '>' || to_id, ' ') FROM (SELECT * FROM connections ORDER BY from_id)")" = "lb>web web>db" ]
cc cluster create empty
expect 0 "create an empty cluster"
before=$(dump)
cc cluster create broken lb ghost
expect 1 "a cluster with an unknown member" "There is no server with id ghost."
cc cluster create PROD
expect 1 "a duplicate name (any case)" "A cluster named PROD already exists."
cc cluster create "bad name"
expect 1 "an invalid name" "must be 1 to 64 letters"
check "refused creates changed nothing" [ "$before" = "$(dump)" ]

cc cluster list --json
expect 0 "list (JSON)"
json_is 'd' "{'clusters': [{'name': 'empty', 'description': '', 'members': 0}, {'name': 'prod', 'description': 'Production', 'members': 3}]}" \
    "cluster list --json shape"
cc cluster list
expect 0 "list (text)" "Production"

cc cluster show prod --json
expect 0 "show (JSON)"
json_is 'sorted(d.keys())' "['by_status', 'description', 'members', 'name', 'servers']" \
    "cluster show --json has exactly the hooks' keys"
json_is 'd["name"], d["description"], d["members"]' "('prod', 'Production', 3)" \
    "name, description, members"
json_is 'd["by_status"]' "{'unknown': 1, 'active': 1, 'warning': 1, 'inactive': 0}" \
    "by_status counts every state"
json_is 'd["servers"][0]' "{'id': 'db', 'name': 'db', 'type': 'database', 'status': 'unknown'}" \
    "members by id with name, type, status"
cc cluster show nope --json
expect 1 "show of an unknown cluster" "There is no cluster named nope."
json_is 'd["error"]["key"]' "err_cluster_not_found" "unknown cluster as a JSON error"
cc cluster show prod
expect 0 "show (text)" "Cluster prod: 3 members."

cc cluster rm prod
expect 0 "rm a cluster" "Cluster prod removed."
check "its servers stay" [ "$(sql "SELECT count(*) FROM servers")" = 3 ]
cc cluster rm prod
expect 1 "rm it again" "There is no cluster named prod."
actions >"$T/actions"
check "create is logged with its members" grep -q '"create" "cluster" "prod" description=.Production. name=.prod. servers=.lb. servers=.web. servers=.db.' "$T/actions"
check "autoconnect is logged" grep -q '"autoconnect" "cluster" "prod" added=.2.' "$T/actions"
check "rm is logged" grep -q '"delete" "cluster" "prod"' "$T/actions"
