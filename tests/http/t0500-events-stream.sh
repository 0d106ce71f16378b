# shellcheck shell=bash
# t0500-events-stream.sh — events.cgi through lighttpd: a change made
# through the API or a page reaches an open stream in under a second
# (measured), heartbeats arrive, Last-Event-ID resumes with exactly the
# missed events, polling returns the same, a stream ends after its ttl,
# and a fifth stream of one user is refused (429) while four are open.

# The journal's seqs after N, one per line (what a reader may see: the
# admin sees everything).
seqs_after() {
    db_query "SELECT seq FROM events WHERE seq > $1 ORDER BY seq"
}

http GET "events.cgi?poll=1"
assert_status 200 "a first poll answers"
assert_json '$.reset' 0 "a first poll is no reset"
start=$(json_get '$.last')
[ -n "$start" ] && pass "a first poll says where the journal is ($start)" ||
    fail "a first poll says where the journal is"

# ---- latency: API and page changes on an open stream ----
if sse_open live "ttl=60&hb=1"; then
    pass "a stream opens and says hello"
else
    fail "a stream opens and says hello" "$(head -c 300 "$UC_TMP/sse-live.out")"
fi
assert_eq "text/event-stream; charset=UTF-8" \
    "$(tr -d '\r' <"$UC_TMP/sse-live.hdr" | sed -n 's/^[Cc]ontent-[Tt]ype: //p')" \
    "the stream is text/event-stream"

lat=()
measure() { # measure NAME FIXED-STRING: after a change, wait for its event
    if sse_wait live "$2" 3000 && [ "$SSE_WAITED_MS" -lt 1000 ]; then
        pass "$1 reaches the stream in ${SSE_WAITED_MS} ms (< 1000)"
    else
        fail "$1 reaches the stream in under a second" \
            "waited ${SSE_WAITED_MS} ms; stream: $(tail -c 300 "$UC_TMP/sse-live.out")"
    fi
    lat+=("$SSE_WAITED_MS")
}
api POST /servers '{"id":"ev-a","type":"web","ip":"10.5.0.1"}'
measure "API: a new server" '"kind":"add","server":{"id":"ev-a"'
api POST /servers '{"id":"ev-b","type":"database","ip":"10.5.0.2"}'
measure "API: another server" '"server":{"id":"ev-b"'
api PATCH /servers/ev-a '{"status":"warning"}'
measure "API: a status change" '"kind":"status","id":"ev-a","status":"warning"'
api PATCH /servers/ev-a '{"position":{"x":7,"y":-3}}'
measure "API: a move" '"kind":"move","id":"ev-a","x":7.0,"y":-3.0'
api POST /connections '{"from":"ev-a","to":"ev-b","type":"database"}'
measure "API: a connection" '"kind":"connect","from":"ev-a","to":"ev-b","type":"database"'
api POST /clusters '{"name":"evc","description":"","servers":["ev-a"]}'
measure "API: a cluster" '"kind":"join","cluster":"evc","id":"ev-a"'
http POST add_server.cgi "id=ev-page&type=cache&ip=10.5.0.3"
measure "page add_server.cgi: a new server" '"server":{"id":"ev-page"'
http POST diagram_data.cgi '{"action":"move","moves":[["ev-b",2,2]]}' \
    -H 'Content-Type: application/json'
measure "diagram move (another user's drag)" '"kind":"move","id":"ev-b","x":2.0'
api DELETE /servers/ev-page
measure "API: a deletion" '"kind":"remove","id":"ev-page"'
sorted=$(printf '%s\n' "${lat[@]}" | sort -n | tr '\n' ' ')
echo "# event latency (ms), sorted: $sorted"
printf '%s\n' "${lat[@]}" | sort -n >"$UC_TMP/events-latency"

if sse_wait live ": hb" 2500; then
    pass "heartbeats arrive (hb=1)"
else
    fail "heartbeats arrive (hb=1)"
fi
# Every change event came once, in seq order.
got=$(sse_ids live | tr '\n' ' ')
want=$(seqs_after "$start" | tr '\n' ' ')
assert_eq "$want" "$got" "the stream carried each journal event once, in order"
last=$(sse_ids live | tail -n 1)
sse_close live

