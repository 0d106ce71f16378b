# t95-actions.sh — the alert actions through the shipped binary
# (clusterctl rules test, which runs alert_action_run): the webhook JSON
# as docs/alerts.md documents it reaches a Python receiver, a receiver
# that fails twice shows the retries and the back-off, a command gets the
# documented environment and is killed at the deadline, a sendmail script
# gets the message. Loopback only.
# shellcheck shell=bash

CTL="$STAGE/clusterctl"

# hookrx PLAN — starts hookrx.py; sets RX_PORT and RX_LOG.
hookrx() {
    local f="$W/hookrx.port"
    rm -f "$f" "$f.log"
    python3 "$HERE/hookrx.py" "$f" "$1" >/dev/null 2>&1 &
    PIDS+=("$!")
    RX_PORT=
    wait_for 5 test -s "$f" || return 1
    RX_PORT=$(cat "$f")
    RX_LOG="$f.log"
}

ctl() { WEBMIN_CONFIG="$CFG" WEBMIN_VAR="$VAR" "$CTL" --db "$DB" "$@"; }

# A rule with ACTION on server web1 (in cluster prod) to test-fire.
estate() {
    ctl servers add web1 --type web --ip 10.0.0.11 --name "Web one" \
        --region eu >/dev/null
    ctl cluster create prod web1 >/dev/null
    ctl rules add act_test metric=cpu threshold=80 "action=$1" \
        severity=critical >/dev/null
}

# ---- webhook: the documented JSON ----
fresh
hookrx 200
setcfg "webhook_url=http://127.0.0.1:$RX_PORT/hook" action_timeout=10
estate webhook
ctl rules test act_test >"$W/out" 2>&1
rc=$?
MSG="test-firing a webhook rule succeeds (got $rc: $(tail -1 "$W/out"))" \
    check [ "$rc" -eq 0 ]
MSG="the receiver got one request" check [ "$(wc -l <"$RX_LOG")" -eq 1 ]
python3 - "$RX_LOG" >"$W/check" 2>&1 <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
b = r["body"]
want = ["version", "event", "action", "alert_id", "rule", "metric", "op",
        "threshold", "value", "severity", "server", "cluster", "cause",
        "dependants", "started", "at", "predicted", "reason", "target"]
problems = []
if r["path"] != "/hook": problems.append("path " + r["path"])
if r["content_type"] != "application/json": problems.append("type")
if not (r["user_agent"] or "").startswith("unlimited-cluster-alerts/"):
    problems.append("user agent")
if list(b) != want: problems.append("keys %s" % list(b))
expect = {"version": 1, "event": "test", "action": "webhook",
          "alert_id": None, "rule": "act_test", "metric": "cpu", "op": ">",
          "threshold": 80, "severity": "critical", "cluster": "prod",
          "cause": None, "dependants": [], "predicted": None,
          "target": None}
for k, v in expect.items():
    if b.get(k) != v: problems.append("%s=%r" % (k, b.get(k)))
if b["server"] != {"id": "web1", "name": "Web one", "ip": "10.0.0.11",
                   "type": "web", "region": "eu"}:
    problems.append("server %r" % b["server"])
for k in ("started", "at"):
    if not (isinstance(b[k], str) and len(b[k]) == 20 and b[k].endswith("Z")):
        problems.append("%s %r" % (k, b[k]))
print("; ".join(problems) or "ok")
PY
MSG="the body is the documented JSON ($(cat "$W/check"))" \
    check [ "$(cat "$W/check")" = ok ]
MSG="the alert log records the test" \
    check [ "$(q "SELECT count(*) FROM alert_log WHERE event = 'test'
                  AND rule = 'act_test' AND detail LIKE 'webhook ok%'")" = 1 ]
stop_all

# ---- webhook: two failures, then delivered, with back-off ----
fresh
hookrx 503,500,200
setcfg "webhook_url=http://127.0.0.1:$RX_PORT/hook" webhook_retries=3 \
    action_timeout=20
estate webhook
ctl rules test act_test >"$W/out" 2>&1
rc=$?
MSG="delivered on the third try (got $rc: $(tail -1 "$W/out"))" \
    check grep -q "webhook ok, HTTP 200, 3 attempts" "$W/out"
python3 - "$RX_LOG" >"$W/gaps" <<'PY'
import json, sys
t = [json.loads(l)["t"] for l in open(sys.argv[1])]
print(len(t), " ".join("%.2f" % (b - a) for a, b in zip(t, t[1:])))
PY
read -r n g1 g2 <"$W/gaps"
gaps_ok() { [ "$n" = 3 ] && between "$g1" 0.95 1.9 && between "$g2" 1.95 3.5; }
MSG="three requests, waits of 1 s then 2 s between them (got $n: $g1 $g2)" \
    check gaps_ok
