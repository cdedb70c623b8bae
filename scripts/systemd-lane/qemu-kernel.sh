#!/usr/bin/env bash
# Debian's kernel and a busybox initramfs that mounts the lane's ext4 disk (/dev/vda) and hands it to
# its systemd: Debian builds virtio-blk and ext4 as modules, so the initramfs loads them (and what
# they depend on, from modules.dep) before switch_root.
# Usage: scripts/systemd-lane/qemu-kernel.sh OUTDIR   ->  OUTDIR/vmlinuz, OUTDIR/initramfs.cpio
# The .debs come from .build/hil-kernel/debs/ when the kernel lane already downloaded them, else
# from the Debian archive (apt-get download linux-image-<abi>-amd64, busybox-static).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:?usage: qemu-kernel.sh OUTDIR}
mkdir -p "$OUT/debs"
find_deb() { { ls -t .build/hil-kernel/debs/$1 "$OUT"/debs/$1 2>/dev/null || true; } | head -n 1; }
image=$(find_deb 'linux-image-6.*-amd64_*_amd64.deb')
busybox=$(find_deb 'busybox-static_*.deb')
if [ -z "$image" ] || [ -z "$busybox" ]; then
    abi=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-amd64\)$/\1/p' | head -n 1)
    if [ -z "$abi" ]; then apt-get update -qq; abi=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-amd64\)$/\1/p' | head -n 1); fi
    [ -n "$abi" ] || { echo "qemu-kernel: apt-cache names no kernel for linux-image-amd64" >&2; exit 1; }
    (cd "$OUT/debs" && apt-get download -q=2 -o APT::Sandbox::User=root "$abi" busybox-static) || { echo "qemu-kernel: apt-get download $abi busybox-static failed" >&2; exit 1; }
    image=$(find_deb 'linux-image-6.*-amd64_*_amd64.deb'); busybox=$(find_deb 'busybox-static_*.deb')
fi
stamp="$(basename "$image") $(basename "$busybox") $(sha256sum "$0" | cut -c1-12)"
[ "$(cat "$OUT/stamp" 2>/dev/null)" = "$stamp" ] && [ -f "$OUT/initramfs.cpio" ] && exit 0
K=$OUT/k
rm -rf "$K" "$OUT/initramfs"
mkdir -p "$K" "$OUT/initramfs"
# The modules in load order, dependencies first (bookworm's 6.1 kernels; the deb ships no
# modules.dep, depmod makes it at install time, so the order is written out here).
mods=(drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci_modern_dev
    drivers/virtio/virtio_pci drivers/block/virtio_blk lib/crc16 crypto/crc32c_generic fs/mbcache fs/jbd2/jbd2 fs/ext4/ext4)
patterns=("${mods[@]/#/./lib/modules/*/kernel/}")
dpkg-deb --fsys-tarfile "$image" | tar -x -C "$K" --wildcards './boot/vmlinuz-*' "${patterns[@]/%/.ko*}" 2>/dev/null || true
cp "$K"/boot/vmlinuz-* "$OUT/vmlinuz" || { echo "qemu-kernel: no vmlinuz in $(basename "$image")" >&2; exit 1; }
moddir=$(ls -d "$K"/lib/modules/*/kernel)
order=()
for m in "${mods[@]}"; do
    f=$(ls "$moddir/$m".ko* 2>/dev/null | head -n 1)
    [ -n "$f" ] || { echo "qemu-kernel: $(basename "$image") has no $m.ko (the lane's module list must follow the kernel)" >&2; exit 1; }
    # Each module's depends= (its .modinfo) must be loaded before it.
    for dep in $(grep -a -o 'depends=[a-z0-9_,-]*' "$f" | head -n 1 | sed 's/^depends=//' | tr ',' ' '); do
        printf '%s\n' "${order[@]##*/}" | grep -qx "$dep.ko.*\|$dep.ko" ||
            { echo "qemu-kernel: $m needs $dep loaded first (the lane's module list must follow the kernel)" >&2; exit 1; }
    done
    order+=("${f#$moddir/}")
done
I=$OUT/initramfs
mkdir -p "$I/bin" "$I/mods" "$I/newroot" "$I/proc" "$I/sys" "$I/dev"
dpkg-deb --fsys-tarfile "$busybox" | tar -xO ./bin/busybox >"$I/bin/busybox"
chmod 0755 "$I/bin/busybox"
ln -s busybox "$I/bin/sh"
n=0
for m in "${order[@]}"; do
    n=$((n + 1))
    case $m in *.xz) xz -dc "$moddir/$m" ;; *.zst) zstd -dcq "$moddir/$m" ;; *) cat "$moddir/$m" ;; esac >"$I/mods/$(printf %02d $n)-$(basename "${m%.xz}")"
done
cat >"$I/init" <<'INIT'
#!/bin/sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs dev /dev
for m in /mods/*; do /bin/busybox insmod "$m" || echo "initramfs: insmod $m failed"; done
n=0
while [ ! -b /dev/vda ] && [ $n -lt 100 ]; do /bin/busybox sleep 0.1; n=$((n + 1)); done
/bin/busybox mount -t ext4 -o rw /dev/vda /newroot || { echo "initramfs: cannot mount /dev/vda"; /bin/busybox poweroff -f; }
/bin/busybox umount /proc
/bin/busybox umount /dev
exec /bin/busybox switch_root /newroot /lib/systemd/systemd
INIT
chmod 0755 "$I/init"
(cd "$I" && find . | "$I/bin/busybox" cpio -o -H newc 2>/dev/null) >"$OUT/initramfs.cpio"
echo "$stamp" >"$OUT/stamp"
echo "qemu-kernel: $(basename "$image"), $n modules" >&2
