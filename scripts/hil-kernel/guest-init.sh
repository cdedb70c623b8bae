#!/bin/sh
# PID 1 of the real-kernel HIL lane's guest (scripts/hil-kernel-lane.sh puts it in the initramfs as
# /init). Debian's kernel with an out-of-tree gpio-sim; pumpd drives the simulated chip through
# libgpiod and the GPIO character device, and the kernel's gpio_value tracepoint records every
# level pumpd sets, with its timestamp.
#
# It prints one line per result, all starting "HIL-KERNEL ":
#   HIL-KERNEL check NAME PASS|FAIL detail   a requirement, judged here
#   HIL-KERNEL measure NAME key=value ...    a number for the report (guest-emulated time)
#   HIL-KERNEL end                           the run got to the end (the host requires it)
# then powers the guest off. Times are the guest's: under TCG emulation they are not real-time
# figures.
#
# Settings come as environment variables from the kernel command line (HIL_BASAL_SECONDS=...).
set -u
/bin/busybox --install -s /bin
export PATH=/usr/bin:/bin

BASAL_SECONDS=${HIL_BASAL_SECONDS:-10}      # basal delivery before the sensor tests
DAILY_DOSE=${HIL_DAILY_DOSE:-172800}        # µg/day at 2000 µg/mL, 0.1 µL/step: 10 steps/s
WAIT_SECONDS=${HIL_WAIT_SECONDS:-20}        # longest wait for any one reaction
OCCLUSION_SAMPLES=${HIL_OCCLUSION_SAMPLES:-5} # occlusions timed (onset to motor disabled)
PATTERN_SECONDS=${HIL_PATTERN_SECONDS:-16} # a critical alarm sounds this long before it is acknowledged (two bursts: > REALERT_SECONDS + 3.4, with 2.6 s to spare)
HIGH_PULSES=10                              # IEC 60601-1-8 high priority: a burst of 10 pulses
REALERT_SECONDS=10                          # the high re-alert interval (gpio-sim.toml sets no realert_high: the default)
SILENCE_SECONDS=14                          # watched after an acknowledgement: longer than the re-alert interval
RETURN_MIN_SECONDS=40                       # the sound returns after gpio-sim.toml's acknowledge_pause (1 min):
RETURN_MAX_SECONDS=120                      #   judged within these bounds (TCG time is loose)

say() { echo "HIL-KERNEL $*"; }
check() { # NAME OK(0/1) detail...
    name=$1 ok=$2
    shift 2
    if [ "$ok" = 1 ]; then say "check $name PASS $*"; else say "check $name FAIL $*"; fi
}
finish() {
    say "end"
    sync
    poweroff -f
}
die() {
    say "check guest-setup FAIL $*"
    [ -f /tmp/pumpd.log ] && sed 's/^/pumpd| /' /tmp/pumpd.log
    finish
}

# ---- Kernel: filesystems, modules, the simulated chip, the tracepoint --------------------------
mkdir -p /proc /sys /dev /tmp /run /var/lib/pumpd
mount -t proc none /proc
mount -t sysfs none /sys
mount -t devtmpfs none /dev
mount -t tmpfs none /tmp
say "guest kernel $(uname -r) cpus=$(nproc)"
insmod /lib/modules/configfs.ko || die "insmod configfs.ko"
insmod /lib/modules/gpio-sim-hil.ko || die "insmod gpio-sim-hil.ko"
# A real power_supply class device for the profile's battery (voltage_now in µV).
insmod /lib/modules/test_power.ko battery_voltage=3700000 || die "insmod test_power.ko"
mount -t configfs none /sys/kernel/config || die "mount configfs"
mount -t tracefs none /sys/kernel/tracing || die "mount tracefs"

# One bank, labelled and named as hw-profiles/gpio-sim.toml expects. Offsets are this order.
# The first six are hw-profiles/gpio-sim.toml's motor and sensors; the pump-side encoder and the
# stepper driver's DIAG output are hw-profiles/gpio-sim-encoder.toml's only (phase 8); BUZZER and the
# lamps are both profiles' alarm outputs.
LINES="MOTOR_STEP MOTOR_DIR MOTOR_EN_N MOTOR_FAULT_N OCCLUSION_SW RESERVOIR_SW MOTOR_ENCODER MOTOR_DIAG BUZZER LED_RED LED_YELLOW"
DEV=/sys/kernel/config/gpio-sim/pumpd-hil
mkdir "$DEV" "$DEV/bank0" || die "gpio-sim configfs: cannot create the device"
echo 11 >"$DEV/bank0/num_lines"
echo pumpd-hil >"$DEV/bank0/label"
offset=0
for name in $LINES; do
    mkdir "$DEV/bank0/line$offset"
    echo "$name" >"$DEV/bank0/line$offset/name"
    offset=$((offset + 1))
done
echo 1 >"$DEV/live" || die "gpio-sim: the chip did not go live"
SIM=$(echo /sys/devices/platform/gpio-sim.*/gpiochip*)
[ -d "$SIM" ] || die "gpio-sim: no chip device under /sys/devices/platform/gpio-sim.*"
BASE=$(cat /sys/devices/platform/gpio-sim.*/gpio/gpiochip*/base)
STEP=0 DIR=1 EN=2 FAULT=3 OCCL=4 RES=5 ENC=6 DIAG=7 BUZ=8 LEDR=9 LEDY=10
say "chip $(basename "$SIM") label=$(cat "$DEV/bank0/chip_name" 2>/dev/null || true) base=$BASE lines=$LINES"

pull() { echo "pull-$2" >"$SIM/sim_gpio$1/pull"; } # OFFSET up|down
level() { cat "$SIM/sim_gpio$1/value"; }

# The rig's resistors: nENABLE pulled up (a released line leaves the motor disabled), /FAULT pulled
# up (open drain, no fault). STEP and the switches keep gpio-sim's default pull-down (not asserted).
pull $EN up
pull $FAULT up