stop_all

# ---- webhook: a receiver that always fails: bounded tries ----
fresh
hookrx 500
setcfg "webhook_url=http://127.0.0.1:$RX_PORT/hook" webhook_retries=1 \
    action_timeout=10
estate webhook
ctl rules test act_test >"$W/out" 2>&1
rc=$?
failed_twice() { [ "$rc" -eq 1 ] && grep -q "HTTP 500, 2 attempts" "$W/out"; }
MSG="a failing receiver: exit 1 after 2 attempts (got $rc)" check failed_twice
MSG="the alert log keeps the failure" \
    check [ "$(q "SELECT count(*) FROM alert_log WHERE event = 'test'
                  AND detail LIKE 'webhook failed%HTTP 500%'")" = 1 ]
stop_all

# ---- command: the documented environment ----
fresh
setcfg "command=env >'$W/env.out'; echo ran" action_timeout=10
estate command
ctl rules test act_test >"$W/out" 2>&1
rc=$?
MSG="test-firing a command rule succeeds (got $rc)" check [ "$rc" -eq 0 ]
envv() { sed -n "s/^$1=//p" "$W/env.out"; }
for kv in UC_EVENT=test UC_ACTION=command UC_RULE=act_test UC_METRIC=cpu \
    "UC_OP=>" UC_THRESHOLD=80 UC_SEVERITY=critical UC_SERVER=web1 \
    "UC_SERVER_NAME=Web one" UC_SERVER_IP=10.0.0.11 UC_SERVER_TYPE=web \
    UC_REGION=eu UC_CLUSTER=prod UC_CAUSE= UC_ALERT_ID=0 UC_TARGET= \
    UC_PREDICTED=; do
    MSG="the command sees $kv" check [ "$(envv "${kv%%=*}")" = "${kv#*=}" ]
done
MSG="UC_AT is the current time" \
    check between "$(envv UC_AT)" $(($(date +%s) - 30)) $(($(date +%s) + 1))
MSG="UC_TIME is the ISO form of UC_AT" \
    check [ "$(envv UC_TIME)" = "$(date -u -d "@$(envv UC_AT)" +%Y-%m-%dT%H:%M:%SZ)" ]
MSG="UC_REASON is one line" check [ -n "$(envv UC_REASON)" ]
MSG="nothing of the caller's environment leaks (WEBMIN_CONFIG)" \
    check not grep -q '^WEBMIN_CONFIG=' "$W/env.out"
MSG="the output is in the log detail" check grep -q "\[ran \]" "$W/out"
stop_all

# ---- command: killed at the deadline, with its children ----
fresh
setcfg "command=sleep 30 & echo \$! >'$W/bg.pid'; sleep 30" action_timeout=1
estate command
start=$(date +%s%N)
ctl rules test act_test >"$W/out" 2>&1
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
killed_in_time() { [ "$rc" -eq 1 ] && [ "$ms" -lt 3000 ]; }
MSG="a command past action_timeout=1 fails (got $rc) within 3 s (${ms} ms)" \
    check killed_in_time
MSG="the detail says it was stopped" check grep -q "did not finish in time" "$W/out"
bg=$(cat "$W/bg.pid" 2>/dev/null)
gone() { [ ! -e "/proc/$1" ] || grep -q ') Z ' "/proc/$1/stat" 2>/dev/null; }
MSG="its background child died with the process group" \
    check wait_for 2 gone "${bg:-1}"
stop_all

# ---- e-mail: a sendmail script gets the message ----
fresh
cat >"$W/sendmail" <<SH
#!/bin/sh
echo "\$@" >'$W/sm.args'
cat >'$W/sm.msg'
SH
chmod 755 "$W/sendmail"
setcfg "sendmail=$W/sendmail" notify_email=ops@example.com \
    mail_from=uc@example.com action_timeout=10
estate email
ctl rules test act_test >"$W/out" 2>&1
rc=$?
MSG="test-firing an e-mail rule succeeds (got $rc)" check [ "$rc" -eq 0 ]
MSG="sendmail runs as 'sendmail -oi -t'" check [ "$(cat "$W/sm.args")" = "-oi -t" ]
MSG="the message is addressed from Module Config" \
    check grep -q '^To: ops@example.com$' "$W/sm.msg"
MSG="the subject names the event, rule and server" \
    check grep -q '^Subject: \[unlimited-cluster\] test critical: act_test on web1$' "$W/sm.msg"
stop_all
