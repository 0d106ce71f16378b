# t1410-alerts.sh — clusterctl alerts [list|history|ack|silence|silences|
# unsilence]: active alerts with their root cause, filters, history pages,
# acknowledging, silences, and status --json's alerts_active.
# shellcheck shell=bash

for s in db1 web1 web2; do
    t=web
    [ "$s" = db1 ] && t=database
    cc servers add $s --type $t --ip 10.0.0.9
done
sql "INSERT INTO alerts(aid, rule, server, state, value, started, fired, cause) VALUES
 (1, (SELECT rid FROM rules WHERE name='server_down'), 'db1', 'firing', 0, 1000, 1030, NULL),
 (2, (SELECT rid FROM rules WHERE name='cpu_high'), 'web1', 'firing', 99, 1001, 1301, 'db1'),
 (3, (SELECT rid FROM rules WHERE name='memory_high'), 'web2', 'pending', 90, 1002, NULL, NULL);
INSERT INTO alert_log(at, alert, rule, server, event, value) VALUES
 (1030, 1, 'server_down', 'db1', 'firing', 0),
 (1301, 2, 'cpu_high', 'web1', 'suppressed', 99),
 (1302, 3, 'memory_high', 'web2', 'pending', 90);"

cc alerts
expect 0 "alerts (no subcommand lists)" "2 alerts firing (1 critical)."
check "…the root cause says how many it explains" out_has "root cause of 1 more"
check "…a dependant names its cause" out_has "caused by db1"
cc alerts list --state pending --json
expect 0 "alerts list --state pending --json"
json_is "[a['id'] for a in d['alerts']]" "[3]" "…only the pending one"
json_is "d['counts']['firing']" 2 "…with the counts"
cc alerts --severity critical --json
json_is "[a['id'] for a in d['alerts']]" "[1]" "alerts --severity critical (options only)"
json_is "d['alerts'][0]['dependants']" "['web1']" "…with its dependants"
cc alerts list --state gone
expect 1 "a bad state" "cannot be “gone”"

cc status --json
json_is "d['alerts_active']" 2 "status --json alerts_active counts firing alerts"
cc status
expect 0 "status (text)" "Active alerts: 2"

cc alerts history --limit 2 --json
expect 0 "alerts history --limit 2"
json_is "[e['event'] for e in d['events']]" "['pending', 'suppressed']" "…newest first"
next=$(js "d['next']")
cc alerts history --limit 2 --before "$next" --json
json_is "[e['event'] for e in d['events']]" "['firing']" "…--before continues"
json_is "d['next']" None "…to the end"
cc alerts history --limit 0
expect 2 "--limit 0 is a usage error"

before=$(dump)
cc alerts ack 99
expect 1 "ack of an unknown alert" "There is no alert number 99."
cc alerts ack x
expect 2 "ack of a non-number"
cc alerts silence --rule cpu_high
expect 2 "silence without --for"
cc alerts silence --for 1h
expect 1 "silence of nothing" "Name a rule, a server or both"
cc alerts silence --rule cpu_high --for 10s
expect 1 "silence under a minute" "must be from one minute"
check "refused acks and silences changed nothing" [ "$before" = "$(dump)" ]

cc alerts ack 2 --json
expect 0 "alerts ack"
json_is "d['acknowledged']['by']" tester "…in the name of the one who ran it"
cc alerts ack 2
expect 1 "…only once" "was acknowledged already by tester"
check "…logged" sh -c "grep -q '\"acknowledge\" \"alert\" \"2\"' '$WEBMIN_VAR/webmin.log'"

cc alerts silence --server web2 --for 4h --reason "disk swap" --json
expect 0 "alerts silence"
sid=$(js "d['id']")
json_is "(d['server'], d['rule'], d['reason'])" "('web2', None, 'disk swap')" "…as stored"
check "…for four hours" [ "$(sql "SELECT until - created FROM silences WHERE sid = $sid")" = 14400 ]
cc alerts silences
expect 0 "alerts silences" "disk swap"
cc alerts unsilence "$sid"
expect 0 "alerts unsilence" "Silence $sid ended."
cc alerts unsilence "$sid"
expect 1 "…only once" "There is no silence number $sid."
cc alerts silences --json
json_is "d['silences']" "[]" "no silence left"
