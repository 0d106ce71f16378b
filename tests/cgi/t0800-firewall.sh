# t0800-firewall.sh — firewall.cgi: a server's ufw and nftables rules shown
# escaped in the page and downloaded with a safe file name; connections in
# either direction, IPv6 peers, host names as peers, public web ports, UDP
# for DNS; bad parameters; read-only and cluster-limited users; nothing is
# ever written. The downloaded text goes through `nft -c -f` and
# `ufw --dry-run` when those work here (reported as skipped otherwise).
for s in "db1 database 10.0.0.10" "web1 web 10.0.0.5" "web2 web web2.example.com" \
    "web3 web 2001:DB8::5" "lb1 loadbalancer 10.0.0.2" "ns1 dns 10.0.0.53"; do
    set -- $s
    post add_server.cgi "id=$1&type=$2&ip=$3"
done
post connect.cgi "from=web1&to=db1&type=database"
post connect.cgi "from=db1&to=web2&type=database"
post connect.cgi "from=web3&to=db1&type=database"
post connect.cgi "from=lb1&to=web1&type=http"
post connect.cgi "from=web1&to=ns1&type=standard"
MSG="the estate for the firewall tests is in place" check sql_is "SELECT count(*) FROM connections" 5
dump() { sqlite3 -readonly "$DB" .dump; }
before=$(dump)

cgi GET firewall.cgi "id=db1"
MSG="db1's rules page opens" check status_is 200
MSG="it is HTML in the module frame" check body_has 'data-dcontainer="1"'
check header_has Content-type "text/html"
MSG="web1 (db1 -> web1 made from web1) is allowed the database ports" \
    check body_has "ufw allow from 10.0.0.5 to any port 3306,5432,27017 proto tcp comment &#39;uc web1&#39;"
MSG="web3's IPv6 address is used, in canonical form" \
    check body_has "ip6 saddr 2001:db8::5 tcp dport { 3306, 5432, 27017 } accept comment &quot;web3&quot;"
MSG="web2 (connected from db1) has a host name: a comment names it" \
    check body_has "# web2 (web2.example.com): ufw needs an IP address, not a host name"
MSG="...and nft says the same" \
    check body_has "# web2 (web2.example.com): nft needs an IP address, not a host name"
MSG="lb1 is not connected to db1 and gets nothing" check body_lacks "10.0.0.2"
MSG="others are dropped on the database ports" check body_has "tcp dport { 3306, 5432, 27017 } drop"
MSG="quotes in the scripts are escaped in the page" check body_lacks "comment 'uc web1'"
MSG="...double quotes too" check body_lacks 'comment "web3"'
MSG="there is a download link for each format" \
    check body_has 'href="firewall.cgi?id=db1&amp;format=ufw&amp;download=1"'
check body_has 'href="firewall.cgi?id=db1&amp;format=nft&amp;download=1"'
MSG="the page links back to the server" check body_has 'href="edit_server.cgi?id=db1"'
MSG="the page links to its help" check body_has 'help.cgi?page=firewall'
MSG="the page says nothing is applied by the module" check body_has "never changes a firewall by itself"
MSG="a database server has no public-ports checkbox" check body_lacks 'name="public"'
cgi GET firewall.cgi "id=lb1"
MSG="a load balancer has the public-ports checkbox, unticked" \
    check body_has '<input type="checkbox" name="public" value="1">'
cgi GET firewall.cgi "id=lb1&public=1"
MSG="...ticked when public=1" check body_has '<input type="checkbox" name="public" value="1" checked>'
MSG="...and the download links keep public=1" \
    check body_has 'href="firewall.cgi?id=lb1&amp;format=nft&amp;public=1&amp;download=1"'
cgi GET firewall.cgi "id=db1"
check stderr_empty

# Authentic sends link clicks as POST with the query string.
post firewall.cgi "" "id=db1&public=1"
MSG="a PJAX POST shows the page too" check status_is 200
MSG="public asked for a database: the page says only web/lb can be public" \
    check body_has "Only web and load balancer servers can have public ports"
MSG="...and the rules say so" check body_has "# Public web ports were asked for"
MSG="...and open nothing to everyone" check body_lacks "comment &#39;uc public web&#39;"

