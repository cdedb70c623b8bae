#!/usr/bin/env bash
# The storage-fault suite in full: every random fault (bit flips and truncations of the -wal and
# the main file) ROUNDS times instead of CI's 6, plus the deterministic faults, a full tmpfs and an
# fsfreeze'd ext4 (these need root). Prints the outcome table: refused / started stopped with alarm /
# resumed on newest state; "RESUMED ON OLDER STATE" or "CRASHED" fails the run.
#   scripts/storage-faults.sh [ROUNDS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-50}"
export PUMPD_STORAGE_FAULT_ROUNDS="$rounds"
[ -n "${2:-}" ] && export PUMPD_STORAGE_FAULT_SEED="$2"
swift build --build-tests >/dev/null
swift test --skip-build --filter 'StorageFaultTests|StorageHazardTests' 2>&1 \
    | grep -E '^(storage faults|  [a-z-]|full tmpfs|fsfreeze)|✘|Test run'
