#!/usr/bin/env bash
# Issue 13's figures, each against its floor, measured in one run: the control API against a
# minimal C Varlink server, the idle daemon against a C process waking every 100 ms, pumpd's start
# against the C server's, the virtual clock against its goal. A measurement, not a test.
#
#   scripts/api-bench.sh [--quick] [--seconds N] [--days D] [--repeat R] [--idle-rounds K] [--no-build | --pumpd PATH] [--only idle|lateness|exec|vclock] [--noise R] [--pairs K] [--loop-cpu C]
#
# Builds pumpd as it is deployed (scripts/static-build.sh -c release, as scripts/build-deb.sh: the
# Swift standard library linked in, scratch path .build-static; the output's `pumpd:` line says how the
# binary measured links it) and, with cc -O2, scripts/api-bench/floor_server.c (one thread, epoll,
# answers every NUL-terminated message with a fixed reply the size of pumpd's GetStatus reply) and
# scripts/api-bench/loadgen.c (client threads in tight loops timing each round trip with
# CLOCK_MONOTONIC; the exec probe; the 100 ms reference sleeper). Then, each pumpd with its own
# state directory and socket in a temporary directory:
#   1. hw-profiles/sim.toml, 500 µg/day: idle wakeups and CPU for N s beside the sleeper, in K rounds
#      (the first on this pumpd, each other on a fresh one; each with a fresh sleeper; the figures are
#      the rounds' medians, with the CPU ratio's range); then (on the first pumpd, or with K > 1 on a
#      fresh one started after the rounds) one client calling GetInfo, then GetStatus, sequentially
#      for N s each; 50 clients calling GetStatus.
#   2. The floor server with the same reply size: one client, then 50 clients, N s each.
#   3. Exec to the first GetStatus answered with the program restored (mode running), pumpd on the
#      state of 1, against exec to the floor server's first reply: the median of R runs each.
#   4. hw-profiles/sim-bench.toml at 1000 steps/s (SCHED_FIFO when allowed), a fresh pumpd per phase,
#      each after 2 s of warm-up (and, with clients, 1 s of them connecting): an N s window without
#      clients, then one with 50 GetStatus clients; unpinned, then again with the loop pinned to the
#      last CPU (`[realtime] cpu`) and the load generator kept off it with taskset, standing in for a
#      rig's isolated CPU. Per window: its wakes, its max lateness (exact when a new max was set in
#      it, else a bound), p99 since pumpd's start (pumpd publishes no bucket counts to difference),
#      and the real-time thread's wakeups/s (voluntary context switches of the thread blocked in
#      the loop's wait), and for the pinned loop the interrupts and softirqs its CPU took. As root,
#      the kernel also traces each window (api-bench/wake_trace.py): every timer wake of the loop,
#      its lateness split into the sleep armed late, the timer interrupt's delay and the wake path,
#      over the window alone (the loop-traced-* lines; SKIPPED, loudly, without root or tracefs or
#      when the trace cannot be trusted), and the pinned windows' CPU is isolated as on a rig
#      (isolate_cpu). --noise R
#      adds 2 × R windows without clients: the spread with nothing changed. --loop-cpu C pins to C
#      instead of the last CPU. --pairs K runs the windows K times, alternating, and adds the
#      traced figures' medians over the K pairs (one pair's ratio moves ±15 % with the host).
#   5. hw-profiles/sim-soak.toml on the virtual clock at 880 µg/day: D days, one AdvanceTime of a day
#      per call; simulated days per second of wall time.
# Prints one line per figure, ending in `ratio X`, after what ran and on what machine. Defaults:
# N 10 s, D 30, R 5, K 5; --quick: N 2, D 3, R 1, K 1 (a smoke check of the tools, not a measurement).
# --pumpd PATH measures that binary instead of building (e.g. a debug build, or main's for a before).
# --only idle: the idle part of 1 alone (with each thread's wakeups and CPU in the first round), then
# its two figures.
# --only lateness: 4 alone, then its figures.
# --only exec: 1's start (the program set, then stopped) to leave its state, then 3 alone.
# --only vclock: 5 alone, then its figure.
# Run it niced (nice -n 19 scripts/api-bench.sh) beside other work; ratios come from the same run.
# Wakeups are voluntary context switches (a thread going to sleep, to be woken later); CPU is the
# scheduler's run time of every thread (/proc/PID/task/*/schedstat).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=10
days=30
repeat=5
idle_rounds=5
build=1
quick=0
pumpd=
only=
noise=0
pairs=1
loop_cpu=
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1; seconds=2; days=3; repeat=1; idle_rounds=1; shift ;;
        --seconds) seconds="${2:-}"; shift 2 ;;
        --seconds=*) seconds="${1#--seconds=}"; shift ;;
        --days) days="${2:-}"; shift 2 ;;
        --days=*) days="${1#--days=}"; shift ;;
        --repeat) repeat="${2:-}"; shift 2 ;;
        --repeat=*) repeat="${1#--repeat=}"; shift ;;
        --idle-rounds) idle_rounds="${2:-}"; shift 2 ;;
        --idle-rounds=*) idle_rounds="${1#--idle-rounds=}"; shift ;;
        --no-build) build=0; shift ;;
        --pumpd) pumpd="${2:-}"; build=0; shift 2 ;;
        --pumpd=*) pumpd="${1#--pumpd=}"; build=0; shift ;;
        --loop-cpu) loop_cpu="${2:-}"; shift 2 ;;
        --loop-cpu=*) loop_cpu="${1#--loop-cpu=}"; shift ;;
        --noise) noise="${2:-}"; shift 2 ;;
        --noise=*) noise="${1#--noise=}"; shift ;;
        --pairs) pairs="${2:-}"; shift 2 ;;
        --pairs=*) pairs="${1#--pairs=}"; shift ;;
        --only) only="${2:-}"; shift 2 ;;
        --only=*) only="${1#--only=}"; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "usage: $0 [--quick] [--seconds N] [--days D] [--repeat R] [--idle-rounds K] [--no-build | --pumpd PATH] [--only idle|lateness|exec|vclock] [--noise R] [--pairs K] [--loop-cpu C]" >&2; exit 2 ;;
    esac
done
case "$only" in
    ''|idle|lateness|exec|vclock) ;;
    *) echo "$0: --only takes idle, lateness, exec or vclock, not '$only'" >&2; exit 2 ;;