T=/sys/kernel/tracing
echo 16384 >$T/buffer_size_kb
echo 0 >$T/tracing_on
echo >$T/trace
# Only the levels written ("set"), not pumpd's reads of its inputs.
echo 'get == 0' >$T/events/gpio/gpio_value/filter
echo 1 >$T/events/gpio/gpio_value/enable
echo 1 >$T/tracing_on
mark() { echo "HIL $1" >$T/trace_marker; }

# analyse FROM_MARKER: replays the whole trace (levels need their history) and prints shell
# assignments about the events after marker FROM ("" = from the start):
#   fwd rev          STEP rising edges with DIR active (delivery) / inactive (reverse)
#   bad_en           STEP rising edges while nENABLE was high (motor disabled)
#   first_fwd last_fwd   their timestamps (s)
#   from_ts          the marker's timestamp
#   en_first         nENABLE's first written level ever (the request's initial level)
#   en_on            when nENABLE first went low (enabled) after FROM; en_off: first high after en_on
#   en_off_after     first time nENABLE went high after FROM (whatever came before)
#   en_level         nENABLE's last written level; last_step: last STEP rising edge after FROM
#   steps_after_off  STEP rising edges after en_off_after
#   dir_changes      DIR level changes after FROM (not counting its first, requested level)
analyse() {
    awk -v from="HIL $1" -v step=$((BASE + STEP)) -v dir=$((BASE + DIR)) -v en=$((BASE + EN)) '
        function ts(i) { t = $(i - 1); sub(/:$/, "", t); return t + 0 }
        BEGIN { on = (from == "HIL "); s = 0; d = -1; e = -1; en_first = -1; from_ts = -1
                fwd = rev = bad_en = after_off = dir_changes = 0; first_fwd = last_fwd = en_on = en_off = en_off_after = last_step = -1 }
        {
            for (i = 1; i <= NF; i++) {
                if ($i == "tracing_mark_write:") {
                    m = $0; sub(/.*tracing_mark_write: /, "", m)
                    if (m == from) { on = 1; from_ts = ts(i) }
                    next
                }
                if ($i != "gpio_value:" || $(i + 2) != "set") continue
                g = $(i + 1); v = $(i + 3) + 0; now = ts(i)
                if (g == en) {
                    if (en_first < 0) en_first = v
                    if (on && v == 0 && e != 0 && en_on < 0) en_on = now
                    if (on && v == 1 && e != 1) {
                        if (en_off_after < 0) en_off_after = now
                        if (en_on >= 0 && en_off < 0) en_off = now
                    }
                    e = v
                } else if (g == dir) {
                    if (on && d != -1 && v != d) dir_changes++
                    d = v
                } else if (g == step) {
                    if (v == 1 && s == 0 && on) {
                        if (e != 0) bad_en++
                        if (en_off_after >= 0) after_off++
                        if (d == 1) { fwd++; if (first_fwd < 0) first_fwd = now; last_fwd = now } else rev++
                        last_step = now
                    }
                    s = v
                }
                next
            }
        }
        END {
            printf "fwd=%d rev=%d bad_en=%d first_fwd=%s last_fwd=%s from_ts=%s en_first=%d en_on=%s en_off=%s ",
                fwd, rev, bad_en, first_fwd, last_fwd, from_ts, en_first, en_on, en_off
            printf "en_off_after=%s en_level=%d last_step=%s steps_after_off=%d dir_changes=%d\n", en_off_after, e, last_step, after_off, dir_changes
        }' $T/trace
}

# line_edges OFFSET FROM TO: the levels pumpd wrote to one output line between markers FROM and TO
# ("" = to the end), as shell assignments:
#   rises falls     level changes up / down (a write of the level already set is no edge)
#   order_ok        1 when the changes alternate, the first a rise (the line starts from low)
#   level_before    the line's last written level before FROM (-1: never written)
#   level_end       its last written level by TO
#   on_ms off_ms    each high / low stretch between changes, comma separated (guest-emulated ms)
#   first_rise_ms   from FROM to the first rise (-1: none)
#   rise_ms         every rise's time from FROM, comma separated (guest-emulated ms; "-": none)
line_edges() {
    awk -v from="HIL $2" -v to="HIL $3" -v line=$((BASE + $1)) '
        function ts(i) { t = $(i - 1); sub(/:$/, "", t); return t + 0 }
        BEGIN { on = 0; done = 0; lvl = -1; before = -1; rises = falls = 0; order_ok = 1; last_change = -1; from_ts = -1; first_rise = -1; ons = offs = rise_list = "" }
        {
            for (i = 1; i <= NF; i++) {
                if ($i == "tracing_mark_write:") {
                    m = $0; sub(/.*tracing_mark_write: /, "", m)
                    if (m == from && !on && !done) { on = 1; before = lvl; from_ts = ts(i); last_change = -1 }
                    else if (m == to && on) { on = 0; done = 1 }
                    next
                }
                if ($i != "gpio_value:" || $(i + 2) != "set" || $(i + 1) != line) continue
                v = $(i + 3) + 0; now = ts(i)
                # The first write is the initial level of the request, not an edge.
                if (on && v != lvl && lvl != -1) {
                    if (v == 1) {
                        rises++
                        if (first_rise < 0) first_rise = now
                        rise_list = rise_list (rise_list == "" ? "" : ",") sprintf("%.0f", (now - from_ts) * 1000)
                    } else falls++
                    # Alternation: rise, fall, rise, ... from a low line.
                    n = rises + falls
                    if ((n % 2 == 1 && v != 1) || (n % 2 == 0 && v != 0)) order_ok = 0
                    if (last_change >= 0) {
                        d = sprintf("%.0f", (now - last_change) * 1000)
                        if (v == 0) ons = ons (ons == "" ? "" : ",") d; else offs = offs (offs == "" ? "" : ",") d
                    }
                    last_change = now
                }
                if (!done) lvl = v
                next
            }
        }
        END {
            if (before == 1) order_ok = 0
            printf "rises=%d falls=%d order_ok=%d level_before=%d level_end=%d on_ms=%s off_ms=%s first_rise_ms=%s rise_ms=%s\n",
                rises, falls, order_ok, before, lvl, (ons == "" ? "-" : ons), (offs == "" ? "-" : offs),
                (first_rise < 0 ? -1 : sprintf("%.0f", (first_rise - from_ts) * 1000)), (rise_list == "" ? "-" : rise_list)
        }' $T/trace
}

