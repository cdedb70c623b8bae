#!/usr/bin/env bash
# Fault detection on the simulated stepper rig (issue 14's closing note): for each fault (lost
# steps, a slipping coupling, free flow while stopped, a driver stall, resuming into a still-blocked
# line, a dead buzzer found by the clinician's alarm test) at 0.25 mL/day and at 10 mL/h, the
# detection time (simulated seconds from the injection, or from the act that exposes the fault: the
# resume, the alarm test; whole seconds, the event log's resolution) and the volume let through before the motor
# stopped (nL at the catheter tip, and nL pumped = forward steps x step volume), on the virtual
# clock. Prints a Markdown table; the scenarios it generated, pump-hil's JSON record, table.md and
# rows.json are left in .build/fault-detection/.
#
# Usage: scripts/fault-detection.sh [--sample] [--only FAULT]... [--profile FILE]
#   --sample   CI's bounded sample (scripts/test.sh): every fault at 10 mL/h and lost steps at 0.25 mL/day;
#              the full run (every fault at both rates) is for the report
#   --only     only this fault (lost-steps, lost-steps-partial, coupling-slip, driver-stall,
#              free-flow, occlusion-resume-blocked, dead-buzzer-test)
#   --profile  the stepper sim profile (default hw-profiles/sim.toml)
# Needs a debug build (scripts/test.sh builds first; otherwise this builds pump-hil and pumpd).
# Exit: 0 every fault detected and every generated scenario's expectations held; 1 otherwise; 2 bad
# usage; 3 pump-hil could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=$PWD/hw-profiles/sim.toml
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --sample) args+=(--sample) ;;
        --only)
            [ $# -ge 2 ] || { echo "$0: --only needs a fault" >&2; exit 2; }
            args+=(--only "$2"); shift ;;
        --profile)
            [ $# -ge 2 ] || { echo "$0: --profile needs a file" >&2; exit 2; }
            profile=$(realpath "$2"); shift ;;
        *) echo "$0: unknown argument $1 (usage: $0 [--sample] [--only FAULT]... [--profile FILE])" >&2; exit 2 ;;
    esac
    shift
done
[ -f "$profile" ] || { echo "$0: no profile at $profile" >&2; exit 2; }
bin="$(swift build --show-bin-path)"
if [ ! -x "$bin/pump-hil" ] || [ ! -x "$bin/pumpd" ]; then
    swift build --product pump-hil >&2
    swift build --product pumpd >&2
fi
out=.build/fault-detection
rm -rf "$out"
start=$(date +%s%N)
status=0
python3 scripts/fault_detection.py --pump-hil "$bin/pump-hil" --profile "$profile" --out "$out" "${args[@]}" || status=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "fault detection: $((elapsed_ms / 1000)).$(printf %03d $((elapsed_ms % 1000))) s wall time"
exit "$status"