# ---- Last-Event-ID: exactly what was missed ----
api POST /servers '{"id":"ev-c","type":"dns","ip":"10.5.0.4"}'
api POST /connections '{"from":"ev-c","to":"ev-b","type":"standard"}'
api PATCH /servers/ev-c '{"status":"active"}'
missed=$(seqs_after "$last" | tr '\n' ' ')
if sse_open resume "ttl=60&hb=1" "$UC_USER" "$UC_PASS" -H "Last-Event-ID: $last" &&
    sse_wait resume '"status":"active"' 2000; then
    sleep 0.3
    assert_eq "$missed" "$(sse_ids resume | tr '\n' ' ')" \
        "Last-Event-ID $last resumes with exactly the missed events"
else
    fail "Last-Event-ID resumes" "$(head -c 300 "$UC_TMP/sse-resume.out")"
fi
sse_close resume

# The same through polling (the fallback).
http GET "events.cgi?poll=1&since=$last"
assert_status 200 "a poll after $last answers"
assert_eq "$missed" "$(json_list '$.events' seq | tr ' ' '\n' | sed '/^$/d' |
    tr '\n' ' ')" "a poll after $last returns the missed events"
assert_json '$.last' "$(db_query 'SELECT max(seq) FROM events')" \
    "a poll's last is the newest seq"
# A seq from another database: reset.
http GET "events.cgi?poll=1&since=999999999"
assert_json '$.reset' 1 "an unknown seq asks for a reset"
http GET "events.cgi?poll=1&since=abc"
assert_status 400 "a bad since is refused"

# ---- lifetime ----
t0=$(now_ms)
f=$UC_TMP/sse-ttl.out
curl -s -N --noproxy '*' --max-time 10 -u "$UC_USER:$UC_PASS" -o "$f" \
    "$UC_BASE/unlimited-cluster/events.cgi?ttl=1&hb=1"
took=$(($(now_ms) - t0))
if [ "$took" -ge 900 ] && [ "$took" -lt 4000 ] && grep -q '"hello"' "$f"; then
    pass "a stream ends by itself after its ttl (${took} ms for ttl=1)"
else
    fail "a stream ends by itself after its ttl" "took ${took} ms"
fi

# ---- four streams per user; the fifth is refused ----
open=0
# The streams above are closed; their CGIs notice within seconds (a
# bare newline every 2 s of silence) and free their slots.
for ((i = 0; i < 60; i++)); do
    left=$(pgrep -fc -- "$UC_STATE/www/unlimited-cluster/events.cgi" || true)
    [ "$left" -eq 0 ] && break
    sleep 0.1
done
for i in 1 2 3 4; do
    sse_open "cap$i" "ttl=60&hb=15" && open=$((open + 1))
done
assert_eq 4 "$open" "one user may hold four streams"
http GET "events.cgi?ttl=5"
assert_status 429 "a fifth stream is refused"
assert_json '$.error.key' events_err_too_many "the refusal says why"
assert_json '$.poll' "events.cgi?poll=1" "the refusal points at polling"
http GET "events.cgi?poll=1&since=$last"
assert_status 200 "polling still works with four streams open"
sse_close cap1
t0=$(now_ms)
for ((i = 0; i < 60; i++)); do
    sse_open cap5 "ttl=60&hb=15" && break
    sleep 0.1
done
if grep -q '"kind":"hello"' "$UC_TMP/sse-cap5.out"; then
    pass "a closed stream's slot is free again (after $(($(now_ms) - t0)) ms)"
else
    fail "a closed stream's slot is free again" "$(head -c 300 "$UC_TMP/sse-cap5.out")"
fi
for i in 2 3 4 5; do sse_close "cap$i"; done

# No events.cgi of this server is left once its client went.
for ((i = 0; i < 60; i++)); do
    left=$(pgrep -fc -- "$UC_STATE/www/unlimited-cluster/events.cgi" || true)
    [ "$left" -eq 0 ] && break
    sleep 0.1
done
[ "$left" -eq 0 ] && pass "closed streams end their CGI" ||
    fail "closed streams end their CGI" "$left events.cgi still running:" \
        "$(pgrep -fa -- "$UC_STATE/www/unlimited-cluster/events.cgi")"