# Seconds between two trace timestamps, in milliseconds with 3 decimals.
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) * 1000 }'; }

# ---- pumpd -------------------------------------------------------------------------------------
cd /pumpd || die "no /pumpd"
SOCK=/run/pumpd.sock
ctl() { pumpctl --socket $SOCK --timeout 30 "$@"; }
status() { ctl status --json; }
num() { sed -n "s/.*\"$1\":\(-\{0,1\}[0-9][0-9]*\).*/\1/p"; } # KEY, from one JSON line
str() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
# An alarm object (flat: no nested braces) of kind KIND that is critical, from a status line.
has_critical() { tr '{' '\n' | grep "\"kind\":\"$1\"" | grep -q '"severity":"critical"'; }
has_alarm() { tr '{' '\n' | grep -q "\"kind\":\"$1\""; }
# wait_for SECONDS COMMAND...: retries every 0.1 s; 0 when the command succeeded in time.
wait_for() {
    limit=$1
    shift
    tries=$((limit * 10))
    while [ $tries -gt 0 ]; do
        "$@" && return 0
        sleep 0.1
        tries=$((tries - 1))
    done
    return 1
}
step_edges() { grep -c "gpio_value: $((BASE + STEP)) set 1" $T/trace; }
steps_beyond() { [ "$(step_edges)" -gt "$1" ]; }
is_level() { [ "$(level "$1")" = "$2" ]; }
# A whole-number key of the profile, e.g. profile_int dead_volume_nl (underscores dropped).
profile_int() { sed -n "s/^$1 *= *\([0-9_]*\).*/\1/p" "${2:-hw-profiles/gpio-sim.toml}" | tr -d _; }

check profile-lines-on-chip "$(pumpd --check-profile hw-profiles/gpio-sim.toml >/tmp/check.txt 2>&1 && echo 1 || echo 0)" \
    "$(tr '\n' ' ' </tmp/check.txt)"
check enable-safe-before-pumpd "$([ "$(level $EN)" = 1 ] && echo 1 || echo 0)" "nENABLE level $(level $EN) before pumpd runs (1 = disabled)"

mark pumpd-start
pumpd --profile hw-profiles/gpio-sim.toml --state-dir /var/lib/pumpd --socket $SOCK --daily-dose "${DAILY_DOSE}ug/day" \
    --status-interval 5 >/tmp/pumpd.log 2>&1 &
PUMPD=$!
wait_for "$WAIT_SECONDS" test -S $SOCK || die "pumpd did not open its socket within ${WAIT_SECONDS} s"
wait_for "$WAIT_SECONDS" steps_beyond 0 || die "no STEP edge within ${WAIT_SECONDS} s of pumpd listening"
first=$(status)
rate=$(echo "$first" | num rate)
step_pl=$(echo "$first" | num stepVolume)
say "measure program rate_pl_per_day=$rate step_volume_pl=$step_pl mode=$(echo "$first" | str mode)"

# ---- 1. Basal delivery; the reservoir switch while it runs --------------------------------------
sleep "$BASAL_SECONDS"
mark reservoir-on
pull $RES up
reservoir_alarm() { status | has_alarm reservoir-switch-low; }
wait_for "$WAIT_SECONDS" reservoir_alarm
res_raised=$?
s=$(status)
before=$(step_edges)
sleep 1
check reservoir-switch-alarm "$([ $res_raised = 0 ] && ! echo "$s" | has_critical reservoir-switch-low && echo 1 || echo 0)" \
    "reservoir-switch-low raised, not critical, after pulling RESERVOIR_SW up"
check reservoir-switch-keeps-delivering "$([ "$(echo "$s" | str mode)" = running ] && [ "$(step_edges)" -gt "$before" ] && echo 1 || echo 0)" \
    "non-critical: mode $(echo "$s" | str mode), STEP edges $before -> $(step_edges) in the next second"
pull $RES down
no_reservoir_alarm() { ! reservoir_alarm; }
wait_for "$WAIT_SECONDS" no_reservoir_alarm
check reservoir-switch-clears "$([ $? = 0 ] && echo 1 || echo 0)" "reservoir-switch-low gone once RESERVOIR_SW was released (no acknowledgement needed)"

# ---- 2. Occlusion: the switch stops the motor ---------------------------------------------------
mark occlusion-onset
pull $OCCL up
mark occlusion-pulled
wait_for "$WAIT_SECONDS" is_level $EN 1
sleep 1 # anything still to come (relief steps, a late STEP) lands in the trace now
s=$(status)
eval "$(analyse occlusion-onset)"
occ_ms=$(ms_between "$from_ts" "$en_off_after")
check occlusion-disables-motor "$([ "$en_off_after" != -1 ] && [ "$en_level" = 1 ] && echo 1 || echo 0)" \
    "nENABLE high ${occ_ms} ms after the switch was pulled (level now $(level $EN))"
check occlusion-stops-steps "$([ "$steps_after_off" = 0 ] && echo 1 || echo 0)" "$steps_after_off STEP edges after nENABLE went high"
relief=$(($(profile_int relief_volume_nl) * 1000 / step_pl))
check occlusion-relief-steps "$([ "$rev" = "$relief" ] && echo 1 || echo 0)" \
    "$rev reverse STEP edges (DIR inactive) after onset, expected $relief (relief_volume_nl $(profile_int relief_volume_nl)); $fwd forward"
