#!/usr/bin/env bash
# The whole test suite: unit, property and integration tests; the libgpiod 2.x build check; then
# the benchmarks build and a short run so they cannot rot. Used by README and CI alike.
set -euo pipefail
cd "$(dirname "$0")/.."

# Lanes that depend on something this machine may lack (PyPI, QEMU, nspawn) print
# "SKIPPED: <what> (<why>)" and pass; run_lane collects those lines and the summary at the end
# repeats them, so a skip is never read as a pass. PUMPD_REQUIRE_ALL_LANES=1 makes any skip fail.
skipped=()
run_lane() {
    local log
    log=$(mktemp "${TMPDIR:-/tmp}/pumpd-lane.XXXXXX")
    "$@" 2>&1 | tee "$log"
    while IFS= read -r line; do skipped+=("$line"); done < <(grep -a '^SKIPPED:' "$log" || true)
    rm -f "$log"
}
summary() {
    echo
    if [ ${#skipped[@]} -eq 0 ]; then
        echo "test.sh: every lane ran; nothing was skipped"
        return 0
    fi
    echo "################################################################################"
    echo "test.sh: ${#skipped[@]} lane(s) SKIPPED; what they check was NOT checked on this machine:"
    printf '  %s\n' "${skipped[@]}"
    echo "################################################################################"
    if [ "${PUMPD_REQUIRE_ALL_LANES:-0}" = 1 ]; then
        echo "test.sh: FAIL: PUMPD_REQUIRE_ALL_LANES=1 and a lane was skipped"
        return 1
    fi
}

# Repeated however the run ends: a failing lane must not hide an earlier lane's skip.
trap 'summary || true' EXIT

scripts/setup.sh
# The daemon against an independent Varlink client (the PyPI `varlink` package, in a venv); the
# venv then also serves the Swift suite's Python interoperability test.
scripts/python-client-tests.sh
export PATH="$PWD/.build/python-venv/bin:$PATH"
swift build --build-tests
# The suites that drive real pumpd processes for minutes (the crash storm, the storage faults on
# mounted file systems) run on their own afterwards: their synchronous tests hold Swift Testing's
# threads for that long, and the in-process server tests running beside them would starve.
long_suites='CrashStormTests|StorageFaultTests|StorageHazardTests'
swift test --skip-build --skip "$long_suites"
swift test --skip-build --filter "$long_suites"
# The systemd units as the Debian package installs them (scripts/build-deb.sh --config debug; its
# static build in .build-static is the one the real-kernel lane below reuses): unpacked into a
# staging root, `systemd-analyze verify`, and the sandbox's exposure score (fails above 2.0).
scripts/check-systemd-units.sh
# The GPIO shim must build on libgpiod 2.x (trixie) as well as the 1.6 installed here.
run_lane scripts/check-gpiod-v2.sh
# The planner benchmark's plain run checks a year's exact volume, prints steps/s, and fails if the
# planner's steady state or the control cycle allocates at all.
scripts/bench-planner.sh plain
# pump-hil: the hazard scenario library on the virtual clock and the trumpet curve at two rates
# (about 1.5 min; reports in .build/hil/).
scripts/hil-scenarios.sh
# Issue 14's faults at 10 mL/h and lost steps at 0.25 mL/day: each detected, with detection time and
# volume let through (every fault at both rates, the table for the record: without --sample).
scripts/fault-detection.sh --sample
# A short run of the real-time loop on the simulated motor (numbers only; scripts/loop-latency.sh
# without options gives the full comparison with cyclictest).
scripts/loop-latency.sh --seconds 1 --no-cyclictest
# The real-kernel GPIO lane: Debian's kernel under QEMU (TCG) with the kernel's gpio-sim; pumpd's
# libgpiod backend against the GPIO character device, its edges counted by the gpio_value
# tracepoint (README: "The real-kernel GPIO lane"). Bounded as a whole here and its guest by the
# script; it prints "SKIPPED: <reason>" and passes only where QEMU cannot run (the summary repeats it).
run_lane timeout 900 scripts/hil-kernel-lane.sh
# The real-systemd lane: the Debian package (revision 1, then an upgrade to 2, remove, purge) in
# Debian bookworm booted with PID-1 systemd, under systemd-nspawn and then QEMU (TCG); one line of
# evidence per assertion (README: "The real-systemd lane"). SKIPPED, loudly, where either cannot run.
# Revision 1 is the package check-systemd-units.sh built and linted above.
run_lane timeout 900 scripts/systemd-lane.sh --deb "$(ls -t .build/deb/pumpd_*-1_*.deb | head -n 1)"
trap - EXIT
summary
