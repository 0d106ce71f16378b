# t0600-xport.sh — export and import: the round trip gives the same bytes,
# merge/replace/dry-run counts, a failed import leaves the database exactly
# as it was (sqlite3 .dump), every problem listed with its path, stdin,
# the other formats, and the cluster-export/cluster-import aliases.
# shellcheck shell=bash

CLI_ENV=("SOURCE_DATE_EPOCH=1795939200")
cc servers add web-1 --type web --ip 10.0.0.1 --region eu-west-1 --x 2 --y 3.25
cc servers add Db-1 --type database --ip db1.example --ports "5432" --status active
cc connect web-1 Db-1 --type database
cc cluster create prod web-1 Db-1 --description "Line one"
cc export -o a.json
expect 0 "export to a file" "Exported 2 servers to a.json."
check "the file starts with the format line" \
    grep -q '^{"format":"unlimited-cluster","version":1,"exported":"2026-11-29T08:00:00Z",$' "$T/work/a.json"
check "it is JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/work/a.json"
cc export
expect 0 "export to stdout"
check "stdout holds the same document" cmp -s "$OUT" "$T/work/a.json"
run cluster-export -o b.json
expect 0 "cluster-export is export"
check "same document through the alias" cmp -s "$T/work/a.json" "$T/work/b.json"

cc import a.json --mode replace --json
expect 0 "import the export back, replacing"
json_is 'd["mode"], d["dry_run"], d["servers"], d["connections"]["unchanged"]' \
    "('replace', False, {'added': 0, 'updated': 0, 'unchanged': 2, 'removed': 0}, 1)" \
    "replace of the same estate changes nothing"
cc export -o c.json
check "export -> import replace -> export gives the same bytes" cmp -s "$T/work/a.json" "$T/work/c.json"

# Into a new database too.
cc --db "$T/work/other.db" import a.json --mode replace
expect 0 "import into another database (--db)" "Imported a.json (replace):"
cc --db "$T/work/other.db" export -o d.json
check "that database exports the same bytes" cmp -s "$T/work/a.json" "$T/work/d.json"
CLI_ENV=("UC_DB=$T/work/other.db" "SOURCE_DATE_EPOCH=1795939200")
cc export -o e.json
check "UC_DB picks the database" cmp -s "$T/work/a.json" "$T/work/e.json"
CLI_ENV=("SOURCE_DATE_EPOCH=1795939200")

cat >"$T/work/merge.json" <<'JSON'
{"format":"unlimited-cluster","version":1,
 "servers":[{"id":"WEB-1","type":"web","ip":"10.0.0.99"},
            {"id":"cache-1","type":"cache","ip":"10.0.0.7"}],
 "connections":[{"from":"cache-1","to":"web-1","type":"cache"}],
 "clusters":[{"name":"prod","servers":["cache-1"]}]}
JSON
before=$(dump)
cc import merge.json --dry-run --json
expect 0 "dry run"
json_is 'd["dry_run"], d["servers"]["added"], d["servers"]["updated"], d["members_added"]' \
    "(True, 1, 1, 1)" "dry run counts"
check "a dry run leaves the database exactly as it was" [ "$before" = "$(dump)" ]
cc import merge.json
expect 0 "merge" "Servers: 1 added, 1 updated, 0 unchanged"
check "merge updated the address, kept the region" \
    [ "$(sql "SELECT ip || ' ' || region FROM servers WHERE id = 'web-1'")" = "10.0.0.99 eu-west-1" ]
check "merge added the member" [ "$(sql "SELECT members FROM clusters")" = 3 ]

