# t40-corrupt.sh — a damaged database file is detected, every way in
# (page, API, clusterctl, the daemon) says so with how to restore, and the
# file is left exactly as it was; clusterctl restore brings back the
# backup. Copies of one good database (3,000 servers) are damaged six
# ways: cut to half, garbage over the 100-byte header, garbage over the
# pages after the schema page, a text file or a single byte in its place,
# and garbage over only the last eight pages (found by the full checks,
# not on open).
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash disable=SC2016  # eval'd checks expand later

fresh "$T/corrupt"
GOOD="$W/good.db"
python3 - "$W/estate.json" <<'PY'
import json, sys
servers = [{"id": f"srv-{i:05d}", "name": f"Server {i}", "type": "web",
            "ip": f"10.{i // 65536}.{i // 256 % 256}.{i % 256}"}
           for i in range(3000)]
json.dump({"format": "unlimited-cluster", "version": 1,
           "servers": servers}, open(sys.argv[1], "w"))
PY
ctl --db "$GOOD" import "$W/estate.json"
MSG="a good database with 3,000 servers (clusterctl import exit $CTL_RC)" \
    check [ "$CTL_RC" = 0 ] && [ "$(q "$GOOD" 'SELECT count(*) FROM servers')" = 3000 ]
ctl --db "$GOOD" backup "$W/backup.db"
MSG="clusterctl backup makes the copy to restore from" check [ "$CTL_RC" = 0 ]
rm -f "$GOOD-wal" "$GOOD-shm"
size=$(stat -c %s "$GOOD")

# damage KIND FILE — one way of breaking a copy of the good database.
damage() {
    cp "$GOOD" "$2"
    case "$1" in
        truncated) truncate -s $((size / 2)) "$2" ;;
        header) python3 -c 'import random,sys; r=random.Random(7); f=open(sys.argv[1],"r+b"); f.write(bytes(r.randrange(256) for _ in range(100)))' "$2" ;;
        pages) python3 -c '
import random, sys
r = random.Random(11)
f = open(sys.argv[1], "r+b")
f.seek(0, 2); n = f.tell() // 4096
for p in range(1, n):  # every page after the first (schema) page
    f.seek(p * 4096); f.write(bytes(r.randrange(256) for _ in range(4096)))' "$2" ;;
        tail) python3 -c '
import random, sys
r = random.Random(13)
f = open(sys.argv[1], "r+b")
f.seek(0, 2); n = f.tell() // 4096
for p in range(n - 8, n):  # the last eight pages only
    f.seek(p * 4096); f.write(bytes(r.randrange(256) for _ in range(4096)))' "$2" ;;
        text) printf 'these are my notes, not a database\n' >"$2" ;;
        tiny) printf 'x' >"$2" ;; # SQLite alone would take it for a new file
    esac
}

for kind in truncated header pages text tiny; do
    damage "$kind" "$DB"
    sum=$(sha256sum <"$DB")
    cgi GET index.cgi "" ""
    MSG="$kind: the dashboard answers 500 (got $STATUS)" check status_is 500
    MSG="$kind: ... says the file is damaged" check has "is damaged or is not a database"
    MSG="$kind: ... and how to restore it" \
        check eval 'has "clusterctl restore FILE" && has "Backup Configuration"'
    MSG="$kind: ... naming the file" check has "$DB"
    page add_server.cgi "id=new1&type=web&ip=10.9.9.9"
    MSG="$kind: a page write is refused the same way ($STATUS)" \
        check eval 'status_is 500 && has "clusterctl restore FILE"'
    api GET /servers
    MSG="$kind: GET /servers answers 500 with key robust_db_corrupt ($STATUS)" \
        check eval 'status_is 500 && has "\"key\":\"robust_db_corrupt\"" && has "clusterctl restore FILE"'
    api POST /servers '{"id":"new2","type":"web","ip":"10.9.9.8"}'
    MSG="$kind: POST /servers too ($STATUS)" check eval 'status_is 500 && has robust_db_corrupt'
    ctl servers list
    MSG="$kind: clusterctl servers list exits 1 with how to restore ($CTL_RC)" \
        check eval '[ "$CTL_RC" = 1 ] && has "clusterctl restore FILE" "$W/ctl.out"'
    ctl diagnose --sample 0
    MSG="$kind: clusterctl diagnose fails and reports the damage ($CTL_RC)" \
        check eval '[ "$CTL_RC" = 1 ] && grep -qi "damaged\|not an SQLite database" "$W/ctl.out"'
    "$D" --config "$CFG" --var "$VAR" --once >"$W/daemon.out" 2>&1
    drc=$?
    MSG="$kind: the daemon refuses to start on it (exit $drc) and logs why" \
        check eval '[ "$drc" -ne 0 ] && grep -q "robust_db_corrupt" "$MOD/daemon.log"'
    MSG="$kind: the damaged file was not changed by any of this" \
        check [ "$(sha256sum <"$DB")" = "$sum" ]
    rm -f "$DB-wal" "$DB-shm" "$MOD/daemon.log"
done

# Damage deep in the file passes the checks on open (header, schema page,
# length): clusterctl diagnose and the daemon's start read it all.
damage tail "$DB"
sum=$(sha256sum <"$DB")
ctl diagnose --sample 0
MSG="tail: clusterctl diagnose finds damage in the last pages ($CTL_RC)" \
    check eval '[ "$CTL_RC" = 1 ] && grep -q "clusterctl restore FILE" "$W/ctl.out"'
"$D" --config "$CFG" --var "$VAR" --once >"$W/daemon.out" 2>&1
drc=$?
MSG="tail: the daemon's start check refuses it (exit $drc)" \
    check eval '[ "$drc" -ne 0 ] && grep -q "robust_db_corrupt" "$MOD/daemon.log"'
api GET "/servers?limit=1000"
MSG="tail: the API answers a full page or names the damage, nothing else ($STATUS)" \
    check eval 'status_is 200 || { status_is 500 && has robust_db_corrupt; }'
MSG="tail: the damaged file was not changed" check [ "$(sha256sum <"$DB")" = "$sum" ]
rm -f "$DB-wal" "$DB-shm" "$MOD/daemon.log"

# Restoring: the damaged file is kept aside, the backup comes back.
damage header "$DB"
sum=$(sha256sum <"$DB")
ctl restore "$W/backup.db"
MSG="clusterctl restore FILE over a damaged database exits 0 ($CTL_RC)" check [ "$CTL_RC" = 0 ]
MSG="... keeps the damaged file as .before-restore" \
    check [ "$(sha256sum <"$DB.before-restore" 2>/dev/null)" = "$sum" ]
cgi GET index.cgi "" ""
MSG="... and the dashboard works again with the 3,000 servers" \
    check eval 'status_is 200 && [ "$(q "$DB" "SELECT count(*) FROM servers")" = 3000 ]'
