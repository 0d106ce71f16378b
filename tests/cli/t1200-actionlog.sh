# t1200-actionlog.sh — the Webmin action log: user from SUDO_USER, else the
# login name, else root; only when Webmin's var folder exists and the
# global config says log=1.
# shellcheck shell=bash

cc servers add a --type web --ip 10.0.0.1
actions >"$T/actions"
check "one line, in webmin.log's format, by the sudo user" \
    grep -Eq '^[0-9]+\.[0-9]+\.0 \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4} [0-9:]{8}\] tester - - unlimited-cluster unlimited-cluster/clusterctl "create" "server" "a" ' "$T/actions"
check "the log file is private" [ "$(stat -c %a "$WEBMIN_VAR/webmin.log")" = 600 ]
CLI_ENV=("SUDO_USER=" "LOGNAME=alice")
cc servers add b --type web --ip 10.0.0.2
check "without sudo, the login name" bash -c "grep -q '] alice - - unlimited-cluster' '$WEBMIN_VAR/webmin.log'"
CLI_ENV=("SUDO_USER=" "LOGNAME=" "USER=")
cc servers add c --type web --ip 10.0.0.3
check "with neither, root" bash -c "grep -q '] root - - unlimited-cluster/clusterctl\\|] root - - unlimited-cluster unlimited-cluster/clusterctl \"create\" \"server\" \"c\"' '$WEBMIN_VAR/webmin.log'"
CLI_ENV=()
printf 'log=0\n' >"$WEBMIN_CONFIG/config"
lines=$(wc -l <"$WEBMIN_VAR/webmin.log")
cc servers add d --type web --ip 10.0.0.4
check "log=0 writes nothing" [ "$(wc -l <"$WEBMIN_VAR/webmin.log")" = "$lines" ]
printf 'log=1\n' >"$WEBMIN_CONFIG/config"
cc --db "$T/work/x.db" servers add e --type web --ip 10.0.0.5
check "--db does not change where actions are logged" bash -c "grep -q '\"server\" \"e\"' '$WEBMIN_VAR/webmin.log'"
rm -rf "$WEBMIN_VAR"
cc --db "$T/work/x.db" servers add f --type web --ip 10.0.0.6
expect 0 "without Webmin's var folder the command still works"
check "and no log is made" test ! -e "$WEBMIN_VAR/webmin.log"
