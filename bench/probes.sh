#!/usr/bin/env bash
# probes.sh [STAGE] — the monitoring daemon's probe benchmark: TCP connects
# and HTTP GETs per second over 10,000 loopback targets (127.1.x.y in a
# private network namespace), against prometheus-blackbox-exporter doing
# the same probes through /probe with 64 concurrent clients; and the
# daemon's peak RSS at 10,000 targets. Each case runs in its own session
# whose autogroup gets NICE, with ksoftirqd at NICE for the run (see
# run_case and SOFTIRQ below): both contenders above the rest of a shared
# machine, the kernel's loopback work included. Needs root (unshare -n); see
# bench/README.md. Prints a table, writes B/bench/probes.txt (B: the build
# of the stage measured), exits 1
# when a target is missed (10x blackbox for TCP and HTTP, RSS <= 64 MiB).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STAGE=${1:-$ROOT/build/stage/unlimited-cluster}
N=${N:-10000}
RUNS=${RUNS:-3}
REPEAT=${REPEAT:-3}
CLIENTS=${CLIENTS:-64}
MIN_RATIO=${MIN_RATIO:-10}
MAX_RSS_KIB=${MAX_RSS_KIB:-65536}
RSS_SECONDS=${RSS_SECONDS:-60}
# Both contenders run above the rest of a shared machine: at nice NICE, or
# with FIFO=1 under SCHED_FIFO priority 1 (the kernel's RT throttling still
# leaves 5 % of each second to everything else).
NICE=${NICE:--19}
FIFO=${FIFO:-}
# RPS=MASK (e.g. 3): receive packet steering on the namespace's lo, so that
# the receiving half of loopback's packet work is spread over the CPUs of
# MASK by flow, as a real NIC's receive queues spread it, instead of
# running inside whichever contender sent the packet (there, the targets'
# kernel work too: their SYN handling, accepted sockets, TIME_WAIT).
# Off by default: the figures in bench/README.md are without it.
RPS=${RPS:-}
TCP_PORT=19000
HTTP_PORT=18080
BB_PORT=19115

# The namespace's TCP counters: connections the targets' listen queues
# dropped and SYNs the clients had to send again (both 0 when the targets
# kept up; anything else slows whoever met it by a second a time).
drops() {
    nstat -asz TcpExtListenOverflows TcpExtListenDrops TcpExtTCPSynRetrans 2>/dev/null |
        awk '/ListenOverflows/ { o = $2 } /ListenDrops/ { d = $2 } /SynRetrans/ { r = $2 }
             END { printf "listen_drops=%d syn_retrans=%d", o + d, r }'
}

