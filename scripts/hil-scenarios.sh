#!/usr/bin/env bash
# The hazard scenario library (Tests/Scenarios/*.toml) on the simulated rig's virtual clock, then
# the trumpet curve at an intrathecal and a bench rate. Reports in .build/hil/: junit.xml,
# record.json (every sample and event), trumpet-*.csv and trumpet-*.svg. Prints the wall time.
# Needs a debug build (scripts/test.sh builds first); exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(swift build --show-bin-path)"
out=.build/hil
mkdir -p "$out"
start=$(date +%s%N)
"$bin/pump-hil" run Tests/Scenarios/*.toml --quiet --junit "$out/junit.xml" --json "$out/record.json" |
    grep -v '^        pumpd: hour from' || status=${PIPESTATUS[0]}
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "scenario library: $((elapsed_ms / 1000)).$(printf %03d $((elapsed_ms % 1000))) s wall time (reports in $out)"
[ "${status:-0}" -eq 0 ] || exit "$status"
for rate in 0.25mL/day 10mL/h; do
    name=$(echo "$rate" | tr '/.' '-_')
    "$bin/pump-hil" accuracy --rate "$rate" --require-within-limit \
        --csv "$out/trumpet-$name.csv" --svg "$out/trumpet-$name.svg" | grep -v '^  [0-9]* min:'
done
