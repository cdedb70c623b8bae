#!/usr/bin/env bash
# A crash storm against the simulated rig's truth: SIGKILLs of the real pumpd across delivery,
# boluses, new-line primings, refills and program commits (Tests/PumpDaemonTests/CrashStormTests.swift
# on hw-profiles/sim-storm.toml), then the worst deviation of every record from the rig's truth
# against its bound (README, "Accounting through crashes"). CI runs the same test with 300 kills.
#
#   scripts/crash-storm.sh [--kills N] [--seed S]
#
# N kills (default 2000; about 0.3 s each on the 2-core build machine), seed S (default random;
# printed, so a failing storm can be repeated). Builds the debug tests first. Exits non-zero when a
# record left its bound.
set -euo pipefail
cd "$(dirname "$0")/.."

kills=2000
seed=""
while [ $# -gt 0 ]; do
    case "$1" in
        --kills) kills="${2:-}"; shift 2 ;;
        --kills=*) kills="${1#--kills=}"; shift ;;
        --seed) seed="${2:-}"; shift 2 ;;
        --seed=*) seed="${1#--seed=}"; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "usage: $0 [--kills N] [--seed S]" >&2; exit 2 ;;
    esac
done
case "$kills" in ''|*[!0-9]*) echo "--kills needs a whole number" >&2; exit 2 ;; esac
case "$seed" in *[!0-9]*) echo "--seed needs a whole number" >&2; exit 2 ;; esac

swift build --build-tests
export PUMPD_STORM_KILLS="$kills"
[ -n "$seed" ] && export PUMPD_STORM_SEED="$seed"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
swift test --skip-build --filter CrashStormTests >"$log" 2>&1
status=$?
set -e
grep -E '^(crash storm|  [a-z])|✘|Expectation failed' "$log" || tail -40 "$log"
exit "$status"