esac
case "$noise" in ''|*[!0-9]*) echo "$0: --noise takes a whole number, not '$noise'" >&2; exit 2 ;; esac
for value in "$seconds" "$days" "$repeat" "$idle_rounds" "$pairs"; do
    case "$value" in
        ''|*[!0-9]*|0) echo "$0: --seconds, --days, --repeat, --idle-rounds and --pairs take whole numbers ≥ 1, not '$value'" >&2; exit 2 ;;
    esac
done

# What a rig's isolated CPU looks like (systemd/README.md: isolcpus or CPUAffinity, irqaffinity, and
# the kernel threads and unbound workqueues moved off), done for the pinned windows when root: the
# kernel threads that may run anywhere, the unbound workqueues and the interrupts that accept it
# are moved off CPU $1 (kdamond and unbound kworkers otherwise displace the pinned loop by up to
# ~1 ms on this guest), and put back by release_cpu (also on exit; a SIGKILL leaves them moved).
# Per-CPU threads and the CPU's own timer interrupt stay, as on a rig; so does user space other
# than the load generator (this script, the tracer when it cannot be kept off).
isolated_restore=()
cpu_in_list() { awk -v list="$1" -v c="$2" 'BEGIN { n = split(list, r, ","); for (i = 1; i <= n; i++) { split(r[i], b, "-"); if (c >= b[1] && c <= (b[2] == "" ? b[1] : b[2])) exit 0 }; exit 1 }'; }
isolate_cpu() {
    local cpu="$1" others="$2" pid flags allowed comm irq moved_threads=0 moved_irqs=0 workqueues="left as they were"
    [ "$(id -u)" = 0 ] || { echo "   isolating CPU $cpu: SKIPPED (not root): kernel threads and interrupts may share it with the loop"; return 0; }
    for pid in $(ps -eo pid=,ppid= | awk '$2 == 2 { print $1 }'); do
        flags="$(awk '{ print $9 }' /proc/"$pid"/stat 2>/dev/null)" || continue
        (( (flags & 0x04000000) == 0 )) || continue   # PF_NO_SETAFFINITY: per-CPU or workqueue-managed
        allowed="$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/"$pid"/status 2>/dev/null)" || continue
        comm="$(cat /proc/"$pid"/comm 2>/dev/null)" || continue
        cpu_in_list "$allowed" "$cpu" || continue
        taskset -pc "$others" "$pid" >/dev/null 2>&1 || continue
        # Put back only if the PID is still that thread.
        isolated_restore+=("[ \"\$(cat /proc/$pid/comm)\" = '$comm' ] && taskset -pc $allowed $pid"); moved_threads=$((moved_threads + 1))
    done
    local wq=/sys/devices/virtual/workqueue old_mask
    if old_mask="$(cat "$wq/cpumask_requested" 2>/dev/null || cat "$wq/cpumask" 2>/dev/null)" && [[ "$old_mask" =~ ^[0-9a-f]{1,15}$ ]] && [ "$cpu" -lt 60 ]; then
        if printf '%x' $(( 0x$old_mask & ~(1 << cpu) )) >"$wq/cpumask" 2>/dev/null; then
            isolated_restore+=("echo $old_mask > $wq/cpumask"); workqueues="moved"
        fi
    fi
    for irq in /proc/irq/[0-9]*; do
        allowed="$(cat "$irq/smp_affinity_list" 2>/dev/null)" || continue
        cpu_in_list "$allowed" "$cpu" || continue
        echo "$others" >"$irq/smp_affinity_list" 2>/dev/null || continue
        isolated_restore+=("echo $allowed > $irq/smp_affinity_list"); moved_irqs=$((moved_irqs + 1))
    done
    echo "   isolating CPU $cpu for the pinned windows: $moved_threads kernel threads and $moved_irqs interrupts moved to CPUs $others, the unbound workqueues $workqueues"
}
release_cpu() {
    local undo failed=0
    for undo in "${isolated_restore[@]}"; do bash -c "$undo" >/dev/null 2>&1 || failed=$((failed + 1)); done
    [ "$failed" = 0 ] || echo "   putting CPU isolation back: $failed of ${#isolated_restore[@]} could not be restored (an exited thread, or an interrupt that refuses)" >&2
    isolated_restore=()
}