# A bad document: everything reported, nothing written.
cat >"$T/work/bad.json" <<'JSON'
{"format":"unlimited-cluster","version":1,"servers":[
{"id":"ok-2","type":"web","ip":"10.0.0.20"},
{"id":"bad","type":"web","ip":"999.1.1.1"},
{"id":"Ok-2","type":"dns","ip":"10.0.0.21"}],
"connections":[{"from":"ok-2","to":"nobody"}],
"extra":true}
JSON
before=$(dump)
cc import bad.json --mode replace
expect 1 "a bad document is refused" "The document has 4 problem(s); nothing was imported."
check "the bad address is named by its path" err_has '$.servers[1].ip: must be an IPv4 address'
check "the repeated id is named" err_has '$.servers[2].id: repeats the server id Ok-2 (first given at $.servers[0]).'
check "the unknown member is named" err_has '$.extra: is not a field of this format.'
check "the missing server is named" err_has '$.connections[0].to: names server nobody'
check "a failed import leaves the database exactly as it was" [ "$before" = "$(dump)" ]
cc import bad.json --json
expect 1 "a bad document (JSON)"
json_is 'd["error"]["key"], d["errors_total"], len(d["errors"])' \
    "('xport_err_invalid', 4, 4)" "JSON has the error and every problem"
json_is 'd["errors"][0]' "{'path': '\$.servers[1].ip', 'code': 'invalid', 'message': 'must be an IPv4 address, an IPv6 address or a host name.', 'key': 'err_bad_host'}" \
    "each problem has path, code, message and key"
python3 -c 'import sys
print("{\"format\":\"unlimited-cluster\",\"version\":1,\"servers\":[" +
  ",".join("{\"id\":\"s%d\",\"type\":\"web\",\"ip\":\"x..y\"}" % i for i in range(130)) + "]}")' >"$T/work/many-bad.json"
cc import many-bad.json
expect 1 "130 problems" "The document has 130 problem(s)"
check "only the first 100 are listed" [ "$(grep -c '^  \$.servers' "$ERR")" = 100 ]
check "the rest are counted" err_has "… and 30 more problems."
printf '{"format":"unlimited-cluster","version":1,\n"servers":[\n{"id":"x" "type"}]}' >"$T/work/syntax.json"
cc import syntax.json
expect 1 "a syntax error" '$.servers[0]: is not valid JSON (line 3, column'
cc import missing.json
expect 1 "a missing file" "There is no file missing.json."
check "nothing of it was written" [ "$before" = "$(dump)" ]

IN="$T/work/a.json" cc import - --mode replace --json
expect 0 "import from standard input"
json_is 'd["servers"]["removed"]' 1 "replace removes what the document lacks"
IN="$T/work/merge.json" run cluster-import - --dry-run
expect 0 "cluster-import is import" "Dry run of - (merge)"

cc export --format fossflow -o f.json
expect 0 "export --format fossflow writes a FossFLOW diagram"
check "with an item per server and a connector per connection" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(not (len(d["items"]) == 2 and len(d["views"][0]["connectors"]) == 1))' "$T/work/f.json"
cc import f.json --mode replace --json
expect 0 "import takes the FossFLOW diagram back"
json_is 'd["servers"]["unchanged"] + d["servers"]["updated"]' 2 "both servers come back from the diagram"
cc export --format fossflow --cluster no-such-cluster -o g.json
expect 1 "--cluster names a cluster that must exist"
check "and wrote no file" test ! -e "$T/work/g.json"
cc export --format html -o d.html
expect 0 "export --format html writes the diagram as one page"
check "a whole HTML document" grep -q '</html>' "$T/work/d.html"
check "with the diagram's script inlined, no file fetched" bash -c "! grep -Eq '<script[^>]* src=' '$T/work/d.html'"
check "and the estate's servers in it" grep -q 'web-1' "$T/work/d.html"
actions >"$T/actions"
check "export is logged as an estate action" grep -q '"export" "estate" "a.json" format=.native.' "$T/actions"
check "import is logged with its mode" grep -q '"import" "estate" "merge.json" mode=.merge.' "$T/actions"
check "dry runs and failures are not logged" bash -c "! grep -q '\"bad.json\"' '$T/actions'"
CLI_ENV=()
