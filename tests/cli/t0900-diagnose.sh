# t0900-diagnose.sh — diagnose on a healthy install, then with each kind of
# problem, each reported with what to do; probe targets on loopback only.
# shellcheck shell=bash

cc diagnose
expect 0 "diagnose on a new install" "There is no database at"
check "no database is created by diagnose" test ! -e "$DB"
check "daemon state is reported" out_has "Monitoring daemon:"
check "the acl grants the module to admin" out_has "Webmin users with this module: admin."
check "disk space is reported" out_has "MiB free where the database lives"

# A listening port on loopback, and a closed one.
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
time.sleep(8)' "$T/port" &
listener=$!
for _ in $(seq 1 50); do [ -s "$T/port" ] && break; sleep 0.1; done
port=$(cat "$T/port")
cc servers add open-1 --type web --ip 127.0.0.1 --ports "$port"
cc servers add shut-1 --type web --ip localhost --ports 9
cc diagnose --json
expect 0 "diagnose with servers (JSON)"
json_is 'd["ok"], [c["status"] for c in d["checks"] if c["check"] == "database"]' \
    "(True, ['ok'])" "the database is fine"
json_is '[(t["id"], t["resolved"], t["open"]) for t in d["targets"]]' \
    "[('open-1', True, True), ('shut-1', True, False)]" \
    "targets: the open port answers, the closed one does not"
json_is '[c["status"] for c in d["checks"] if c["check"] == "targets"]' "['warn']" \
    "a closed port is a warning"
json_is '[c["hint"] is not None for c in d["checks"] if c["status"] != "ok"] == [True] * len([c for c in d["checks"] if c["status"] != "ok"])' \
    True "every problem says what to do"
cc diagnose --sample 1
expect 0 "diagnose --sample 1 tries one server" "all 1 servers tried answer"
kill "$listener" 2>/dev/null
wait "$listener" 2>/dev/null

chmod o+w "$WEBMIN_CONFIG/unlimited-cluster/config"
run cluster-diagnose
expect 1 "a world-writable module config fails" "can be changed by any user"
check "and says how to fix it" out_has "Run “chmod o-w $WEBMIN_CONFIG/unlimited-cluster/config”."
chmod o-w "$WEBMIN_CONFIG/unlimited-cluster/config"
printf 'root: acl webmin\n' >"$WEBMIN_CONFIG/webmin.acl"
cc diagnose
expect 0 "nobody has the module: a warning" "No Webmin user has this module"
check "with the way to grant it" out_has "Webmin Users"
printf 'root: acl webmin\nadmin: system-status unlimited-cluster\n' >"$WEBMIN_CONFIG/webmin.acl"
printf 'admin: unlimited-cluster2\n' >>"$WEBMIN_CONFIG/webmin.acl"
cc diagnose
check "a module with a longer name does not count" out_has "Webmin users with this module: admin."

cp "$DB" "$T/work/good.db"
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
python3 -c 'import sys
f = open(sys.argv[1], "r+b"); f.seek(4096 * 3); f.write(b"\x5a" * 4096 * 4)' "$DB"
cc diagnose --json
expect 1 "a damaged database fails"
json_is '[c["hint"] for c in d["checks"] if c["check"] == "database"][0].startswith("Restore a backup")' \
    True "and points at restore"

rm -rf "$WEBMIN_CONFIG"
cc diagnose
expect 1 "no Webmin configuration folder" "Webmin's configuration folder $WEBMIN_CONFIG does not exist."