tmp="$(mktemp -d /tmp/pumpd-api-bench.XXXXXX)"
started_pids=()
cleanup() {
    local pid
    release_cpu
    for pid in "${started_pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${started_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

# --- Building ---------------------------------------------------------------------------------

# As scripts/build-deb.sh builds the package: start-up above all depends on it (no Swift runtime
# libraries to load and relocate).
deployed_build=(scripts/static-build.sh -c release)
if [ "$build" = 1 ]; then
    echo "== building pumpd (release, Swift standard library linked in, as scripts/build-deb.sh) =="
    "${deployed_build[@]}" --product pumpd 2>&1 | tail -3
fi
[ -n "$pumpd" ] || pumpd="$("${deployed_build[@]}" --show-bin-path)/pumpd"
[ -x "$pumpd" ] || { echo "$0: $pumpd is missing (run without --no-build)" >&2; exit 1; }
echo "== building the C floor server and load generator (cc -O2) =="
cc -O2 -Wall -Wextra -o "$tmp/floor_server" scripts/api-bench/floor_server.c
cc -O2 -Wall -Wextra -pthread -o "$tmp/loadgen" scripts/api-bench/loadgen.c
loadgen="$tmp/loadgen"

GET_STATUS='{"method":"io.pumpd.Pump.GetStatus"}'
GET_INFO='{"method":"org.varlink.service.GetInfo"}'
RUNNING='"mode":"running"'

# --- Helpers ----------------------------------------------------------------------------------

# The value of key in a `RESULT key=value …` line.
field() { sed -n "s/^RESULT.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

# awk arithmetic: calc '%.2f' 'a / b'
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# x / y to two decimals, or "n/a" when y is 0.
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { if (y + 0 == 0) print "n/a"; else printf "%.2f", x / y }'; }

now_ns() { date +%s%N; }

# One call's reply (without its NUL) on stdout; exit 1 when the socket does not answer.
varlink_call() {
    python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(60)
try:
    s.connect(sys.argv[1])
    s.sendall(sys.argv[2].encode() + b"\0")
    data = b""
    while not data.endswith(b"\0"):
        chunk = s.recv(65536)
        if not chunk:
            sys.exit(1)
        data += chunk
except OSError:
    sys.exit(1)
sys.stdout.write(data[:-1].decode())
PY
}

# Starts pumpd in the background and waits until GetStatus says the program runs:
# start_pumpd NAME PROFILE [pumpd options…]. Its state directory, socket, runtime files (the
# socket's directory) and output (NAME.log) are in $tmp/NAME; sets pumpd_pid and pumpd_socket.
start_pumpd() {
    local name="$1" profile="$2"
    shift 2
    mkdir -p "$tmp/$name/state"
    pumpd_socket="$tmp/$name/control.sock"
    local socket="$pumpd_socket"
    "$pumpd" --profile "$profile" --state-dir "$tmp/$name/state" --socket "$socket" "$@" >"$tmp/$name.log" 2>&1 &
    pumpd_pid=$!
    started_pids+=("$pumpd_pid")
    local deadline=$(( $(date +%s) + 60 )) reply
    while :; do
        if ! kill -0 "$pumpd_pid" 2>/dev/null; then
            echo "$0: pumpd ($name) exited:" >&2; cat "$tmp/$name.log" >&2; exit 1
        fi
        if reply="$(varlink_call "$socket" "$GET_STATUS" 2>/dev/null)" && [[ "$reply" == *"$RUNNING"* ]]; then
            return 0
        fi
        if [ "$(date +%s)" -gt "$deadline" ]; then
            echo "$0: pumpd ($name) is not running a program after 60 s; last reply: ${reply:-none}" >&2
            cat "$tmp/$name.log" >&2; exit 1
        fi
        sleep 0.05
    done
}

stop_pid() {
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# "voluntary nonvoluntary runtime_ns threads" summed over every thread of a process.
proc_sample() {
    cat /proc/"$1"/task/*/status /proc/"$1"/task/*/schedstat 2>/dev/null | awk '
        /^voluntary_ctxt_switches/ { v += $2; t++ }
        /^nonvoluntary_ctxt_switches/ { n += $2 }
        /^[0-9]+ [0-9]+ [0-9]+$/ { r += $1 }
        END { print v + 0, n + 0, r + 0, t + 0 }'
}

# "tid name voluntary runtime_ns" per thread of a process, sorted by tid (for join).
thread_sample() {
    # One grep and one awk, however many threads: slow sampling would stretch the window.
    { grep -sH '' /proc/"$1"/task/*/comm /proc/"$1"/task/*/schedstat; grep -sH '^voluntary_ctxt_switches' /proc/"$1"/task/*/status; true; } |
        awk '{ split($0, p, "/"); tid = p[5]; rest = substr($0, index($0, ":") + 1) }
            p[6] ~ /^comm:/ { gsub(/ /, "_", rest); name[tid] = rest }
            p[6] ~ /^schedstat:/ { split(rest, f, " "); r[tid] = f[1] }
            p[6] ~ /^status:/ { split(rest, f, /[ \t]+/); v[tid] = f[2] }
            END { for (t in v) print t, (t in name ? name[t] : "?"), v[t], r[t] + 0 }' | sort -k1,1
}

# A thread's voluntary context switches.
thread_wakeups() { awk '/^voluntary_ctxt_switches/ { print $2 }' /proc/"$1"/task/"$2"/status; }

# The real-time loop's thread: the one named pumpd-loop (RealtimeLoop names it), or in pumpd
# before it slept on a futex, the one blocked in epoll_wait(…, 16, -1) on an epoll set of exactly
# a timerfd and two eventfds (RealtimeLoop's timer, command inbox and stop signal; SwiftNIO's
# loops wait for 64 or more events). Its TID on stdout.
rt_thread() {
    local pid="$1" attempt task nr a1 a2 a3 rest kinds fd
    for attempt in $(seq 1 100); do
        for task in /proc/"$pid"/task/*; do
            if [ "$(cat "$task/comm" 2>/dev/null)" = pumpd-loop ]; then
                echo "${task##*/}"
                return 0
            fi
            read -r nr a1 a2 a3 rest <"$task/syscall" 2>/dev/null || continue
            case "$nr" in 232|281|441) ;; *) continue ;; esac
            [ "$a3" = 0x10 ] || continue
            kinds="$(for fd in $(sed -n 's/^tfd: *\([0-9]*\).*/\1/p' /proc/"$pid"/fdinfo/$((a1)) 2>/dev/null); do
                readlink /proc/"$pid"/fd/"$fd"; done | sort | tr '\n' ' ')"
            if [ "$kinds" = "anon_inode:[eventfd] anon_inode:[eventfd] anon_inode:[timerfd] " ]; then
                echo "${task##*/}"
                return 0
            fi
        done
        sleep 0.05
    done
    return 1
}

# The median of the numbers on stdin (space- or line-separated); of an even count, the mean of the
# middle two.
median() {
    tr ' ' '\n' | grep . | sort -g |
        awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.10g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

LATENESS_RE='([0-9]+) wakes, lateness p50 ([0-9]+) µs, p99 ([0-9]+) µs, max ([0-9]+) µs'

# "wakes p50 p99 max" (µs) from a log's last status line.
last_lateness() {
    grep -aoE "$LATENESS_RE" "$1" | tail -1 | sed -E "s/^$LATENESS_RE\$/\1 \2 \3 \4/"
}

# --- 4. The loop's lateness with and without API load -----------------------------------------

# The first status line printed after the summary refresh that follows now: the loop refreshes its
# summary once a second and pumpd prints the latest once a second, so a line printed more than
# 1.2 s from now was refreshed after now (and at most ~2.3 s after). "wakes p50 p99 max" (µs).
lateness_now() {
    local log="$1" lines
    sleep 1.2
    lines="$(grep -acE "$LATENESS_RE" "$log" || true)"
    for _ in $(seq 1 50); do
        [ "$(grep -acE "$LATENESS_RE" "$log" || true)" -gt "$lines" ] && break
        sleep 0.1
    done
    last_lateness "$log"
}

# "name count" per interrupt source (and softirq, prefixed "softirq-") on CPU $1.
cpu_interrupts() {
    awk -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "CPU" c) col = i + 1; next }
        col && $col ~ /^[0-9]+$/ { name = $1; sub(/:$/, "", name); if (name ~ /^[0-9]+$/) name = name "-" $NF; print name, $col }' /proc/interrupts
    awk -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "CPU" c) col = i + 1; next }
        col { name = $1; sub(/:$/, "", name); print "softirq-" name, $col }' /proc/softirqs
}