check occlusion-critical-alarm "$(echo "$s" | has_critical occlusion && [ "$(echo "$s" | str mode)" = stopped ] && echo 1 || echo 0)" \
    "mode $(echo "$s" | str mode), stopCause $(echo "$s" | str stopCause)"
say "measure occlusion_to_enable_off ms=$occ_ms pull_write_ms=$(ms_between "$from_ts" "$(analyse occlusion-pulled | sed 's/.*from_ts=\([^ ]*\).*/\1/')") debounce_us=$(profile_int switch_debounce_us) relief_steps=$rev"

# The exact count: every forward STEP edge since pumpd started against pumpd's own accounting.
eval "$(analyse pumpd-start)"
moved=$(echo "$s" | num stepsMoved)
fill=$(echo "$s" | num fillVolume)
remaining=$(echo "$s" | num remaining)
volume_nl=$((fill - remaining))
by_volume=$((volume_nl * 1000 / step_pl))
check steps-match-delivered-volume "$([ "$fwd" = "$by_volume" ] && [ $((by_volume * step_pl)) = $((volume_nl * 1000)) ] && echo 1 || echo 0)" \
    "counted=$fwd expected=$by_volume (delivered ${volume_nl} nL / ${step_pl} pL)"
check steps-match-pumpd-count "$([ "$fwd" = "$moved" ] && echo 1 || echo 0)" "counted=$fwd stepsMoved=$moved"
# The programmed volume, rate × time between the first and last forward edge (the edges are
# interval ends, hence +1), is what was stepped plus what pumpd dropped as missed: a wake later
# than a whole step is never caught up in a burst (emulated time makes such wakes common).
missed_steps=$(($(echo "$s" | num missedTotal) * 1000000 / $(echo "$s" | num concentration) / step_pl))
by_rate=$(awk -v r="$rate" -v p="$step_pl" -v a="$first_fwd" -v b="$last_fwd" 'BEGIN { printf "%.1f", (b - a) * r / 86400 / p + 1 }')
rate_ok=$(awk -v n=$((fwd + missed_steps)) -v e="$by_rate" 'BEGIN { d = n - e; if (d < 0) d = -d; t = e * 0.02; if (t < 2) t = 2; print (d <= t) ? 1 : 0 }')
check steps-match-rate-time "$rate_ok" \
    "counted=$fwd + missed=$missed_steps, programmed=$by_rate over $(ms_between "$first_fwd" "$last_fwd") ms (tolerance max(2, 2%))"
say "measure basal_steps counted=$fwd expected_volume=$by_volume expected_rate_time=$by_rate missed=$missed_steps stepsMoved=$moved"
check enable-request-level "$([ "$en_first" = 1 ] && echo 1 || echo 0)" "nENABLE requested at level $en_first (1 = disabled)"
check enable-before-first-step "$([ "$en_on" != -1 ] && awk -v a="$en_on" -v b="$first_fwd" 'BEGIN { exit !(a <= b) }' && echo 1 || echo 0)" \
    "nENABLE low $(ms_between "$en_on" "$first_fwd") ms before the first STEP edge"
check steps-only-while-enabled "$([ "$bad_en" = 0 ] && echo 1 || echo 0)" "$bad_en STEP edges while nENABLE was high"
check steps-forward "$([ "$rev" = "$relief" ] && echo 1 || echo 0)" "$rev reverse edges in all, all of them the occlusion relief"

# ---- 3. Clear the occlusion --------------------------------------------------------------------
# Released and acknowledged, the occlusion stays until the line is shown open: the resume runs the
# profile's line test (line_test_volume_nl at line_test_rate_ul_per_hour, the switch watched), and
# only its passing clears the occlusion and returns to the program.
pull $OCCL down
wait_for "$WAIT_SECONDS" sh -c "pumpctl --socket $SOCK ack occlusion >/dev/null 2>&1"
acked=$?
no_occlusion() { ! status | has_alarm occlusion; }

# ---- 4. Driver fault while delivering ------------------------------------------------------------
n=$(step_edges)
ctl resume >/tmp/resume.txt 2>&1
resume_rc=$?
wait_for "$WAIT_SECONDS" no_occlusion
cleared=$?
s=$(status)
check occlusion-cleared "$([ $acked = 0 ] && [ $cleared = 0 ] && echo 1 || echo 0)" \
    "released, acknowledged (exit $acked) and resumed: the line test passed and the occlusion went: $([ $cleared = 0 ] && echo yes || echo no), mode $(echo "$s" | str mode)"
wait_for "$WAIT_SECONDS" steps_beyond "$n"
resumed=$?
check resume-delivers "$([ $resume_rc = 0 ] && [ $resumed = 0 ] && echo 1 || echo 0)" \
    "pumpctl resume exit $resume_rc ($(tail -n 1 /tmp/resume.txt)); STEP edges again: $([ $resumed = 0 ] && echo yes || echo no)"
sleep 2
# Marks on both sides of the pull: a step pumpd made while the shell was between the first mark
# and the pull (delivery goes on until /FAULT is low) is legitimate and only reported; once the
# pull has been written no STEP edge may come. (Counting from the first mark failed 1 lane run in
# 7 on a loaded host with one such step.)
mark fault-armed
pull $FAULT down # /FAULT asserted
mark fault-onset
wait_for "$WAIT_SECONDS" is_level $EN 1
sleep 1
s=$(status)
eval "$(analyse fault-onset)"
after_pull=$((fwd + rev))
eval "$(analyse fault-armed)"
fault_ms=$(ms_between "$from_ts" "$en_off_after")
check fault-disables-motor "$([ "$en_off_after" != -1 ] && [ "$en_level" = 1 ] && [ "$after_pull" = 0 ] && echo 1 || echo 0)" \
    "nENABLE high ${fault_ms} ms after the mark before /FAULT was pulled low; $after_pull STEP edges once the pull was written (the step that found the fault made none), $((fwd + rev - after_pull)) while it was being written"