# Downloads.
have_nft=0
printf 'table inet uc_probe {\n}\n' >"$T/probe.nft"
command -v nft >/dev/null 2>&1 && nft -c -f "$T/probe.nft" >/dev/null 2>&1 && have_nft=1
have_ufw=0
if command -v ufw >/dev/null 2>&1 &&
    ufw --dry-run allow from 10.0.0.1 to any port 1 proto tcp >/dev/null 2>&1; then
    have_ufw=1
    mkdir -p "$T/ufwshim"
    printf '#!/bin/sh\nexec %s --dry-run "$@"\n' "$(command -v ufw)" >"$T/ufwshim/ufw"
    chmod +x "$T/ufwshim/ufw"
fi
nft_check() { # nft_check FILE — syntax and semantics, no change made
    if [ "$have_nft" = 1 ]; then
        MSG="${1##*/} passes nft -c -f" check nft -c -f "$1"
    else
        ok "${1##*/} passes nft -c -f (skipped: nft is not usable here)"
    fi
}
ufw_check() { # ufw_check FILE N — every command passes ufw --dry-run
    if [ "$have_ufw" = 1 ]; then
        PATH="$T/ufwshim:$PATH" sh "$1" >"$T/ufw.out" 2>&1
        MSG="${1##*/} runs under ufw --dry-run" check test $? = 0
        # Our rules' comments start "uc " (ufw shows comments in hex).
        MSG="${1##*/} makes $2 ufw rules" \
            check test "$(grep -c '^### tuple ###.* comment=7563' "$T/ufw.out")" = "$2"
    else
        ok "${1##*/} runs under ufw --dry-run (skipped: ufw is not usable here)"
    fi
}
body_file() { sed '1,/^\r\{0,1\}$/d' "$OUT" >"$T/$1"; }

cgi GET firewall.cgi "id=db1&format=ufw&download=1"
MSG="the ufw download is 200" check status_is 200
check header_has Content-type "text/plain; charset=UTF-8"
check header_has Content-Disposition 'attachment; filename="firewall-db1.sh"'
MSG="the security headers are still sent" check header_has X-Content-Type-Options nosniff
MSG="the ufw file is a shell script" check body_has '#!/bin/sh'
MSG="the ufw file is plain text, not escaped" check body_has "comment 'uc web1'"
MSG="the download is not wrapped in HTML" check body_lacks "<pre"
body_file db1.sh
# web1 and web3 (v4, and v6 which ufw also allows once) -> 2 tuples.
ufw_check "$T/db1.sh" 2

cgi GET firewall.cgi "id=db1&format=nft&download=1"
check header_has Content-Disposition 'attachment; filename="firewall-db1.nft"'
MSG="the nft file starts with its interpreter line" check body_has '#!/usr/sbin/nft -f'
body_file db1.nft
nft_check "$T/db1.nft"

cgi GET firewall.cgi "id=web1&format=nft&download=1&public=1"
MSG="public web: 80 and 443 open to everyone" check body_has 'tcp dport { 80, 443 } accept comment "public web"'
MSG="public web: 8080 stays for peers" check body_has 'ip saddr 10.0.0.2 tcp dport { 8080 } accept comment "lb1"'
MSG="public web: peers from both directions" check body_has 'ip saddr 10.0.0.10 tcp dport { 8080 }'
check body_has 'ip saddr 10.0.0.53 tcp dport { 8080 }'
body_file web1.nft
nft_check "$T/web1.nft"
cgi GET firewall.cgi "id=web1&format=ufw&download=1&public=1"
body_file web1.sh
# public 80,443 (v4 + v6) + 8080 for lb1, db1, ns1.
ufw_check "$T/web1.sh" 5

cgi GET firewall.cgi "id=ns1&format=nft&download=1"
MSG="DNS is opened for TCP and UDP" check body_has 'ip saddr 10.0.0.5 udp dport { 53 } accept comment "web1"'
check body_has 'ip saddr 10.0.0.5 tcp dport { 53 } accept comment "web1"'
body_file ns1.nft
nft_check "$T/ns1.nft"
cgi GET firewall.cgi "id=ns1&format=ufw&download=1"
body_file ns1.sh
ufw_check "$T/ns1.sh" 2

