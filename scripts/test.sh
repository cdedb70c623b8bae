#!/usr/bin/env bash
# The whole test suite: unit, property and integration tests, then the benchmarks build and a
# short run so they cannot rot. Used by README and CI alike.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build
# The planner benchmark's plain run checks a year's exact volume and prints steps/s and mallocs.
scripts/bench-planner.sh plain