# A phase: a fresh pumpd on PROFILE, 2 s of warm-up (start-up's page faults and first-call costs),
# then CLIENTS GetStatus clients (on the CPUs TASKSET names, all when empty) for 1 s before the
# window, so the window neither includes start-up nor the clients' connecting; then the window.
# pumpd reports lateness since its start only (p50/p99/max of the loop's LatenessHistogram; it publishes no bucket counts), so the
# window's figures are the differences the since-start summaries allow: its wakes exactly, its max
# when a new max was set in it (else only "≤ the max before"), and p99 since start, at the end of
# the window (start-up and warm-up included: about 3 s of wakes in N + 3). A windowed p99 needs
# pumpd to publish its histogram's bucket counts.
# Sets loop_window: "wakes p99_end max_flag max" (max_flag "=" exact, "<=" a bound), loop_wakeups,
# loop_policy, loop_clients (the load generator's RESULT line, or empty).
loop_phase() {
    local name="$1" clients="$2" profile="$3" cpus="${4:-}" tid w0 w1 from elapsed load_pid="" before after
    start_pumpd "$name" "$profile" --daily-dose 864mg/day --status-interval 1
    local pid="$pumpd_pid"
    sleep 2
    if [ "$clients" -gt 0 ]; then
        # Runs past the window until the status line that covers it is printed.
        ${cpus:+taskset -c "$cpus"} "$loadgen" load "$pumpd_socket" "$GET_STATUS" --clients "$clients" --seconds $((seconds + 6)) \
            >"$tmp/$name-load.txt" &
        load_pid=$!
        started_pids+=("$load_pid")
        sleep 1
    fi
    tid="$(rt_thread "$pid")" || { echo "$0: the real-time loop's thread was not found in pumpd $pid" >&2; exit 1; }
    before="$(lateness_now "$tmp/$name.log")"
    local irq_cpu
    irq_cpu="$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/"$pid"/task/"$tid"/status)"
    case "$irq_cpu" in *[!0-9]*) irq_cpu="" ;; esac
    [ -z "$irq_cpu" ] || cpu_interrupts "$irq_cpu" | sort >"$tmp/$name-irq-0"
    w0="$(thread_wakeups "$pid" "$tid")"
    from=$(now_ns)
    # The window, traced by the kernel when it lets us (scripts/api-bench/wake_trace.py: each timer
    # wake split into the sleep armed late, the interrupt's delay and the wake path), kept off a
    # pinned loop's CPU; else the window is slept.
    local trace_rc=0
    ${cpus:+taskset -c "$cpus"} python3 scripts/api-bench/wake_trace.py --tid "$tid" --seconds "$seconds" --label "$name" \
        >"$tmp/$name-trace.txt" 2>&1 || trace_rc=$?
    if [ "$trace_rc" != 0 ]; then
        sed 's/^/   /' "$tmp/$name-trace.txt"
        sleep "$(calc '%.3f' "$seconds - ($(now_ns) - $from) / 1e9")" 2>/dev/null || true
    fi
    w1="$(thread_wakeups "$pid" "$tid")"
    elapsed=$(( $(now_ns) - from ))
    if [ -n "$irq_cpu" ]; then
        # What else ran on the loop's CPU in the window: interrupts and softirqs per second, most first.
        cpu_interrupts "$irq_cpu" | sort >"$tmp/$name-irq-1"
        echo "   $name: on CPU $irq_cpu in the window, per s: $(join "$tmp/$name-irq-0" "$tmp/$name-irq-1" |
            awk -v ns="$elapsed" '{ r = ($3 - $2) * 1e9 / ns; if (r >= 1) printf "%s %.0f\n", $1, r }' | sort -k2,2nr | head -12 | tr '\n' ' ')"
    fi
    after="$(lateness_now "$tmp/$name.log")"
    loop_wakeups=$(calc '%.0f' "($w1 - $w0) * 1e9 / $elapsed")
    loop_policy="$(awk '{ print ($41 == 1 ? "SCHED_FIFO" : ($41 == 0 ? "SCHED_OTHER" : "policy " $41)) }' /proc/"$pid"/task/"$tid"/stat)"
    local loop_cpus
    loop_cpus="$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/"$pid"/task/"$tid"/status)"
    [ -z "$load_pid" ] || wait "$load_pid" || true
    stop_pid "$pid"
    [ -n "$before" ] && [ -n "$after" ] || { echo "$0: pumpd ($name) printed no lateness status line" >&2; cat "$tmp/$name.log" >&2; exit 1; }
    loop_window="$(awk -v b="$before" -v a="$after" 'BEGIN { split(b, x, " "); split(a, y, " ")
        print y[1] - x[1], y[3], (y[4] > x[4] ? "=" : "<="), y[4] }')"
    loop_clients=""
    [ -z "$load_pid" ] || loop_clients="$(cat "$tmp/$name-load.txt")"
    loop_trace=""
    if [ "$trace_rc" = 0 ]; then
        loop_trace="$(grep -m1 '^wake-trace: .*wakes=' "$tmp/$name-trace.txt" || true)"
        [ -n "$loop_trace" ] || echo "   $name: wake-trace: SKIPPED (it printed no figures line)"
        sed 's/^wake-trace: /   /' "$tmp/$name-trace.txt"
    fi
    echo "   $name: loop thread $tid on CPUs $loop_cpus, since start (wakes p50 p99 max µs) $before before the window, $after after;" \
        "window: $(awk '{ print $1 " wakes, max " ($3 == "=" ? "" : "≤ ") $4 " µs" }' <<<"$loop_window"), $loop_wakeups wakeups/s" \
        "${loop_clients:+; clients: $loop_clients}"
}

# The figure of one pair of phases: "p99_quiet p99_loaded max_quiet max_loaded" as printed.
max_text() { awk '{ print ($3 == "=" ? "" : "≤") $4 }' <<<"$1"; }

# sim-bench.toml with the loop pinned to CPU $1 (its drug library found where it is).
pinned_profile() {
    sed -e "s|^lock_memory = true|lock_memory = true\ncpu = $1|" \
        -e "s|^drug_library = \"drug-library.toml\"|drug_library = \"$PWD/hw-profiles/drug-library.toml\"|" \
        hw-profiles/sim-bench.toml >"$tmp/sim-bench-cpu$1.toml"
    echo "$tmp/sim-bench-cpu$1.toml"
}

last_cpu="${loop_cpu:-$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status | tr ',' '\n' | tail -1 | sed 's/.*-//')}"
other_cpus="$(python3 -c 'import os, sys; c = sorted(os.sched_getaffinity(0)); print(",".join(str(x) for x in c if x != int(sys.argv[1])))' "$last_cpu")"

