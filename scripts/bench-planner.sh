#!/usr/bin/env bash
# Metering-planner performance: a year of a 13-step flex schedule with a daily bolus, and
# 100 000 steady-state steps of continuous basal (Benchmarks/, a separate SwiftPM package).
#
#   scripts/bench-planner.sh            plain numbers, then the package-benchmark suite
#   scripts/bench-planner.sh plain      plain numbers only: steps, seconds, steps/s, mallocs
#   scripts/bench-planner.sh bench ...  the package-benchmark suite only; extra arguments go to
#                                       the benchmark plugin, e.g. --format jmh, --filter steady
#
# The first build compiles package-benchmark and takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-all}"
[ $# -gt 0 ] && shift

plain() {
    swift build -c release --package-path Benchmarks --product PlannerYear
    local bin
    bin="$(swift build -c release --package-path Benchmarks --show-bin-path)"
    # The interposer counts mallocs only when it is loaded before main.
    local preload="$bin/libMallocInterposerSwift.so"
    echo
    echo "== PlannerYear (release, one cold run) =="
    if [ -f "$preload" ]; then
        LD_PRELOAD="$preload${LD_PRELOAD:+:$LD_PRELOAD}" "$bin/PlannerYear"
    else
        "$bin/PlannerYear"
    fi
}

bench() {
    echo
    echo "== package-benchmark: PlannerBenchmarks =="
    swift package --package-path Benchmarks benchmark --target PlannerBenchmarks --no-progress "$@"
}

case "$mode" in
    plain) plain ;;
    bench) bench "$@" ;;
    all) plain; bench "$@" ;;
    *) echo "usage: $0 [all|plain|bench [benchmark options]]" >&2; exit 2 ;;
esac
