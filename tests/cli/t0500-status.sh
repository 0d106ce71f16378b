# t0500-status.sh — status (text and the hooks' JSON), and start/stop/
# restart of the monitoring daemon: without systemd, with systemd but no
# unit, with a unit (a stand-in systemctl), and a failing one.
# shellcheck shell=bash

cc status --json
expect 0 "status on a new install (JSON)"
json_is 'sorted(d.keys())' "['alerts_active', 'by_status', 'by_type', 'clusters', 'connections', 'daemon', 'db', 'servers']" \
    "status --json has exactly the hooks' keys"
json_is 'd["servers"], d["connections"], d["clusters"], d["alerts_active"]' \
    "(0, 0, 0, 0)" "an empty estate"
json_is 'd["daemon"]' "{'running': False, 'pid': None}" "no daemon"
json_is 'd["db"]["path"] == "'"$DB"'" and d["db"]["schema"] >= 1' True \
    "db path and schema"
json_is 'sorted(d["by_status"])' "['active', 'inactive', 'unknown', 'warning']" \
    "by_status has every state"
json_is 'len(d["by_type"]), d["by_type"]["loadbalancer"]' "(9, 0)" \
    "by_type has every type"

cc servers add a --type web --ip 10.0.0.1 --status active
cc servers add b --type web --ip 10.0.0.2 --status warning
cc servers add c --type cache --ip 10.0.0.3
cc connect a c
cc status --json
json_is 'd["servers"], d["connections"], d["by_type"]["web"], d["by_status"]["warning"]' \
    "(3, 1, 2, 1)" "counts follow the estate"
cc status
expect 0 "status (text)" "Servers: 3"
check "text shows states by their labels" out_has "By status: Unknown 1, Active 1, Warning 1"
check "text says there is no systemd" out_has "this machine does not run systemd"

# Without systemd: a pid file tells whether the daemon runs.
cp /bin/sleep "$T/unlimited-clusterd"
"$T/unlimited-clusterd" 30 &
fake=$!
echo "$fake" >"$WEBMIN_VAR/modules/unlimited-cluster/unlimited-clusterd.pid"
cc status --json
json_is 'd["daemon"]' "{'running': True, 'pid': $fake}" "a running daemon from its pid file"
kill "$fake"
wait "$fake" 2>/dev/null
cc status --json
json_is 'd["daemon"]["running"]' False "a stale pid file is not a running daemon"
rm -f "$WEBMIN_VAR/modules/unlimited-cluster/unlimited-clusterd.pid" "$T/unlimited-clusterd"

cc start
expect 1 "start without systemd says so" "does not run systemd"
cc stop --json
expect 1 "stop without systemd (JSON)"
json_is 'd["error"]["key"]' "cli_daemon_no_systemd_do" "the JSON error names it"

# A stand-in systemctl: its state file says missing/stopped/running/broken.
mkdir -p "$T/systemd" "$T/bin"
cat >"$T/bin/systemctl" <<'SH'
#!/bin/sh
state=$(cat "$FAKE_STATE")
case "$1" in
show)
    if [ "$state" = missing ]; then
        printf 'LoadState=not-found\nActiveState=inactive\nMainPID=0\n'
    elif [ "$state" = running ]; then
        printf 'MainPID=4242\nLoadState=loaded\nActiveState=active\n'
    else
        printf 'LoadState=loaded\nActiveState=inactive\nMainPID=0\n'
    fi ;;
start | restart)
    [ "$state" = broken ] && { echo "Job for $2 failed." >&2; exit 1; }
    echo running >"$FAKE_STATE"; echo "$1 $2" >>"$FAKE_LOG" ;;
stop) echo stopped >"$FAKE_STATE"; echo "$1 $2" >>"$FAKE_LOG" ;;
*) exit 2 ;;
esac
SH
chmod +x "$T/bin/systemctl"
CLI_ENV=("UC_SYSTEMD_RUN=$T/systemd" "UC_SYSTEMCTL=$T/bin/systemctl"
    "FAKE_STATE=$T/unit" "FAKE_LOG=$T/unit.log")
echo missing >"$T/unit"
cc start
expect 1 "start with no unit says it is not installed" "not installed"
cc status
check "status says not installed" out_has "not installed (systemd has no unlimited-clusterd unit)"
echo stopped >"$T/unit"
cc status --json
json_is 'd["daemon"]' "{'running': False, 'pid': None}" "installed, stopped"
cc start --json
expect 0 "start through systemctl (JSON)"
json_is 'd' "{'action': 'start', 'ok': True, 'daemon': {'running': True, 'pid': 4242}}" \
    "start answers the new state"
check "systemctl was asked to start the unit" grep -qx "start unlimited-clusterd.service" "$T/unit.log"
cc restart
expect 0 "restart" "unlimited-clusterd restarted."
cc stop
expect 0 "stop" "unlimited-clusterd stopped."
echo broken >"$T/unit"
cc start
expect 1 "a failing start reports systemctl's status" "systemctl start failed (exit status 1)"
check "systemctl's own message shows" err_has "Job for unlimited-clusterd.service failed."
actions >"$T/actions"
check "start/stop are logged" grep -q '"stop" "daemon" "unlimited-clusterd" unit=.unlimited-clusterd.service.' "$T/actions"
CLI_ENV=()
