# t80-icmp.sh — ICMP echo as root (raw or ping socket), and, run as an
# unprivileged user outside net.ipv4.ping_group_range, a clear statement
# in the log and in daemon_state that ping checks are off.
# shellcheck shell=bash

fresh fail_count=1 metrics=0
closed=$(free_port)
add_server ping-only-1 database 127.0.0.5 "$closed"
"$D" --config "$CFG" --var "$VAR" --once >/dev/null 2>&1
MSG="ICMP is on: daemon_state says how ($(state icmp))" check grep -qE '^(raw|dgram) ' <<<"$(state icmp)"
MSG="ports closed but the host answers ping: warning, not inactive" \
    check status_is ping-only-1 warning
MSG="...with the echo round trip recorded" check between "$(cur ping-only-1 icmp_ms)" 0 1000
MSG="echo requests are counted" check test "$(counter daemon_probes_total icmp)" = 1

# Unprivileged: only possible as root (to switch user) with setpriv.
range=$(cat /proc/sys/net/ipv4/ping_group_range)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    fresh fail_count=1 metrics=0
    serve tcp 127.0.0.1 0 lst
    add_server tcp-1 database 127.0.0.1 "$PORT_OUT"
    chmod -R a+rwX "$W"
    chmod a+x "$T"
    setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$D" --config "$CFG" --var "$VAR" --once >"$W/nobody.out" 2>&1
    lo=${range%%[[:space:]]*}
    hi=${range##*[[:space:]]}
    if [ 65534 -ge "$lo" ] && [ 65534 -le "$hi" ]; then
        MSG="as nobody inside ping_group_range ($range): the ping socket" \
            check grep -q '^dgram' <<<"$(state icmp)"
    else
        MSG="as nobody outside ping_group_range ($range): the log says ping is off" \
            check grep -q 'ICMP echo is not allowed: net.ipv4.ping_group_range' "$LOG"
        MSG="...and daemon_state says unavailable and why" \
            check grep -q '^unavailable: no ping socket' <<<"$(state icmp)"
    fi
    MSG="...TCP checks still run" check status_is tcp-1 active
else
    MSG="unprivileged ICMP case skipped (needs root and setpriv)" check true
fi
