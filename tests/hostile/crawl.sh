# crawl.sh — HTML escaping over every page (sourced by run.sh after the
# table, on the seeded estate whose names and descriptions hold <x-uc-7>,
# </script>, <img onerror> and <svg onload>). Fetches every page of the
# stage, the pages that show each seeded object, error pages that echo a
# hostile value, and every module link found in the HTML (bounded), with
# GET as miniserv would. Every HTML answer must hold no raw marker; JSON
# answers (but an export document) must not hold a raw "</script" and
# must carry nosniff;
# the pages that show the seeded names must show them escaped.
# shellcheck shell=bash

CRAWL_MAX=200
declare -A CRAWL_SEEN=()
CRAWL_QUEUE=()
CRAWL_HTML=0
CRAWL_ESCAPED=0

crawl_add() {
    local u=$1
    [ -n "${CRAWL_SEEN[$u]+x}" ] && return 0
    CRAWL_SEEN[$u]=1
    CRAWL_QUEUE+=("$u")
}

# Every page of the module, bare, then with the seeded objects.
# (events.cgi streams: asked for one poll instead of a 5-minute stream.)
CRAWL_SEEN[events.cgi]=1
for f in "$STAGE"/*.cgi; do crawl_add "$(basename "$f")"; done
for u in "edit_server.cgi?id=web1" "edit_server.cgi?id=db1" \
    "edit_server.cgi?id=lb1" "edit_cluster.cgi?name=c1" \
    "index.cgi?cluster=c1" "index.cgi?q=x-uc" "index.cgi?q=DROP" \
    "index.cgi?sort=name&desc=1" "index.cgi?region=us-east-1" \
    "firewall.cgi?id=web1" "firewall.cgi?id=lb1&format=nftables" \
    "firewall.cgi?id=db1&download=1" "diagram.cgi?full=1" \
    "diagram_data.cgi" "diagram_data.cgi?format=html" \
    "events.cgi?poll=1" "network.cgi?id=web1" "performance.cgi?id=web1" \
    "nph-api.cgi/servers" "nph-api.cgi/servers/web1" "nph-api.cgi/clusters/c1" \
    "nph-api.cgi/export" "nph-api.cgi/export?format=fossflow" \
    "nph-api.cgi/export?format=html" "nph-api.cgi/connections" \
    "nph-api.cgi/targets" "nph-api.cgi/metrics" \
    "index.cgi?q=%3Cx-uc-7%3E" "index.cgi?sort=%3Cx-uc-7%3E" \
    "index.cgi?type=%3Cx-uc-7%3E" "index.cgi?after_id=%3Cx-uc-7%3E" \
    "index.cgi?limit=%3Cx-uc-7%3E" "index.cgi?%3Cx-uc-7%3E=1" \
    "edit_server.cgi?id=%3Cx-uc-7%3E" "edit_cluster.cgi?name=%22%3E%3Cx-uc-7%3E" \
    "help.cgi?page=%3Cx-uc-7%3E" "firewall.cgi?id=web1&format=%3Cx-uc-7%3E" \
    "diagram.cgi?focus=%3Cx-uc-7%3E" "diagram_data.cgi?layout=%3Cx-uc-7%3E" \
    "nph-api.cgi/servers?q=%3Cx-uc-7%3E" "nph-api.cgi/servers?sort=%3Cx-uc-7%3E"; do
    crawl_add "$u"
done

: >"$T/empty"
i=0
while [ "$i" -lt "${#CRAWL_QUEUE[@]}" ] && [ "$i" -lt "$CRAWL_MAX" ]; do
    u=${CRAWL_QUEUE[$i]}
    i=$((i + 1))
    request GET "$u" - "$T/empty"
    check_common "crawl $u"
    why=()
    [[ $STATUS == 5* || $STATUS == exit* || $STATUS == timeout ]] &&
        why+=("status $STATUS: $(body_excerpt)")
    lc=${HEADERS,,}
    if [[ $lc == *$'\ncontent-type: text/html'* ]]; then
        CRAWL_HTML=$((CRAWL_HTML + 1))
        for m in '<x-uc-' '<script>alert' '<img src=x' '<svg onload' \
            '</textarea></title>'; do
            grep -qF -- "$m" "$OUT.body" &&
                why+=("raw '$m' near: $(grep -oF -m1 -- "$m" "$OUT.body" | head -c 80)")
        done
        grep -qF '&lt;x-uc-7&gt;' "$OUT.body" && CRAWL_ESCAPED=$((CRAWL_ESCAPED + 1))
        # Follow the module's own links (relative .cgi ones).
        while IFS= read -r link; do
            link=${link#href=\"}
            link=${link%\"}
            link=${link//&amp;/&}
            case "$link" in
                *://* | /* | *'#'* | '') ;;
                *.cgi | *.cgi\?*) crawl_add "$link" ;;
            esac
        done < <(grep -oE 'href="[^"]*"' "$OUT.body" | head -n 300)
    elif [[ $lc == *$'\ncontent-type: application/json'* ]]; then
        # An export is a document to download, not data for a page.
        [[ $u != nph-api.cgi/export* ]] && grep -qiF '</script' "$OUT.body" &&
            why+=("raw </script in JSON")
        [[ $lc == *$'\nx-content-type-options: nosniff'* ]] ||
            why+=("JSON without nosniff")
    fi
    if [ ${#why[@]} -eq 0 ]; then ok "crawl $u: $STATUS, escaped"
    else not_ok "crawl $u" "${why[@]}"; fi
done
MSG_PAGES="$i fetched, $CRAWL_HTML HTML, $CRAWL_ESCAPED show <x-uc-7> escaped"
if [ "$CRAWL_HTML" -ge 10 ] && [ "$CRAWL_ESCAPED" -ge 3 ]; then
    ok "crawl: $MSG_PAGES"
else
    not_ok "crawl: too little was checked ($MSG_PAGES)"
fi
# The pages that show each seeded text show it escaped, whole.
for pair in "index.cgi|Web &lt;x-uc-7&gt; &quot;dq&quot; &#39;sq&#39; &amp; &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" \
    "edit_server.cgi?id=db1|DB&#39;); DROP TABLE servers;-- &lt;x-uc-7&gt;" \
    "edit_server.cgi?id=lb1|LB &lt;img src=x onerror=alert(1)&gt; &lt;x-uc-7&gt;" \
    "edit_cluster.cgi?name=c1|&lt;x-uc-7&gt;&lt;svg onload=alert(1)&gt; &quot;&#39;&gt; &lt;/textarea&gt;&lt;/title&gt;"; do
    u=${pair%%|*}
    want=${pair#*|}
    request GET "$u" - "$T/empty"
    if grep -qF -- "$want" "$OUT.body"; then ok "$u shows the seeded text escaped"
    else not_ok "$u shows the seeded text escaped" "lacks: $want"; fi
done
