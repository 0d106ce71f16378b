# t0100-access.sh — the module-access check miniserv does not do for us:
# every CGI refuses a user without the module on its webmin.acl line, an
# RPC-only user and an empty user; "*" grants.
ALL_CGIS="index.cgi add_server.cgi edit_server.cgi save_server.cgi
delete_server.cgi connect.cgi disconnect.cgi create_cluster.cgi
edit_cluster.cgi save_cluster.cgi delete_cluster.cgi help.cgi"

CGI_USER=limited
printf 'limited: system-status\n' >>"$WEBMIN_CONFIG/webmin.acl"
for c in $ALL_CGIS; do
    cgi POST "$c" "" "id=x1&name=n&type=web&ip=10.0.0.1"
    MSG="$c refuses a user without the module" check status_is 403
done
check body_has "User limited is not allowed to use this module."
check stderr_empty
MSG="refused requests store nothing" check test ! -e "$DB" -o "$(sql 'SELECT count(*) FROM servers' 2>/dev/null || echo 0)" = 0

CGI_USER=nobody-here
cgi GET index.cgi ""
MSG="a user with no webmin.acl line is refused" check status_is 403

CGI_USER=
cgi GET index.cgi ""
MSG="an empty user is refused" check status_is 403

CGI_USER=rpcuser
printf 'rpcuser: unlimited-cluster\n' >>"$WEBMIN_CONFIG/webmin.acl"
printf 'rpc=3\n' >"$WEBMIN_CONFIG/rpcuser.acl"
cgi GET index.cgi ""
MSG="an RPC-only user (rpc=3) is refused" check status_is 403

CGI_USER=star
printf 'star: *\n' >>"$WEBMIN_CONFIG/webmin.acl"
cgi GET index.cgi ""
MSG="a user with * may use the module" check status_is 200

CGI_USER=other
printf 'other: unlimited-cluster\n' >>"$WEBMIN_CONFIG/webmin.acl"
CGI_ENV=("BASE_REMOTE_USER=limited")
cgi GET index.cgi ""
MSG="BASE_REMOTE_USER decides, not REMOTE_USER" check status_is 403
CGI_ENV=()
CGI_USER=admin
