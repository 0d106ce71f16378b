# t90-alerts.sh — alert rules evaluated by the daemon against real
# loopback targets: a stand-in node_exporter (fakeexp.py) whose load the
# test sets, and a listener stopped and started. A rule fires exactly once
# after its duration, does not flap around its threshold (before firing:
# pending/cancelled only; while firing: between threshold and clear level
# it stays firing), resolves at the clear level; the shipped server_down
# rule (down_for from Module Config) fires once when the listener stops
# and resolves when it is back. Every transition is in alert_log and in
# the module's log.
# shellcheck shell=bash

# ev RULE SERVER EVENT — how many alert_log rows.
ev() {
    q "SELECT count(*) FROM alert_log WHERE rule = '$1' AND server = '$2'
       AND event = '$3';"
}
ev_is() { [ "$(ev "$1" "$2" "$3")" = "$4" ]; }
ev_at() {
    q "SELECT at FROM alert_log WHERE rule = '$1' AND server = '$2'
       AND event = '$3' ORDER BY id LIMIT 1;"
}
setload() { echo "$1" >"$W/load.tmp" && mv "$W/load.tmp" "$W/load"; }
load_is() { near "$(cur srv-1 load1)" "$1" 0.001; }
open_load_alerts() {
    q "SELECT count(*) FROM alerts a JOIN rules r ON r.rid = a.rule
       WHERE r.name = 'load_high' AND a.state <> 'resolved';"
}
no_open_load_alert() { [ "$(open_load_alerts)" = 0 ]; }

fresh check_interval=1 fail_count=2 ok_count=1 icmp=0 timeout_ms=300 \
    down_for=3 notify_interval=0
port=$(free_port)
serve tcp 127.0.0.2 "$port" lst
setload 1
python3 "$HERE/fakeexp.py" 127.0.0.2 0 "$W/exp.port" "$W/load" \
    >/dev/null 2>&1 &
PIDS+=("$!")
wait_for 5 test -s "$W/exp.port"
add_server srv-1 database 127.0.0.2 "$port"
probe_set srv-1 node_port "$(cat "$W/exp.port")"
q "INSERT INTO rules (name, metric, op, threshold, clear_at, for_s, hold_s,
     scope, scope_value, action, created, updated)
   VALUES ('load_high', 'load', '>', 4, 2, 3, 0, 'server', 'srv-1',
     'record', strftime('%s'), strftime('%s'));"
start_daemon
MSG="the daemon loaded the rules" \
    check wait_for 5 grep -q 'alerts: 4 rules' "$LOG"
MSG="the load is read from the stand-in exporter" \
    check wait_for 5 load_is 1

# 1. Above the threshold: pending, then firing once after for_s (3 s).
setload 5
MSG="load 5 > 4: pending" check wait_for 5 ev_is load_high srv-1 pending 1
MSG="then firing" check wait_for 8 ev_is load_high srv-1 firing 1
p_at=$(ev_at load_high srv-1 pending)
f_at=$(ev_at load_high srv-1 firing)
MSG="it fired no sooner than 3 s after it started ($p_at -> $f_at)" \
    check [ $((f_at - p_at)) -ge 3 ]
MSG="and no later than 5 s after" check [ $((f_at - p_at)) -le 5 ]
MSG="the alert row is firing with the value" \
    check [ "$(q "SELECT state || ' ' || value FROM alerts
                  WHERE server = 'srv-1' AND rule = (SELECT rid FROM rules
                  WHERE name = 'load_high');")" = "firing 5.0" ]

# 2. Between the threshold and the clear level it stays firing.
for v in 4.5 3 4.5 3 2.5 4.5 3 2.5; do setload "$v"; sleep 0.6; done
MSG="swinging between 2.5 and 4.5: still one firing, not resolved" \
    check [ "$(ev load_high srv-1 firing):$(ev load_high srv-1 resolved)" = 1:0 ]

# 3. At the clear level (2: no longer > 2) it resolves.
setload 2
MSG="load 2 = the clear level: resolved" \
    check wait_for 5 ev_is load_high srv-1 resolved 1
MSG="the alert row is resolved at value 2" \
    check [ "$(q "SELECT state || ' ' || value FROM alerts
                  WHERE server = 'srv-1' AND rule = (SELECT rid FROM rules
                  WHERE name = 'load_high');")" = "resolved 2.0" ]

# 4. Around the threshold, never 3 s in a row above it: no new firing.
for v in 4.1 3.9 4.1 3.9 4.1 3.9 4.1 3.9; do setload "$v"; sleep 1; done
MSG="4.1 / 3.9 each second: pending and cancelled, never firing again" \
    check [ "$(ev load_high srv-1 firing)" = 1 ]
MSG="(it did go pending and was cancelled)" \
    check [ "$(ev load_high srv-1 cancelled)" -ge 1 ]
setload 1
MSG="a cancelled episode leaves no open alert" \
    check wait_for 3 no_open_load_alert

# 5. The listener stops: server_down (for 3 s from down_for) fires once.
kill "$SERVE_PID"
MSG="listener stopped: server_down fires" \
    check wait_for 12 ev_is server_down srv-1 firing 1
p_at=$(ev_at server_down srv-1 pending)
f_at=$(ev_at server_down srv-1 firing)
MSG="after down_for = 3 s ($p_at -> $f_at)" check [ $((f_at - p_at)) -ge 3 ]
MSG="its firing was notified (record of the decision)" \
    check wait_for 3 ev_is server_down srv-1 notified 1
sleep 2
MSG="still exactly one firing" check [ "$(ev server_down srv-1 firing)" = 1 ]
serve tcp 127.0.0.2 "$port" lst
MSG="listener back: resolved" \
    check wait_for 8 ev_is server_down srv-1 resolved 1
MSG="and its resolution notified (2 notifications in all)" \
    check wait_for 3 ev_is server_down srv-1 notified 2
MSG="the module log has the transitions" \
    check [ "$(grep -cE 'alert (load_high|server_down) on srv-1: (pending|firing|resolved|cancelled)' "$LOG")" -ge 6 ]
stop_daemon
MSG="SIGTERM stops it cleanly (exit $DRC)" check [ "$DRC" = 0 ]
