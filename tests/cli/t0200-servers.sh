# t0200-servers.sh — servers add/list/show/rm: the pages' validation, JSON
# shapes, paging, all-or-nothing removal, and the action log.
# shellcheck shell=bash

cc servers add web-1 --type web --ip 10.0.0.1 --region us-east-1
expect 0 "add a server" "Server web-1 added."
cc servers add db-1 --type database --ip 10.0.0.2 --name "Orders DB" \
    --ports "5432,5433" --status active --x 1.5 --y -2 --json
expect 0 "add a server with every field (JSON)"
json_is 'd["id"], d["name"], d["type"], d["ip"], d["region"]' \
    "('db-1', 'Orders DB', 'database', '10.0.0.2', None)" "added server as JSON"
json_is 'd["ports"], d["ports_override"], d["status"], d["position"]' \
    "([5432, 5433], True, 'active', {'x': 1.5, 'y': -2.0})" \
    "ports, status and position as given"
json_is 'd["created"].endswith("Z") and d["created"] == d["updated"]' True \
    "time stamps in UTC"
check "the database has both" [ "$(sql 'SELECT count(*) FROM servers')" = 2 ]

before=$(dump)
cc servers add bad --type web --ip 300.1.1.1
expect 1 "an invalid address is refused" "Address: must be an IPv4 address"
cc servers add bad --type webz --ip 10.0.0.3 --json
expect 1 "an invalid type is refused (JSON error)"
json_is 'd["error"]["code"], d["error"]["field"], d["error"]["key"]' \
    "('invalid', 'type', 'err_bad_type')" "JSON error names the field and key"
cc servers add "-x" --type web --ip 10.0.0.3
expect 2 "an id that looks like an option is an unknown option"
cc servers add --type web --ip 10.0.0.3 -- "-x"
expect 1 "an id starting with - is refused by validation" "must be 1 to 64 letters"
cc servers add bad --type web --ip 10.0.0.3 --ports "80 80"
expect 1 "repeated ports are refused" "port 80 is listed twice"
cc servers add bad --type web --ip 10.0.0.3 --x 1
expect 1 "x without y is refused" "Diagram y: is required."
cc servers add WEB-1 --type web --ip 10.0.0.9
expect 1 "a duplicate id (any case) is refused" "already exists"
check "refused adds changed nothing" [ "$before" = "$(dump)" ]

cc servers list
expect 0 "list (text)" "web-1"
check "list has a header and a count" out_has "2 of 2 servers shown."
cc servers list --type web --json
expect 0 "list filtered by type (JSON)"
json_is '[s["id"] for s in d["servers"]], d["total"], d["total_exact"]' \
    "(['web-1'], 1, True)" "filtered list"
cc servers list --region NOPE
expect 1 "an invalid region filter is refused" "Region: must be lowercase"
cc servers list --sort name --desc --json
json_is '[s["id"] for s in d["servers"]]' "['web-1', 'db-1']" \
    "sorted by name, descending"

cc servers show db-1 --json
expect 0 "show (JSON)"
json_is 'd["clusters"], d["connections"], d["name"]' "([], [], 'Orders DB')" \
    "show has clusters and connections"
cc servers show web-1
expect 0 "show (text)" "Ports: 80 443 8080 (the type's usual ports)"
cc servers show nope --json
expect 1 "show of an unknown server" "There is no server with id nope."
json_is 'd["error"]["code"]' "not_found" "unknown server is not_found"

# Paging: more than one page of 1000.
python3 - "$T/work/many.json" <<'PY'
import json, sys
servers = [{"id": "p%04d" % i, "type": "cache", "ip": "10.1.%d.%d" % (i // 250, i % 250)}
           for i in range(1200)]
json.dump({"format": "unlimited-cluster", "version": 1, "servers": servers},
          open(sys.argv[1], "w"))
PY
cc import many.json
expect 0 "1200 servers imported"
cc servers list --all --json
json_is 'len(d["servers"]), len(set(s["id"] for s in d["servers"])), d["total"]' \
    "(1202, 1202, 1202)" "--all walks every page, each server once"
cc servers list --type cache --limit 5 --json
json_is 'len(d["servers"]), d["servers"][0]["id"], d["total"]' \
    "(5, 'p0000', 1200)" "--limit cuts the page, total counts all"

before=$(dump)
cc servers rm web-1 ghost
expect 1 "rm with one unknown id" "There is no server with id ghost."
check "failed rm removed nothing" [ "$before" = "$(dump)" ]
cc servers rm web-1 db-1 --json
expect 0 "rm two servers (JSON)"
json_is 'd["deleted"]' "['web-1', 'db-1']" "rm says what it removed"
check "both are gone" [ "$(sql "SELECT count(*) FROM servers WHERE id IN ('web-1','db-1')")" = 0 ]

actions >"$T/actions"
check "adds are logged as create server by the sudo user" \
    grep -q '^[0-9.]* \[.*\] tester - - unlimited-cluster unlimited-cluster/clusterctl "create" "server" "web-1"' "$T/actions"
check "the log line has the parameters" grep -q "\"db-1\" id='db-1' ip='10.0.0.2' name='Orders DB' ports='5432 5433'" "$T/actions"
check "removals are logged" grep -q '"delete" "server" "db-1"' "$T/actions"
check "refused commands are not logged" bash -c "! grep -q '\"bad\"' '$T/actions'"

# standby: the server a failover moves connections to
cc servers add sb-a --type database --ip 10.7.0.1
cc servers add sb-b --type database --ip 10.7.0.2
cc servers standby sb-a
expect 0 "a server starts without a standby" "sb-a has no standby."
cc servers standby sb-a sb-b
expect 0 "standby sets it" "The standby of sb-a is sb-b."
check "and stores it" test "$(sql "SELECT standby FROM probe_settings WHERE server = 'sb-a'")" = sb-b
cc servers standby sb-a sb-a
expect 1 "a server cannot be its own standby"
cc servers standby sb-a ghost
expect 1 "the standby must exist"
check "and a refused change keeps the old one" test "$(sql "SELECT standby FROM probe_settings WHERE server = 'sb-a'")" = sb-b
cc servers standby sb-a --none --json
expect 0 "--none clears it"
json_is 'd["standby"] is None' True "and says so in JSON"
