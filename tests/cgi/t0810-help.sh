# t0810-help.sh — every shipped help page opens through help.cgi in
# English and in Spanish (each language its own file, its own heading), and
# every CGI page of the module has one (tests/lang checks the files; this
# checks they are served).
for f in "$STAGE"/help/*.html; do
    name=${f##*/}
    case $name in *.*.html) continue ;; esac
    page=${name%.html}
    en_head=$(sed -n 's:.*<header>\(.*\)</header>.*:\1:p' "$f" | head -1)
    es_head=$(sed -n 's:.*<header>\(.*\)</header>.*:\1:p' \
        "$STAGE/help/$page.es.html" 2>/dev/null | head -1)
    cgi GET help.cgi "page=$page"
    MSG="help page $page opens in English" check status_is 200
    MSG="help page $page shows its heading '$en_head'" check body_has "<h2>$en_head</h2>"
    printf 'lang_admin=es\n' >>"$WEBMIN_CONFIG/config"
    cgi GET help.cgi "page=$page"
    sed -i '/^lang_admin=es$/d' "$WEBMIN_CONFIG/config"
    MSG="help page $page opens in Spanish" check status_is 200
    MSG="help page $page shows its Spanish heading '$es_head'" \
        check test -n "$es_head" -a "$es_head" != "$en_head"
    check body_has "<h2>$es_head</h2>"
done
for c in "$STAGE"/*.cgi; do
    page=${c##*/}
    page=${page%.cgi}
    page=${page#nph-}
    MSG="$page.cgi has a help page" check test -f "$STAGE/help/$page.html"
done
cgi GET help.cgi "page=no-such-page"
MSG="a missing help page is 404" check status_is 404
