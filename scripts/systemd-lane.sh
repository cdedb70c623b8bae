#!/usr/bin/env bash
# The real-systemd lane: pumpd's Debian package in Debian bookworm booted with PID-1 systemd 252,
# first in systemd-nspawn (fast: everything the host's kernel lets a container show), then in QEMU
# (TCG, Debian's kernel: RT priority, mlockall, OOM score, /dev/cpu_dma_latency, a real boot).
# The assertions run inside the guest (scripts/systemd-lane/checks.sh); each prints
#   ok <name>: <evidence>   or   FAIL <name>: <evidence>
# and where nspawn or QEMU cannot run here: SKIPPED: <what> (<why>), repeated in the summary.
# Each guest phase must end with "LANE-END <phase>" and print every check `checks.sh expect <phase>`
# names; a phase cut short, a missing check, nspawn not starting or the QEMU kernel not fetched FAIL.
#
# Usage: scripts/systemd-lane.sh [--deb PATH] [--upgrade-deb PATH] [--from-ref REF] [--no-qemu]
#   --deb PATH          the package to test (default: scripts/build-deb.sh --config debug)
#   --upgrade-deb PATH  its revision 2 (default: scripts/build-deb.sh --config debug --revision 2)
#   --from-ref REF      no package: REF's systemd/ and scripts/install-systemd.sh --root (git archive)
#                       with this checkout's static pumpd and pumpctl, to record how REF's units (e.g.
#                       main's, before the package) behave; upgrade/remove/purge are then SKIPPED
#   --no-qemu           skip the QEMU boot (said as SKIPPED, never as a pass)
# Environment: SYSTEMD_LANE_QEMU_TIMEOUT seconds the QEMU guest may run (default 240);
#   SYSTEMD_LANE_DEADLINE seconds the guests may take in all, from the first boot (default 600): the
#   lane FAILs past it (the rootfs and package builds before it are not counted).
# Exit: 0 every assertion passed (skips printed and listed); 1 an assertion failed or the lane could
# not be built; 2 bad usage. Host tools it installs with apt-get when missing: systemd-container,
# mmdebstrap, qemu-system-x86, e2fsprogs. The rootfs (Debian bookworm minbase from the Debian mirror)
# is cached in .build/systemd-lane/ keyed by its package list.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=$ROOT/.build/systemd-lane
QEMU_TIMEOUT=${SYSTEMD_LANE_QEMU_TIMEOUT:-240}
DEADLINE=${SYSTEMD_LANE_DEADLINE:-600}
deb="" upgrade_deb="" from_ref="" run_qemu=true
usage() { sed -n '2,/^set -e/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
        --deb) deb=$(realpath "${2:?--deb needs a file}"); shift 2 ;;
        --upgrade-deb) upgrade_deb=$(realpath "${2:?--upgrade-deb needs a file}"); shift 2 ;;
        --from-ref) from_ref="${2:?--from-ref needs a git ref}"; shift 2 ;;
        --no-qemu) run_qemu=false; shift ;;
        -h | --help) usage ;;
        *) echo "systemd-lane: unknown option $1" >&2; usage ;;
    esac
done
[[ $QEMU_TIMEOUT =~ ^[1-9][0-9]*$ ]] || { echo "systemd-lane: SYSTEMD_LANE_QEMU_TIMEOUT must be whole seconds" >&2; exit 2; }
[[ $DEADLINE =~ ^[1-9][0-9]*$ ]] || { echo "systemd-lane: SYSTEMD_LANE_DEADLINE must be whole seconds" >&2; exit 2; }