check fault-critical-alarm "$(echo "$s" | has_critical driver-fault && [ "$(echo "$s" | str mode)" = stopped ] && echo 1 || echo 0)" \
    "mode $(echo "$s" | str mode), stopCause $(echo "$s" | str stopCause)"
say "measure fault_to_enable_off ms=$fault_ms"
# pumpd accounts the step it was making when the driver refused it (the reservoir errs low): the
# delivered volume is exactly one step more than the edges, and stepsMoved equals the edges.
eval "$(analyse pumpd-start)"
moved=$(echo "$s" | num stepsMoved)
fill=$(echo "$s" | num fillVolume)
remaining=$(echo "$s" | num remaining)
by_volume=$(((fill - remaining) * 1000 / step_pl))
check fault-accounting "$([ "$fwd" = "$moved" ] && [ "$by_volume" = $((fwd + 1)) ] && echo 1 || echo 0)" \
    "counted=$fwd stepsMoved=$moved volume/step=$by_volume (one refused step accounted)"
say "measure total_steps counted=$fwd stepsMoved=$moved expected_volume=$by_volume"

# ---- 5. More occlusions: how long the switch takes to stop the motor, as a spread ---------------
# The loop polls its switches (every 100 ms), so one sample says little: the onset lands anywhere
# in the poll period. Each repeat resumes delivery, pulls the switch and clears it again.
pull $FAULT up
no_fault() { ! status | has_alarm driver-fault; }
wait_for "$WAIT_SECONDS" sh -c "pumpctl --socket $SOCK ack driver-fault >/dev/null 2>&1"
wait_for "$WAIT_SECONDS" no_fault
samples="$occ_ms" repeats_ok=1 detail=""
i=2
while [ $i -le "$OCCLUSION_SAMPLES" ]; do
    n=$(step_edges)
    ctl resume >/dev/null 2>&1
    if ! wait_for "$WAIT_SECONDS" no_occlusion || ! wait_for "$WAIT_SECONDS" steps_beyond "$n"; then
        repeats_ok=0 detail="$detail; sample $i: the line test did not pass or delivery did not resume"
        break
    fi
    # A fraction of a step period more each time, so the onsets fall at different poll phases.
    sleep "0.$((i * 137 % 1000))"
    mark "occlusion-$i"
    pull $OCCL up
    wait_for "$WAIT_SECONDS" is_level $EN 1
    sleep 0.3
    eval "$(analyse "occlusion-$i")"
    if [ "$en_off_after" = -1 ] || [ "$en_level" != 1 ] || [ "$steps_after_off" != 0 ]; then
        repeats_ok=0 detail="$detail; sample $i: nENABLE $en_level, $steps_after_off STEP edges after it went high"
    else
        samples="$samples $(ms_between "$from_ts" "$en_off_after")"
    fi
    pull $OCCL down
    wait_for "$WAIT_SECONDS" sh -c "pumpctl --socket $SOCK ack occlusion >/dev/null 2>&1"
    i=$((i + 1))
done
check occlusion-repeats "$repeats_ok" "$OCCLUSION_SAMPLES occlusions, each stopped the motor: $samples ms$detail"
say "measure occlusion_to_enable_off_samples ms=$(echo $samples | tr ' ' ,) $(echo "$samples" | tr ' ' '\n' | sort -n |
    awk '{ v[NR] = $1 } END { printf "n=%d min=%s median=%s max=%s", NR, v[1], v[int((NR + 1) / 2)], v[NR] }')"
eval "$(analyse pumpd-start)"
say "measure edges stepRising=$((fwd + rev)) forward=$fwd reverse=$rev dirChanges=$dir_changes"
# DIR leaves the delivery direction only for relief: each occlusion reverses, the next forward
# step turns it back (the last occlusion's is not followed by one).
check dir-only-for-relief "$([ "$rev" = $((relief * OCCLUSION_SAMPLES)) ] && [ "$dir_changes" = $((2 * OCCLUSION_SAMPLES - 1)) ] && echo 1 || echo 0)" \
    "$rev reverse STEP edges and $dir_changes DIR changes for $OCCLUSION_SAMPLES occlusions (expected $((relief * OCCLUSION_SAMPLES)) and $((2 * OCCLUSION_SAMPLES - 1)))"

# ---- 6. Alarm outputs: the power-on self-test, a low and a high priority alarm's patterns -------
# The buzzer's edges are judged by count and order (TCG-emulated time stretches and jitters every
# duration, so the on/off times are reported, not judged). The trace holds every level since
# pumpd started; the markers of phases 1-2 bound the windows.
eval "$(line_edges $BUZ pumpd-start reservoir-on)"
post_rises=$rises
check post-buzzer-pulse "$([ "$rises" = 1 ] && [ "$falls" = 1 ] && [ "$order_ok" = 1 ] && [ "$level_end" = 0 ] && echo 1 || echo 0)" \
    "power-on self-test: BUZZER $rises rises, $falls falls before the first alarm (expected one pulse), alternating=$order_ok, ends at $level_end"
say "measure post_buzzer on_ms=$on_ms"
eval "$(line_edges $LEDR pumpd-start reservoir-on)"
red_rises=$rises
eval "$(line_edges $LEDY pumpd-start reservoir-on)"
check post-lamp-pulses "$([ "$red_rises" = 1 ] && [ "$rises" = 1 ] && echo 1 || echo 0)" "power-on self-test: LED_RED $red_rises and LED_YELLOW $rises pulses (expected one each)"
# reservoir-switch-low is low priority: one 250 ms pulse, once, and the yellow lamp lit steadily.
eval "$(line_edges $BUZ reservoir-on occlusion-onset)"
check low-priority-buzzer-pulse "$([ "$rises" = 1 ] && [ "$falls" = 1 ] && [ "$order_ok" = 1 ] && echo 1 || echo 0)" \
    "reservoir-switch-low (low priority): BUZZER $rises rises, $falls falls (expected one pulse, not repeated), alternating=$order_ok"
