#!/usr/bin/env bash
# Checks the systemd units without a running systemd (CI containers have none): installs them with
# scripts/install-systemd.sh into a throwaway staging root, then
#   * the sysusers.d/tmpfiles.d entries create every user and group the units and hw-profiles name,
#   * `systemd-analyze verify --root=` accepts both units with no message at all,
#   * `systemctl --root= enable pumpd.service` enables the socket too (Also=),
#   * `systemd-analyze security --offline=yes` scores pumpd.service at most $PUMPD_MAX_EXPOSURE (2.0).
# Needs root (the staging root's files are chowned to pumpd). Takes well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."
max_exposure="${PUMPD_MAX_EXPOSURE:-2.0}"

# Fresh Debian containers may lack systemd (systemd-analyze, -sysusers, -tmpfiles, systemctl).
if ! command -v systemd-analyze >/dev/null || ! command -v systemd-sysusers >/dev/null; then
    echo "check-systemd-units: installing systemd" >&2
    as_root=()
    [ "$(id -u)" -eq 0 ] || as_root=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" apt-get install -y -qq --no-install-recommends systemd
fi

fail() { echo "check-systemd-units: FAIL: $*" >&2; exit 1; }

root="$(mktemp -d "${TMPDIR:-/tmp}/pumpd-units.XXXXXX")"
trap 'rm -rf "$root"' EXIT

# verify checks that ExecStart= is executable inside the root: the real binary when it is built,
# otherwise a stand-in (the units are what is checked here, not the daemon).
binary=""
for candidate in "${PUMPD_BINARY:-}" .build/debug/pumpd .build/release/pumpd; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then binary="$candidate"; break; fi
done
if [ -z "$binary" ]; then
    binary="$root/pumpd-stand-in"
    printf '#!/bin/sh\nexit 0\n' >"$binary"
    chmod 0755 "$binary"
fi

scripts/install-systemd.sh --root "$root" --binary "$binary" --profile hw-profiles/sim.toml 2>"$root/install.log" \
    || { cat "$root/install.log" >&2; fail "install-systemd.sh --root"; }
rm -f "$root/pumpd-stand-in"

# Units the two depend on (sysinit.target, sockets.target, …) must resolve inside the root.
mkdir -p "$root/usr/lib/systemd"
cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"

# ExecReload's kill (procps, on every Debian system) must exist inside the root too.
mkdir -p "$root/bin"
cp -a /bin/kill "$root/bin/kill"

# Every user and group that must exist before pumpd starts.
groups=(pumpd gpio "$(sed -n 's/^SocketGroup=//p' systemd/pumpd.socket)")
groups+=($(sed -n 's/^SupplementaryGroups=//p' systemd/pumpd.service))
groups+=($(grep -ho '"group:[^"]*"' hw-profiles/*.toml | sed 's/"group:\(.*\)"/\1/' | sort -u))
grep -q '^pumpd:' "$root/etc/passwd" || fail "sysusers did not create user pumpd"
for g in "${groups[@]}"; do
    grep -q "^$g:" "$root/etc/group" || fail "sysusers does not create group $g (named by a unit or hw-profiles/*.toml)"
done
uid="$(awk -F: '$1 == "pumpd" { print $3 }' "$root/etc/passwd")"
gid="$(awk -F: '$1 == "pumpd" { print $3 }' "$root/etc/group")"
state="$(stat -c '%a %u %g' "$root/var/lib/pumpd")"  # numeric: the names live in the root's passwd
[ "$state" = "750 $uid $gid" ] || fail "tmpfiles made /var/lib/pumpd '$state', expected '750 $uid $gid' (pumpd)"
[ -d "$root/etc/pumpd" ] && [ -f "$root/etc/pumpd/rig.toml" ] || fail "no /etc/pumpd/rig.toml"

units=(/etc/systemd/system/pumpd.service /etc/systemd/system/pumpd.socket)
verify_rc=0
verify_out="$(systemd-analyze verify --root="$root" "${units[@]}" 2>&1)" || verify_rc=$?
if [ "$verify_rc" -ne 0 ] || [ -n "$verify_out" ]; then
    printf '%s\n' "$verify_out" >&2
    fail "systemd-analyze verify (exit $verify_rc; any warning counts)"
fi
echo "check-systemd-units: systemd-analyze verify: pumpd.service pumpd.socket clean"

systemctl --root="$root" --quiet enable pumpd.service 2>"$root/enable.log" || { cat "$root/enable.log" >&2; fail "systemctl enable"; }
[ -L "$root/etc/systemd/system/multi-user.target.wants/pumpd.service" ] || fail "enable did not hook pumpd.service to multi-user.target"
[ -L "$root/etc/systemd/system/sockets.target.wants/pumpd.socket" ] || fail "enable did not enable pumpd.socket (Also=)"

security="$(systemd-analyze security --offline=yes --no-pager --root="$root" "${units[0]}" 2>&1)" \
    || { printf '%s\n' "$security" >&2; fail "systemd-analyze security"; }
exposure="$(printf '%s\n' "$security" | sed -n 's/.*Overall exposure level for pumpd.service: \([0-9.]*\).*/\1/p')"
[ -n "$exposure" ] || { printf '%s\n' "$security" >&2; fail "no exposure level in systemd-analyze security output"; }
echo "check-systemd-units: exposure $exposure (limit $max_exposure); what still counts:"
printf '%s\n' "$security" | awk '/^✗/ { printf "  %-40s %s\n", $2, $NF }'
awk -v e="$exposure" -v m="$max_exposure" 'BEGIN { exit !(e <= m) }' || fail "exposure $exposure is above $max_exposure"