say() { echo "systemd-lane: $*" >&2; }
die() { echo "systemd-lane: FAIL: $*" >&2; exit 1; }
START=$SECONDS phase_start=$SECONDS
PHASES=() SKIPS=() RESULTS=()
phase_done() { PHASES+=("$1 $((SECONDS - phase_start)) s"); echo "-- phase $1: $((SECONDS - phase_start)) s" >&2; phase_start=$SECONDS; }
skip() { echo "SKIPPED: $1 ($2)"; SKIPS+=("$1 ($2)"); }
fail() { echo "FAIL $1: $2"; RESULTS+=("FAIL $1: $2"); }
host_check() { if [ "$2" = 0 ]; then echo "ok $1: $3"; RESULTS+=("ok $1: $3"); else fail "$1" "$3"; fi; } # NAME OK(0|1) EVIDENCE
record() { # the guest's lines: printed as they are, remembered for the summary
    local line
    while IFS= read -r line; do
        echo "$line"
        case $line in ok\ * | FAIL\ *) RESULTS+=("$line") ;; SKIPPED:\ *) SKIPS+=("${line#SKIPPED: }") ;; esac
    done
}
# verify_phase WHERE PHASE FILE [EXIT]: FILE holds PHASE's output, already recorded. FAILs when the
# runner exited non-zero, the "LANE-END PHASE" marker is missing, or a check PHASE must print is absent.
verify_phase() {
    local where=$1 phase=$2 file=$3 rc=${4:-0} name missing=()
    [ "$rc" = 0 ] || fail "$where-$phase-ran" "the $phase checks exited $rc$([ "$rc" = 124 ] && echo " (timed out: lane deadline)")"
    grep -aq "^LANE-END $phase\$" "$file" || fail "$where-$phase-finished" "no 'LANE-END $phase': the checks died or were cut short (last line: $(tail -n 1 "$file" | cut -c1-200))"
    for name in $(bash scripts/systemd-lane/checks.sh expect "$phase"); do
        grep -aq "^\(ok\|FAIL\) $name: " "$file" || missing+=("$name")
    done
    [ ${#missing[@]} -eq 0 ] || fail "$where-$phase-complete" "checks that never reported: ${missing[*]}"
}
# left: seconds until the lane's deadline (at least 1, so timeout always gets a valid value).
left() { local l=$((GUEST_DEADLINE - SECONDS)); [ $l -gt 0 ] && echo $l || echo 1; }
past_deadline() { [ $SECONDS -ge "$GUEST_DEADLINE" ]; }
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
apt_install() {
    say "installing $*"
    apt-cache show "$@" >/dev/null 2>&1 || "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
[ "$(id -u)" -eq 0 ] || die "run as root (or under sudo): the lane mounts an overlay and starts containers"

# ---- host tools ----------------------------------------------------------------------------------
command -v apt-get >/dev/null || die "no apt-get: the lane takes its tools and rootfs from Debian"
missing=()
for tool in systemd-nspawn:systemd-container mmdebstrap:mmdebstrap mkfs.ext4:e2fsprogs; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}" || die "could not install ${missing[*]}"
if $run_qemu && ! command -v qemu-system-x86_64 >/dev/null; then
    apt_install qemu-system-x86 || true
fi
phase_done "host tools"

# ---- the packages ------------------------------------------------------------------------------
build_deb() { # ARGS...: the .deb's path (build-deb.sh prints it last)
    local log=$CACHE/build-deb.log
    # lintian is the package's own gate (build-deb.sh --lint); here it would only add minutes.
    scripts/build-deb.sh --config debug --no-lint "$@" >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "scripts/build-deb.sh --config debug --no-lint $* failed (log: $log)"; }
    tail -n 1 "$log"
}
static_build() { # PRODUCTS...: scripts/static-build.sh into .build-static (as scripts/hil-kernel-lane.sh)
    local product
    for product in "$@"; do
        "${build[@]}" --product "$product" >"$CACHE/swift-build.log" 2>&1 || { tail -n 30 "$CACHE/swift-build.log" >&2; die "static $product did not build (log: $CACHE/swift-build.log)"; }
    done
}
build=("$ROOT/scripts/static-build.sh" -c debug)
mkdir -p "$CACHE"
if [ -n "$from_ref" ]; then
    rm -rf "$CACHE/ref"; mkdir -p "$CACHE/ref"
    git archive "$from_ref" scripts/install-systemd.sh systemd | tar -x -C "$CACHE/ref" || die "git archive $from_ref failed"
    static_build pumpd pumpctl
    bin=$("${build[@]}" --show-bin-path)
else
    # Built here first: scripts/build-deb.sh then finds them current. (When build-deb.sh itself had
    # to relink pumpd inside this lane, the link failed: "cannot find -lCoreFoundation".)
    # Before each package: its generate-manual step leaves .build-static needing a relink.
    [ -n "$deb" ] || { static_build pumpd pumpctl pump-hil; deb=$(build_deb --output "$CACHE/deb1"); }
    [ -n "$upgrade_deb" ] || { static_build pumpd pumpctl pump-hil; upgrade_deb=$(build_deb --revision 2 --output "$CACHE/deb2"); }
    for f in "$deb" "$upgrade_deb"; do [ -f "$f" ] || die "no package $f"; done
    say "package $(basename "$deb"), upgrade $(basename "$upgrade_deb")"
fi
phase_done "package build"

# ---- rootfs: Debian bookworm minbase with systemd, cached by its package list -------------------
# The package's run-time dependencies are in it, so dpkg -i needs no network inside the guest.
PACKAGES=systemd,systemd-sysv,dbus,udev,libsqlite3-0,libgpiod2,libstdc++6,procps,python3
key=$(echo "bookworm $PACKAGES" | sha256sum | cut -c1-12)
RFS=$CACHE/rootfs-$key
if [ ! -f "$RFS.done" ]; then
    rm -rf "$RFS" "$RFS.done"
    mkdir -p "$CACHE/debs"
    say "building the rootfs (mmdebstrap bookworm minbase: $PACKAGES)"
    mmdebstrap --variant=minbase --include="$PACKAGES" --skip=download/empty --skip=essential/unlink \
        --setup-hook='mkdir -p "$1"/var/cache/apt/archives/' --setup-hook="sync-in $CACHE/debs /var/cache/apt/archives/" \
        --customize-hook="sync-out /var/cache/apt/archives $CACHE/debs" \
        bookworm "$RFS" http://deb.debian.org/debian >"$CACHE/mmdebstrap.log" 2>&1 ||
        { tail -n 20 "$CACHE/mmdebstrap.log" >&2; die "mmdebstrap failed (log: $CACHE/mmdebstrap.log)"; }
    for old in "$CACHE"/rootfs-*; do [ "$old" = "$RFS" ] || [ "$old" = "$RFS.done" ] || rm -rf "$old"; done
    touch "$RFS.done"
fi
phase_done "rootfs"

# ---- a writable copy of the rootfs with pumpd installed, its state seeded ----------------------
MOUNTS=()
CGROUPS=()
# Everything the lane started goes with it, also when test.sh's timeout kills it: QEMU runs under
# its own `timeout`, which puts itself in a process group of its own (out of reach of test.sh's).
cleanup() {
    local pid i
    for pid in ${QEMU_PID:-} ${QEMU_TIMEOUT_PID:-}; do kill -KILL "$pid" 2>/dev/null || true; done
    if [ -n "${NSPAWN_PID:-}" ]; then # SIGTERM: nspawn powers the container off; then no waiting
        kill -TERM "$NSPAWN_PID" 2>/dev/null && timeout 10 tail --pid="$NSPAWN_PID" -f /dev/null
        kill -KILL ${init:-} "$NSPAWN_PID" 2>/dev/null || true
    fi
    wait 2>/dev/null || true
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[$i]}" 2>/dev/null || true; done
    for i in "${CGROUPS[@]}"; do [ ! -d "$i" ] || find "$i" -depth -type d -exec rmdir {} + 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP
# prepare NAME: an overlay over the rootfs in $CACHE/NAME/root with pumpd installed the way this run
# installs it, the lane's accounts and checks, and /var/lib/pumpd holding a running program (pumpd
# ran once with --daily-dose 20mg/day: a step every ~2 s, so delivery is seen to move).
prepare() {
    local w=$CACHE/$1
    rm -rf "$w"
    mkdir -p "$w/upper" "$w/work" "$w/root"
    mount -t overlay overlay -o "lowerdir=$RFS,upperdir=$w/upper,workdir=$w/work" "$w/root"
    MOUNTS+=("$w/root")
    local r=$w/root
    mkdir -p "$r/lane"
    install -m 0755 scripts/systemd-lane/checks.sh "$r/lane/checks.sh"
    mount -t proc proc "$r/proc"; MOUNTS+=("$r/proc")
    if [ -n "$from_ref" ]; then
        "$CACHE/ref/scripts/install-systemd.sh" --root "$r" --binary "$bin/pumpd" --profile "$ROOT/hw-profiles/sim.toml" >&2
        install -m 0755 "$bin/pumpctl" "$r/usr/local/bin/pumpctl"
        chroot "$r" systemctl enable pumpd.socket pumpd.service >&2 2>/dev/null
    else
        cp "$deb" "$upgrade_deb" "$r/lane/"
        chroot "$r" dpkg -i "/lane/$(basename "$deb")" >"$w/dpkg-install.log" 2>&1 || { cat "$w/dpkg-install.log" >&2; die "dpkg -i $(basename "$deb") failed in the rootfs"; }
        # Nothing here enables the units: the package's postinst must have (checked before the boot).
        local enabled; enabled=$(chroot "$r" systemctl is-enabled pumpd.socket pumpd.service 2>&1 | tr '\n' ' ')
        host_check "enabled-by-package-$1" "$([ "$enabled" = "enabled enabled " ] && echo 0 || echo 1)" \
            "right after dpkg -i, before the boot: systemctl is-enabled pumpd.socket pumpd.service: $enabled"
    fi
    local pumpd; pumpd=$(chroot "$r" sh -c 'command -v pumpd || ls /usr/sbin/pumpd /usr/local/bin/pumpd 2>/dev/null' | head -n 1)
    chroot "$r" mkdir -p /tmp/seed
    chroot "$r" chown pumpd: /tmp/seed /var/lib/pumpd
    chroot "$r" setpriv --reuid=pumpd --regid=pumpd --init-groups "$pumpd" --profile /etc/pumpd/rig.toml --state-dir /var/lib/pumpd \
        --socket /tmp/seed/control.sock --runtime-dir /tmp/seed --daily-dose 20mg/day >"$w/seed.log" 2>&1 &
    local seed=$! n=0
    until grep -q "delivery started" "$w/seed.log" 2>/dev/null || [ $n -ge 100 ]; do sleep 0.2; n=$((n + 1)); done
    sleep 1
    kill -TERM "$seed"; wait "$seed" || true
    grep -q 'delivery started' "$w/seed.log" || { cat "$w/seed.log" >&2; die "seeding a running program failed"; }
    rm -rf "$r/tmp/seed"
    umount "$r/proc"; unset 'MOUNTS[-1]'
}

# ---- nspawn -------------------------------------------------------------------------------------
# The guests' deadline: from here on, nspawn and QEMU together get DEADLINE seconds.
GUEST_DEADLINE=$((SECONDS + DEADLINE))
# nspawn_init: the container's PID 1 (systemd), a descendant of systemd-nspawn in a pid namespace of
# its own, where it is pid 1 (NSpid ends in 1). Not simply nspawn's first child: that may be its
# short-lived outer child.
nspawn_init() {
    local pid nspid ppid p
    for pid in $(pgrep -x systemd); do
        nspid=$(awk '/^NSpid:/ { print $NF }' "/proc/$pid/status" 2>/dev/null)
        [ "$nspid" = 1 ] && [ "$(readlink "/proc/$pid/ns/pid")" != "$(readlink /proc/self/ns/pid)" ] || continue
        p=$pid
        while [ -n "$p" ] && [ "$p" -gt 1 ]; do
            [ "$p" = "$NSPAWN_PID" ] && { echo "$pid"; return 0; }
            ppid=$(awk '/^PPid:/ { print $2 }' "/proc/$p/status" 2>/dev/null); p=$ppid
        done
    done
    return 1
}
nspawn_reason=""
if [ ! -d /sys/fs/cgroup ]; then nspawn_reason="no /sys/fs/cgroup"; fi
if [ -z "$nspawn_reason" ]; then
    prepare nspawn
    R=$CACHE/nspawn/root
    phase_done "nspawn rootfs (pumpd installed, state seeded)"
    # -M pumpd-lane-PID: a second lane on this host (CI's) keeps its own /run/systemd/nspawn/propagate/.
    # The host has no systemd: nspawn gets a cgroup of its own (v1 name=systemd and the unified
    # hierarchy), a pure cgroup2 inside, bpf() for DevicePolicy=/IPAddressDeny=, its own netns.
    cg=systemd-lane-$$
    for h in systemd unified; do [ ! -d /sys/fs/cgroup/$h ] || { mkdir -p /sys/fs/cgroup/$h/$cg; CGROUPS+=("/sys/fs/cgroup/$h/$cg"); }; done
    (
        for h in systemd unified; do [ ! -d /sys/fs/cgroup/$h/$cg ] || echo $BASHPID >/sys/fs/cgroup/$h/$cg/cgroup.procs; done
        exec env SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1 systemd-nspawn -q --boot -D "$R" --register=no --keep-unit \
            --system-call-filter=bpf --private-network -M "pumpd-lane-$$"
    ) >"$CACHE/nspawn/console.log" 2>&1 </dev/null &
    NSPAWN_PID=$!
    init=""
    for _ in $(seq 100); do
        init=$(nspawn_init) && break
        kill -0 "$NSPAWN_PID" 2>/dev/null || break
        sleep 0.1
    done
    # The reference says nspawn works on these machines: when it is installed and does not start,
    # that is a failure, not a skip.
    if [ -z "$init" ] || ! nsenter -t "$init" -m -u -i -n -p -C -r -w true 2>/dev/null; then
        fail nspawn-started "systemd-nspawn did not start a guest we can enter (init pid ${init:-none}): $(tail -n 3 "$CACHE/nspawn/console.log" | tr '\n' ' ')"
    else
        inside() { timeout --kill-after=5 "$(left)" nsenter -t "$init" -m -u -i -n -p -C -r -w "$@"; }
        # phase NAME ARGS...: checks.sh NAME inside the guest, recorded, then verified (exit, marker, names).
        phase() {
            local out=$CACHE/nspawn/checks-$1.out rc=0
            if past_deadline; then echo "not started: the lane's deadline had passed" >"$out"; rc=124
            else inside /lane/checks.sh "$@" >"$out" 2>&1 || rc=$?; fi
            record <"$out"
            verify_phase nspawn "$1" "$out" "$rc"
        }
        # systemctl answers once PID 1 has its private socket: ask again until it does.
        state=""
        until past_deadline; do
            state=$(timeout 30 nsenter -t "$init" -m -u -i -n -p -C -r -w systemctl is-system-running --wait 2>&1 || true)
            case $state in running | degraded | maintenance) break ;; esac
            sleep 0.5
        done
        case $state in running | degraded | maintenance) say "nspawn guest booted ($state)" ;; *) fail nspawn-booted "is-system-running: ${state:-no answer} by the lane's deadline" ;; esac
        phase_done "nspawn boot"
        phase boot
        phase_done "nspawn checks: boot, roles, watchdog, journal, reload, stop, crash/kill, memory"
        if [ -n "$from_ref" ]; then
            skip "upgrade, remove and purge" "--from-ref $from_ref installs no package"
        else
            phase upgrade "/lane/$(basename "$upgrade_deb")"
            phase remove
            phase_done "nspawn checks: upgrade, remove, purge"
        fi
        inside systemctl poweroff >/dev/null 2>&1 || true
        timeout 20 tail --pid="$NSPAWN_PID" -f /dev/null || kill "$NSPAWN_PID" 2>/dev/null || true
    fi
    kill "$NSPAWN_PID" 2>/dev/null || true
    wait "$NSPAWN_PID" 2>/dev/null || true
    NSPAWN_PID=""
    for h in systemd unified; do [ ! -d /sys/fs/cgroup/$h/$cg ] || find /sys/fs/cgroup/$h/$cg -depth -type d -exec rmdir {} + 2>/dev/null || true; done
