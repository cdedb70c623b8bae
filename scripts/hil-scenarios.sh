#!/usr/bin/env bash
# The hazard scenario library (Tests/Scenarios/*.toml) on the simulated rig's virtual clock, then
# the trumpet curve at an intrathecal and a bench rate. Reports in .build/hil/: junit.xml,
# record.json (every sample and event; the refill cycle's in *-refill-cycle.*), trumpet-*.csv and
# trumpet-*.svg. Prints the wall time.
# Needs a debug build (scripts/test.sh builds first); exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(swift build --show-bin-path)"
out=.build/hil
mkdir -p "$out"
start=$(date +%s%N)
# The 92-day refill cycle is most of the library's time on one core: it runs beside the others
# (its own pumpd, state and reports: junit-refill-cycle.xml, record-refill-cycle.json).
long=Tests/Scenarios/reservoir-refill-cycle.toml
others=()
for scenario in Tests/Scenarios/*.toml; do [ "$scenario" = "$long" ] || others+=("$scenario"); done
"$bin/pump-hil" run "$long" --quiet --junit "$out/junit-refill-cycle.xml" --json "$out/record-refill-cycle.json" \
    > "$out/refill-cycle.log" 2>&1 &
long_pid=$!
"$bin/pump-hil" run "${others[@]}" --quiet --junit "$out/junit.xml" --json "$out/record.json" |
    grep -v '^        pumpd: hour from' || status=${PIPESTATUS[0]}
long_status=0
wait "$long_pid" || long_status=$?
grep -v '^        pumpd: hour from' "$out/refill-cycle.log" || true
[ "$long_status" -eq 0 ] || status=${status:-$long_status}
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "scenario library: $((elapsed_ms / 1000)).$(printf %03d $((elapsed_ms % 1000))) s wall time (reports in $out)"
[ "${status:-0}" -eq 0 ] || exit "$status"
for rate in 0.25mL/day 10mL/h; do
    name=$(echo "$rate" | tr '/.' '-_')
    "$bin/pump-hil" accuracy --rate "$rate" --require-within-limit \
        --csv "$out/trumpet-$name.csv" --svg "$out/trumpet-$name.svg" | grep -v '^  [0-9]* min:'
done
