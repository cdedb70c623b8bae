#!/usr/bin/env bash
# Where pumpd's start spends its time: uprobes at the steps from exec to the first answered
# GetStatus (issue 13's exec figure), over R starts on the state a first start with a program
# leaves, and each step's median in ms after exec (the probes' own cost included, a few µs each).
#
#   scripts/start-timeline.sh [--pumpd PATH] [--rounds R]
#
# PATH defaults to the release build scripts/api-bench.sh measures (.build-static, built by
# scripts/static-build.sh -c release --product pumpd); R to 20. Needs root and tracefs (uprobes);
# without them it says SKIPPED and exits 3. Every probe it adds is removed on exit. The release
# pumpd is linked by lld, whose text starts a page above its file offset: a probe's offset is the
# symbol's address - 0x1000 (checked against the ELF's program headers before any probe is set).
# The steps (a symbol missing from a build is left out, named):
#   main          pumpd_main entered
#   check         DatabaseCheckAhead.run: the state's read-only checks, on their own thread
#   profile       the hardware profile's TOML load; drug: the drug library's, inside it
#   keeper        StateKeeper.open (it waits for the checks); decode: the newest checkpoint's
#                 decoding, done meanwhile (absent from a start whose checks ended first)
#   bind          the control socket's bind on its event-loop thread; warm: the first status
#                 reply's one-time costs, paid there; today: today's history read there
#   serve         VarlinkService.serve; reply: the first GetStatus reply built
set -eu
cd "$(dirname "$0")/.."

pumpd=.build-static/x86_64-unknown-linux-gnu/release/pumpd
rounds=20
while [ $# -gt 0 ]; do
    case "$1" in
        --pumpd) pumpd="${2:-}"; shift 2 ;;
        --rounds) rounds="${2:-}"; shift 2 ;;
        *) echo "usage: $0 [--pumpd PATH] [--rounds R]" >&2; exit 2 ;;
    esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "$0: --rounds takes a whole number ≥ 1" >&2; exit 2 ;; esac
[ -x "$pumpd" ] || { echo "$0: no pumpd at $pumpd (build it: scripts/static-build.sh -c release --product pumpd)" >&2; exit 2; }
pumpd="$(realpath "$pumpd")"
tracing=/sys/kernel/tracing
[ "$(id -u)" = 0 ] || { echo "start-timeline: SKIPPED (not root: uprobes need it)"; exit 3; }
[ -w "$tracing/uprobe_events" ] || { echo "start-timeline: SKIPPED ($tracing/uprobe_events is not writable)"; exit 3; }

# The text segment's address minus its file offset: the amount to subtract from a symbol's address.
read -r text_offset text_address <<<"$(readelf -lW "$pumpd" | awk '$1 == "LOAD" && / R E / { print $2, $3 }' | head -1)"
[ -n "${text_address:-}" ] || { echo "$0: no executable LOAD segment in $pumpd" >&2; exit 2; }
bias=$(( text_address - text_offset ))

symbols="$(nm "$pumpd")"
symbol() { awk -v re="$1" '$3 ~ re { print $1 " " $3 }' <<<"$symbols" | head -1; }
declare -A pattern=(
    [main]='^pumpd_main$'
    [check]='^\$s11PumpStorage18DatabaseCheckAheadC3run[0-9A-Z_]*LLyyF$'
    [profile]='TOMLFileO4load4path4what6decodes6ResultOyxAA0B6ErrorsVGSS_SSAlA12TOMLDocumentV_SStXEtlFZAA08HardwareB0V_Tt'
    [drug]='TOMLFileO4load4path4what6decodes6ResultOyxAA0B6ErrorsVGSS_SSAlA12TOMLDocumentV_SStXEtlFZ0A4Core11DrugLibraryV_Tt'
    [keeper]='^\$s11PumpService11StateKeeperC4open9directory.*KFZ$'
    [serve]='^\$s13VarlinkServer0A7ServiceC5serveyyAA13EarlyListenerCAA0aC5ErrorOYKF$'
    [decode]='StateKeeperC4open9directory.*DecodedCheckpointVSayA[0-9]+_16StoredCheckpointVGXEfU_$'
    [bind]='EarlyListenerC4bind4path4mode5group2onACSS_s6UInt32VAJSgAA0A9EventLoopCtFZy8NIOPosix013MultiThreadedkL5GroupCYbcfU_$'
    [warm]='^\$s11PumpService0A9InterfaceC17warmUpStatusReply4stuby0A4Core14TherapySessionV_tFZ$'
    [today]='^\$s11PumpService11StateKeeperC14readTodayAhead2ofy0A4Core14TherapySessionV_tF$'
    [reply]='^\$s11PumpService0A9InterfaceC16builtStatusReply3for[0-9A-Za-z_]*_tF$'
)
returns=(check profile drug keeper decode bind warm today)

