# t0800-logs.sh — logs -n N and logs -f (bounded by timeout).
# shellcheck shell=bash

LOG="$WEBMIN_VAR/modules/unlimited-cluster/module.log"
cc logs
expect 0 "no log yet" "There is no module log at"
mkdir -p "$(dirname "$LOG")"
for i in $(seq 1 30); do echo "line $i"; done >"$LOG"
cc logs
expect 0 "logs shows the last 20 lines"
check "20 lines, ending with line 30" [ "$(wc -l <"$OUT")" = 20 ] && [ "$(tail -1 "$OUT")" = "line 30" ] && [ "$(head -1 "$OUT")" = "line 11" ]
cc logs -n 3
check "-n 3 shows the last three" [ "$(tr '\n' ' ' <"$OUT")" = "line 28 line 29 line 30 " ]
cc logs -n 0
check "-n 0 shows nothing" out_empty
cc logs --lines=100
check "more lines than the file has shows all" [ "$(wc -l <"$OUT")" = 30 ]

# Follow: new lines appear; the command runs until timeout stops it.
(cd "$T/work" && env -i WEBMIN_CONFIG="$WEBMIN_CONFIG" WEBMIN_VAR="$WEBMIN_VAR" \
    PATH=/usr/bin:/bin timeout 3 "$STAGE/clusterctl" logs -f -n 1 >"$OUT" 2>"$ERR") &
f=$!
sleep 1
echo "appended A" >>"$LOG"
sleep 0.6
echo "appended B" >>"$LOG"
wait "$f"
RC=$?
check "logs -f runs until stopped (timeout's 124)" [ "$RC" = 124 ]
check "logs -f shows the last line, then what is appended" \
    [ "$(tr '\n' ' ' <"$OUT")" = "line 30 appended A appended B " ]
# Truncation (rotation) while following: the new content is shown.
(cd "$T/work" && env -i WEBMIN_CONFIG="$WEBMIN_CONFIG" WEBMIN_VAR="$WEBMIN_VAR" \
    PATH=/usr/bin:/bin timeout 2 "$STAGE/clusterctl" logs -f -n 0 >"$OUT" 2>"$ERR") &
f=$!
sleep 0.7
echo "after rotation" >"$LOG"
wait "$f"
check "a truncated log is followed from its start" [ "$(cat "$OUT")" = "after rotation" ]