fi
[ -z "$nspawn_reason" ] || skip "nspawn boot: sockets, roles, READY/STATUS, watchdog, sandbox, journal, reload, stop, upgrade" "$nspawn_reason"

# ---- QEMU ---------------------------------------------------------------------------------------
qemu_reason=""
if ! $run_qemu; then
    qemu_reason="--no-qemu"
elif [ "$(uname -m)" != x86_64 ]; then
    qemu_reason="the host is $(uname -m); the guest is Debian's amd64 kernel"
elif ! command -v qemu-system-x86_64 >/dev/null; then
    qemu_reason="qemu-system-x86 could not be installed"
elif ! smoke=$(echo quit | timeout 60 qemu-system-x86_64 -machine none -accel tcg -display none -nodefaults -monitor stdio 2>&1); then
    qemu_reason="qemu-system-x86_64 cannot start here: $(echo "$smoke" | grep -v '^(qemu)\|^QEMU' | head -n 2 | tr '\n' ' ')"
fi
qemu_ready=false
if [ -z "$qemu_reason" ]; then
    # QEMU can run here; the Debian mirror is reachable in CI: a failed download is a failure.
    if scripts/systemd-lane/qemu-kernel.sh "$CACHE/kernel" >&2; then qemu_ready=true; else
        fail qemu-kernel "Debian's kernel or busybox-static could not be fetched (see above)"
    fi