# One pair of windows, without clients and with 50, unpinned, then pinned when there is a CPU to
# pin to; the pair numbered $1 runs them in the order without-with when odd, with-without when
# even, so that a drift of the machine over the run does not favour one side.
run_pair() {
    local order=(quiet loaded) side
    [ $(( ${1:-1} % 2 )) = 1 ] || order=(loaded quiet)
    for side in "${order[@]}"; do
        if [ "$side" = quiet ]; then
            loop_phase loop-quiet 0 hw-profiles/sim-bench.toml
            quiet_window="$loop_window"; quiet_wakeups="$loop_wakeups"; quiet_policy="$loop_policy"; traced_u_quiet+=("$loop_trace")
        else
            loop_phase loop-loaded 50 hw-profiles/sim-bench.toml
            loaded_window="$loop_window"; loaded_wakeups="$loop_wakeups"; traced_u_loaded+=("$loop_trace")
            loaded_calls_per_s="$(field "$loop_clients" calls_per_s)"
        fi
    done
    pinned_run=0
    if [ -n "$other_cpus" ]; then
        pinned_run=1
        echo "   pinned: [realtime] cpu = $last_cpu, the load generator on CPUs $other_cpus (standing in for a rig's isolated CPU)"
        pinned_toml="$(pinned_profile "$last_cpu")"
        isolate_cpu "$last_cpu" "$other_cpus"
        for side in "${order[@]}"; do
            if [ "$side" = quiet ]; then
                loop_phase loop-pinned-quiet 0 "$pinned_toml" "$other_cpus"
                pinned_quiet_window="$loop_window"; traced_p_quiet+=("$loop_trace")
            else
                loop_phase loop-pinned-loaded 50 "$pinned_toml" "$other_cpus"
                pinned_loaded_window="$loop_window"; traced_p_loaded+=("$loop_trace")
                pinned_calls_per_s="$(field "$loop_clients" calls_per_s)"
            fi
        done
        release_cpu
    fi
}

run_section4() {
    echo
    echo "== 4. pumpd on hw-profiles/sim-bench.toml at 1000 steps/s: $seconds s windows without clients, then with 50 =="
    # 1000 steps/s of 5 nL = 432 mL/day; at 2000 µg/mL, 864 mg/day.
    traced_u_quiet=(); traced_u_loaded=(); traced_p_quiet=(); traced_p_loaded=()
    local pair
    for pair in $(seq 1 "$pairs"); do
        [ "$pairs" = 1 ] || echo "   pair $pair of $pairs"
        run_pair "$pair"
    done
    if [ "$noise" -gt 0 ]; then
        echo "   noise: $noise windows without clients, twice (nothing changed between the two sets)"
        noise_a=(); noise_b=()
        for set in a b; do
            for i in $(seq 1 "$noise"); do
                loop_phase "loop-noise-$set$i" 0 hw-profiles/sim-bench.toml
                if [ "$set" = a ]; then noise_a+=("$loop_window"); else noise_b+=("$loop_window"); fi
            done
        done
    fi
}

# The value of key in a wake-trace line.
trace_field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

# The traced figures of one pair of windows (without clients: $2, with: $3), when both were traced:
# lateness over the window alone (not since start), split into the sleep armed late, the timer
# interrupt's delay (the host's alone when it found the CPU idle) and the wake path (the guest
# kernel's, and any host stall meanwhile).
traced_lines() {
    local suffix="$1" quiet="$2" loaded="$3" q l
    [ -n "$quiet" ] && [ -n "$loaded" ] || { echo "loop-traced-lateness$suffix: SKIPPED (the windows were not traced: see wake-trace above)"; return 0; }
    for part in p99 max; do
        q="$(trace_field "$quiet" "lateness_$part")"; l="$(trace_field "$loaded" "lateness_$part")"
        echo "loop-traced-lateness-$part-under-load$suffix: the window's timer wakes, deadline to running: $q us (armed late $(trace_field "$quiet" "armed_late_$part") us, interrupt $(trace_field "$quiet" "interrupt_$part") us, path $(trace_field "$quiet" "path_$part") us) without clients, $l us (armed late $(trace_field "$loaded" "armed_late_$part"), interrupt $(trace_field "$loaded" "interrupt_$part"), path $(trace_field "$loaded" "path_$part")) with 50 (goal ≤ 1.10), ratio $(ratio "$l" "$q")"
    done
    for part in p99 max; do
        q="$(trace_field "$quiet" "path_$part")"; l="$(trace_field "$loaded" "path_$part")"
        echo "loop-traced-wake-path-$part-under-load$suffix: the timer's interrupt to the loop running (the guest's part, and host stalls meanwhile): $q us without clients, $l us with 50, ratio $(ratio "$l" "$q")"
    done
    echo "loop-traced-interrupt-found-busy$suffix: timer interrupts that found a task running (the guest may have had interrupts off; the rest found the CPU idle, their delay the host's): $(trace_field "$quiet" found_busy) of $(trace_field "$quiet" wakes), the latest $(trace_field "$quiet" interrupt_found_busy_max) us, without clients; $(trace_field "$loaded" found_busy) of $(trace_field "$loaded" wakes), the latest $(trace_field "$loaded" interrupt_found_busy_max) us, with 50, ratio $(ratio "$(trace_field "$loaded" interrupt_found_busy_max)" "$(trace_field "$quiet" interrupt_found_busy_max)")"
}

# Over --pairs K pairs: the median of each traced figure without clients and with 50, their
# ratio, and the range of the pairs' own ratios. $2 and $3 name the arrays of trace lines.
traced_median_lines() {
    local suffix="$1" part key q l values ratios i
    local -n quiet_lines="$2" loaded_lines="$3"
    [ "${#quiet_lines[@]}" -gt 1 ] || return 0
    for i in "${!quiet_lines[@]}"; do
        [ -n "${quiet_lines[$i]}" ] && [ -n "${loaded_lines[$i]:-}" ] || { echo "loop-traced-median$suffix: SKIPPED (pair $((i + 1)) was not traced)"; return 0; }
    done
    for part in p99 max; do
        for key in lateness interrupt path; do
            values=(); for i in "${!quiet_lines[@]}"; do values+=("$(trace_field "${quiet_lines[$i]}" "${key}_$part")"); done
            q="$(echo "${values[*]}" | median)"; local q_all="${values[*]}"
            values=(); for i in "${!loaded_lines[@]}"; do values+=("$(trace_field "${loaded_lines[$i]}" "${key}_$part")"); done
            l="$(echo "${values[*]}" | median)"; local l_all="${values[*]}"
            ratios=(); for i in "${!quiet_lines[@]}"; do
                ratios+=("$(ratio "$(trace_field "${loaded_lines[$i]}" "${key}_$part")" "$(trace_field "${quiet_lines[$i]}" "${key}_$part")")"); done
            echo "loop-traced-$key-$part-under-load$suffix-median: ${#quiet_lines[@]} alternating pairs of windows; without clients ${q_all// //} us, with 50 ${l_all// //} us; medians $q and $l us$([ "$key" = lateness ] && echo " (goal ≤ 1.10)"); pairs' ratios $(printf '%s\n' "${ratios[@]}" | grep -v n/a | sort -g | head -1)-$(printf '%s\n' "${ratios[@]}" | grep -v n/a | sort -g | tail -1), ratio $(ratio "$l" "$q")"
        done
    done
}

