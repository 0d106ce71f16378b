# t20-crash.sh — kill -9 at random moments during STRESS_WRITES (10,000)
# writes: CGIs (pages and API) run directly, a seeded tenth of them killed
# at a random point of their life, and the daemon killed and restarted
# every 0.2-1.5 s while it writes samples. Afterwards integrity_check is ok
# (the database and the history files) and every acknowledged write is
# there (crash.py). With a private mount namespace the data lives on a
# tmpfs: a kill -9 loses nothing the kernel holds, so the result is the
# same, and no fsync makes 10,000 writes fit in CI's time.
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash disable=SC2086  # $kills is two words on purpose

fresh "$T/crash"
for kv in check_interval=2 fail_count=1 icmp=0 metrics=0 http=0; do setcfg "$kv"; done
crash_args=(--stage "$STAGE" --cfg "$CFG" --var "$VAR" --db "$DB" --daemon "$D"
            --writes "${STRESS_WRITES:-10000}" --seed "${STRESS_SEED:-1}"
            --parallel 4 --max-seconds 540 --stderr "$W/cgi-stderr.log")
where="the disk"
if in_private_mounts; then
    where="a tmpfs"
    # shellcheck disable=SC2016  # expanded by the inner bash
    unshare -m --propagation private bash -c \
        'mount -t tmpfs -o size=512m,mode=0700 uc-stress "$1" || exit 3
         mkdir -p "$2"; v=$1; shift 2; python3 "$@"; rc=$?
         # A failure keeps the evidence (the tmpfs goes with the namespace).
         [ "$rc" -eq 0 ] || cp -a "$v" "$v.failed"; exit "$rc"' _ \
        "$VAR" "$MOD" "$HERE/crash.py" "${crash_args[@]}" >"$W/summary.json" 2>"$W/crash.err"
else
    python3 "$HERE/crash.py" "${crash_args[@]}" >"$W/summary.json" 2>"$W/crash.err"
fi
rc=$?
echo "# crash ($where): $(cat "$W/summary.json")"
[ -s "$W/crash.err" ] && tail -5 "$W/crash.err" | sed 's/^/# /'
SHOW="$W/summary.json"
MSG="integrity_check ok and every acknowledged write present after CGI and daemon kills (crash.py exit $rc)" \
    check [ "$rc" -eq 0 ]
kills=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["cgi_kills"], d["daemon_kills"])' "$W/summary.json" 2>/dev/null)
MSG="CGIs and the daemon were killed (cgi, daemon: ${kills:-none})" \
    check python3 -c 'import sys; a=sys.argv[1:]; sys.exit(0 if len(a) == 2 and int(a[0]) > 0 and int(a[1]) > 0 else 1)' $kills
