#!/usr/bin/env bash
# The real-kernel GPIO lane of the HIL harness: pumpd's libgpiod backend against the kernel's GPIO
# character device, in a QEMU guest running Debian's own kernel with the kernel's gpio-sim driver.
#
# Everything comes from Debian bookworm's main archive with `apt-get download` + `dpkg -x` into
# .build/hil-kernel/ (nothing of the kernel is installed on the host): linux-image, -headers,
# -kbuild and -source of one version, and busybox-static. gpio-sim (which Debian does not build) and
# test_power (a real power_supply battery for the profile) are built out of tree from
# linux-source; pumpd and pumpctl are built with a static Swift standard library. The guest
# (scripts/hil-kernel/guest-init.sh) creates a gpio-sim chip named as hw-profiles/gpio-sim.toml
# expects, runs pumpd on it, moves the sensor inputs through the simulator's pulls and counts the
# STEP/DIR/ENABLE levels pumpd writes with the kernel's gpio_value tracepoint; the buzzer's and the
# LEDs' edges for the alarm test and a critical alarm's pattern; then pumpd again on
# hw-profiles/gpio-sim-encoder.toml (encoder and DIAG wired) for the stall, DIAG and free-flow checks.
#
# Usage: scripts/hil-kernel-lane.sh
# Environment:
#   HIL_KERNEL_CONFIG         debug (default) or release: the static pumpd build
#   HIL_KERNEL_GUEST_TIMEOUT  seconds the guest may run (default 420); past it the lane fails
#   HIL_KERNEL_SMP            guest CPUs (default 1)
#   HIL_BASAL_SECONDS, HIL_DAILY_DOSE, HIL_WAIT_SECONDS, HIL_OCCLUSION_SAMPLES, HIL_PATTERN_SECONDS
#                             passed to the guest (see scripts/hil-kernel/guest-init.sh; HIL_PATTERN_SECONDS
#                             must leave room for two high-priority bursts, the re-alert judged: ≥ 14; 16 unless set)
# Exit: 0 all checks passed (or "SKIPPED: <reason>" where QEMU cannot run); 1 a check failed or
# the lane could not be built; 2 bad usage.
# Only the host tool qemu-system-x86 is installed (apt-get, when missing), plus gcc, make, xz-utils
# and binutils when those are missing. Guest times are TCG-emulated: they are reported, never judged.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=$ROOT/.build/hil-kernel
CONFIG=${HIL_KERNEL_CONFIG:-debug}
GUEST_TIMEOUT=${HIL_KERNEL_GUEST_TIMEOUT:-420}
SMP=${HIL_KERNEL_SMP:-1}

say() { echo "hil-kernel: $*" >&2; }
fail() {
    echo "hil-kernel: FAIL: $*" >&2
    exit 1
}
skip() {
    echo "SKIPPED: real-kernel GPIO lane: $*"
    exit 0
}
case $CONFIG in debug | release) ;; *) echo "hil-kernel: HIL_KERNEL_CONFIG must be debug or release, not '$CONFIG'" >&2; exit 2 ;; esac
[[ $GUEST_TIMEOUT =~ ^[1-9][0-9]*$ ]] || { echo "hil-kernel: HIL_KERNEL_GUEST_TIMEOUT must be a whole number of seconds, not '$GUEST_TIMEOUT'" >&2; exit 2; }
[[ $SMP =~ ^[1-8]$ ]] || { echo "hil-kernel: HIL_KERNEL_SMP must be 1…8, not '$SMP'" >&2; exit 2; }
guest_env=""
for v in HIL_BASAL_SECONDS HIL_DAILY_DOSE HIL_WAIT_SECONDS HIL_OCCLUSION_SAMPLES HIL_PATTERN_SECONDS; do
    [ -n "${!v:-}" ] || continue
    [[ ${!v} =~ ^[1-9][0-9]{0,6}$ ]] || { echo "hil-kernel: $v must be a positive whole number, not '${!v}'" >&2; exit 2; }
    guest_env+=" $v=${!v}"
