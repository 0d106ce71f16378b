# t0700-backup.sh — backup while other processes write (a loop of CLI adds
# and one of CLI cluster creates), restore with its checks, the previous
# database kept, and the cluster-backup/cluster-restore aliases.
# shellcheck shell=bash

cc servers add a --type web --ip 10.0.0.1
cc backup "$T/work/first.db" --json
expect 0 "backup (JSON)"
json_is 'd["servers"], d["backup"], d["db"] == "'"$DB"'"' \
    "(1, '$T/work/first.db', True)" "backup says what it wrote"
check "the backup passes integrity_check" [ "$(sqlite3 "$T/work/first.db" 'PRAGMA integrity_check')" = ok ]
check "the backup is one file (rollback journal)" [ "$(sqlite3 "$T/work/first.db" 'PRAGMA journal_mode')" = delete ]
check "the backup is private (0600)" [ "$(stat -c %a "$T/work/first.db")" = 600 ]

# Writers in the background while backups run: each writer is bounded.
(for i in $(seq 1 40); do
    env -i WEBMIN_CONFIG="$WEBMIN_CONFIG" WEBMIN_VAR="$WEBMIN_VAR" \
        PATH=/usr/bin:/bin "$STAGE/clusterctl" servers add "cli$i" --type cache \
        --ip "10.2.0.$i" >/dev/null 2>&1
done) &
w1=$!
(for i in $(seq 1 60); do
    env -i WEBMIN_CONFIG="$WEBMIN_CONFIG" WEBMIN_VAR="$WEBMIN_VAR" \
        PATH=/usr/bin:/bin "$STAGE/clusterctl" cluster create "sq$i" \
        >/dev/null 2>&1
done) &
w2=$!
good=0
for i in 1 2 3 4 5 6; do
    run cluster-backup "$T/work/during$i.db"
    if [ "$RC" -eq 0 ] &&
        [ "$(sqlite3 "$T/work/during$i.db" 'PRAGMA integrity_check')" = ok ] &&
        [ "$(sqlite3 "$T/work/during$i.db" "SELECT (SELECT n FROM stats WHERE dim='clusters') = (SELECT count(*) FROM clusters) AND (SELECT n FROM stats WHERE dim='servers') = (SELECT count(*) FROM servers)")" = 1 ]; then
        good=$((good + 1))
    fi
done
wait "$w1" "$w2"
check "6 backups during writes: each intact and self-consistent" [ "$good" = 6 ]
check "the writers did write meanwhile" [ "$(sql "SELECT count(*) FROM servers")" = 41 ]
check "the live database is intact" [ "$(sql 'PRAGMA integrity_check')" = ok ]

# Restore: back to the first backup; the current one is kept.
cc restore "$T/work/first.db"
expect 0 "restore" "Restored from $T/work/first.db (1 servers)."
check "restore says where the previous database went" out_has "$DB.before-restore"
check "the database is the backup's" [ "$(sql "SELECT count(*) FROM servers")" = 1 ]
check "the previous one is kept" [ "$(sqlite3 "$DB.before-restore" "SELECT count(*) FROM servers")" = 41 ]
check "the restored database is intact" [ "$(sql 'PRAGMA integrity_check')" = ok ]
cc servers add after-restore --type dns --ip 10.0.0.53
expect 0 "the restored database takes writes"

before=$(dump)
printf 'just some text\n' >"$T/work/notes.txt"
run cluster-restore "$T/work/notes.txt"
expect 1 "restoring a text file is refused" "notes.txt is not an SQLite database."
sqlite3 "$T/work/other.db" "CREATE TABLE t(x);"
cc restore "$T/work/other.db" --json
expect 1 "restoring another application's database is refused"
json_is 'd["error"]["key"]' "xport_err_not_ours" "the JSON error names it"
cp "$T/work/first.db" "$T/work/newer.db"
sqlite3 "$T/work/newer.db" "PRAGMA user_version = 42;"
cc restore "$T/work/newer.db"
expect 1 "restoring a newer schema is refused" "newer version of the module (schema 42)"
cc restore "$T/work/nothing.db"
expect 1 "restoring a missing file" "There is no file"
check "refused restores changed nothing" [ "$before" = "$(dump)" ]
check "no temporary files are left" bash -c "! ls '$(dirname "$DB")' | grep -q -e '.restore-' -e '.tmp-'"
cc backup /nonexistent/dir/x.db
expect 1 "a backup into a missing folder" "Cannot write /nonexistent/dir/x.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
cc backup "$T/work/x.db"
expect 1 "a backup without a database" "There is no database at"
actions >"$T/actions"
check "backup and restore are logged" grep -q '"restore" "estate" "'"$T"'/work/first.db"' "$T/actions"
rm -rf "$WEBMIN_VAR/modules"
cc restore "$T/work/first.db"
expect 0 "restore onto a new install makes the folder" "Restored from"
check "the restored database is there and intact" [ "$(sql 'PRAGMA integrity_check')" = ok ] && [ "$(sql 'SELECT count(*) FROM servers')" = 1 ]
check "no previous database to keep" test ! -e "$DB.before-restore"
