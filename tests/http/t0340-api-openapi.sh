# shellcheck shell=bash
# t0340-api-openapi.sh — docs/openapi.yaml is a valid OpenAPI document
# (swagger-parser, from npm), its paths and methods are exactly the routes the
# API serves (GET / lists them from the C route table), and every `sh`
# example of docs/api.md runs against this server.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
spec=$root/docs/openapi.yaml

# The validator: swagger-parser from npm (tests/openapi, installed from its
# lock file on first use); Debian has no OpenAPI validator package.
validator=()
if command -v node >/dev/null && command -v npm >/dev/null; then
    if [ -d "$root/tests/openapi/node_modules" ] ||
        npm ci --prefix "$root/tests/openapi" --no-audit --no-fund --silent \
            >/dev/null 2>&1; then
        validator=(node "$root/tests/openapi/validate.js")
    fi
fi
if [ ${#validator[@]} -eq 0 ]; then
    fail "docs/openapi.yaml validation" "node/npm or the npm install of tests/openapi failed"
elif out=$("${validator[@]}" "$spec" 2>&1); then
    pass "docs/openapi.yaml is $(printf '%s' "$out" | tail -n1)"
else
    fail "docs/openapi.yaml is valid OpenAPI" "$(printf '%s' "$out" | head -n 5)"
fi
bad=$UC_TMP/openapi-broken.yaml
sed 's/^  \/servers:/  servers:/' "$spec" >"$bad"
if [ ${#validator[@]} -gt 0 ] && ! "${validator[@]}" "$bad" >/dev/null 2>&1; then
    pass "the validator refuses a broken copy of the document"
else
    fail "the validator refuses a broken copy of the document"
fi

# "METHOD /path" per operation of the spec: paths are the keys indented
# by two spaces under `paths:`, methods those indented by four under them.
spec_ops=$(awk '
    /^[^ #]/ { in_paths = ($0 ~ /^paths:/) ; next }
    !in_paths { next }
    /^  \/[^ ]*:$/ { path = substr($0, 3, length($0) - 3); next }
    /^    (get|put|post|patch|delete|head|options):/ {
        m = $1; sub(":", "", m); print toupper(m), path }
' "$spec" | sort)
api GET /
assert_status 200 "GET / lists the routes"
served_ops=$(sqlite3 -batch :memory: "SELECT m.value || ' ' || json_extract(r.value, '\$.path')
    FROM json_each(CAST(readfile('$HTTP_BODY') AS TEXT), '\$.routes') r,
         json_each(json_extract(r.value, '\$.methods')) m" | sort)
if [ -n "$spec_ops" ] && [ "$spec_ops" = "$served_ops" ]; then
    pass "docs/openapi.yaml has exactly the served routes and methods ($(echo "$served_ops" | wc -l) operations)"
else
    fail "docs/openapi.yaml has exactly the served routes and methods" \
        "only in the spec: $(comm -23 <(echo "$spec_ops") <(echo "$served_ops") | tr '\n' ';')" \
        "only served: $(comm -13 <(echo "$spec_ops") <(echo "$served_ops") | tr '\n' ';')"
fi

# The examples of docs/api.md, every ```sh block in order, in one shell.
awk '/^```sh$/ { on = 1; next } /^```/ { on = 0 } on' "$root/docs/api.md" \
    >"$UC_TMP/api-examples.sh"
nblocks=$(grep -c '^```sh$' "$root/docs/api.md")
mkdir -p "$UC_TMP/examples" # they may write files: not in the checkout
if (cd "$UC_TMP/examples" && API="$UC_BASE/unlimited-cluster/nph-api.cgi" \
    AUTH="$UC_USER:$UC_PASS" timeout 120 bash -e "$UC_TMP/api-examples.sh") \
    >"$UC_TMP/api-examples.out" 2>&1; then
    pass "the $nblocks example blocks of docs/api.md run without an error"
else
    fail "the $nblocks example blocks of docs/api.md run without an error" \
        "$(tail -n 5 "$UC_TMP/api-examples.out")"
fi
assert_eq 0 "$(db_query "SELECT count(*) FROM servers WHERE id IN ('web-01','db-01')")" \
    "…and clean up after themselves"
if grep -q '^unlimited_cluster_servers [0-9]' "$UC_TMP/api-examples.out"; then
    pass "the metrics example printed the server gauge"
else
    fail "the metrics example printed the server gauge" "$(tail -n 5 "$UC_TMP/api-examples.out")"
fi
