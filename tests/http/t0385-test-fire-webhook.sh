# shellcheck shell=bash
# t0385-test-fire-webhook.sh — test-firing a webhook rule through the real
# server, from the API and from the rules page. The pages' binary is linked
# statically and cannot load libcurl, so both requests must be handed to
# uc-dyn.bin (cgi-src/multicall.c): the JSON reaches a loopback receiver
# only if that hand-over works. A copy of the module without uc-dyn.bin
# shows the other side: the action then fails with its clear error.

rx=$UC_TMP/t0385
mkdir -p "$rx"
python3 "$(dirname "${BASH_SOURCE[0]}")/../daemon/hookrx.py" "$rx/port" 200 \
    >/dev/null 2>&1 &
rx_pid=$!
for _ in $(seq 200); do
    [ -s "$rx/port" ] && break
    sleep 0.05
done
hook="http://127.0.0.1:$(cat "$rx/port" 2>/dev/null)/hook"

# received N: waits (at most 5 s) until the receiver holds N requests;
# prints how many it holds.
received() {
    local n=0
    for _ in $(seq 100); do
        n=$(wc -l <"$rx/port.log" 2>/dev/null || echo 0)
        [ "$n" -ge "$1" ] && break
        sleep 0.05
    done
    echo "$n"
}

# last_hook FIELD: a field of the last request the receiver got.
last_hook() {
    tail -1 "$rx/port.log" | python3 -c 'import json, sys
r = json.load(sys.stdin); f = sys.argv[1]
print(r["body"][f] if f in ("event", "action", "rule") else r[f])' "$1"
}

api POST /servers '{"id":"tf-web-1","type":"web","ip":"10.9.0.1"}'
assert_status 201 "a server to test-fire on"
api POST /rules "{\"name\":\"tf_hook\",\"metric\":\"cpu\",\"threshold\":90,\"scope\":\"server\",\"scope_value\":\"tf-web-1\",\"action\":\"webhook\",\"target\":\"$hook\"}"
assert_status 201 "a rule whose action is a webhook to a loopback receiver"

api POST /rules/tf_hook/test '{"server":"tf-web-1"}'
assert_status 200 "POST /rules/{name}/test of a webhook rule"
assert_json '$.ok' 1 "…reports the webhook delivered"
assert_eq 1 "$(received 1)" "…and the receiver got one request"
assert_eq "/hook test webhook tf_hook" \
    "$(last_hook path) $(last_hook event) $(last_hook action) $(last_hook rule)" \
    "…the documented JSON of a test, to the rule's target"

http POST save_rule.cgi "old=tf_hook&test=1&server=tf-web-1"
assert_status 200 "the rules page's test button on a webhook rule"
assert_body_contains "its action succeeded" "…says the action succeeded"
assert_eq 2 "$(received 2)" "…and the receiver got a second request"
assert_eq "test tf_hook" "$(last_hook event) $(last_hook rule)" \
    "…again a test of tf_hook"

# Without uc-dyn.bin beside it, the static binary runs the test itself.
alone=$UC_TMP/t0385-alone
cp -a "$(dirname "$(readlink -f "$UC_STATE/www/unlimited-cluster/index.cgi")")" \
    "$alone"
if [ -f "$alone/uc-dyn.bin" ] &&
    ! readelf -l "$alone/uc.bin" | grep -q "program interpreter"; then
    rm "$alone/uc-dyn.bin"
    out=$(cd "$alone" && env -i PATH=/usr/bin:/bin \
        WEBMIN_CONFIG="$UC_STATE/etc" WEBMIN_VAR="$UC_STATE/var" \
        REMOTE_USER="$UC_USER" REQUEST_METHOD=POST PATH_INFO=/rules/tf_hook/test \
        CONTENT_TYPE=application/json CONTENT_LENGTH=2 SERVER_NAME=127.0.0.1 \
        SERVER_PORT=80 SCRIPT_NAME=/unlimited-cluster/nph-api.cgi \
        ./nph-api.cgi <<<'{}')
    case "$out" in
        *'"ok":false'*libcurl*) pass "without uc-dyn.bin the test fails and names libcurl" ;;
        *) fail "without uc-dyn.bin the test fails and names libcurl (got: ${out:0:300})" ;;
    esac
    assert_eq 2 "$(received 2)" "…and nothing reached the receiver"
else
    echo "# uc.bin is linked dynamically here (STATIC_PAGES=0): no hand-over to check"
fi
rm -rf "$alone"
kill "$rx_pid" 2>/dev/null
wait "$rx_pid" 2>/dev/null
