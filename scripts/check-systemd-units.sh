#!/usr/bin/env bash
# Checks the systemd units without a running systemd (CI containers have none), as the Debian
# package installs them: scripts/install-systemd.sh --root unpacks the package into a throwaway
# staging root and creates its users and directories there, then
#   * the sysusers.d/tmpfiles.d entries create every user and group the units and hw-profiles name,
#   * `systemd-analyze verify --root=` accepts both units with no message at all,
#   * `systemctl --root= enable pumpd.service` enables the socket too (Also=),
#   * `systemd-analyze security --offline=yes` scores pumpd.service at most $PUMPD_MAX_EXPOSURE (2.0).
#
#   scripts/check-systemd-units.sh [--deb FILE]
#
# Without --deb (or $PUMPD_DEB) it builds the package first: scripts/build-deb.sh --config debug
# --lint (CI's one lintian gate: no errors), whose static build in .build-static the real-kernel lane then reuses. The checks
# themselves take ~15 s here (unpacking a debug package). Needs root (the staging root's files are chowned to pumpd).
set -euo pipefail
cd "$(dirname "$0")/.."
max_exposure="${PUMPD_MAX_EXPOSURE:-2.0}"
deb="${PUMPD_DEB:-}"
while [ $# -gt 0 ]; do
    case "$1" in
        --deb) deb="${2:?--deb needs a file}"; shift 2 ;;
        --deb=*) deb="${1#--deb=}"; shift ;;
        *) echo "check-systemd-units: unknown option $1 (only --deb FILE)" >&2; exit 2 ;;
    esac
done

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

if [ -z "$deb" ]; then
    deb=$(scripts/build-deb.sh --config debug --lint | tail -n 1) || fail "scripts/build-deb.sh (lintian --fail-on error included)"
fi
scripts/install-systemd.sh --root "$root" --deb "$deb" --profile hw-profiles/sim.toml 2>"$root/install.log" \
    || { cat "$root/install.log" >&2; fail "install-systemd.sh --root"; }
echo "check-systemd-units: staged $(basename "$deb")"

# Units the two depend on (sysinit.target, sockets.target, …) must resolve inside the root.
mkdir -p "$root/usr/lib/systemd"
cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"

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
# The packaged rig.toml finds its drug library beside it (drug_library is relative to the profile).
check="$("$root/usr/sbin/pumpd" --check-profile "$root/etc/pumpd/rig.toml" 2>&1)" \
    || { printf '%s\n' "$check" >&2; fail "the staged pumpd refuses the packaged /etc/pumpd/rig.toml"; }
printf '%s\n' "$check" | grep -q "from $root/etc/pumpd/drug-library.toml" \
    || { printf '%s\n' "$check" >&2; fail "the packaged rig.toml does not load /etc/pumpd/drug-library.toml"; }
# /run/pumpd is the socket's (root:root 0755, the node pumpd:pumpd-clients 0660): a service
# RuntimeDirectory= of /run/pumpd itself would chown it to pumpd:pumpd at every start.
if grep -Eq '^RuntimeDirectory=(.* )?pumpd/?( |$)' "$root/lib/systemd/system/pumpd.service"; then
    fail "pumpd.service has RuntimeDirectory=pumpd: systemd would chown /run/pumpd and lock pumpd-clients out of the socket"
fi

units=(/lib/systemd/system/pumpd.service /lib/systemd/system/pumpd.socket)
verify_rc=0
# Documentation=man:pumpd(8): verify runs man(1), which must look in the root's pages.
verify_out="$(MANPATH="$root/usr/share/man" systemd-analyze verify --root="$root" "${units[@]}" 2>&1)" || verify_rc=$?
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
