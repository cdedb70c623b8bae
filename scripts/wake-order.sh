#!/usr/bin/env bash
# Writes scripts/wake-order.txt, the symbol ordering for pumpd's release link (lld
# --symbol-ordering-file): the functions the idle control loop runs in its wakes (quiet and full),
# hottest first, so the linker puts them side by side on a few pages instead of scattered over the
# 55 MB binary (each distinct cold page a wake touches costs it ~0.5-1 µs). Re-run after changing
# the loop's code; a stale list only loses locality, never correctness (lld ignores names no input
# defines).
#
#   scripts/wake-order.sh [PUMPD] [SECONDS]
#
# PUMPD defaults to .build-static/release/pumpd (build it first: scripts/build-deb.sh's build or
# `scripts/static-build.sh -c release --product pumpd`); the
# objects beside it are the ones its link read.
# Runs it under valgrind's callgrind on hw-profiles/sim.toml at 500 µg/day (the idle bench's set-up),
# counts only SECONDS (default 12) of wakes after the start, and lists every function the loop
# thread ran in pumpd (glibc's functions are in libc.so, not here). lld moves whole input sections,
# so scripts/wake-order-filter.py then keeps only the functions in a section of their own (pumpd's
# modules and the Swift runtime are built one section per function) or in one of at most a page.
set -euo pipefail
cd "$(dirname "$0")/.."
pumpd="${1:-.build-static/release/pumpd}"
seconds="${2:-12}"
out=scripts/wake-order.txt
for tool in valgrind callgrind_control callgrind_annotate nm strip python3 readelf cc swiftc; do
    command -v "$tool" >/dev/null || { echo "$0: needs $tool" >&2; exit 1; }
done

tmp="$(mktemp -d)"
vg=""
cleanup() { [ -n "$vg" ] && kill "$vg" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
# valgrind's DWARF reader gives up on the Swift debug info; the symbol table is all it needs.
strip --strip-debug -o "$tmp/pumpd" "$pumpd"
mkdir "$tmp/state"
valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$tmp/cg" \
    "$tmp/pumpd" --profile hw-profiles/sim.toml --state-dir "$tmp/state" --socket "$tmp/control.sock" \
    --daily-dose 500ug/day >"$tmp/log" 2>&1 &
vg=$!
for _ in $(seq 1 600); do
    grep -q 'delivery started' "$tmp/log" && break
    kill -0 "$vg" 2>/dev/null || { echo "$0: pumpd exited:" >&2; cat "$tmp/log" >&2; exit 1; }
    sleep 0.2
done
grep -q 'delivery started' "$tmp/log" || { echo "$0: pumpd did not start delivery" >&2; exit 1; }
# Past the start's one-off work (under valgrind the self-test and first wakes take seconds): the
# first periodic status line.
status='^pumpd: [a-z ()-]+, rate '
for _ in $(seq 1 600); do
    grep -Eq "$status" "$tmp/log" && break
    sleep 0.2
done
# A loaded machine can stall pumpd under valgrind into an alarm: its wakes are then not an idle pump's.
grep -E "$status" "$tmp/log" | head -1 | grep -q '^pumpd: running, ' || {
    echo "$0: pumpd is not running quietly under valgrind (run it on a quieter machine):" >&2
    tail -3 "$tmp/log" >&2; exit 1
}
callgrind_control -z "$vg" >/dev/null
sleep "$seconds"
callgrind_control -d "$vg" >/dev/null
sleep 1
kill "$vg"; wait "$vg" 2>/dev/null || true; vg=""

# The dump of the thread that runs the loop (its entry is RealtimeLoop.start's thread closure).
loop_dump=""
for f in "$tmp"/cg.*; do
    grep -q 'RealtimeLoopC3run' "$f" && grep -q '^summary: [1-9]' "$f" && loop_dump="$f"
done
[ -n "$loop_dump" ] || { echo "$0: no dump of the loop thread" >&2; exit 1; }

nm "$tmp/pumpd" >"$tmp/nm"
nm -C "$tmp/pumpd" >"$tmp/nmc"
callgrind_annotate --threshold=100 "$loop_dump" >"$tmp/annotated"
python3 - "$tmp/annotated" "$tmp/nm" "$tmp/nmc" "$tmp/names" <<'PY'
import re, sys
annotated, nm, nmc, out = sys.argv[1:]
# callgrind names C++ functions demangled; the linker wants the mangled name.
mangled = {}
for a, b in zip(open(nm), open(nmc)):
    a, b = a.rstrip("\n").split(" ", 2), b.rstrip("\n").split(" ", 2)
    if len(a) == 3 and len(b) == 3 and a[2].startswith("_Z"):
        mangled.setdefault(b[2], a[2])
own = re.compile(r"^\s*([\d,]+) \([\s\d.]+%\)\s+\?\?\?:(.*) \[(.*)\]$")
names = []
for line in open(annotated):
    m = own.match(line.rstrip("\n"))
    if not m or not m.group(3).endswith("/pumpd"):
        continue
    name = re.sub(r"'\d+$", "", m.group(2))  # callgrind's mark of a recursion level
    if name.startswith("0x") or "(below main)" in name:
        continue
    name = mangled.get(name, name)
    if " " in name:  # a demangled name nm could not map back: nothing to order
        continue
    if name not in names:
        names.append(name)
# callgrind_annotate lists by inclusive cost, so the thread's entry and the loop come first.
with open(out, "w") as f:
    for name in names:
        f.write(name + "\n")
PY
# The inputs of the release link: the objects of pumpd's build, the static Swift runtime, libgcc.
objects="$(dirname "$(realpath "$pumpd")")"
static_swift="$(dirname "$(realpath "$(command -v swiftc)")")/../lib/swift_static/linux"
scripts/wake-order-filter.py "$tmp/names" "$objects"/*.build/*.o "$static_swift"/*.a "$(cc -print-libgcc-file-name)" >"$out"
echo "$out: $(wc -l <"$out") functions"
