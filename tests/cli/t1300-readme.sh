# shellcheck shell=bash
# t1300-readme.sh — the clusterctl examples of README.md (the ```sh block
# after <!-- readme-cli -->) run as written, in order, against a fresh
# database, each command succeeding; then the estate they describe is
# checked.
block=$(awk '/<!-- readme-cli -->/ {want = 1; next}
    want && /^```sh/ {inside = 1; next}
    inside && /^```/ {exit}
    inside {print}' "$ROOT/README.md")
check "README has the clusterctl block" test -n "$block"
n=0
while IFS= read -r line; do
    cmd=${line%%#*}
    [ -n "${cmd// /}" ] || continue
    eval "set -- ${cmd#clusterctl }"
    cc "$@"
    n=$((n + 1))
    check "README: $cmd" rc_is 0
done <<<"$block"
check "README: the block runs the dozen commands it shows" test "$n" -ge 12
check "README: the servers are there" test \
    "$(sql 'SELECT group_concat(id, " ") FROM (SELECT id FROM servers ORDER BY id)')" = "cache1 db1 web1"
check "README: the cluster holds all three" test \
    "$(sql "SELECT members FROM clusters WHERE name = 'production-cluster'")" = 3
check "README: the export was written" test -s "$T/work/estate.json"
check "README: the backup was written" test -s "$T/work/cluster-backup.db"
