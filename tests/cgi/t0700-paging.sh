# t0700-paging.sh — the table pages by keyset, sorts and searches.
body=""
for i in $(seq -w 1 120); do
    post add_server.cgi "id=node-$i&name=Node+$i&type=web&ip=10.2.0.$((10#$i))&region=r$((10#$i % 3))"
done
check sql_is "SELECT count(*) FROM servers" 120
cgi GET index.cgi ""
MSG="first page shows 50 rows" check test "$(grep -o 'class="uc-sel"' <<<"$BODY" | wc -l)" = 50
check body_has "120 servers match."
next=$(grep -o 'href="index.cgi?[^"]*after_id=[^"]*"' <<<"$BODY" | head -1 | sed 's/^href="index.cgi?//; s/"$//; s/&amp;/\&/g')
MSG="a Next link carries a cursor" check test -n "$next"
cgi GET index.cgi "$next"
MSG="the next page starts after the first" check body_has 'value="node-051"'
check body_lacks 'value="node-050"'
cgi GET index.cgi "limit=10&sort=name&desc=1"
MSG="sorting descending" check test "$(grep -o 'class="uc-sel" value="[^"]*"' <<<"$BODY" | head -1)" = 'class="uc-sel" value="node-120"'
cgi GET index.cgi "q=ode-11"
MSG="a substring search finds matches" check body_has 'value="node-110"'
check body_lacks 'value="node-001"'
check body_has "10 servers match."
cgi GET index.cgi "q=de-007"
check body_has 'value="node-007"'
cgi GET index.cgi "region=r1&type=web"
check body_has "40 servers match."
cgi GET index.cgi "limit=5000"
MSG="an oversized page is refused" check status_is 400