lateness_lines() {
    read -r _ quiet_p99 _ _ <<<"$quiet_window"; read -r _ loaded_p99 _ _ <<<"$loaded_window"
    echo "loop-lateness-p99-under-load: sim-bench 1000 steps/s, loop $quiet_policy, unpinned: p99 since start (start-up included) $quiet_p99 us without clients, $loaded_p99 us with 50 ($loaded_calls_per_s GetStatus/s) (goal ≤ 1.10), ratio $(ratio "$loaded_p99" "$quiet_p99")"
    echo "loop-lateness-max-under-load: unpinned, max in the $seconds s window $(max_text "$quiet_window") us without clients, $(max_text "$loaded_window") us with 50 (goal ≤ 1.10; ≤: no new max in the window, the bound is the max before it), ratio $(ratio "$(awk '{ print $4 }' <<<"$loaded_window")" "$(awk '{ print $4 }' <<<"$quiet_window")")"
    if [ "$pinned_run" = 1 ]; then
        read -r _ pq_p99 _ _ <<<"$pinned_quiet_window"; read -r _ pl_p99 _ _ <<<"$pinned_loaded_window"
        echo "loop-lateness-p99-under-load-pinned: loop on CPU $last_cpu alone, clients on $other_cpus: p99 since start $pq_p99 us without clients, $pl_p99 us with 50 ($pinned_calls_per_s GetStatus/s) (goal ≤ 1.10), ratio $(ratio "$pl_p99" "$pq_p99")"
        echo "loop-lateness-max-under-load-pinned: max in the window $(max_text "$pinned_quiet_window") us without clients, $(max_text "$pinned_loaded_window") us with 50 (goal ≤ 1.10), ratio $(ratio "$(awk '{ print $4 }' <<<"$pinned_loaded_window")" "$(awk '{ print $4 }' <<<"$pinned_quiet_window")")"
    fi
    # The last pair's, as the other lateness lines are.
    traced_lines "" "${traced_u_quiet[-1]}" "${traced_u_loaded[-1]}"
    [ "$pinned_run" = 0 ] || traced_lines "-pinned" "${traced_p_quiet[-1]}" "${traced_p_loaded[-1]}"
    if [ "$pairs" -gt 1 ]; then
        traced_median_lines "" traced_u_quiet traced_u_loaded
        [ "$pinned_run" = 0 ] || traced_median_lines "-pinned" traced_p_quiet traced_p_loaded
    fi
    if [ "$noise" -gt 0 ]; then
        noise_line() { local w out=""; for w in "$@"; do out+=" $(awk '{ print $2 "/" ($3 == "=" ? "" : "≤") $4 }' <<<"$w")"; done; echo "$out"; }
        echo "loop-lateness-noise: no clients, unpinned, p99 since start/window max (us) per run: set a:$(noise_line "${noise_a[@]}"); set b:$(noise_line "${noise_b[@]}")"
    fi
    echo "loop-wakeups-under-load: real-time thread $quiet_wakeups wakeups/s without clients, $loaded_wakeups/s with 50 (goal: API calls never wake it, ≤ 1.00), ratio $(ratio "$loaded_wakeups" "$quiet_wakeups")"
}

# Section 3: pumpd on the state 1 left (program set, pumpd stopped) and the floor server, exec'd
# in turn R times; sets pumpd_exec_ns and floor_exec_ns (medians).
exec_section() {
    local result floor_socket="$tmp/floor.sock"
    echo
    echo "== 3. exec to the first answered call, $repeat run(s) each =="
    pumpd_exec=()
    floor_exec=()
    for _ in $(seq 1 "$repeat"); do
        # On the state 1's first pumpd left, beside its own runtime files (the socket's directory).
        result="$("$loadgen" exec "$tmp/sim/control.sock" "$GET_STATUS" "$RUNNING" "$tmp/exec-pumpd.log" -- \
            "$pumpd" --profile hw-profiles/sim.toml --state-dir "$tmp/sim/state" --socket "$tmp/sim/control.sock")"
        pumpd_exec+=("$(field "$result" exec_to_reply_ns)")
        if [ "$(field "$result" exit_status)" != 0 ]; then
            echo "   (pumpd exited $(field "$result" exit_status) after SIGTERM:)"; tail -5 "$tmp/exec-pumpd.log"
        fi
        result="$("$loadgen" exec "$floor_socket" "$GET_STATUS" pad "$tmp/exec-floor.log" -- \
            "$tmp/floor_server" "$floor_socket" "$status_bytes")"
        floor_exec+=("$(field "$result" exec_to_reply_ns)")
    done
    pumpd_exec_ns=$(echo "${pumpd_exec[*]}" | median)
    floor_exec_ns=$(echo "${floor_exec[*]}" | median)
    echo "   pumpd, ns: ${pumpd_exec[*]}"
    echo "   floor, ns: ${floor_exec[*]}"
}

exec_line() {
    echo "exec-to-first-getstatus: pumpd $(calc '%.2f' "$pumpd_exec_ns / 1e6") ms to a GetStatus answered with the program restored, floor server $(calc '%.2f' "$floor_exec_ns / 1e6") ms to its first reply, median of $repeat (goal ≤ 10), ratio $(ratio "$pumpd_exec_ns" "$floor_exec_ns")"
}

# --- What runs, where -------------------------------------------------------------------------

cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo
echo "ran: scripts/api-bench.sh$([ "$quick" = 1 ] && echo " --quick") --seconds $seconds --days $days --repeat $repeat --idle-rounds $idle_rounds at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
swift_linking="Swift standard library linked in, as deployed"
ldd "$pumpd" 2>/dev/null | grep -q libswiftCore && swift_linking="Swift standard library as shared libraries, NOT as deployed"
echo "  pumpd: $pumpd ($("$pumpd" --version 2>/dev/null || echo '?'); $swift_linking), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- Sources 2>/dev/null || echo ' + uncommitted Sources changes')"
echo "  machine: $(nproc) CPUs (${cpu_model:-?}), kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo "  this script's niceness: $(ps -o ni= -p $$ | tr -d ' ')"

if [ "$only" = lateness ]; then
    run_section4
    echo
    echo "figures ($seconds s windows):"
    lateness_lines
    echo "machine at the end: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    exit 0
