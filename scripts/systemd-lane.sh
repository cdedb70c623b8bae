#!/usr/bin/env bash
# The real-systemd lane: pumpd's Debian package in Debian bookworm booted with PID-1 systemd 252,
# first in systemd-nspawn (fast: everything the host's kernel lets a container show), then in QEMU
# (TCG, Debian's kernel: RT priority, mlockall, OOM score, /dev/cpu_dma_latency, a real boot).
# The assertions run inside the guest (scripts/systemd-lane/checks.sh); each prints
#   ok <name>: <evidence>   or   FAIL <name>: <evidence>
# and where nspawn or QEMU cannot run here: SKIPPED: <what> (<why>), repeated in the summary.
#
# Usage: scripts/systemd-lane.sh [--deb PATH] [--upgrade-deb PATH] [--from-ref REF] [--no-qemu]
#   --deb PATH          the package to test (default: scripts/build-deb.sh --config debug)
#   --upgrade-deb PATH  its revision 2 (default: scripts/build-deb.sh --config debug --revision 2)
#   --from-ref REF      no package: REF's systemd/ and scripts/install-systemd.sh --root (git archive)
#                       with this checkout's static pumpd and pumpctl, to record how REF's units (e.g.
#                       main's, before the package) behave; upgrade/remove/purge are then SKIPPED
#   --no-qemu           skip the QEMU boot (said as SKIPPED, never as a pass)
# Environment: SYSTEMD_LANE_QEMU_TIMEOUT seconds the QEMU guest may run (default 240).
# Exit: 0 every assertion passed (skips printed and listed); 1 an assertion failed or the lane could
# not be built; 2 bad usage. Host tools it installs with apt-get when missing: systemd-container,
# mmdebstrap, qemu-system-x86, e2fsprogs. The rootfs (Debian bookworm minbase from the Debian mirror)
# is cached in .build/systemd-lane/ keyed by its package list.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=$ROOT/.build/systemd-lane
QEMU_TIMEOUT=${SYSTEMD_LANE_QEMU_TIMEOUT:-240}
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

say() { echo "systemd-lane: $*" >&2; }
die() { echo "systemd-lane: FAIL: $*" >&2; exit 1; }
START=$SECONDS phase_start=$SECONDS
PHASES=() SKIPS=() RESULTS=()
phase_done() { PHASES+=("$1 $((SECONDS - phase_start)) s"); echo "-- phase $1: $((SECONDS - phase_start)) s" >&2; phase_start=$SECONDS; }
skip() { echo "SKIPPED: $1 ($2)"; SKIPS+=("$1 ($2)"); }
record() { # the guest's lines: printed as they are, remembered for the summary
    local line
    while IFS= read -r line; do
        echo "$line"
        case $line in ok\ * | FAIL\ *) RESULTS+=("$line") ;; SKIPPED:\ *) SKIPS+=("${line#SKIPPED: }") ;; esac
    done
}
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
static_build() { # PRODUCTS...: swift build --static-swift-stdlib into .build-static (as scripts/hil-kernel-lane.sh)
    local product
    for product in "$@"; do
        "${build[@]}" --product "$product" >"$CACHE/swift-build.log" 2>&1 || { tail -n 30 "$CACHE/swift-build.log" >&2; die "static $product did not build (log: $CACHE/swift-build.log)"; }
    done
}
build=(swift build --static-swift-stdlib --scratch-path "$ROOT/.build-static" -c debug)
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
cleanup() {
    local m
    [ -z "${NSPAWN_PID:-}" ] || { kill "$NSPAWN_PID" 2>/dev/null && wait "$NSPAWN_PID" 2>/dev/null; } || true
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
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
        echo "  package installed: $(chroot "$r" systemctl is-enabled pumpd.socket pumpd.service 2>&1 | tr '\n' ' ')(enabled by the package)" >&2
        chroot "$r" systemctl enable pumpd.socket pumpd.service 2>/dev/null
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
nspawn_reason=""
if [ ! -d /sys/fs/cgroup ]; then nspawn_reason="no /sys/fs/cgroup"; fi
if [ -z "$nspawn_reason" ]; then
    prepare nspawn
    R=$CACHE/nspawn/root
    phase_done "nspawn rootfs (pumpd installed, state seeded)"
    # The host has no systemd: nspawn gets a cgroup of its own (v1 name=systemd and the unified
    # hierarchy), a pure cgroup2 inside, bpf() for DevicePolicy=/IPAddressDeny=, its own netns.
    cg=systemd-lane-$$
    for h in systemd unified; do [ ! -d /sys/fs/cgroup/$h ] || mkdir -p /sys/fs/cgroup/$h/$cg; done
    (
        for h in systemd unified; do [ ! -d /sys/fs/cgroup/$h/$cg ] || echo $BASHPID >/sys/fs/cgroup/$h/$cg/cgroup.procs; done
        exec env SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1 systemd-nspawn -q --boot -D "$R" --register=no --keep-unit \
            --system-call-filter=bpf --private-network -M pumpd-lane
    ) >"$CACHE/nspawn/console.log" 2>&1 </dev/null &
    NSPAWN_PID=$!
    init=""
    for _ in $(seq 100); do
        init=$( { ps -o pid= --ppid "$NSPAWN_PID" 2>/dev/null || true; } | head -n 1 | tr -d " ")
        [ -z "$init" ] || break
        sleep 0.1
    done
    if [ -z "$init" ]; then
        nspawn_reason="systemd-nspawn did not start: $(tail -n 3 "$CACHE/nspawn/console.log" | tr '\n' ' ')"
    else
        inside() { timeout 300 nsenter -t "$init" -m -u -i -n -p -C -r -w "$@"; }
        # systemctl answers once PID 1 has its private socket: ask again until it does.
        for _ in $(seq 60); do
            state=$(inside systemctl is-system-running --wait 2>&1 || true)
            case $state in running | degraded | maintenance) break ;; esac
            sleep 0.5
        done
        say "nspawn guest booted ($state)"
        phase_done "nspawn boot"
        record < <(inside /lane/checks.sh boot 2>&1)
        phase_done "nspawn checks: boot, roles, watchdog, journal, reload, stop"
        if [ -n "$from_ref" ]; then
            skip "upgrade, remove and purge" "--from-ref $from_ref installs no package"
        else
            record < <(inside /lane/checks.sh upgrade "/lane/$(basename "$upgrade_deb")" 2>&1)
            record < <(inside /lane/checks.sh remove 2>&1)
            phase_done "nspawn checks: upgrade, remove, purge"
        fi
        inside systemctl poweroff >/dev/null 2>&1 || true
        timeout 20 tail --pid="$NSPAWN_PID" -f /dev/null || kill "$NSPAWN_PID" 2>/dev/null || true
        wait "$NSPAWN_PID" 2>/dev/null || true
        NSPAWN_PID=""
    fi
    for h in systemd unified; do rmdir /sys/fs/cgroup/$h/$cg 2>/dev/null || true; done
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
if [ -z "$qemu_reason" ]; then
    scripts/systemd-lane/qemu-kernel.sh "$CACHE/kernel" >&2 || qemu_reason="Debian's kernel or busybox-static could not be fetched (see above)"
