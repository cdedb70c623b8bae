#!/usr/bin/env bash
# Load test: many concurrent Varlink clients against pumpd while its control loop steps at 1 kHz.
#
#   scripts/load-test.sh [--seconds N] [--clients K] [--watchers W] [--commit-interval S]
#                        [--normal-priority] [--debug] [--keep]
#
# Builds pumpd (release; --debug for the debug build), starts it on hw-profiles/sim-bench.toml
# (5 nL steps, SCHED_FIFO 80 like the GPIO rigs) with a fresh state directory and commits, through
# the API, the program that moves 1000 steps/s. Then, on a freshly restarted daemon each:
#   without load  N s with no client;
#   with load     N s of K GetStatus callers in tight loops, W WatchEvents watchers and one
#                 programmer committing the program every S s (events for the watchers),
#                 each client its own process, raw NUL-framed JSON on the Unix socket.
# Prints a table: the loop's wake lateness p50/p99/max (µs, from pumpd's status line), steps/s,
# missed volume (nL) and pumpd's CPU use, without and with load; GetStatus calls/s and latency
# p50/p99/max (ms); events each watcher received; commit → watcher delivery latency (ms).
#
# Defaults: N 20 s, K 32, W 16, S 0.5 s; about 50 s plus the build. --normal-priority runs the loop
# SCHED_OTHER (a copy of the profile with priority 0) to show what the load does to a loop that has
# no real-time priority. Traffic stays on this machine (a Unix socket in a temporary directory), and
# every client stops by itself. A measurement: exits 0 after printing unless pumpd or the setup failed.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=release
helper_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds|--clients|--watchers|--commit-interval)
            [ $# -ge 2 ] || { echo "$0: $1 needs a value" >&2; exit 2; }
            helper_args+=("$1" "$2"); shift 2 ;;
        --seconds=*|--clients=*|--watchers=*|--commit-interval=*|--normal-priority|--keep)
            helper_args+=("$1"); shift ;;
        --debug) configuration=debug; shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "usage: $0 [--seconds N] [--clients K] [--watchers W] [--commit-interval S] [--normal-priority] [--debug] [--keep]" >&2
           exit 2 ;;
    esac
done

scripts/setup.sh
echo "== building pumpd ($configuration) =="
swift build -c "$configuration" --product pumpd
pumpd="$(swift build -c "$configuration" --show-bin-path)/pumpd"
"$pumpd" --check-profile hw-profiles/sim-bench.toml

echo "== load test =="
exec python3 scripts/load_test.py --pumpd "$pumpd" --profile hw-profiles/sim-bench.toml "${helper_args[@]}"
