# t32-http-wire.sh — the daemon's own HTTP/1 reader for http:// checks
# (cgi-src/daemon/httpget.c) against fixed answers from wire_serve.py:
# chunked bodies (split anywhere), Content-Length on a connection the
# server leaves open (the check must end with the body, not at the
# timeout), 1xx interim answers, headers arriving a byte at a time,
# HTTP/1.0 to the end, and answers that are not HTTP, cut short, badly
# framed or too large, each failing with its reason.
# shellcheck shell=bash

fresh fail_count=1 icmp=0 metrics=0 tcp=0 http_timeout_ms=4000 timeout_ms=1000 \
    http_max_bytes=1000
f="$W/wire.port"
python3 "$HERE/wire_serve.py" "$f" >/dev/null 2>&1 &
PIDS+=("$!")
wait_for 10 test -s "$f"
P=$(cat "$f" 2>/dev/null)
MSG="the wire server listens" check test -n "$P"

# name path -> expected "http_code/http_bytes" (ok) or an error (failed)
ok_cases="chunked:200/11 chunked-split:200/16 length-open:200/5 length-zero:200/0
no-content:204/0 continue:201/2 split:200/2 http10:200/110 long-line:200/4 big:200/1000"
fail_cases="not-http:not an HTTP/1 response
empty:empty reply from server
short:connection closed before the end of the body
short-chunked:connection closed before the end of the body
bad-length:bad Content-Length
bad-chunk:bad chunk size
huge-head:response headers over 64 KiB"
for c in $ok_cases; do
    add_server "w-${c%%:*}" web 127.0.0.1 "$P"
    probe_set "w-${c%%:*}" http_path "'/${c%%:*}'"
done
while IFS= read -r c; do
    add_server "w-${c%%:*}" web 127.0.0.1 "$P"
    probe_set "w-${c%%:*}" http_path "'/${c%%:*}'"
done <<<"$fail_cases"
add_server w-missing web 127.0.0.1 "$P"
probe_set w-missing http_path "'/missing'"

t0=$(date +%s%N)
"$D" --config "$CFG" --var "$VAR" --once >/dev/null 2>&1
ms=$((($(date +%s%N) - t0) / 1000000))
MSG="answers ended by their length or last chunk on connections left open: the round took $ms ms, under the 4000 ms timeout" \
    check [ "$ms" -lt 3500 ]
for c in $ok_cases; do
    s="w-${c%%:*}"
    got="$(status_of "$s") $(cur "$s" "http_code || '/' || http_bytes")"
    MSG="/${c%%:*}: active with status/bytes ${c#*:} (got $got)" \
        check test "$got" = "active ${c#*:}"
done
while IFS= read -r c; do
    s="w-${c%%:*}"
    err=$(cur "$s" error)
    MSG="/${c%%:*}: the check fails (status $(status_of "$s")) with \"${c#*:}\" (got: $err)" \
        check eval 'test "$(status_of "$s")" != active && grep -qF "${c#*:}" <<<"$err"'
done <<<"$fail_cases"
MSG="/missing: a 404 fails the check, its status recorded ($(cur w-missing error))" \
    check test "$(cur w-missing http_code)/$(cur w-missing error)" = "404/http: status 404, expected 200-399"
MSG="the request: GET, HTTP/1.1, Host with the port, the daemon's User-Agent, Connection: close" \
    check grep -qxF "GET /chunked HTTP/1.1 | Host: 127.0.0.1:$P | User-Agent: unlimited-clusterd/1.0 | Accept: */* | Connection: close" "$W/wire.port.log"
MSG="daemon_probes_total{kind=http} counts all 18 checks, 8 of them failed" \
    check test "$(counter daemon_probes_total http)/$(counter daemon_probe_failures_total http)" = "18/8"
