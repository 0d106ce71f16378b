#!/usr/bin/env bash
# diskfull.sh — the inside of t30-diskfull.sh, run by unshare -m in a
# private mount namespace (nothing mounted here is seen outside, and it
# all goes when this script exits): a 2 MiB tmpfs holds the database, is
# filled, and writes through a page, the API and clusterctl must fail
# clearly while what was stored stays; freed, writes work again.
# Prints "ok - ..." / "not ok - ..." lines for the caller to count.
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
set -uo pipefail
: "${STAGE:?}" "${T:?}" "${HERE:?}" "${ROOT:?}" "${W:?}"
CASE=t30-diskfull
# shellcheck source=tests/stress/lib.sh
. "$HERE/lib.sh"
CFG="$W/etc" VAR="$W/var" MOD="$W/var/modules/unlimited-cluster"
SMALL="$W/small"
DB="$SMALL/cluster.db"
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    [ -n "${SHOW:-}" ] && [ -f "$SHOW" ] && head -c 1500 "$SHOW" | sed 's/^/#   /'
    return 0
}
mkdir -p "$SMALL"
mount -t tmpfs -o size=2m,mode=0700 uc-diskfull "$SMALL" || { not_ok "mount a 2 MiB tmpfs"; exit 0; }
trap 'umount "$SMALL" 2>/dev/null' EXIT
setcfg "db_path=$DB"

for i in $(seq 1 20); do page add_server.cgi "id=keep$i&type=web&ip=10.0.0.$i"; done
api POST /servers '{"id":"keep-api","type":"dns","ip":"10.0.1.1"}'
page connect.cgi "from=keep1&to=keep2&type=http"
MSG="21 servers and a connection stored before the disk fills" \
    check [ "$(q "$DB" "SELECT count(*) FROM servers")/$(q "$DB" "SELECT count(*) FROM connections")" = 21/1 ]
q "$DB" "SELECT id, name, type, ip, ports FROM servers ORDER BY id" >"$W/before.txt"

# Fill every block (large pieces, then the last few).
dd if=/dev/zero of="$SMALL/fill" bs=64k 2>/dev/null
dd if=/dev/zero of="$SMALL/fill2" bs=4k 2>/dev/null
avail=$(df -k --output=avail "$SMALL" | tail -1 | tr -d ' ')
MSG="the small disk is full (${avail} KiB left)" check [ "${avail:-1}" -eq 0 ]

# A page write. A write may still fit in blocks SQLite already holds, so
# try a few (bounded); the first refusal must be the clear one.
stored=()
refused=
for i in $(seq 1 20); do
    page add_server.cgi "id=late$i&type=web&ip=10.0.2.$i"
    if status_is 302; then stored+=("late$i"); else refused=late$i; break; fi
done
echo "# page writes that still fitted: ${#stored[@]}"
MSG="a page write on a full disk is refused with 503 (got $STATUS)" check status_is 503
MSG="... and says the disk is full" check has "The disk that holds the database is full"
MSG="... and that nothing was saved" check has "nothing was saved"
MSG="... and shows no SQLite text" check lacks "database or disk is full"

api POST /servers '{"id":"late-api","type":"web","ip":"10.0.3.1"}'
MSG="an API write on a full disk answers 503 (got $STATUS)" check status_is 503
MSG="... with the key robust_disk_full and code busy" \
    check has '"code":"busy","field":"","message":"The disk that holds the database is full'
has '"key":"robust_disk_full"' || not_ok "API error key"

ctl servers add late-ctl --type web --ip 10.0.4.1
MSG="clusterctl servers add on a full disk exits 1 (got $CTL_RC)" check [ "$CTL_RC" = 1 ]
MSG="... and says the disk is full" check has "The disk that holds the database is full" "$W/ctl.out"

# A read needs SQLite's 32 KiB shared-memory index beside the database,
# made again by the first connection after the last one closed: when even
# that cannot be made, a read says the disk is full too.
api GET /servers
MSG="a read on the full disk works or says the disk is full (GET /servers: $STATUS)" \
    check eval 'status_is 200 || { status_is 503 && has robust_disk_full; }'

# The daemon on a full disk: its batch and history writes fail clearly.
"$STAGE/unlimited-clusterd" --config "$CFG" --var "$VAR" --once >/dev/null 2>&1
MSG="the daemon logs the full disk by name" \
    check grep -q 'robust_disk_full' "$MOD/daemon.log"

rm -f "$SMALL/fill" "$SMALL/fill2"
q "$DB" "SELECT id, name, type, ip, ports FROM servers WHERE id NOT LIKE 'late%' ORDER BY id" >"$W/after.txt"
MSG="with space freed: everything stored before is intact" check cmp -s "$W/before.txt" "$W/after.txt"
MSG="... the refused writes left nothing" \
    check [ "$(q "$DB" "SELECT count(*) FROM servers WHERE id IN ('${refused:-x}', 'late-api', 'late-ctl')")" = 0 ]
for s in "${stored[@]}"; do
    [ "$(q "$DB" "SELECT count(*) FROM servers WHERE id = '$s'")" = 1 ] || not_ok "acknowledged $s missing"
done
MSG="... PRAGMA integrity_check is ok" check integrity_ok "$DB"
page add_server.cgi "id=after1&type=web&ip=10.0.5.1"
MSG="with space freed, a page write works again ($STATUS)" check status_is 302
api POST /servers '{"id":"after-api","type":"web","ip":"10.0.5.2"}'
MSG="... an API write too ($STATUS)" check status_is 201
ctl servers add after-ctl --type web --ip 10.0.5.3
MSG="... and clusterctl ($CTL_RC)" check [ "$CTL_RC" = 0 ]
MSG="all of them are stored, and the database is intact" \
    check [ "$(q "$DB" "SELECT count(*) FROM servers WHERE id IN ('after1','after-api','after-ctl')")/$(q "$DB" 'PRAGMA integrity_check')" = "3/ok" ]