done

START=$SECONDS
PHASES=()
phase_start=$SECONDS
phase_done() {
    PHASES+=("$1 $((SECONDS - phase_start)) s")
    phase_start=$SECONDS
}

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
apt_install() {
    say "installing $*"
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ---- QEMU: the one thing that may legitimately be missing -----------------------------------------
[ "$(uname -m)" = x86_64 ] || skip "the host is $(uname -m); the guest is Debian's amd64 kernel running the host-built x86_64 pumpd"
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || skip "no apt-get/dpkg-deb: the lane takes its kernel and QEMU from Debian packages"
if ! command -v qemu-system-x86_64 >/dev/null; then
    apt-cache show qemu-system-x86 >/dev/null 2>&1 || "${as_root[@]}" apt-get update -qq
    apt_install qemu-system-x86 || skip "qemu-system-x86 could not be installed"
fi
# A machine-less QEMU that starts and quits proves it can run here (TCG: no KVM needed).
if ! qemu_smoke=$(echo quit | timeout 60 qemu-system-x86_64 -machine none -accel tcg -display none -nodefaults -monitor stdio 2>&1); then
    skip "qemu-system-x86_64 cannot start here: $(echo "$qemu_smoke" | grep -v '^(qemu)\|^QEMU' | head -n 3 | tr '\n' ' ')"
fi
# The module build (gcc, make), linux-source's tarball (xz) and the initramfs binaries (strip).
missing_tools=()
for tool in gcc:gcc make:make xz:xz-utils strip:binutils; do
    command -v "${tool%%:*}" >/dev/null || missing_tools+=("${tool#*:}")
done
[ ${#missing_tools[@]} -eq 0 ] || apt_install "${missing_tools[@]}" libc6-dev || fail "could not install ${missing_tools[*]}"
phase_done "host tools"

# ---- Debian packages: one kernel version, its headers, kbuild and source ------------------------
mkdir -p "$CACHE/debs"
# The kernel ABI linux-image-amd64 points at, and one version its image, headers, kbuild and source
# all have. Sets abi, version, packages and busybox_version, or problem (returns 1).
resolve_versions() {
    problem=""
    abi=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: linux-image-\(6\.1\.0-[0-9]*\)-amd64$/\1/p' | head -n 1)
    if [ -z "$abi" ]; then
        problem="apt-cache names no linux-image-6.1.0-N-amd64 for linux-image-amd64 (is this Debian bookworm with its main archive?)"
        return 1
    fi
    version=$(apt-cache policy "linux-image-$abi-amd64" | sed -n 's/^ *Candidate: //p')
    if [ -z "$version" ] || [ "$version" = "(none)" ]; then
        problem="no candidate version of linux-image-$abi-amd64"
        return 1
    fi
    packages=("linux-image-$abi-amd64" "linux-headers-$abi-amd64" "linux-headers-$abi-common" linux-kbuild-6.1 linux-source-6.1)
    for p in "${packages[@]}"; do
        if ! apt-cache madison "$p" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | grep -qxF "$version"; then
            problem="$p $version is not in the archive (the kernel packages must share one version; apt-cache madison $p lists what is)"
            return 1
        fi
    done
    busybox_version=$(apt-cache policy busybox-static | sed -n 's/^ *Candidate: //p')
    if [ -z "$busybox_version" ] || [ "$busybox_version" = "(none)" ]; then
        problem="no candidate version of busybox-static"
        return 1
    fi
}
# Package lists more than six hours old may name files the archive no longer has: refresh them
# before downloading anything, never when this version is already unpacked here.
fresh_lists=$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -360 2>/dev/null | head -n 1)
if ! resolve_versions || { [ ! -f "$CACHE/$version/unpacked.stamp" ] && [ -z "$fresh_lists" ]; }; then
    say "refreshing the package lists (apt-get update)"
    "${as_root[@]}" apt-get update -qq
    resolve_versions || fail "$problem"
fi
deb() { # PACKAGE VERSION: the cached .deb's path, downloaded when missing
    local name="$1_${2/:/%3a}_"
    if ! ls "$CACHE/debs/$name"*.deb >/dev/null 2>&1; then
        (cd "$CACHE/debs" && apt-get download -q=2 -o APT::Sandbox::User=root "$1=$2") >&2 || fail "apt-get download $1=$2 failed"
    fi
    ls "$CACHE/debs/$name"*.deb | head -n 1
}
# Other kernel versions' downloads and builds are stale once the archive moves on.
for old in "$CACHE"/6.1.*; do [ "$old" = "$CACHE/$version" ] || rm -rf "$old"; done
find "$CACHE/debs" -name 'linux-*.deb' ! -name "*_${version}_*" -delete
K=$CACHE/$version
mkdir -p "$K"
if [ ! -f "$K/unpacked.stamp" ]; then
    rm -rf "$K/root" "$K/src" "$K/busybox"
    mkdir -p "$K/root" "$K/src" "$K/busybox"
    # Only the kernel and configfs.ko out of the image (the rest is 400 MB of modules).
    dpkg-deb --fsys-tarfile "$(deb "linux-image-$abi-amd64" "$version")" |
        tar -x -C "$K/root" --wildcards "./boot/vmlinuz-$abi-amd64" "./lib/modules/$abi-amd64/kernel/fs/configfs/configfs.ko"
    for p in "linux-headers-$abi-amd64" "linux-headers-$abi-common" linux-kbuild-6.1; do dpkg -x "$(deb "$p" "$version")" "$K/root"; done
    # The headers' Makefile includes the common headers by absolute path: point it at this copy.
    sed -i "s|^include /usr/src/|include $K/root/usr/src/|" "$K/root/usr/src/linux-headers-$abi-amd64/Makefile"
    # Four files out of linux-source's 140 MB tarball; tar stops once it has them (so the
    # pipe's writers see SIGPIPE: judge by the files, not the pipeline's status).
    sources=(drivers/gpio/gpio-sim.c drivers/gpio/gpiolib.h kernel/irq/irq_sim.c drivers/power/supply/test_power.c)
    (dpkg-deb --fsys-tarfile "$(deb linux-source-6.1 "$version")" | tar -xO ./usr/src/linux-source-6.1.tar.xz |
        tar -xJ -C "$K/src" --occurrence=1 "${sources[@]/#/linux-source-6.1/}") 2>/dev/null || true
    for f in "${sources[@]}"; do [ -s "$K/src/linux-source-6.1/$f" ] || fail "linux-source-6.1 $version has no $f"; done
    dpkg -x "$(deb busybox-static "$busybox_version")" "$K/busybox"
    touch "$K/unpacked.stamp"
fi
BUSYBOX=$K/busybox/bin/busybox
[ -x "$BUSYBOX" ] && ! ldd "$BUSYBOX" >/dev/null 2>&1 || fail "$BUSYBOX is not a static busybox"
phase_done "Debian packages ($abi $version)"

# ---- Modules: gpio-sim (+ the IRQ simulator it needs) and test_power, out of tree -------------
M=$K/modules
if [ ! -f "$M/gpio-sim-hil.ko" ] || [ ! -f "$M/test_power.ko" ]; then
    rm -rf "$M"
    mkdir -p "$M"
    src=$K/src/linux-source-6.1
    cp "$src/drivers/gpio/gpio-sim.c" "$src/drivers/gpio/gpiolib.h" "$src/kernel/irq/irq_sim.c" "$src/drivers/power/supply/test_power.c" "$M/"
    # Debian builds neither GPIO_SIM nor IRQ_SIM: irq_sim goes into the same module, its exports
    # dropped, and irq_to_desc (not exported) replaced by generic_handle_irq.
    sed -i -e '/^EXPORT_SYMBOL_GPL/d' -e 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/' "$M/irq_sim.c"
    grep -q 'generic_handle_irq(irqnum);' "$M/irq_sim.c" && ! grep -q 'irq_to_desc\|EXPORT_SYMBOL' "$M/irq_sim.c" ||
        fail "irq_sim.c of linux-source $version no longer matches the lane's edit (handle_simple_irq(irq_to_desc(irqnum)))"
    printf 'obj-m := gpio-sim-hil.o test_power.o\ngpio-sim-hil-y := gpio-sim.o irq_sim.o\n' >"$M/Kbuild"
    make -s -C "$K/root/usr/src/linux-headers-$abi-amd64" M="$M" modules 2>&1 | grep -v 'Skipping BTF generation' >&2 || true
    [ -f "$M/gpio-sim-hil.ko" ] && [ -f "$M/test_power.ko" ] || fail "the out-of-tree modules did not build"
fi
phase_done "gpio-sim and test_power modules"

# ---- pumpd and pumpctl with the Swift standard library linked in ------------------------------
build=("$ROOT/scripts/static-build.sh" -c "$CONFIG")
for product in pumpd pumpctl; do
    if ! "${build[@]}" --product "$product" >"$CACHE/swift-build-$product.log" 2>&1; then
        tail -n 40 "$CACHE/swift-build-$product.log" >&2
        fail "scripts/static-build.sh --product $product failed (log: $CACHE/swift-build-$product.log)"
    fi
done
bin=$("${build[@]}" --show-bin-path)
phase_done "static pumpd and pumpctl ($CONFIG)"

# ---- initramfs ----------------------------------------------------------------------------------
I=$CACHE/initramfs
rm -rf "$I"
mkdir -p "$I/bin" "$I/usr/bin" "$I/lib/modules" "$I/pumpd/hw-profiles"
cp "$BUSYBOX" "$I/bin/busybox"
ln -s busybox "$I/bin/sh"
install -m 0755 scripts/hil-kernel/guest-init.sh "$I/init"
cp hw-profiles/gpio-sim.toml hw-profiles/gpio-sim-encoder.toml hw-profiles/drug-library.toml "$I/pumpd/hw-profiles/"
cp "$K/root/lib/modules/$abi-amd64/kernel/fs/configfs/configfs.ko" "$M/gpio-sim-hil.ko" "$M/test_power.ko" "$I/lib/modules/"
for product in pumpd pumpctl; do
    strip -o "$I/usr/bin/$product" "$bin/$product"
    # Every shared library the binary loads (libgpiod, libsystemd, libsqlite3, libc, …) and the
    # dynamic loader, at the paths ldd resolves them to.
    ldd "$I/usr/bin/$product" >"$CACHE/ldd.txt" || fail "ldd $product failed"
    ! grep -q 'not found' "$CACHE/ldd.txt" || fail "$product needs libraries this host lacks: $(grep 'not found' "$CACHE/ldd.txt" | tr '\n' ' ')"
    for lib in $(grep -o '/[^ ]*' "$CACHE/ldd.txt"); do
        mkdir -p "$I$(dirname "$lib")"
        cp -L "$lib" "$I$lib"
    done
done
[ -f "$I/lib64/ld-linux-x86-64.so.2" ] || fail "the dynamic loader /lib64/ld-linux-x86-64.so.2 is not in the initramfs"
(cd "$I" && find . | "$BUSYBOX" cpio -o -H newc 2>/dev/null) >"$CACHE/initramfs.cpio"
phase_done "initramfs ($(($(stat -c %s "$CACHE/initramfs.cpio") / 1048576)) MiB)"

# ---- The guest ----------------------------------------------------------------------------------
LOG=$CACHE/guest.log
say "booting Debian $abi under QEMU (TCG, $SMP CPU, at most $GUEST_TIMEOUT s)"
set +e
timeout --kill-after=10 "$GUEST_TIMEOUT" qemu-system-x86_64 -accel tcg -cpu max -smp "$SMP" -m 1024 -nographic -vga none \
    -nic none -no-reboot -kernel "$K/root/boot/vmlinuz-$abi-amd64" -initrd "$CACHE/initramfs.cpio" \
    -append "console=ttyS0 quiet panic=-1$guest_env" </dev/null 2>&1 | tr -d '\r' >"$LOG"
qemu_rc=${PIPESTATUS[0]}
set -e
phase_done "guest run"
guest_seconds=${PHASES[-1]#guest run }

# ---- Report -------------------------------------------------------------------------------------
if [ "$qemu_rc" -ne 0 ] && [ "$qemu_rc" -ne 124 ] && [ "$qemu_rc" -ne 137 ] && ! grep -q '^HIL-KERNEL ' "$LOG" &&
    grep -q '^qemu-system-x86_64: ' "$LOG"; then
    skip "QEMU could not run the guest: $(grep '^qemu-system-x86_64: ' "$LOG" | head -n 2 | tr '\n' ' ')"
fi
required=(profile-lines-on-chip enable-safe-before-pumpd reservoir-switch-alarm reservoir-switch-keeps-delivering
    reservoir-switch-clears
    occlusion-disables-motor occlusion-stops-steps occlusion-relief-steps occlusion-critical-alarm
    steps-match-delivered-volume steps-match-pumpd-count steps-match-rate-time enable-request-level enable-before-first-step
    steps-only-while-enabled steps-forward occlusion-cleared resume-delivers
    fault-disables-motor fault-critical-alarm fault-accounting occlusion-repeats dir-only-for-relief
    post-buzzer-pulse post-lamp-pulses low-priority-buzzer-pulse low-priority-yellow-lamp high-priority-buzzer-pattern
    high-priority-red-led buzzer-stops-on-acknowledge red-lamp-stays-after-acknowledge buzzer-returns-after-acknowledge-pause
    red-lamp-off-once-cleared
    pumpd-exit enable-safe-after-exit
    encoder-profile-on-chip encoder-stall-alarm encoder-stall-steps diag-stall-alarm free-flow-alarm pumpd-encoder-exit)
passed=0 failed=0
echo "== real-kernel GPIO lane: Debian $abi ($version), gpio-sim, pumpd $CONFIG with static Swift stdlib =="
while read -r _ _ name verdict detail; do
    printf '  %-7s %-36s %s\n' "$verdict" "$name" "$detail"
    if [ "$verdict" = PASS ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done < <(grep '^HIL-KERNEL check ' "$LOG")
for name in "${required[@]}"; do
    if ! grep -q "^HIL-KERNEL check $name " "$LOG"; then
        printf '  %-7s %-36s %s\n' MISSING "$name" "the guest never reported it"
        failed=$((failed + 1))
    fi
done
if ! grep -q '^HIL-KERNEL end$' "$LOG"; then
    echo "  FAIL    guest-finished                       the guest did not reach its end (QEMU exit $qemu_rc$([ "$qemu_rc" = 124 ] && echo ": timed out after $GUEST_TIMEOUT s"))"
    failed=$((failed + 1))
fi
echo "Measurements (guest clock under TCG emulation: functional evidence, not real-time performance):"
grep '^HIL-KERNEL measure ' "$LOG" | sed 's/^HIL-KERNEL measure /  /' || echo "  (none)"
echo "Lane time: ${PHASES[*]/%/;} total $((SECONDS - START)) s (guest $guest_seconds)"
echo "Guest log: $LOG"
if [ "$failed" -gt 0 ]; then
    echo "--- guest console (last 80 lines) ---"
    tail -n 80 "$LOG"
    echo "hil-kernel: $passed passed, $failed failed"
    exit 1
fi
echo "hil-kernel: $passed passed, $failed failed"
