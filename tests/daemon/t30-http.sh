# t30-http.sh — the HTTP check: only http and https, redirects never
# followed (to other schemes or at all), a cap on the body read, expected
# status and path per server, latency over latency_warn_ms, no proxy.
# shellcheck shell=bash

fresh fail_count=1 icmp=0 metrics=0 latency_warn_ms=200
serve http 127.0.0.1 0 web
H=$PORT_OUT
serve http 127.0.0.1 0 other
O=$PORT_OUT
chk() { "$D" --config "$CFG" --var "$VAR" --check "$1" 2>&1; }

out=$(chk "http://127.0.0.1:$H/")
MSG="--check of a page: status 200, exit 0" check grep -q 'result=ok status=200' <<<"$out"
for url in "file:///etc/passwd" "ftp://127.0.0.1:$H/" "gopher://127.0.0.1:$H/" \
           "dict://127.0.0.1:$H/" "telnet://127.0.0.1:$H/" "ldap://127.0.0.1:$H/" \
           "smtp://127.0.0.1:$H/" "tftp://127.0.0.1:$H/" "scp://127.0.0.1:$H/x"; do
    out=$(chk "$url")
    rc=$?
    MSG="${url%%:*}:// is refused, nothing read (exit $rc)" \
        check grep -qE 'result=fail status=0 bytes=0 .*error=".*(Protocol|not supported|disabled)' <<<"$out"
done
: >"$W/other.port.log"
out=$(chk "http://127.0.0.1:$H/redir-file")
MSG="a redirect to file:// is not followed (302 seen, 0 bytes)" \
    check grep -q 'status=302 bytes=0' <<<"$out"
out=$(chk "http://127.0.0.1:$H/redir-ftp")
MSG="a redirect to ftp:// is not followed" check grep -q 'status=302 bytes=0' <<<"$out"
out=$(chk "http://127.0.0.1:$H/redir-http?to=http://127.0.0.1:$O/followed")
MSG="a redirect to http:// is not followed either" check grep -q 'status=302' <<<"$out"
MSG="the redirect target got no request" check test ! -s "$W/other.port.log"
start=$(date +%s%N)
out=$(chk "http://127.0.0.1:$H/big")
ms=$((($(date +%s%N) - start) / 1000000))
MSG="an endless body is cut at http_max_bytes (65536) and still counts" \
    check grep -q 'result=ok status=200 bytes=65536 capped=1' <<<"$out"
MSG="...without waiting for the body (took $ms ms)" check [ "$ms" -lt 3000 ]
MSG="...and the server saw the connection closed early" \
    check wait_for 5 test -s "$W/web.port.big"
MSG="...after $(cat "$W/web.port.big" 2>/dev/null) of its 64 MiB" \
    check [ "$(cat "$W/web.port.big" 2>/dev/null || echo 67108864)" -lt 67108864 ]

# The daemon's own rounds.
add_server web-ok web 127.0.0.1 "$H"
add_server web-404 web 127.0.0.1 "$H"
probe_set web-404 http_path "'/missing'"
add_server web-404-expected web 127.0.0.1 "$H"
probe_set web-404-expected http_path "'/missing'"
probe_set web-404-expected http_status 404
add_server web-redir web 127.0.0.1 "$H"
probe_set web-redir http_path "'/redir-file'"
probe_set web-redir http_status 200
add_server web-slow web 127.0.0.1 "$H"
probe_set web-slow http_path "'/slow'"
add_server lb-big loadbalancer 127.0.0.1 "$H"
probe_set lb-big http_path "'/big'"
add_server db-no-http database 127.0.0.1 "$H"
setcfg fail_count=1 icmp=0 metrics=0 latency_warn_ms=200 http_max_bytes=1000
: >"$W/web.port.log"
http_proxy=http://127.0.0.1:1 HTTP_PROXY=http://127.0.0.1:1 \
    "$D" --config "$CFG" --var "$VAR" --once >/dev/null 2>&1
MSG="a web server answering 200 is active (even with http_proxy set)" \
    check status_is web-ok active
MSG="its status code, body size and time are recorded" \
    check test "$(cur web-ok "http_code || '/' || http_bytes || '/' || (http_ms > 0)")" = "200/3/1"
MSG="404 where 200-399 is expected: warning" check status_is web-404 warning
MSG="...with the reason" check grep -q 'http: status 404, expected 200-399' <<<"$(cur web-404 error)"
MSG="404 when the server expects 404: active" check status_is web-404-expected active
MSG="a redirect where 200 is expected: warning, not followed" \
    check test "$(status_of web-redir)/$(cur web-redir http_code)" = "warning/302"
MSG="a slow page (400 ms > latency_warn_ms 200) is a warning with no failed check" \
    check test "$(status_of web-slow)/$(cur web-slow failed)" = "warning/0"
MSG="...and the latency is the slow check's" check between "$(cur web-slow latency_ms)" 390 3000
MSG="a load balancer gets the HTTP check; its body is cut at 1000 bytes" \
    check test "$(status_of lb-big)/$(cur lb-big http_bytes)" = "active/1000"
MSG="a database gets no HTTP check" check test "$(cur db-no-http checks)" = 1
MSG="the daemon asked for the configured paths only" \
    check test "$(sort -u "$W/web.port.log" | tr '\n' ' ')" = "/ /big /missing /redir-file /slow "
MSG="daemon_probes_total{kind=http} counts 6 checks" \
    check test "$(counter daemon_probes_total http)" = 6

# HTTPS: the certificate is verified unless http_tls_verify=0.
if command -v openssl >/dev/null; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
        -keyout "$W/tls.key" -out "$W/tls.crt" >/dev/null 2>&1
    cat "$W/tls.key" "$W/tls.crt" >"$W/secure.port.pem"
    serve https 127.0.0.1 0 secure
    S=$PORT_OUT
    add_server web-tls web 127.0.0.1 "$S"
    probe_set web-tls http_scheme "'https'"
    setcfg fail_count=1 icmp=0 metrics=0
    "$D" --config "$CFG" --var "$VAR" --once >/dev/null 2>&1
    MSG="https with a self-signed certificate: the check fails (verified)" \
        check grep -qi 'certificate' <<<"$(cur web-tls error)"
    setcfg fail_count=1 icmp=0 metrics=0 http_tls_verify=0
    "$D" --config "$CFG" --var "$VAR" --once >/dev/null 2>&1
    MSG="...and passes with http_tls_verify=0 (https on port $S)" \
        check test "$(status_of web-tls)/$(cur web-tls http_code)" = "active/200"
else
    MSG="HTTPS case skipped (no openssl)" check true
fi