fi

# --- 5. The virtual clock ---------------------------------------------------------------------

virtual_clock() {
    echo
    echo "== 5. pumpd on hw-profiles/sim-soak.toml, virtual clock, 880 µg/day: $days simulated days =="
    start_pumpd virtual hw-profiles/sim-soak.toml --clock virtual --virtual-start 2026-01-05T08:00:00Z --daily-dose 880ug/day
    virtual_pid="$pumpd_pid"
    read -r _ _ v_r0 _ < <(proc_sample "$virtual_pid")
    virtual="$("$loadgen" load "$pumpd_socket" '{"method":"io.pumpd.Rig.AdvanceTime","parameters":{"seconds":86400}}' --calls "$days")"
    read -r _ _ v_r1 _ < <(proc_sample "$virtual_pid")
    echo "   AdvanceTime (a day each): $virtual"
    virtual_status="$(varlink_call "$pumpd_socket" "$GET_STATUS")"
    stop_pid "$virtual_pid"
    [ "$(field "$virtual" errors)" = 0 ] || { echo "$0: AdvanceTime failed: $virtual" >&2; exit 1; }
    [[ "$virtual_status" == *"$RUNNING"* ]] || echo "   (warning: after $days days the program is not running: ${virtual_status:0:300})"
    virtual_s=$(calc '%.2f' "$(field "$virtual" elapsed_ns) / 1e9")
    days_per_s=$(calc '%.2f' "$days / $virtual_s")
    virtual_cpu_s=$(calc '%.2f' "($v_r1 - $v_r0) / 1e9")
}
virtual_line() {
    echo "virtual-clock: $days simulated days on sim-soak.toml in $virtual_s s (pumpd busy $virtual_cpu_s s of CPU) = $days_per_s days/s, goal 30 days/s (goal ≥ 1), ratio $(ratio "$days_per_s" 30)"
}
if [ "$only" = vclock ]; then
    virtual_clock
    echo
    virtual_line
    echo "machine at the end: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    exit 0
fi

# --- 1. pumpd on sim.toml at a therapy rate --------------------------------------------------

echo
echo "== 1. pumpd on hw-profiles/sim.toml, 500 µg/day =="
start_pumpd sim hw-profiles/sim.toml --daily-dose 500ug/day
sim_pid="$pumpd_pid"
sim_socket="$pumpd_socket"
status_bytes="$(field "$("$loadgen" load "$sim_socket" "$GET_STATUS" --calls 1)" reply_bytes)"
echo "   GetStatus reply: $status_bytes bytes with its NUL"
if [ "$only" = exec ]; then
    stop_pid "$sim_pid"
    exec_section
    echo
    echo "figures (pumpd: $swift_linking):"
    exec_line
    echo "machine at the end: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    exit 0
fi