fi
if $qemu_ready && past_deadline; then
    fail qemu-deadline "the lane's deadline ($DEADLINE s for the guests) ran out before QEMU could boot"
    qemu_ready=false
fi
if $qemu_ready; then
    phase_done "QEMU kernel and initramfs"
    prepare qemu
    Q=$CACHE/qemu/root
    # The real-time rig: the simulated rig with a SCHED_FIFO loop thread and locked memory.
    sed -i -e 's/^priority *= *0\b.*/priority = 80/' -e 's/^lock_memory *= *false/lock_memory = true/' "$Q/etc/pumpd/rig.toml"
    install -m 0644 scripts/systemd-lane/lane-check.service "$Q/etc/systemd/system/lane-check.service"
    rm -f "$CACHE/qemu/disk.img"
    truncate -s 3G "$CACHE/qemu/disk.img"
    mkfs.ext4 -q -F -d "$Q" "$CACHE/qemu/disk.img"
    umount "$Q"; unset 'MOUNTS[-1]'
    phase_done "QEMU disk image"
    qemu_limit=$(left); [ "$qemu_limit" -le "$QEMU_TIMEOUT" ] || qemu_limit=$QEMU_TIMEOUT
    say "booting Debian under QEMU (TCG, at most $qemu_limit s)"
    : >"$CACHE/qemu/results.log"
    timeout --kill-after=10 "$qemu_limit" qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 2048 -display none -vga none \
        -nic none -no-reboot -kernel "$CACHE/kernel/vmlinuz" -initrd "$CACHE/kernel/initramfs.cpio" \
        -drive "file=$CACHE/qemu/disk.img,format=raw,if=virtio" \
        -serial "file:$CACHE/qemu/console.log" -serial "file:$CACHE/qemu/results.log" \
        -append "console=ttyS0 panic=-1 quiet systemd.show_status=0 systemd.wants=lane-check.service" </dev/null >"$CACHE/qemu/qemu.log" 2>&1 &
    QEMU_TIMEOUT_PID=$!
    for _ in $(seq 50); do QEMU_PID=$(pgrep -P "$QEMU_TIMEOUT_PID" || true); [ -z "$QEMU_PID" ] || break; sleep 0.1; done
    qemu_rc=0
    wait "$QEMU_TIMEOUT_PID" || qemu_rc=$?
    QEMU_PID="" QEMU_TIMEOUT_PID=""
    tr -d '\r' <"$CACHE/qemu/results.log" | grep -a '^ok \|^FAIL \|^SKIPPED: \|^LANE-END ' >"$CACHE/qemu/checks-qemu.out" || true
    record < <(grep -v '^LANE-END ' "$CACHE/qemu/checks-qemu.out")
    verify_phase qemu qemu "$CACHE/qemu/checks-qemu.out"
    if ! grep -aq '^LANE-END qemu$' "$CACHE/qemu/checks-qemu.out"; then
        echo "  QEMU exit $qemu_rc$([ "$qemu_rc" = 124 ] && echo ", timed out after $qemu_limit s"); console: $CACHE/qemu/console.log" >&2
        tail -n 30 "$CACHE/qemu/console.log" | tr -d '\r' >&2
    fi
    phase_done "QEMU boot and checks"
fi
[ -z "$qemu_reason" ] || skip "QEMU boot: RT priority, mlockall, OOM score, /dev/cpu_dma_latency, socket after a real boot" "$qemu_reason"

# ---- summary ------------------------------------------------------------------------------------
! past_deadline || fail lane-deadline "the guests took $((SECONDS - GUEST_DEADLINE + DEADLINE)) s, past the lane's $DEADLINE s"
passed=0 failed=0
for r in "${RESULTS[@]}"; do case $r in ok\ *) passed=$((passed + 1)) ;; *) failed=$((failed + 1)) ;; esac; done
echo "== systemd lane: $passed passed, $failed failed, ${#SKIPS[@]} skipped =="
for r in "${RESULTS[@]}"; do case $r in FAIL\ *) echo "  ${r%%: *}" ;; esac; done
for s in "${SKIPS[@]}"; do echo "  SKIPPED: $s"; done
echo "Lane time: ${PHASES[*]/%/;} total $((SECONDS - START)) s"
# A skip is never a pass: it is printed above and in this summary; the exit is 0 only without FAILs.
[ "$failed" -eq 0 ]