say "measure low_priority_buzzer rises=$rises on_ms=$on_ms first_rise_ms=$first_rise_ms"
eval "$(line_edges $LEDY reservoir-on occlusion-onset)"
check low-priority-yellow-lamp "$([ "$rises" = 1 ] && [ "$falls" = 1 ] && echo 1 || echo 0)" \
    "LED_YELLOW $rises rises, $falls falls: lit while the low alarm was active, off once it went (steady, no flashing)"

# A critical alarm (occlusion: high priority) sounds the high pattern, re-alerting every
# REALERT_SECONDS, until it is acknowledged. It sounds PATTERN_SECONDS (two bursts) first, so the
# re-alert is seen and measured. The switch stays pulled through the acknowledgement: the cause
# lasts, so the acknowledgement pauses only the sound. After it the trace is watched for longer than
# the measured re-alert interval (SILENCE_SECONDS): a buzzer still re-alerting would rise in that
# window, which a window shorter than the interval could not show; the red lamp must go on flashing
# all the while; and once the profile's acknowledge_pause (1 min in gpio-sim.toml) has passed, the
# buzzer must sound again, between RETURN_MIN_SECONDS and RETURN_MAX_SECONDS after the
# acknowledgement (wide: TCG stretches time). A second acknowledgement, the switch released and a
# resume's line test then clear the occlusion, and the lamp must go out.
n=$(step_edges)
ctl resume >/dev/null 2>&1
wait_for "$WAIT_SECONDS" no_occlusion
wait_for "$WAIT_SECONDS" steps_beyond "$n"
mark high-alarm
pull $OCCL up
wait_for "$WAIT_SECONDS" is_level $EN 1
sleep "$PATTERN_SECONDS"
mark high-alarm-ack
wait_for "$WAIT_SECONDS" sh -c "pumpctl --socket $SOCK ack occlusion >/dev/null 2>&1"
acked=$?
mark high-alarm-acked # (pumpctl takes seconds under emulation: a burst may start before it answers)
acked_at=$(date +%s)
s=$(status)
say "measure status_after_acknowledge sound=$(echo "$s" | str sound) soundReturnsAt=$(echo "$s" | str soundReturnsAt)"
sleep "$SILENCE_SECONDS"
mark high-alarm-after
# Wait for the sound's return (the buzzer line read high), at most RETURN_MAX_SECONDS + 5 of the
# guest's clock after the acknowledgement; the trace judges when it came.
while [ "$(date +%s)" -lt $((acked_at + RETURN_MAX_SECONDS + 5)) ] && ! is_level $BUZ 1; do sleep 0.05; done
sleep 1
mark high-alarm-returned
eval "$(line_edges $BUZ high-alarm high-alarm-ack)"
high_rises=$rises high_order=$order_ok high_on=$on_ms high_off=$off_ms first=$first_rise_ms high_at=$rise_ms
# The shape from the gaps between rises, judged against each other (TCG stretches absolute times,
# and on a loaded host one edge may come 100-150 ms late, so the bounds sit well inside the nominal
# ratios and the gaps inside the groups count by their median, not their longest: any one rise up
# to 150 ms late, in either burst, still passes; evenly spaced pulses still fail). In
# each burst of HIGH_PULSES: nominal rise-to-rise gaps 250 ms inside a group, 500 at the skipped
# slot of each half (between its 3 and its 2), 750 at the pause between the halves. Judged: each
# skipped slot ≥ 1.3 × the median gap inside the groups (nominal 2), the pause ≥ 2.2 × that median
# (nominal 3) and ≥ 1.1 × the longer skipped slot (nominal 1.5); the next burst starts after a gap
# longer than any inside the burst. Evenly spaced pulses, a 2 + 3 grouping and a single burst fail.
# realert_ms: the first rise of one burst to the first of the next.
eval "$(echo "$high_at" | awk -F, -v n="$HIGH_PULSES" '
    function shape(b,   i, j, g, s, k, t, med, mid, ok) {
        # gaps g[1..9] of burst b: inside the groups (1 2 4 6 7 9), the skipped slots (3 8), the pause (5)
        for (i = 1; i < n; i++) g[i] = r[b * n + i + 1] - r[b * n + i]
        k = 0; for (i = 1; i < n; i++) if (i != 3 && i != 5 && i != 8) s[++k] = g[i]
        for (i = 2; i <= k; i++) { t = s[i]; for (j = i - 1; j >= 1 && s[j] > t; j--) s[j + 1] = s[j]; s[j + 1] = t }
        med = (s[k / 2] + s[k / 2 + 1]) / 2
        mid = g[3] > g[8] ? g[3] : g[8]
        ok = (g[3] < g[8] ? g[3] : g[8]) >= 1.3 * med && g[5] >= 2.2 * med && g[5] >= 1.1 * mid
        gaps = gaps (gaps == "" ? "" : " / ") g[1]
        for (i = 2; i < n; i++) gaps = gaps "," g[i]
        return ok
    }
    { for (i = 1; i <= NF; i++) r[i] = $i + 0; count = (NF == 1 && $1 == "-") ? 0 : NF }
    END {
        bursts = int(count / n); ok = bursts >= 2; realert = -1
        for (b = 0; b < bursts && b < 2; b++) if (!shape(b)) ok = 0
        if (bursts >= 2) {
            realert = r[n + 1] - r[1]
            between = r[n + 1] - r[n]
            for (i = 1; i < n; i++) if (between <= r[i + 1] - r[i]) ok = 0
        }
        printf "shape_ok=%d bursts=%d realert_ms=%s gaps=\"%s\"\n", ok, bursts, realert, gaps
    }')"
