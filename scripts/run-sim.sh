#!/usr/bin/env bash
# Runs pumpd on the fully simulated rig (hw-profiles/sim.toml). Extra arguments go to pumpd
# (see --help), e.g. scripts/run-sim.sh --daily-dose 500ug/day --time-scale 1000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --product pumpd
mkdir -p .pumpd-state
exec .build/debug/pumpd --profile hw-profiles/sim.toml --state-dir .pumpd-state --socket .pumpd-state/control.sock "$@"