echo "   idle: $idle_rounds rounds of $seconds s, each a pumpd beside a fresh C process waking every 100 ms"
# One round: pumpd (pid $1) beside a sleeper started now, for $seconds s after 2 s. Appends
# "cpu_ratio pumpd_cpu sleeper_cpu wakeups_ratio pumpd_wakeups sleeper_wakeups threads" to
# $tmp/idle-rounds and keeps the per-thread samples in $tmp/idle-threads-$2-{0,1}.
idle_round() {
    local pid="$1" round="$2" tick_pid t_v0 t_r0 t_v1 t_r1 from ns p_v p_r p_threads
    "$loadgen" tick 100 $((seconds + 4)) &
    tick_pid=$!
    started_pids+=("$tick_pid")
    sleep 2  # past pumpd's start and the probe's first calls
    # Per thread: a worker thread that ends in the window (libdispatch retires idle ones after a
    # few seconds) must not take its whole history off the sum. Threads born in it count whole.
    thread_sample "$pid" >"$tmp/idle-threads-$round-0"
    read -r t_v0 _ t_r0 _ < <(proc_sample "$tick_pid")
    from=$(now_ns)
    sleep "$seconds"
    thread_sample "$pid" >"$tmp/idle-threads-$round-1"
    read -r t_v1 _ t_r1 _ < <(proc_sample "$tick_pid")
    ns=$(( $(now_ns) - from ))
    echo "$ns" >"$tmp/idle-ns-$round"
    stop_pid "$tick_pid"
    read -r p_v p_r p_threads < <(join -a 2 -e 0 -o 0,1.3,1.4,2.3,2.4 "$tmp/idle-threads-$round-0" "$tmp/idle-threads-$round-1" |
        awk '{ v += $4 - $2; r += $5 - $3; t++ } END { print v + 0, r + 0, t + 0 }')
    # A pumpd gone in the window would make a round of zeros the median could hide.
    if ! kill -0 "$pid" 2>/dev/null || [ "$p_threads" = 0 ]; then
        echo "$0: pumpd (idle round $round) is not running:" >&2; cat "$tmp"/*.log >&2; exit 1
    fi
    [ "$(( t_r1 - t_r0 ))" -gt 0 ] || { echo "$0: the reference sleeper (idle round $round) took no CPU time" >&2; exit 1; }
    local p_cpu t_cpu p_wake t_wake
    p_cpu=$(calc '%.4f' "$p_r * 100 / $ns"); t_cpu=$(calc '%.4f' "($t_r1 - $t_r0) * 100 / $ns")
    p_wake=$(calc '%.1f' "$p_v * 1e9 / $ns"); t_wake=$(calc '%.1f' "($t_v1 - $t_v0) * 1e9 / $ns")
    echo "$(ratio "$p_cpu" "$t_cpu") $p_cpu $t_cpu $(ratio "$p_wake" "$t_wake") $p_wake $t_wake $p_threads" >>"$tmp/idle-rounds"
    echo "     round $round: pumpd $p_cpu % of a CPU, $p_wake wakeups/s ($p_threads threads); sleeper $t_cpu %, $t_wake/s; CPU ratio $(ratio "$p_cpu" "$t_cpu")"
}
# The median of column $1 of $tmp/idle-rounds.
idle_median() { awk -v c="$1" '{ print $c }' "$tmp/idle-rounds" | median; }
# Each process's wake costs what it costs to bring an idle CPU out of its sleep or, when another
# process woke it a moment before, much less: two identical sleepers started together measured up
# to 1.8x apart. A round's ratio so depends on where its pumpd's and its sleeper's wakes fall, and
# on the machine at the time; every round after the first starts both afresh.
: >"$tmp/idle-rounds"
idle_round "$sim_pid" 1
if [ "$only" = idle ]; then
    echo "   round 1 per thread (tid name: wakeups/s, % of a CPU):"
    join -a 2 -e 0 -o 0,2.2,1.3,1.4,2.3,2.4 "$tmp/idle-threads-1-0" "$tmp/idle-threads-1-1" | awk -v ns="$(cat "$tmp/idle-ns-1")" '
        { printf "     %s %s: %.1f/s, %.4f %%\n", $1, $2, ($5 - $3) * 1e9 / ns, ($6 - $4) * 100 / ns }'
fi
# Each later round's pumpd runs alone, as the first did: the first one stops for them (and a fresh
# one serves the calls of the figures after these).
if [ "$idle_rounds" -gt 1 ]; then
    stop_pid "$sim_pid"
    sim_pid=""
    for round in $(seq 2 "$idle_rounds"); do
        start_pumpd "idle-$round" hw-profiles/sim.toml --daily-dose 500ug/day
        idle_round "$pumpd_pid" "$round"
        stop_pid "$pumpd_pid"
    done
    if [ "$only" != idle ]; then
        start_pumpd sim-calls hw-profiles/sim.toml --daily-dose 500ug/day
        sim_pid="$pumpd_pid"
        sim_socket="$pumpd_socket"
    fi
fi
idle_cpu_ratio=$(idle_median 1); pumpd_idle_cpu=$(idle_median 2); tick_idle_cpu=$(idle_median 3)
idle_wake_ratio=$(idle_median 4); pumpd_idle_wakeups=$(idle_median 5); tick_idle_wakeups=$(idle_median 6)
idle_cpu_range=$(awk '{ print $1 }' "$tmp/idle-rounds" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }')
idle_cpu_over=$(awk '$1 > 1.5 { n++ } END { print n + 0 }' "$tmp/idle-rounds")
idle_lines() {
    echo "idle-wakeups: pumpd $pumpd_idle_wakeups wakeups/s at 500 µg/day on sim.toml, reference sleeper $tick_idle_wakeups/s (medians of $idle_rounds rounds of $seconds s; the ratio is the median of the rounds' ratios; goal ≤ 12/s: ≤ 1.2), ratio $idle_wake_ratio"
    echo "idle-cpu: pumpd $pumpd_idle_cpu % of a CPU, reference sleeper $tick_idle_cpu % (medians of $idle_rounds rounds of $seconds s; the ratio is the median of the rounds' ratios, each $idle_cpu_range, over 1.5 in $idle_cpu_over; goal ≤ 1.5), ratio $idle_cpu_ratio"
}
if [ "$only" = idle ]; then
    [ -z "$sim_pid" ] || stop_pid "$sim_pid"
    echo
    echo "figures:"
    idle_lines
    echo "machine at the end: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    exit 0
fi

echo "   one client, sequential: GetInfo, then GetStatus, $seconds s each"
info_seq="$("$loadgen" load "$sim_socket" "$GET_INFO" --seconds "$seconds")"
echo "     GetInfo:   $info_seq"
status_seq="$("$loadgen" load "$sim_socket" "$GET_STATUS" --seconds "$seconds")"
echo "     GetStatus: $status_seq"
echo "   50 clients in tight loops: GetStatus, $seconds s"
read -r _ _ c_r0 _ < <(proc_sample "$sim_pid")
load_from=$(now_ns)
status_50="$("$loadgen" load "$sim_socket" "$GET_STATUS" --clients 50 --seconds "$seconds")"
read -r _ _ c_r1 _ < <(proc_sample "$sim_pid")
pumpd_load_cpu=$(calc '%.0f' "($c_r1 - $c_r0) * 100 / ($(now_ns) - $load_from)")
echo "     GetStatus: $status_50"
stop_pid "$sim_pid"

# --- 2. The floor server ------------------------------------------------------------------------

echo
echo "== 2. the C floor server, $status_bytes-byte replies =="
floor_socket="$tmp/floor.sock"
"$tmp/floor_server" "$floor_socket" "$status_bytes" &
floor_pid=$!
started_pids+=("$floor_pid")
for _ in $(seq 1 200); do [ -S "$floor_socket" ] && break; sleep 0.01; done
floor_seq="$("$loadgen" load "$floor_socket" "$GET_STATUS" --seconds "$seconds")"
echo "   one client: $floor_seq"
floor_50="$("$loadgen" load "$floor_socket" "$GET_STATUS" --clients 50 --seconds "$seconds")"
echo "   50 clients: $floor_50"
stop_pid "$floor_pid"

# --- 3. Exec to first reply -------------------------------------------------------------------

exec_section

run_section4

virtual_clock

# --- Figures ----------------------------------------------------------------------------------

us() { calc '%.1f' "$1 / 1000"; }
ms() { calc '%.2f' "$1 / 1e6"; }
s_p50=$(field "$status_seq" p50_ns); i_p50=$(field "$info_seq" p50_ns); f_p50=$(field "$floor_seq" p50_ns)
s50_p99=$(field "$status_50" p99_ns); f50_p99=$(field "$floor_50" p99_ns)
s50_rate=$(field "$status_50" calls_per_s); f50_rate=$(field "$floor_50" calls_per_s)
errors=$(( $(field "$status_seq" errors) + $(field "$info_seq" errors) + $(field "$status_50" errors) ))

echo
echo "figures ($seconds s windows; one client = sequential calls on one connection; 50 clients = 50 threads in tight loops, one connection each):"
echo "getstatus-p50-vs-getinfo: GetStatus p50 $(us "$s_p50") us, GetInfo p50 $(us "$i_p50") us, one client (goal ≤ 2), ratio $(ratio "$s_p50" "$i_p50")"
echo "getstatus-p50-vs-floor: GetStatus p50 $(us "$s_p50") us, floor p50 $(us "$f_p50") us ($status_bytes-byte replies), one client, ratio $(ratio "$s_p50" "$f_p50")"
echo "clients50-p99-vs-floor: pumpd p99 $(ms "$s50_p99") ms, floor p99 $(ms "$f50_p99") ms (goal ≤ 3), ratio $(ratio "$s50_p99" "$f50_p99")"
echo "clients50-throughput-vs-floor: pumpd $s50_rate calls/s at $pumpd_load_cpu % CPU, floor $f50_rate calls/s (goal ≤ 3), ratio $(ratio "$f50_rate" "$s50_rate")"
lateness_lines
idle_lines
exec_line
virtual_line
[ "$errors" = 0 ] || echo "(pumpd answered $errors calls with an error: see the load generator's messages above)"
echo "machine at the end: load average $(cut -d' ' -f1-3 /proc/loadavg)"
