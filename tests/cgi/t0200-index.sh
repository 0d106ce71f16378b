# t0200-index.sh — the dashboard: Authentic wrapper, security headers,
# Content-type, both languages, read-only users.
cgi GET index.cgi ""
check status_is 200
MSG="Content-type header in miniserv's form" check header_has Content-type "text/html; charset=UTF-8"
check header_has X-Frame-Options SAMEORIGIN
check header_has X-Content-Type-Options nosniff
check header_has Content-Security-Policy "frame-ancestors 'self'"
MSG="Authentic PJAX wrapper" check body_has 'data-dcontainer="1"'
check body_has "Servers by type"
check body_has "Add a server"
MSG="Module Config link under miniserv" check body_has "/config.cgi?unlimited-cluster"
check stderr_empty
MSG="the database is created under WEBMIN_VAR" check test -f "$DB"

cgi POST index.cgi "" ""
MSG="Authentic sends link clicks as POST: index still renders" check status_is 200

printf 'lang_admin=es\n' >>"$WEBMIN_CONFIG/config"
cgi GET index.cgi ""
MSG="Spanish for a user whose Webmin language is es" check body_has "Servidores por tipo"
check body_has 'lang="es"'

printf 'edit=0\n' >"$WEBMIN_CONFIG/unlimited-cluster/admin.acl"
printf 'lang_admin=en\n' >>"$WEBMIN_CONFIG/config"
cgi GET index.cgi ""
MSG="a read-only user sees no edit forms" check body_lacks 'action="add_server.cgi"'
check body_has "may not change it"
post add_server.cgi "id=web1&type=web&ip=10.0.0.1"
MSG="a read-only user cannot add" check status_is 403
MSG="nothing stored for a read-only user" check sql_is "SELECT count(*) FROM servers" 0
printf 'noconfig=1\nedit=1\n' >"$WEBMIN_CONFIG/unlimited-cluster/admin.acl"
cgi GET index.cgi ""
MSG="noconfig hides Module Config" check body_lacks "/config.cgi?unlimited-cluster"

cgi GET index.cgi "sort=bogus"
MSG="a bad sort is a 400 naming the field" check status_is 400
check body_has "Sort"
cgi GET index.cgi "nosuchfield=1"
MSG="an unknown field is refused" check status_is 400
cgi GET index.cgi "xnavigation=1&_pjax=%5Bdata-dcontainer%5D"
MSG="Authentic's own parameters are accepted" check status_is 200

# Module Config: the estate's name and description, and the dark scheme.
printf 'cluster_name=Prod <EU>\ncluster_desc=Main & only\ntheme=dark\n' \
    >>"$WEBMIN_CONFIG/unlimited-cluster/config"
rm -f "$WEBMIN_CONFIG/unlimited-cluster/admin.acl"
cgi GET index.cgi ""
MSG="the estate's name from Module Config is beside the title, escaped" check body_has '<small class="uc-estate">Prod &lt;EU&gt;</small>'
MSG="…and its description under it, escaped" check body_has 'Main &amp; only'
MSG="theme=dark marks the page for the dark scheme" check body_has 'data-uc-theme="dark"'