work="$(mktemp -d /tmp/pumpd-start-timeline.XXXXXX)"
old_clock="$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$tracing/trace_clock")"
cleanup() {
    echo 0 >"$tracing/events/pumpd_start/enable" 2>/dev/null || true
    echo 0 >"$tracing/events/sched/sched_process_exec/enable" 2>/dev/null || true
    grep -v '^[pr]:pumpd_start/' "$tracing/uprobe_events" >"$work/keep" 2>/dev/null || true
    : >"$tracing/uprobe_events" 2>/dev/null || true
    while read -r line; do echo "$line" >>"$tracing/uprobe_events" 2>/dev/null || true; done <"$work/keep"
    echo "${old_clock:-local}" >"$tracing/trace_clock" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

set_probe() {
    local kind="$1" name="$2" address="$3"
    echo "$kind:pumpd_start/$name $pumpd:$(printf '0x%x' $(( 0x$address - bias )))" >>"$tracing/uprobe_events"
}
missing=""
for step in "${!pattern[@]}"; do
    found="$(symbol "${pattern[$step]}")"
    [ -n "$found" ] || { missing+=" $step"; continue; }
    set_probe p "${step}_in" "${found%% *}"
    for r in "${returns[@]}"; do [ "$r" != "$step" ] || set_probe r "${step}_out" "${found%% *}"; done
done
[ -z "$missing" ] || echo "start-timeline: no symbol in this build for:$missing (left out)"

# The state: a first start with a program, stopped.
mkdir -p "$work/seed/state"
"$pumpd" --profile hw-profiles/sim.toml --state-dir "$work/seed/state" --socket "$work/seed/s.sock" --daily-dose 500ug/day \
    >"$work/seed.log" 2>&1 &
seed=$!
for _ in $(seq 1 100); do [ -S "$work/seed/s.sock" ] && break; sleep 0.1; done
sleep 1.5
kill -TERM "$seed"; wait "$seed" || true
cc -O2 -o "$work/loadgen" scripts/api-bench/loadgen.c -pthread

echo mono >"$tracing/trace_clock"
: >"$tracing/trace"
echo 1 >"$tracing/events/pumpd_start/enable"
echo 1 >"$tracing/events/sched/sched_process_exec/enable"
echo 1 >"$tracing/tracing_on"
for _ in $(seq 1 "$rounds"); do
    rm -rf "$work/run"; cp -a "$work/seed" "$work/run"
    "$work/loadgen" exec "$work/run/s.sock" '{"method":"io.pumpd.Pump.GetStatus"}' '"mode":"running"' "$work/run.log" -- \
        "$pumpd" --profile hw-profiles/sim.toml --state-dir "$work/run/state" --socket "$work/run/s.sock" >/dev/null
done
cp "$tracing/trace" "$work/trace.txt"

echo "start-timeline: $pumpd, $rounds starts, load average $(cut -d' ' -f1-3 /proc/loadavg); ms after exec (medians):"
python3 - "$work/trace.txt" "$(basename "$pumpd")" "$rounds" <<'PY'
import re, statistics, sys
trace, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
starts, current = [], None
for line in open(trace):
    m = re.search(r"\s(\d+\.\d+): (\S+):", line)
    if not m:
        continue
    ms, event = float(m.group(1)) * 1e3, m.group(2)
    if event == "sched_process_exec":
        current = {"exec": ms} if "filename=" in line and name in line else None
        if current is not None:
            starts.append(current)
    elif current is not None and event not in current:
        current[event] = ms - current["exec"]
order = ["main_in", "check_in", "profile_in", "drug_in", "drug_out", "profile_out", "keeper_in", "decode_in", "decode_out", "check_out", "keeper_out", "bind_in", "bind_out", "warm_in", "warm_out", "today_in", "today_out", "serve_in", "reply_in"]
for step in order:
    values = [s[step] for s in starts if step in s]
    if values:
        print(f"  {step:12s} {statistics.median(values):6.2f}  (range {min(values):.2f}-{max(values):.2f}, {len(values)} of {len(starts)} starts)")
if len(starts) != rounds:
    print(f"start-timeline: {len(starts)} execs traced of {rounds}")
PY
