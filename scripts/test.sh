#!/usr/bin/env bash
# The whole test suite: unit, property and integration tests; the libgpiod 2.x build check; then
# the benchmarks build and a short run so they cannot rot. Used by README and CI alike.
set -euo pipefail
cd "$(dirname "$0")/.."
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
scripts/check-gpiod-v2.sh
# The planner benchmark's plain run checks a year's exact volume, prints steps/s, and fails if the
# planner's steady state or the control cycle allocates at all.
scripts/bench-planner.sh plain
# pump-hil: the hazard scenario library on the virtual clock and the trumpet curve at two rates
# (about 1.5 min; reports in .build/hil/).
scripts/hil-scenarios.sh
# A short run of the real-time loop on the simulated motor (numbers only; scripts/loop-latency.sh
# without options gives the full comparison with cyclictest).
scripts/loop-latency.sh --seconds 1 --no-cyclictest
# The real-kernel GPIO lane: Debian's kernel under QEMU (TCG) with the kernel's gpio-sim; pumpd's
# libgpiod backend against the GPIO character device, its edges counted by the gpio_value
# tracepoint (README: "The real-kernel GPIO lane"). Bounded as a whole here and its guest by the
# script; it prints "SKIPPED: <reason>" and passes only where QEMU cannot run.
timeout 900 scripts/hil-kernel-lane.sh
