# t1000-manage.sh — the menu, driven through standard input.
# shellcheck shell=bash

cat >"$T/answers" <<'IN'
2
web-1
web
10.0.0.1
Front end
us-east-1
2
db-1
database
10.0.0.2


2
bad
web
999.0.0.1


4
web-1
db-1
database
5
prod
web-1 db-1
The production pair
9
1
7
6
backup-from-menu.db
3
db-1
n
0
IN
IN="$T/answers" cc manage
expect 0 "the menu runs to Quit" "Bye."
check "the menu is shown" out_has "1) List servers"
check "servers were added" [ "$(sql "SELECT group_concat(id || ':' || name || ':' || region, ' ') FROM (SELECT * FROM servers ORDER BY id)")" = "db-1:db-1: web-1:Front end:us-east-1" ]
check "the invalid server was refused with the pages' message" err_has "Address: must be an IPv4 address"
check "the pair was connected" [ "$(sql "SELECT from_id || '>' || to_id || ':' || type FROM connections")" = "web-1>db-1:database" ]
check "the cluster was created" [ "$(sql "SELECT name || ':' || members || ':' || description FROM clusters")" = "prod:2:The production pair" ]
check "an unknown choice is answered" out_has "Choose one of the numbers of the menu."
check "status ran from the menu" out_has "Servers: 2"
check "the backup was written" [ "$(sqlite3 "$T/work/backup-from-menu.db" "SELECT count(*) FROM servers")" = 2 ]
check "a removal not confirmed changes nothing" out_has "Nothing was changed."
actions >"$T/actions"
check "the menu's actions are logged like the commands" grep -q '"create" "cluster" "prod"' "$T/actions"

printf '3\nweb-1\ny\n' >"$T/answers"
IN="$T/answers" cc manage
expect 0 "end of input quits" "Bye."
check "a confirmed removal removes" [ "$(sql "SELECT count(*) FROM servers WHERE id = 'web-1'")" = 0 ]
IN=/dev/null cc manage
expect 0 "no input at all: the menu once, then quit" "Bye."