fi
if [ -z "$qemu_reason" ]; then
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
    say "booting Debian under QEMU (TCG, at most $QEMU_TIMEOUT s)"
    set +e
    timeout --kill-after=10 "$QEMU_TIMEOUT" qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 2048 -display none -vga none \
        -nic none -no-reboot -kernel "$CACHE/kernel/vmlinuz" -initrd "$CACHE/kernel/initramfs.cpio" \
        -drive "file=$CACHE/qemu/disk.img,format=raw,if=virtio" \
        -serial "file:$CACHE/qemu/console.log" -serial "file:$CACHE/qemu/results.log" \
        -append "console=ttyS0 panic=-1 quiet systemd.show_status=0 systemd.wants=lane-check.service" </dev/null >"$CACHE/qemu/qemu.log" 2>&1
    qemu_rc=$?
    set -e
    record < <(tr -d '\r' <"$CACHE/qemu/results.log" | grep -a '^ok \|^FAIL \|^SKIPPED: ')
    if ! grep -aq '^LANE-END' "$CACHE/qemu/results.log"; then
        echo "FAIL qemu-guest-finished: the guest did not finish its checks (QEMU exit $qemu_rc$([ "$qemu_rc" = 124 ] && echo ", timed out after $QEMU_TIMEOUT s")); console: $CACHE/qemu/console.log"
        RESULTS+=("FAIL qemu-guest-finished")
        tail -n 30 "$CACHE/qemu/console.log" | tr -d '\r' >&2
    fi
    phase_done "QEMU boot and checks"
fi
[ -z "$qemu_reason" ] || skip "QEMU boot: RT priority, mlockall, OOM score, /dev/cpu_dma_latency, socket after a real boot" "$qemu_reason"

# ---- summary ------------------------------------------------------------------------------------
passed=0 failed=0
for r in "${RESULTS[@]}"; do case $r in ok\ *) passed=$((passed + 1)) ;; *) failed=$((failed + 1)) ;; esac; done
echo "== systemd lane: $passed passed, $failed failed, ${#SKIPS[@]} skipped =="
for r in "${RESULTS[@]}"; do case $r in FAIL\ *) echo "  ${r%%: *}" ;; esac; done
for s in "${SKIPS[@]}"; do echo "  SKIPPED: $s"; done
echo "Lane time: ${PHASES[*]/%/;} total $((SECONDS - START)) s"
# A skip is never a pass: it is printed above and in this summary; the exit is 0 only without FAILs.
[ "$failed" -eq 0 ]