check high-priority-buzzer-pattern "$([ "$shape_ok" = 1 ] && [ "$high_order" = 1 ] && [ "$first" -ge 0 ] && [ "$first" -le $((REALERT_SECONDS * 1000)) ] && echo 1 || echo 0)" \
    "BUZZER $high_rises rises in ${PATTERN_SECONDS} s of a critical occlusion, alternating=$high_order, first ${first} ms after the switch; $bursts bursts of $HIGH_PULSES, each 3 + 2, pause, 3 + 2 by its gaps between rises (ms: $gaps; skipped slots ≥ 1.3 × the median gap inside a group, the pause ≥ 2.2 × that median and ≥ 1.1 × the skipped slots), the next burst after a longer gap: shape_ok=$shape_ok"
say "measure high_priority_buzzer rises=$high_rises first_rise_ms=$first realert_ms=$realert_ms on_ms=$high_on off_ms=$high_off"
eval "$(line_edges $LEDR high-alarm high-alarm-ack)"
check high-priority-red-led "$([ "$rises" -ge 1 ] && echo 1 || echo 0)" "LED_RED $rises rises during the critical alarm"
eval "$(line_edges $BUZ high-alarm-acked high-alarm-after)"
marker_ts() { analyse "$1" | sed 's/.*from_ts=\([^ ]*\).*/\1/'; }
silence_ms=$(ms_between "$(marker_ts high-alarm-acked)" "$(marker_ts high-alarm-after)")
longer=$(awk -v s="$silence_ms" -v r="$realert_ms" 'BEGIN { print (r > 0 && s > r) ? 1 : 0 }')
check buzzer-stops-on-acknowledge "$([ $acked = 0 ] && [ "$level_end" = 0 ] && [ "$rises" = 0 ] && [ "$longer" = 1 ] && echo 1 || echo 0)" \
    "acknowledged with OCCLUSION_SW still pulled: exit $acked; BUZZER $rises rises in the ${silence_ms} ms after the acknowledgement answered (longer than the ${realert_ms} ms re-alert measured before it: $([ "$longer" = 1 ] && echo yes || echo no)), level now $level_end"
# The lamp flashes at 2 Hz; judged by count (at least one rise per second of each window, half the
# nominal rate), not by its durations or its alternation (it is lit or dark at a window's start by
# chance): through the silence window, and from there to the sound's return.
eval "$(line_edges $LEDR high-alarm-acked high-alarm-after)"
silence_red=$rises
eval "$(line_edges $BUZ high-alarm-after high-alarm-returned)"
returned_rise_ms=$first_rise_ms return_rises=$rises
eval "$(line_edges $LEDR high-alarm-after high-alarm-returned)"
pause_red=$rises
pause_ms=$(ms_between "$(marker_ts high-alarm-after)" "$(marker_ts high-alarm-returned)")
red_ok=$(awk -v a="$silence_red" -v sa="$silence_ms" -v b="$pause_red" -v sb="$pause_ms" \
    'BEGIN { print (a >= int(sa / 1000) && b >= int(sb / 1000) && sa > 0 && sb > 0) ? 1 : 0 }')
check red-lamp-stays-after-acknowledge "$red_ok" \
    "OCCLUSION_SW still pulled: LED_RED $silence_red rises in the ${silence_ms} ms after the acknowledgement, $pause_red in the next ${pause_ms} ms up to the sound's return (at least one per second of each: the lamp follows the active alarm, acknowledged or not)"
# The return's time from both sides of the acknowledgement: its answer (the pause began before it:
# the lower bound) and the request (the upper bound).
after_from_acked=-1 after_from_ack=-1
if [ "$returned_rise_ms" -ge 0 ]; then
    after_from_acked=$(awk -v a="$silence_ms" -v b="$returned_rise_ms" 'BEGIN { printf "%.0f", a + b }')
    after_from_ack=$(awk -v a="$(ms_between "$(marker_ts high-alarm-ack)" "$(marker_ts high-alarm-after)")" -v b="$returned_rise_ms" 'BEGIN { printf "%.0f", a + b }')