# ---- inside a fresh namespace: one measurement, one RESULT line ----
inner() {
    local what=$1 W=$2
    ip link set lo up
    if [ -n "$RPS" ]; then
        # this namespace's lo: a sysfs of its own, in a mount namespace
        # of its own (run_case adds -m)
        mount -t sysfs sysfs /sys
        echo "$RPS" >/sys/class/net/lo/queues/rx-0/rps_cpus
    fi
    # Room in the targets' accept queues (per namespace; the defaults,
    # 4096 and 2048, drop SYNs when a contender outruns the listener for a
    # moment, and a dropped SYN costs the client a 1 s retransmission).
    sysctl -qw net.core.somaxconn=65535 net.ipv4.tcp_max_syn_backlog=65535
    "$W/listener" 0.0.0.0 $TCP_PORT $HTTP_PORT >"$W/listener.out" 2>&1 &
    local lpid=$!
    local pids=("$lpid")
    trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null' RETURN
    for _ in $(seq 50); do grep -q ready "$W/listener.out" 2>/dev/null && break; sleep 0.1; done
    case $what in
    daemon-tcp | daemon-http)
        # REPEAT rounds (--once each, a fresh copy of the estate each time)
        # make one run about as long as a blackbox run.
        local run="$W/run-$what" secs=0 checks=0 failed=0 cpu=0 rss=0 k flush=0
        for k in $(seq "$REPEAT"); do
            rm -rf "$run"
            mkdir -p "$run/etc/unlimited-cluster" "$run/var/modules/unlimited-cluster"
            cp "$W/${what#daemon-}.db" "$run/var/modules/unlimited-cluster/cluster.db"
            if [ "$what" = daemon-tcp ]; then
                printf 'tcp=1\nhttp=0\nicmp=0\nmetrics=0\n' >"$run/etc/unlimited-cluster/config"
            else
                printf 'tcp=0\nhttp=1\nicmp=0\nmetrics=0\n' >"$run/etc/unlimited-cluster/config"
            fi
            /usr/bin/time -f '%M' -o "$run/rss" \
                "$STAGE/unlimited-clusterd" --config "$run/etc" --var "$run/var" --once
            local line
            line=$(grep 'one round:' "$run/var/modules/unlimited-cluster/daemon.log" | tail -1)
            # "one round: N servers, C checks (F failed) in S s = R checks/s, U us CPU per check"
            read -r c f t u < <(sed -n 's/.* servers, \([0-9]*\) checks (\([0-9]*\) failed) in \([0-9.]*\) s = [0-9]* checks\/s, \([0-9.]*\) us CPU.*/\1 \2 \3 \4/p' <<<"$line")
            checks=$((checks + c))
            failed=$((failed + f))
            secs=$(awk -v a="$secs" -v b="$t" 'BEGIN { print a + b }')
            cpu=$(awk -v a="$cpu" -v b="$u" -v n="$REPEAT" 'BEGIN { print a + b / n }')
            flush=$(awk -v a="${flush:-0}" -v b="$(sqlite3 "$run/var/modules/unlimited-cluster/cluster.db" "SELECT value FROM daemon_counters WHERE family = 'daemon_flush_seconds';")" -v n="$REPEAT" 'BEGIN { print a + b / n }')
            local r
            r=$(cat "$run/rss")
            [ "$r" -gt "$rss" ] && rss=$r
        done
        echo "RESULT $what rate=$(awk -v c="$checks" -v s="$secs" 'BEGIN { printf "%d", c / s }') checks=$checks failed=$failed probe_s=$secs cpu_us=$(printf '%.1f' "$cpu") write_s=$(printf '%.3f' "$flush") rss_kib=$rss $(drops)"
        ;;
    blackbox-tcp | blackbox-http)
        prometheus-blackbox-exporter --config.file="$W/blackbox.yml" \
            --web.listen-address=127.0.0.1:$BB_PORT >"$W/bb.out" 2>&1 &
        pids+=($!)
        for _ in $(seq 100); do curl -sf -o /dev/null http://127.0.0.1:$BB_PORT/metrics && break; sleep 0.1; done
        local urls="$W/${what}.urls"
        local t0 t1 bbpid=${pids[-1]} tck cpu0 cpu1
        tck=$(getconf CLK_TCK)
        cpu0=$(awk '{print $14 + $15}' "/proc/$bbpid/stat")
        t0=$(date +%s%N)
        /usr/bin/time -f '%U %S' -o "$W/$what.drv" \
            curl -s --no-progress-meter -Z --parallel-max "$CLIENTS" -K "$urls" \
            -w '%{http_code}\n' >"$W/$what.codes" 2>/dev/null
        t1=$(date +%s%N)
        cpu1=$(awk '{print $14 + $15}' "/proc/$bbpid/stat")
        local ok200
        ok200=$(grep -c '^200$' "$W/$what.codes" || true)
        # Spot check: the probes themselves succeeded.
        local module=tcp_connect target="127.1.0.7:$TCP_PORT" succ=0
        [ "$what" = blackbox-http ] && module=http_2xx target="http://127.1.0.7:$HTTP_PORT/"
        for _ in 1 2 3 4 5; do
            curl -s "http://127.0.0.1:$BB_PORT/probe?module=$module&target=$target" |
                grep -q '^probe_success 1' && succ=$((succ + 1))
        done
        local ms=$(((t1 - t0) / 1000000))
        # CPU per probe: the exporter's, and with the 64 clients' too.
        local bbus drvus
        bbus=$(awk -v a="$cpu0" -v b="$cpu1" -v t="$tck" -v n="$N" 'BEGIN { printf "%.1f", (b - a) / t * 1e6 / n }')
        drvus=$(awk -v n="$N" '{ printf "%.1f", ($1 + $2) * 1e6 / n }' "$W/$what.drv")
        echo "RESULT $what rate=$((N * 1000 / (ms > 0 ? ms : 1))) answered=$ok200 spot_ok=$succ/5 cpu_us=$bbus driver_cpu_us=$drvus wall_ms=$ms $(drops)"
        ;;
    daemon-rss)
        local run="$W/run-rss"
        rm -rf "$run"
        mkdir -p "$run/etc/unlimited-cluster" "$run/var/modules/unlimited-cluster"
        cp "$W/mixed.db" "$run/var/modules/unlimited-cluster/cluster.db"
        printf 'check_interval=10\n' >"$run/etc/unlimited-cluster/config"
        "$STAGE/unlimited-clusterd" --config "$run/etc" --var "$run/var" --foreground &
        local dpid=$!
        pids+=("$dpid")
        sleep "$RSS_SECONDS"
        local hwm rss rounds
        hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$dpid/status")
        rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$dpid/status")
        kill -TERM "$dpid"
        wait "$dpid" || true
        rounds=$(sqlite3 "$run/var/modules/unlimited-cluster/cluster.db" \
            "SELECT CAST(value AS INTEGER) FROM daemon_counters WHERE family='daemon_rounds_total';")
        echo "RESULT daemon-rss hwm_kib=$hwm rss_kib=$rss rounds=$rounds"
        ;;
    esac
}