# Bad parameters: refused with the field named, nothing written.
bad() { # bad QUERY STATUS TEXT
    cgi GET firewall.cgi "$1"
    MSG="firewall.cgi?$1 -> $2" check status_is "$2"
    MSG="firewall.cgi?$1 names: $3" check body_has "$3"
}
bad "id=db1&format=pdf&download=1" 400 "Format"
bad "id=db1&public=2" 400 "Public web ports"
bad "id=db1&download=yes" 400 "Download"
bad "id=ghost" 404 "There is no server with id ghost."
bad "id=-bad" 400 "Server id"
bad "" 400 "Server id"
bad "id=db1&evil=1" 400 "evil"
MSG="bad requests return HTML, not a download" check header_has Content-type "text/html"

MSG="no firewall request changed the database" check test "$(dump)" = "$before"

# The server page links here.
cgi GET edit_server.cgi "id=db1"
MSG="the server page has a Firewall rules link" check body_has 'href="firewall.cgi?id=db1">Firewall rules</a>'

# A read-only user may look at the rules.
CGI_USER=viewer
printf 'viewer: unlimited-cluster\n' >>"$WEBMIN_CONFIG/webmin.acl"
printf 'edit=0\n' >"$WEBMIN_CONFIG/unlimited-cluster/viewer.acl"
cgi GET firewall.cgi "id=db1"
MSG="a read-only user sees the rules" check status_is 200
cgi GET edit_server.cgi "id=db1"
MSG="a read-only user has the Firewall rules link" check body_has 'href="firewall.cgi?id=db1"'

# A user limited to one cluster gets rules for the peers it may see only.
CGI_USER="admin"
post create_cluster.cgi "name=alpha&servers=db1&servers=web1&autoconnect=0"
CGI_USER=scoped
printf 'scoped: unlimited-cluster\n' >>"$WEBMIN_CONFIG/webmin.acl"
printf 'clusters=alpha\n' >"$WEBMIN_CONFIG/unlimited-cluster/scoped.acl"
cgi GET firewall.cgi "id=db1&format=nft&download=1"
MSG="limited to alpha: web1 is allowed" check body_has 'ip saddr 10.0.0.5 tcp dport'
MSG="limited to alpha: web3 (outside alpha) is not named" check body_lacks "web3"
MSG="limited to alpha: web2 (outside alpha) is not named" check body_lacks "web2"
cgi GET firewall.cgi "id=web3"
MSG="limited to alpha: web3's rules are not found" check status_is 404
CGI_USER="admin"

# A server with thousands of connections: read in pages of 1000, all in
# the download; the page shows the start and says how much is left out.
# (Set up in SQL: 3100 add_server requests would take most of a minute.)
sqlite3 "$DB" "BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 3099)
INSERT INTO servers(id, name, type, ip, created, updated)
  SELECT printf('p%04d', i), printf('p%04d', i), 'web',
         printf('10.9.%d.%d', i / 250, i % 250 + 1), 0, 0 FROM n;
INSERT INTO connections(from_id, to_id, type, created)
  SELECT CASE WHEN rid % 2 THEN id ELSE 'db1' END,
         CASE WHEN rid % 2 THEN 'db1' ELSE id END, 'database', 0
  FROM servers WHERE id LIKE 'p%';
COMMIT;"
cgi GET firewall.cgi "id=db1&format=nft&download=1"
MSG="3100 more peers: every one is in the download" \
    check test "$(grep -c 'saddr 10\.9\.' <<<"$BODY")" = 3100
MSG="...across page boundaries" check body_has 'ip saddr 10.9.4.1 tcp dport'
check body_has 'comment "p1000"'
check body_has 'comment "p3099"'
cgi GET firewall.cgi "id=db1"
MSG="the page shows a long script only in part" check body_has "more lines, not shown here: download the file to see them all."
MSG="...cut at a line end" check body_lacks 'p3099'
MSG="the page stays small" check test "$(wc -c <"$OUT")" -lt 700000

# Spanish.
printf 'lang_admin=es\n' >>"$WEBMIN_CONFIG/config"
cgi GET firewall.cgi "id=db1"
MSG="the page follows the user's language" check body_has "Reglas de cortafuegos"
check body_has "Descargar el script de ufw"
sed -i '/^lang_admin=es$/d' "$WEBMIN_CONFIG/config"
