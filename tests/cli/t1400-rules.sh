# t1400-rules.sh — clusterctl rules list|show|add|set|delete|test: the
# shipped rules, key=value fields with the store's checks, JSON shapes,
# refused changes that leave the database as it was, and the action log.
# shellcheck shell=bash

cc servers add web1 --type web --ip 10.0.0.2
cc servers add db1 --type database --ip 10.0.0.3
cc rules list
expect 0 "rules list" "cpu_high"
check "…shows the three shipped rules" [ "$(grep -c '_high\|_down' "$OUT")" = 3 ]
cc rules list --json
json_is "[r['name'] for r in d['rules']]" "['cpu_high', 'memory_high', 'server_down']" \
    "rules list --json names"
json_is "d['rules'][0]['from_config']" True "…the shipped ones follow Module Config"

printf 'mem_threshold=95\nmem_for=1m\n' >>"$WEBMIN_CONFIG/unlimited-cluster/config"
cc rules show memory_high --json
json_is "(d['threshold'], d['clear_at'], d['for_s'], d['from_config'])" "(95.0, 85.0, 60, True)" \
    "a shipped rule shows Module Config's numbers (clear level moved with them)"
sed -i '/^mem_threshold=95$/d; /^mem_for=1m$/d' "$WEBMIN_CONFIG/unlimited-cluster/config"

cc rules add disk_full metric=disk threshold=90 clear=85 for=10m severity=critical scope=type value=web --json
expect 0 "rules add"
json_is "(d['for_s'], d['clear_at'], d['scope_value'])" "(600, 85.0, 'web')" \
    "…durations and aliases as stored"
check "…logged" sh -c "grep -q '\"create\" \"rule\" \"disk_full\"' '$WEBMIN_VAR/webmin.log'"

before=$(dump)
cc rules add disk_full metric=disk threshold=1
expect 1 "a duplicate rule" "A rule called disk_full exists already."
cc rules add x metric=disk threshold=90 clear=95
expect 1 "a clear level above a > threshold" "must be at or below the threshold"
cc rules add x metric=heat threshold=1
expect 1 "an unknown metric" "cannot be “heat”"
cc rules add x metric=cpu threshold=1 for=2d
expect 1 "a duration over a day" "must be a duration"
cc rules add x metric=cpu threshold=1 scope=cluster value=none
expect 1 "a scope naming nothing" "is not an existing"
cc rules add x metric=cpu threshold
expect 2 "a word that is not FIELD=VALUE is a usage error" "is not FIELD=VALUE"
cc rules set disk_full
expect 2 "set with nothing to change is a usage error"
cc rules set nothing threshold=1
expect 1 "set of an unknown rule" "There is no rule called nothing."
check "refused changes changed nothing" [ "$before" = "$(dump)" ]

cc rules set cpu_high threshold=95 hold=2m
expect 0 "rules set" "Rule cpu_high changed."
check "…stored, no longer from Module Config" [ "$(sql "SELECT threshold || ' ' || hold_s || ' ' || from_config FROM rules WHERE name = 'cpu_high'")" = "95.0 120 0" ]
cc rules show cpu_high --json
json_is "(d['threshold'], d['clear_at'], d['from_config'])" "(95.0, 70.0, False)" \
    "rules show --json keeps the other fields"
cc rules show cpu_high
expect 0 "rules show (text)" "threshold    95"

cc rules test disk_full --json
expect 0 "rules test"
json_is "(d['server'], d['ok'], d['ran'])" "('web1', True, False)" \
    "…on the first server the scope covers; record succeeds"
check "…recorded as a test" [ "$(sql "SELECT count(*) FROM alert_log WHERE event = 'test' AND rule = 'disk_full'")" = 1 ]
cc rules test disk_full --server ghost
expect 1 "a test on an unknown server" "ghost"
cc rules set disk_full scope=type value=dns
cc rules test disk_full
expect 1 "a test of a rule that covers no server" "covers no server yet"

cc rules delete disk_full
expect 0 "rules delete" "Rule disk_full deleted."
check "…gone" [ "$(sql "SELECT count(*) FROM rules WHERE name = 'disk_full'")" = 0 ]
cc rules delete disk_full
expect 1 "deleting it again" "There is no rule called disk_full."
cc rules --help
expect 0 "rules --help" "clusterctl rules list|show|add|set|delete|test"
cc rules frobnicate
expect 2 "an unknown subcommand"