if [ "${1:-}" = --inner ]; then
    STAGE=$4
    inner "$2" "$3"
    exit 0
fi

# ---- the driver ----
[ "$(id -u)" -eq 0 ] || { echo "probes.sh: needs root (unshare -n, a private network namespace)" >&2; exit 2; }
unshare -n true || { echo "probes.sh: unshare -n does not work here" >&2; exit 2; }
for tool in sqlite3 curl prometheus-blackbox-exporter ip /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "probes.sh: $tool is missing (make deps)" >&2; exit 2; }
done
[ -x "$STAGE/unlimited-clusterd" ] || { echo "probes.sh: $STAGE/unlimited-clusterd missing (make all)" >&2; exit 2; }
STAGE=$(cd "$STAGE" && pwd)

W=$(mktemp -d /tmp/uc-probes.XXXXXX)
# On loopback the kernel's packet work runs in softirq, and when there is
# much of it, in the ksoftirqd threads at nice 0: on a busy machine they
# then wait behind every other process, and so does whichever contender
# sent the packets (measured: TCP 5-6k/s with ksoftirqd at nice 0, 12-25k/s
# at -19, same load). SOFTIRQ=1 (default) puts them at the contenders'
# level for the run and back as they were at the end; SOFTIRQ=0 leaves
# them alone.
SOFTIRQ=${SOFTIRQ:-1}
KSOFT=()
if [ "$SOFTIRQ" = 1 ]; then
    while read -r pid ni comm; do
        case $comm in ksoftirqd/*) KSOFT+=("$pid:$ni") ;; esac
    done < <(ps -eo pid=,ni=,comm=)
    for k in "${KSOFT[@]}"; do
        renice -n "$NICE" -p "${k%%:*}" >/dev/null
        # under FIFO=1 the contenders would otherwise starve them
        [ -z "$FIFO" ] || chrt -f -p 1 "${k%%:*}" >/dev/null
    done
fi
restore() {
    for k in "${KSOFT[@]}"; do
        [ -z "$FIFO" ] || chrt -o -p 0 "${k%%:*}" >/dev/null 2>&1
        renice -n "${k##*:}" -p "${k%%:*}" >/dev/null 2>&1
    done
    [ -n "${KEEP:-}" ] || rm -rf "$W"
}
trap restore EXIT
cc -O2 -o "$W/listener" "$ROOT/bench/listener.c"

# The estates: N servers at 127.1.x.y, made by the daemon's own schema.
target() { echo "127.1.$(($1 / 250)).$(($1 % 250 + 1))"; }
make_db() { # NAME TYPE PORTS [MIXED]
    local db="$W/$1.db" v="$W/mk-$1"
    mkdir -p "$v/etc/unlimited-cluster" "$v/var"
    "$STAGE/unlimited-clusterd" --config "$v/etc" --var "$v/var" --db "$db" --once
    {
        echo "BEGIN;"
        for i in $(seq 0 $((N - 1))); do
            local type=$2 ports=$3
            if [ -n "${4:-}" ] && [ $((i % 2)) -eq 1 ]; then type=database ports=$TCP_PORT; fi
            echo "INSERT INTO servers(id, name, type, ip, ports, created, updated) VALUES ('s$i', 's$i', '$type', '$(target "$i")', '$ports', 0, 0);"
        done
        echo "INSERT INTO servers_fts(rowid, id, name, ip, region) SELECT rid, id, name, ip, region FROM servers;"
        echo "COMMIT;"
    } | sqlite3 "$db"
}
make_db tcp database $TCP_PORT
make_db http web $HTTP_PORT
make_db mixed web $HTTP_PORT mixed

cat >"$W/blackbox.yml" <<'YML'
modules:
  tcp_connect:
    prober: tcp
    timeout: 5s
    tcp:
      preferred_ip_protocol: ip4
  http_2xx:
    prober: http
    timeout: 5s
    http:
      preferred_ip_protocol: ip4
YML
for i in $(seq 0 $((N - 1))); do
    t=$(target "$i")
    printf 'url = "http://127.0.0.1:%d/probe?module=tcp_connect&target=%s:%d"\noutput = "/dev/null"\n' $BB_PORT "$t" $TCP_PORT >>"$W/blackbox-tcp.urls"
    printf 'url = "http://127.0.0.1:%d/probe?module=http_2xx&target=http://%s:%d/"\noutput = "/dev/null"\n' $BB_PORT "$t" $HTTP_PORT >>"$W/blackbox-http.urls"
done

# Each case runs in a session of its own (setsid): with the kernel's
# autogroups on (/proc/sys/kernel/sched_autogroup_enabled, Debian's
# default) CPU time is first shared between sessions, and a process's nice
# only counts inside its own, so NICE alone would not put the contenders
# above the other sessions' work; the new session's autogroup gets NICE too.
run_case() {
    local sched=(nice -n "$NICE")
    [ -n "$FIFO" ] && sched=(chrt -f 1)
    setsid -w bash -c '[ -w /proc/self/autogroup ] && echo "$1" >/proc/self/autogroup; shift; exec "$@"' \
        _ "$NICE" "${sched[@]}" unshare -n ${RPS:+-m} -- bash "$0" --inner "$1" "$W" "$STAGE" </dev/null | grep "^RESULT"
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

# Runs interleave (daemon, blackbox, daemon, ...) so that both see the
# same phases of whatever else the machine is doing.
declare -A RATE
CASES=(daemon-tcp blackbox-tcp daemon-http blackbox-http)
for c in "${CASES[@]}"; do : >"$W/$c.results"; done
for r in $(seq "$RUNS"); do
    for c in "${CASES[@]}"; do
        line=$(run_case "$c")
        echo "  $c run $r: ${line#RESULT $c }"
        echo "$line" >>"$W/$c.results"
    done
done
declare -A CPU DRV
for c in "${CASES[@]}"; do
    RATE[$c]=$(field rate <"$W/$c.results" | median)
    CPU[$c]=$(field cpu_us <"$W/$c.results" | median)
    DRV[$c]=$(field driver_cpu_us <"$W/$c.results" | median)
done
rss_line=$(run_case daemon-rss)
echo "  ${rss_line#RESULT }"
once_rss=$(field rss_kib <"$W/daemon-tcp.results" | sort -n | tail -1)
once_rss_http=$(field rss_kib <"$W/daemon-http.results" | sort -n | tail -1)
hwm=$(field hwm_kib <<<"$rss_line")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }
cores() { awk -v r="${RATE[$1]}" -v c="${CPU[$1]}" 'BEGIN { printf "%.2f", r * c / 1e6 }'; }
# Run r of the daemon against run r of the exporter (measured one after
# the other): the range of those ratios shows how steady the result is.
ratio_range() {
    paste -d' ' <(field rate <"$W/daemon-$1.results") <(field rate <"$W/blackbox-$1.results") |
        awk '$2 > 0 { r = $1 / $2; if (n++ == 0 || r < lo) lo = r; if (r > hi) hi = r }
             END { printf "%.1f-%.1fx", lo, hi }'
}
tcp_ratio=$(ratio "${RATE[daemon-tcp]}" "${RATE[blackbox-tcp]}")
http_ratio=$(ratio "${RATE[daemon-http]}" "${RATE[blackbox-http]}")
# The figures go next to the build that was measured: B/bench/probes.txt
# for a stage at B/stage/unlimited-cluster.
OUTDIR=$ROOT/build/bench
case "$STAGE" in */stage/unlimited-cluster) OUTDIR=$(dirname "$(dirname "$STAGE")")/bench ;; esac
mkdir -p "$OUTDIR"
{
    echo "| probe ($N targets, median of $RUNS) | unlimited-clusterd | blackbox_exporter ($CLIENTS clients) | ratio (range over runs) |"
    echo "|---|---|---|---|"
    echo "| TCP connect | ${RATE[daemon-tcp]}/s | ${RATE[blackbox-tcp]}/s | ${tcp_ratio}x (runs: $(ratio_range tcp)) |"
    echo "| HTTP GET | ${RATE[daemon-http]}/s | ${RATE[blackbox-http]}/s | ${http_ratio}x (runs: $(ratio_range http)) |"
    echo "| CPU per TCP probe (µs) | ${CPU[daemon-tcp]} | ${CPU[blackbox-tcp]} (+ ${DRV[blackbox-tcp]} clients) | $(ratio "${CPU[blackbox-tcp]}" "${CPU[daemon-tcp]}")x less |"
    echo "| CPU per HTTP probe (µs) | ${CPU[daemon-http]} | ${CPU[blackbox-http]} (+ ${DRV[blackbox-http]} clients) | $(ratio "${CPU[blackbox-http]}" "${CPU[daemon-http]}")x less |"
    # Cores kept busy (rate x CPU per probe): the daemon is one thread,
    # the exporter spreads over every core, so the rate ratio is the CPU
    # ratio times the daemon's share of the cores over the exporter's.
    echo "| cores busy, TCP / HTTP | $(cores daemon-tcp) / $(cores daemon-http) | $(cores blackbox-tcp) / $(cores blackbox-http) (without clients) | |"
    echo
    [ -z "$RPS" ] || echo "(receive packet steering on the namespace's lo: CPU mask $RPS)"
    echo "writing a round of $N results (one transaction, after the probes): $(field write_s <"$W/daemon-tcp.results" | median) s"
    echo "daemon peak RSS: --once TCP ${once_rss} KiB, --once HTTP ${once_rss_http} KiB;"
    echo "running ${RSS_SECONDS} s over $N servers (TCP + HTTP + ICMP + scrapes, interval 10 s): VmHWM $hwm KiB"
} | tee "$OUTDIR/probes.txt"

bad=0
awk -v r="$tcp_ratio" -v m="$MIN_RATIO" 'BEGIN { exit !(r >= m) }' || { echo "probes.sh: TCP ratio $tcp_ratio < $MIN_RATIO"; bad=1; }
awk -v r="$http_ratio" -v m="$MIN_RATIO" 'BEGIN { exit !(r >= m) }' || { echo "probes.sh: HTTP ratio $http_ratio < $MIN_RATIO"; bad=1; }
for k in "$once_rss" "$once_rss_http" "$hwm"; do
    [ "${k:-999999}" -le "$MAX_RSS_KIB" ] || { echo "probes.sh: RSS $k KiB > $MAX_RSS_KIB"; bad=1; }
done
exit $bad
