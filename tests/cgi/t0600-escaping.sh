# t0600-escaping.sh — user data never reaches a page unescaped.
post add_server.cgi "id=x1&name=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27&type=web&ip=10.0.0.1"
check status_is 302
post create_cluster.cgi "name=c1&description=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E&servers=x1"
for page in "index.cgi " "edit_server.cgi id=x1" "edit_cluster.cgi name=c1" "index.cgi q=%3Cb%3E"; do
    set -- $page
    cgi GET "$1" "${2-}"
    MSG="$page escapes the name" check body_lacks "<script>alert"
    MSG="$page escapes the description" check body_lacks "<img src=x"
done
cgi GET index.cgi ""
check body_has "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"
post add_server.cgi "id=x2&type=%3Cb%3Eweb&ip=10.0.0.2"
check status_is 400
MSG="the error page echoes the bad value…" check body_has "&lt;b&gt;web"
MSG="…escaped" check body_lacks "<b>web"