fi
check buzzer-returns-after-acknowledge-pause "$([ "$after_from_acked" -ge $((RETURN_MIN_SECONDS * 1000)) ] && [ "$after_from_ack" -ge 0 ] && [ "$after_from_ack" -le $((RETURN_MAX_SECONDS * 1000)) ] && echo 1 || echo 0)" \
    "the cause lasting, BUZZER rose again ${after_from_acked} ms after the acknowledgement answered (${after_from_ack} ms after it was asked; acknowledge_pause $(sed -n 's/^acknowledge_pause *= *"\([^"]*\)".*/\1/p' hw-profiles/gpio-sim.toml); judged ${RETURN_MIN_SECONDS}-${RETURN_MAX_SECONDS} s); $return_rises rises in the $pause_ms ms watched"
say "measure sound_return ms_after_ack_answer=$after_from_acked ms_after_ack_request=$after_from_ack"
# Acknowledged again, released, and cleared by the resume's line test: the lamp goes out.
wait_for "$WAIT_SECONDS" sh -c "pumpctl --socket $SOCK ack occlusion >/dev/null 2>&1"
reacked=$?
pull $OCCL down
n=$(step_edges)
ctl resume >/dev/null 2>&1
wait_for "$WAIT_SECONDS" no_occlusion
cleared=$?
wait_for "$WAIT_SECONDS" steps_beyond "$n"
resumed=$?
# Watched for rises, not read once: a lamp still flashing reads low half the time.
mark high-alarm-cleared
sleep 2
mark high-alarm-done
eval "$(line_edges $LEDR high-alarm-cleared high-alarm-done)"
red_after=$rises red_end=$level_end
eval "$(line_edges $BUZ high-alarm-cleared high-alarm-done)"
check red-lamp-off-once-cleared "$([ $reacked = 0 ] && [ $cleared = 0 ] && [ $resumed = 0 ] && [ "$red_after" = 0 ] && [ "$red_end" = 0 ] && [ "$rises" = 0 ] && [ "$level_end" = 0 ] && echo 1 || echo 0)" \
    "acknowledged again (exit $reacked), released and resumed: occlusion cleared $([ $cleared = 0 ] && echo yes || echo no), delivering $([ $resumed = 0 ] && echo yes || echo no); in the 2 s after: LED_RED $red_after rises, level $red_end; BUZZER $rises rises, level $level_end"

# ---- 7. Shutdown: the released line falls back to the pull-up -----------------------------------
kill -TERM $PUMPD
wait $PUMPD
rc=$?
check pumpd-exit "$([ $rc = 0 ] && echo 1 || echo 0)" "pumpd exit status $rc after SIGTERM"
check enable-safe-after-exit "$([ "$(level $EN)" = 1 ] && echo 1 || echo 0)" "nENABLE level $(level $EN) with the line released"
sed 's/^/pumpd| /' /tmp/pumpd.log

# ---- 8. Motion verification on the stepper: hw-profiles/gpio-sim-encoder.toml --------------------
# The same chip with the pump-side encoder (MOTOR_ENCODER) and the driver's DIAG output wired: no
# one moves the encoder's pull, so every STEP edge is a step the rotor did not make.
ENC_PROFILE=hw-profiles/gpio-sim-encoder.toml
tolerance=$(profile_int motion_tolerance_steps $ENC_PROFILE)
retries=$(profile_int retries $ENC_PROFILE)
coast=$(profile_int coast_pulses $ENC_PROFILE)
check encoder-profile-on-chip "$(pumpd --check-profile $ENC_PROFILE >/tmp/check2.txt 2>&1 && echo 1 || echo 0)" "$(tr '\n' ' ' </tmp/check2.txt)"
mkdir -p /var/lib/pumpd-encoder
mark encoder-start
pumpd --profile $ENC_PROFILE --state-dir /var/lib/pumpd-encoder --socket $SOCK --daily-dose "${DAILY_DOSE}ug/day" \
    --status-interval 5 >/tmp/pumpd-encoder.log 2>&1 &
PUMPD=$!
wait_for "$WAIT_SECONDS" test -S $SOCK || die "pumpd (encoder profile) did not open its socket within ${WAIT_SECONDS} s"
stall_alarm() { status | has_critical motor-stall; }
wait_for "$WAIT_SECONDS" stall_alarm
stalled=$?
wait_for "$WAIT_SECONDS" is_level $EN 1
latched=$(step_edges)
sleep 1 # a retry's spacing is 500 ms: a motor still stepping after the latch would show here
s=$(status)
eval "$(analyse encoder-start)"
bound=$(((tolerance + 1) * (retries + 1)))
check encoder-stall-alarm "$([ $stalled = 0 ] && [ "$(echo "$s" | str mode)" = stopped ] && echo 1 || echo 0)" \
    "critical motor-stall with no MOTOR_ENCODER pulse: mode $(echo "$s" | str mode), stopCause $(echo "$s" | str stopCause)"
check encoder-stall-steps "$([ "$fwd" -ge 1 ] && [ "$fwd" -le "$bound" ] && [ "$(step_edges)" = "$latched" ] && [ "$en_level" = 1 ] && echo 1 || echo 0)" \
    "$fwd forward STEP edges in all, the retry's included (≤ (motion_tolerance_steps $tolerance + 1) × (1 + $retries retries) = $bound); $(($(step_edges) - latched)) after the latch; nENABLE $en_level"
say "measure encoder_stall forward_steps=$fwd bound=$bound retries=$retries first_to_last_step_ms=$(ms_between "$first_fwd" "$last_fwd")"

# DIAG asserted (StallGuard): the next step after a resume is stopped for it.
wait_for "$WAIT_SECONDS" sh -c "pumpctl --socket $SOCK ack motor-stall >/dev/null 2>&1"
pull $DIAG up
mark diag-onset
ctl resume >/tmp/resume2.txt 2>&1
wait_for "$WAIT_SECONDS" stall_alarm
diag_stalled=$?
wait_for "$WAIT_SECONDS" is_level $EN 1
latched=$(step_edges)
sleep 1
eval "$(analyse diag-onset)"
check diag-stall-alarm "$([ $diag_stalled = 0 ] && [ "$fwd" -le $((retries + 1)) ] && [ "$(step_edges)" = "$latched" ] && [ "$en_level" = 1 ] && echo 1 || echo 0)" \
    "MOTOR_DIAG high: critical motor-stall after $fwd forward STEP edges (≤ 1 + $retries retries: DIAG is read after every step), $(($(step_edges) - latched)) after the latch; resume: $(tail -n 1 /tmp/resume2.txt)"
pull $DIAG down
wait_for "$WAIT_SECONDS" sh -c "pumpctl --socket $SOCK ack motor-stall >/dev/null 2>&1"

# Free flow: encoder pulses while the motor is disabled, beyond the coast allowance.
pulses=$((coast + 4))
mark free-flow
i=0
while [ $i -lt $pulses ]; do
    pull $ENC up
    sleep 0.05
    pull $ENC down
    sleep 0.05
    i=$((i + 1))
done
free_flow() { status | has_critical free-flow; }
wait_for "$WAIT_SECONDS" free_flow
check free-flow-alarm "$([ $? = 0 ] && [ "$(level $EN)" = 1 ] && echo 1 || echo 0)" \
    "$pulses MOTOR_ENCODER pulses with nENABLE high (coast_pulses $coast): critical free-flow, nENABLE $(level $EN)"
kill -TERM $PUMPD
wait $PUMPD
check pumpd-encoder-exit "$([ $? = 0 ] && echo 1 || echo 0)" "pumpd (encoder profile) exit after SIGTERM"
sed 's/^/pumpd-encoder| /' /tmp/pumpd-encoder.log
finish
