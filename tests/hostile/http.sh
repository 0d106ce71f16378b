# http.sh — the "+" cases of cases.tsv and path tricks through the real
# HTTP server (lighttpd on loopback, tools/lighttpd.sh, HTTP basic auth),
# on a copy of the seeded database (sourced by run.sh). Cases that lie in
# the CGI environment (CONTENT_LENGTH) are miniserv-only and are not here.
# shellcheck shell=bash disable=SC2034,SC2153  # DB, HEADERS, STATUS: read by run.sh

# shellcheck source=tools/lighttpd.sh disable=SC1091
. "$ROOT/tools/lighttpd.sh"
H_STATE=$T/lighttpd
H_USER="admin"
H_PASS=$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
uc_state_init "$H_STATE" "$H_USER" "$H_PASS" en
trap 'uc_server_stop "$H_STATE" >/dev/null 2>&1 || true; rm -rf "$T"' EXIT
H_DB=$H_STATE/var/modules/unlimited-cluster/cluster.db
cp "$PRISTINE" "$H_DB"
if ! uc_server_start "$H_STATE" "$STAGE" 0 >/dev/null; then
    not_ok "lighttpd starts on a free loopback port"
else
    H_BASE="http://127.0.0.1:$UC_PORT/unlimited-cluster"
    # The checks of run.sh read DB, PRISTINE and BASE_DUMP: point them at
    # lighttpd's copy.
    DB=$H_DB
    BASE_DUMP=$(db_dump)
    PRISTINE=$T/pristine-http.db
    cp "$H_DB" "$PRISTINE"

    # hcurl METHOD PATH CTYPE BODYFILE [curl args]: one request; STATUS,
    # HEADERS (status line dropped) and $OUT.body as request() sets them.
    hcurl() {
        local method=$1 path=$2 ctype=$3 bodyfile=$4
        shift 4
        local -a a=(-s --noproxy '*' --max-time 20 -u "$H_USER:$H_PASS"
            -e "$H_BASE/" -D "$OUT.hdr" -o "$OUT.body" -w '%{http_code}'
            -X "$method")
        [ "$ctype" != - ] && a+=(-H "Content-Type: $ctype")
        [ -s "$bodyfile" ] && a+=(--data-binary "@$bodyfile")
        STATUS=$(curl "${a[@]}" "$@" "$H_BASE/$path") || true
        [ -n "$STATUS" ] || STATUS=000
        HEADERS=$(tr -d '\r' <"$OUT.hdr" | sed 1d)
        : >"$OUT.err"
    }

    while IFS=$'\t' read -r name method target ctype body envs status expect chk; do
        [[ $name == +* ]] || continue
        name="http ${name#+}"
        expand "$body" >"$T/body"
        hcurl "$(expand "$method")" "$(expand "$target")" \
            "$(ctype_of "$ctype")" "$T/body"
        check_common "$name"
        if [ "$expect" = ok ]; then
            check_ok "$name" "$status" "$chk"
        else
            check_error "$name" "$status" "$expect" "$chk"
        fi
    done <"$HERE/cases.tsv"

    # Path tricks as a client sends them (--path-as-is keeps the dots;
    # lighttpd itself resolves "..", "//" and "%2e", and refuses encoded
    # NUL and CR/LF with its own 400): never a server error, never a file
    # of the host, nothing changed.
    : >"$T/empty"
    for p in "nph-api.cgi/servers/..%2f..%2f..%2fetc%2fpasswd" \
        "nph-api.cgi/servers/%2e%2e/%2e%2e/etc/passwd" \
        "nph-api.cgi/../../../../etc/passwd" \
        "nph-api.cgi/servers/web1%00.json" \
        "nph-api.cgi/servers/$(printf '%*s' 3000 '' | tr ' ' a)" \
        "nph-api.cgi/servers/web1%0d%0aX-Injected:%201" \
        "index.cgi/../../../etc/passwd" \
        "edit_server.cgi?id=..%2f..%2fetc%2fpasswd" \
        "help.cgi?page=..%2f..%2f..%2fetc%2fpasswd" \
        "help.cgi?page=%2fetc%2fpasswd"; do
        for m in GET DELETE; do
            hcurl "$m" "$p" - "$T/empty" --path-as-is
            check_common "http $m $p"
            why=()
            case "$STATUS" in 4??) ;; *) why+=("status $STATUS") ;; esac
            grep -q 'root:.*:0:0:' "$OUT.body" && why+=("/etc/passwd was served")
            if [ "$(db_dump)" != "$BASE_DUMP" ]; then
                why+=("stored data changed")
                restore_db
            fi
            if [ ${#why[@]} -eq 0 ]; then ok "http $m ${p:0:60}: $STATUS"
            else not_ok "http $m ${p:0:60}" "${why[@]}" "$(body_excerpt)"; fi
        done
    done

    if grep -qE 'AddressSanitizer|runtime error:' "$H_STATE/cgi-stderr.log" 2>/dev/null; then
        not_ok "http: no sanitizer report in CGI stderr"
    else
        ok "http: no sanitizer report in CGI stderr"
    fi
    uc_server_stop "$H_STATE" >/dev/null 2>&1 || true
fi
