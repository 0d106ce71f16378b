# t0900-permissions.sh — the module ACL on every page: a user without
# `edit` changes nothing anywhere; a user limited to one cluster (ACL
# `clusters`) sees only its servers and can neither see nor touch another
# cluster's, and every refused request leaves the database as it was.

# An estate made by the administrator: alpha = a1 a2, beta = b1 b2, lone.
for s in a1:web a2:database b1:web b2:cache lone:dns; do
    post add_server.cgi "id=${s%%:*}&type=${s##*:}&ip=10.0.0.${#s}"
done
post create_cluster.cgi "name=alpha&servers=a1&servers=a2"
post create_cluster.cgi "name=beta&servers=b1&servers=b2"
post connect.cgi "from=a1&to=a2&type=database"
post connect.cgi "from=a1&to=b1&type=http"
post connect.cgi "from=b1&to=b2&type=cache"
MSG="the estate is in place" check sql_is "SELECT count(*) FROM connections" 3
dump() { sqlite3 -readonly "$DB" .dump; }
before=$(dump)
unchanged() { [ "$(dump)" = "$before" ]; }

# Every request that changes data, against the administrator's estate.
WRITES=(
    "add_server.cgi|id=new1&type=web&ip=10.1.1.1"
    "save_server.cgi|id=a1&name=renamed&type=web&ip=10.0.0.9"
    "delete_server.cgi|id=a1"
    "connect.cgi|from=a2&to=lone&type=standard"
    "disconnect.cgi|from=a1&to=a2"
    "create_cluster.cgi|name=gamma&servers=a1"
    "save_cluster.cgi|name=alpha&description=changed"
    "delete_cluster.cgi|name=alpha"
)

CGI_USER=viewer
printf 'viewer: unlimited-cluster\n' >>"$WEBMIN_CONFIG/webmin.acl"
printf 'edit=0\n' >"$WEBMIN_CONFIG/unlimited-cluster/viewer.acl"
for w in "${WRITES[@]}"; do
    post "${w%%|*}" "${w#*|}"
    MSG="without edit, ${w%%|*} is refused (403)" check status_is 403
done
MSG="without edit, nothing changed" check unchanged
cgi GET index.cgi ""
MSG="without edit, the dashboard still shows every server" check body_has "edit_server.cgi?id=lone"

CGI_USER=scoped
printf 'scoped: unlimited-cluster\n' >>"$WEBMIN_CONFIG/webmin.acl"
printf 'clusters=alpha\n' >"$WEBMIN_CONFIG/unlimited-cluster/scoped.acl"
cgi GET index.cgi ""
check status_is 200
MSG="limited to alpha: its servers are listed" check body_has "edit_server.cgi?id=a2"
for hidden in b1 b2 lone; do
    MSG="limited to alpha: $hidden is not listed" check body_lacks "edit_server.cgi?id=$hidden"
done
MSG="limited to alpha: beta is not listed" check body_lacks "edit_cluster.cgi?name=beta"
MSG="limited to alpha: no form to create clusters" check body_lacks 'action="create_cluster.cgi"'
MSG="limited to alpha: the add form asks for one of the user's clusters" check body_has '<option>alpha</option>'
cgi GET index.cgi "q=b1"
MSG="limited to alpha: a search does not find b1" check body_lacks "edit_server.cgi?id=b1"
cgi GET edit_server.cgi "id=b1"
MSG="limited to alpha: b1's page is not found" check status_is 404
cgi GET edit_cluster.cgi "name=beta"
MSG="limited to alpha: beta's page is not found" check status_is 404
cgi GET edit_server.cgi "id=a1"
MSG="limited to alpha: a1's page is there" check status_is 200
MSG="limited to alpha: a1's link to b1 is hidden" check body_lacks "b1"

HIDDEN=(
    "save_server.cgi|id=b1&name=mine&type=web&ip=10.0.0.9|404"
    "delete_server.cgi|id=b2|404"
    "delete_server.cgi|servers=a1&servers=lone|404"
    "connect.cgi|from=a1&to=lone&type=standard|404"
    "disconnect.cgi|from=a1&to=b1|404"
    "save_cluster.cgi|name=beta&description=mine|404"
    "save_cluster.cgi|name=alpha&add=lone|404"
    "delete_cluster.cgi|name=beta|404"
    "create_cluster.cgi|name=gamma&servers=a1|403"
    "add_server.cgi|id=new2&type=web&ip=10.1.1.2|400"
    "add_server.cgi|id=new3&type=web&ip=10.1.1.3&cluster=beta|404"
)
for h in "${HIDDEN[@]}"; do
    IFS='|' read -r page body want <<<"$h"
    post "$page" "$body"
    MSG="limited to alpha: $page $body is refused ($want)" check status_is "$want"
done
MSG="limited to alpha: nothing outside alpha changed" check unchanged

post add_server.cgi "id=a3&type=cache&ip=10.0.0.33&cluster=alpha"
MSG="limited to alpha: a server added into alpha is stored" check status_is 302
check sql_is "SELECT server FROM cluster_members WHERE cluster='alpha' ORDER BY server" "a1
a2
a3"
post save_server.cgi "id=a1&name=Front&type=web&ip=10.0.0.9"
MSG="limited to alpha: a1 can be changed" check sql_is "SELECT name FROM servers WHERE id='a1'" "Front"
CGI_USER=admin
