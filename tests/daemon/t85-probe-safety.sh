# t85-probe-safety.sh — a server's address or HTTP settings never turn the
# daemon into a tool against the host: servers that never answer or drip
# forever are cut at http_timeout_ms, redirects to https, gopher, dict or a
# unix-socket URL are not followed, node_exporter answers are capped at
# metrics_max_bytes (decompressed: a gzip bomb too), and hostile values
# written straight into the database (bypassing the module's validation)
# fetch nothing. Every server here is a loopback listener of
# probe_serve.py, each connection bounded to 30 s.
# shellcheck shell=bash

fresh fail_count=1 icmp=0 metrics=0 tcp=0 http_timeout_ms=600 timeout_ms=600
pserve() { # pserve MODE NAME: starts probe_serve.py; sets PORT_OUT
    local f="$W/$2.port"
    rm -f "$f"
    python3 "$HERE/probe_serve.py" "$1" "$f" >/dev/null 2>&1 &
    PIDS+=("$!")
    PORT_OUT=
    wait_for 10 test -s "$f" && PORT_OUT=$(cat "$f")
}
pserve hang hang && HANG=$PORT_OUT
pserve drip drip && DRIP=$PORT_OUT
pserve http web && WEB=$PORT_OUT
pserve bomb bomb && BOMBP=$PORT_OUT
MSG="four hostile loopback servers listen" \
    check test -n "${HANG:-}" -a -n "${DRIP:-}" -a -n "${WEB:-}" -a -n "${BOMBP:-}"
chk() { "$D" --config "$CFG" --var "$VAR" --check "$1" 2>&1; }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# --check: one transfer with the daemon's own options.
t0=$(date +%s%N)
out=$(chk "http://127.0.0.1:$HANG/")
ms=$(ms_since "$t0")
MSG="a server that never answers: the check fails with a timeout" \
    check grep -qE 'result=fail status=0 .*error=".*(Timeout|timed out)' <<<"$out"
MSG="...after http_timeout_ms (600), not longer (took $ms ms)" check [ "$ms" -lt 3000 ]
t0=$(date +%s%N)
out=$(chk "http://127.0.0.1:$DRIP/")
ms=$(ms_since "$t0")
MSG="a body dripping forever: the check ends at the time cap (took $ms ms)" \
    check [ "$ms" -lt 3000 ]
MSG="...and fails (the answer never completed)" \
    check grep -qE 'result=fail .*error=".*(Timeout|timed out)' <<<"$out"
for r in redir-https redir-gopher redir-dict redir-unix; do
    : >"$W/web.port.log"
    out=$(chk "http://127.0.0.1:$WEB/$r")
    MSG="$r: the 302 is seen and not followed" check grep -q 'status=302 bytes=0' <<<"$out"
    MSG="$r: one request reached the server, no second one" \
        check test "$(wc -l <"$W/web.port.log")" = 1
done

# The daemon's rounds, on rows written straight into the database.
add_server web-hang web 127.0.0.1 "$HANG"
add_server web-drip web 127.0.0.1 "$DRIP"
add_server url-ip web "http://127.0.0.1:$WEB/from-ip" "$WEB"
add_server file-ip web "file:///etc/passwd" 80
add_server unix-ip web "unix:/run/docker.sock" 80
add_server userinfo-ip web "127.0.0.1:$WEB/userinfo?" "$WEB"
add_server path-crlf web 127.0.0.1 "$WEB"
probe_set path-crlf http_path "'/x HTTP/1.1' || char(13, 10) || 'X-Evil: 1'"
add_server path-at web 127.0.0.1 "$WEB"
probe_set path-at http_path "'/@evil.example/'"
probe_set path-at http_scheme "'file'" 2>/dev/null
MSG="the database itself refuses a file:// scheme (CHECK constraint)" \
    check test -z "$(q "SELECT http_scheme FROM probe_settings WHERE server = 'path-at';")"
: >"$W/web.port.log"
t0=$(date +%s%N)
"$D" --config "$CFG" --var "$VAR" --once >/dev/null 2>&1
ms=$(ms_since "$t0")
MSG="one round over hanging and dripping servers ends in bounded time ($ms ms)" \
    check [ "$ms" -lt 8000 ]
for s in web-hang web-drip; do
    MSG="$s: a failed check (status $(status_of "$s")), with a timeout as its reason" \
        check grep -qiE 'timeout|timed out' <<<"$(cur "$s" error)"
done
for s in url-ip file-ip unix-ip userinfo-ip; do
    MSG="$s: an address that is no host name is not probed (status $(status_of "$s"))" \
        check test "$(status_of "$s")" != active
done
MSG="...and none of them reached the listener (log: $(tr '\n' ' ' <"$W/web.port.log"))" \
    check test -z "$(grep -E 'from-ip|userinfo|X-Evil' "$W/web.port.log")"
MSG="a path with CR LF is never sent as a header (status $(status_of path-crlf))" \
    check test "$(status_of path-crlf)" != active
MSG="a path starting /@host stays a path on the server's own host" \
    check grep -q '^GET /@evil.example/ HTTP' "$W/web.port.log"

# node_exporter answers: capped, also after decompression.
setcfg fail_count=1 icmp=0 tcp=0 http=0 metrics=1 local_metrics=0 \
    metrics_max_bytes=65536 http_timeout_ms=2000 timeout_ms=600
q "DELETE FROM servers;" >/dev/null
add_server ne-endless database 127.0.0.1 1
probe_set ne-endless node_port "$WEB"
add_server ne-bomb database 127.0.0.1 1
probe_set ne-bomb node_port "$BOMBP"
t0=$(date +%s%N)
"$D" --config "$CFG" --var "$VAR" --once >/dev/null 2>&1
ms=$(ms_since "$t0")
MSG="an endless node_exporter answer is cut at metrics_max_bytes" \
    check grep -q 'more than 65536 bytes' <<<"$(cur ne-endless metrics_error)"
MSG="a gzip bomb is cut at metrics_max_bytes of decompressed text" \
    check grep -q 'more than 65536 bytes' <<<"$(cur ne-bomb metrics_error)"
MSG="...both within the time cap ($ms ms)" check [ "$ms" -lt 6000 ]
