#!/usr/bin/env bash
# The one `swift build` of pumpd, pumpctl and pump-hil as they are deployed: the Swift standard
# library linked in, into .build-static. scripts/build-deb.sh (the package), scripts/api-bench.sh,
# scripts/hil-kernel-lane.sh and scripts/systemd-lane.sh all build through it, so every build in
# .build-static has the same flags (with other flags, SwiftPM would recompile every module there).
#
#   scripts/static-build.sh [swift build arguments: -c release|debug, --product P, --show-bin-path]
#
# Besides Package.swift's own settings, every module SwiftPM compiles, the dependencies included
# (swift-nio, swift-argument-parser, swift-log, ...), reaches concrete generic metadata through its
# accessor function rather than by a mangled name the runtime demangles at first use
# (-disable-concrete-type-metadata-mangled-name-accessors). Package.swift can set that for pumpd's
# own modules only. In the dependencies, each name demangled at start-up (NIO's event loops,
# channels and pipelines above all) checked its generic requirements by scanning the binary's
# ~5 400 conformance records: 2.8 M of the 25.4 M instructions from exec to the first answered
# GetStatus (callgrind), ~1 ms of that start (scripts/api-bench.sh --only exec).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exec swift build --package-path "$root" --static-swift-stdlib --scratch-path "$root/.build-static" \
    -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors "$@"
