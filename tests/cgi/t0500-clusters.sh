# t0500-clusters.sh — clusters from selected servers, wired by role; edit,
# membership, delete.
for s in "lb1 loadbalancer" "web1 web" "web2 web" "db1 database" "cache1 cache" "mon1 monitoring" "bk1 backup"; do
    set -- $s
    post add_server.cgi "id=$1&type=$2&ip=10.0.1.$((RANDOM % 250 + 1))"
done
post create_cluster.cgi "name=prod&description=Production&servers=lb1&servers=web1&servers=web2&servers=db1&servers=cache1&servers=mon1&servers=bk1"
check status_is 302
check header_has Location "edit_cluster.cgi?name=prod"
check sql_is "SELECT count(*) FROM cluster_members WHERE cluster='prod'" 7
MSG="load balancer -> web over http" check sql_is "SELECT count(*) FROM connections WHERE from_id='lb1' AND type='http'" 2
MSG="web -> database" check sql_is "SELECT count(*) FROM connections WHERE to_id='db1' AND type='database'" 2
MSG="web -> cache" check sql_is "SELECT count(*) FROM connections WHERE to_id='cache1' AND type='cache'" 2
MSG="monitoring -> every other member" check sql_is "SELECT count(*) FROM connections WHERE from_id='mon1' AND type='monitoring'" 6
MSG="every member is connected" check sql_is "SELECT count(*) FROM servers s WHERE NOT EXISTS (SELECT 1 FROM connections c WHERE c.from_id=s.id OR c.to_id=s.id)" 0

post create_cluster.cgi "name=prod&servers=web1"
MSG="a duplicate cluster name is 409" check status_is 409
post create_cluster.cgi "name=other&servers=web1&servers=ghost"
MSG="an unknown member is 404" check status_is 404
MSG="…and nothing of it is stored" check sql_is "SELECT count(*) FROM clusters WHERE name='other'" 0
post create_cluster.cgi "name=bad%20name"
MSG="a bad cluster name is 400" check status_is 400

cgi GET edit_cluster.cgi "name=prod"
check status_is 200
check body_has "Production"
check body_has "7 members."
post save_cluster.cgi "name=prod&description=Live+site"
check status_is 302
check sql_is "SELECT description FROM clusters WHERE name='prod'" "Live site"
post save_cluster.cgi "name=prod&remove=bk1"
check sql_is "SELECT members FROM clusters WHERE name='prod'" 6
post save_cluster.cgi "name=prod&remove=bk1"
MSG="removing a non-member is an error" check status_is 404
post save_cluster.cgi "name=prod&add=bk1&return=server"
check header_has Location "edit_server.cgi?id=bk1"
cgi GET index.cgi ""
check body_has 'edit_cluster.cgi?name=prod'
post delete_cluster.cgi "name=prod"
check status_is 302
check sql_is "SELECT count(*) FROM clusters" 0
MSG="deleting a cluster keeps its servers" check sql_is "SELECT count(*) FROM servers" 7
