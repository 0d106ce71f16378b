# shellcheck shell=bash
# t0510-events-scope.sh — a user limited to some clusters (ACL clusters)
# hears only about their servers: changes to hidden servers never reach
# their stream or their polls, while their own do; the resume point still
# moves past what they may not see. Streams are counted per user.

api POST /servers '{"id":"sc-a1","type":"web","ip":"10.6.0.1"}'
api POST /servers '{"id":"sc-b1","type":"web","ip":"10.6.0.2"}'
api POST /servers '{"id":"sc-free","type":"dns","ip":"10.6.0.3"}'
api POST /clusters '{"name":"sc-alpha","description":"","servers":["sc-a1"]}'
api POST /clusters '{"name":"sc-beta","description":"","servers":["sc-b1"]}'
assert_status 201 "the clusters exist"
uc_user_add ltd ltd-pw 'clusters=sc-alpha\n'

http GET "events.cgi?poll=1" "" -u ltd:ltd-pw
assert_status 200 "the limited user may poll"
mark=$(json_get '$.last')

if sse_open ltd "ttl=60&hb=1" ltd ltd-pw; then
    pass "the limited user's stream opens"
else
    fail "the limited user's stream opens" "$(head -c 300 "$UC_TMP/sse-ltd.out")"
fi
sse_open adm "ttl=60&hb=1" >/dev/null || true

# Hidden changes first, then a visible one: when the visible one arrives,
# the hidden ones (earlier seqs) would have been sent before it.
api PATCH /servers/sc-b1 '{"status":"inactive"}'
api PATCH /servers/sc-free '{"position":{"x":9,"y":9}}'
api POST /connections '{"from":"sc-a1","to":"sc-b1","type":"http"}'
api PATCH /servers/sc-a1 '{"status":"warning"}'
if sse_wait ltd '"kind":"status","id":"sc-a1"' 3000; then
    pass "a change to their own server reaches them (${SSE_WAITED_MS} ms)"
else
    fail "a change to their own server reaches them" \
        "$(tail -c 300 "$UC_TMP/sse-ltd.out")"
fi
sse_wait adm '"kind":"status","id":"sc-a1"' 3000 || true
for hidden in sc-b1 sc-free; do
    if grep -qF "\"$hidden\"" "$UC_TMP/sse-ltd.out"; then
        fail "no event names the hidden server $hidden" \
            "$(grep -F "\"$hidden\"" "$UC_TMP/sse-ltd.out" | head -n 2)"
    else
        pass "no event names the hidden server $hidden"
    fi
done
if grep -qF '"id":"sc-b1"' "$UC_TMP/sse-adm.out" &&
    grep -qF '"id":"sc-free"' "$UC_TMP/sse-adm.out"; then
    pass "the unlimited user heard about them"
else
    fail "the unlimited user heard about them" "$(tail -c 300 "$UC_TMP/sse-adm.out")"
fi

http GET "events.cgi?poll=1&since=$mark" "" -u ltd:ltd-pw
assert_body_contains '"id":"sc-a1"' "the limited user's poll has their change"
assert_body_not_contains 'sc-b1' "the limited user's poll hides sc-b1"
assert_body_not_contains 'sc-free' "the limited user's poll hides sc-free"
assert_json '$.last' "$(db_query 'SELECT max(seq) FROM events')" \
    "their poll's resume point passes the hidden events"

# Four streams each: the admin's one does not count against ltd.
n=1
for i in 2 3 4; do sse_open "ltd$i" "ttl=60&hb=1" ltd ltd-pw && n=$((n + 1)); done
assert_eq 4 "$n" "the limited user holds four streams while the admin holds one"
http GET "events.cgi?ttl=5" "" -u ltd:ltd-pw
assert_status 429 "their fifth is refused"
if sse_open adm2 "ttl=60&hb=1"; then
    pass "the admin may still open another"
else
    fail "the admin may still open another"
fi
for s in ltd ltd2 ltd3 ltd4 adm adm2; do sse_close "$s"; done
