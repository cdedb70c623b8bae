#!/usr/bin/env bash
# Installs pumpd as a systemd service through its Debian package (scripts/build-deb.sh): one
# layout, the package's. Run from a checkout:
#
#   sudo scripts/install-systemd.sh --profile hw-profiles/rpi4-a4988.toml
#   sudo systemctl start pumpd
#
# Options:
#   --deb FILE         install this package instead of building one with scripts/build-deb.sh.
#   --config C         the build configuration when building (release, the default, or debug).
#   --profile FILE     rig profile to install as /etc/pumpd/rig.toml, with the drug library it names
#                      beside it. The package's own rig.toml (the simulated rig) is replaced; one
#                      changed since (a calibrated rig) only with --replace-profile.
#   --replace-profile  overwrite a changed /etc/pumpd/rig.toml (the old one is kept as .bak).
#   --root DIR         unpack the package into the staging root DIR (dpkg-deb -x) and create its
#                      users, groups and directories there (systemd-sysusers and systemd-tmpfiles
#                      --root): nothing outside DIR is touched, no maintainer script runs
#                      (scripts/check-systemd-units.sh uses this).
#
# Installing enables pumpd.socket and pumpd.service (so a stored program resumes after a reboot)
# and starts neither: starting a pump controller is a deliberate step. An upgrade restarts a
# running pumpd, which resumes the therapy from /var/lib/pumpd; a changed rig.toml is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

root=""
deb=""
config=release
profile=""
replace_profile=false
usage() { sed -n '2,/^set -e/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --root) root="${2:?--root needs a directory}"; shift 2 ;;
        --root=*) root="${1#--root=}"; shift ;;
        --deb) deb="${2:?--deb needs a file}"; shift 2 ;;
        --deb=*) deb="${1#--deb=}"; shift ;;
        --config) config="${2:?--config needs debug or release}"; shift 2 ;;
        --config=*) config="${1#--config=}"; shift ;;
        --profile) profile="${2:?--profile needs a file}"; shift 2 ;;
        --profile=*) profile="${1#--profile=}"; shift ;;
        --replace-profile) replace_profile=true; shift ;;
        -h|--help) usage ;;
        *) echo "install-systemd: unknown option $1" >&2; usage ;;
    esac
done
fail() { echo "install-systemd: $*" >&2; exit 1; }

if [ -n "$root" ]; then
    mkdir -p "$root"
    root="$(cd "$root" && pwd)"
    [ "$root" != / ] || { echo "install-systemd: --root / is the running system; leave --root out" >&2; exit 2; }
elif [ "$(id -u)" -ne 0 ]; then
    fail "run as root (or give --root DIR for a staging root)"
fi
[ -z "$profile" ] || [ -f "$profile" ] || fail "no profile $profile"
if [ -z "$deb" ]; then
    deb=$(scripts/build-deb.sh --config "$config" | tail -n 1) || fail "scripts/build-deb.sh failed"
fi
[ -f "$deb" ] || fail "no package $deb"
deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"

if [ -n "$root" ]; then
    dpkg-deb -x "$deb" "$root"
    systemd-sysusers --root="$root" "$root/usr/lib/sysusers.d/pumpd.conf"
    systemd-tmpfiles --root="$root" --create "$root/usr/lib/tmpfiles.d/pumpd.conf"
else
    # confold: a rig.toml changed here (a calibrated rig) is kept over a newer packaged default.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -o Dpkg::Options::=--force-confdef \
        -o Dpkg::Options::=--force-confold "$deb" >&2 || fail "apt-get install $deb failed"
fi

# The rig profile, and the drug library it names ([programming] drug_library, relative to the
# profile) beside it under the same relative name, where the installed profile looks for it.
# Either replaces the package's own file freely; a file changed since only with --replace-profile.
place() {  # source, path in the system
    local source="$1" target="$root$2" packaged
    cmp -s "$source" "$target" && return 0
    packaged=$(mktemp)
    dpkg-deb --fsys-tarfile "$deb" | tar -xO ".$2" >"$packaged" 2>/dev/null || true
    if [ -f "$target" ] && ! cmp -s "$target" "$packaged"; then
        $replace_profile || { rm -f "$packaged"; fail "kept $2, which was changed here and differs from $source (--replace-profile to overwrite)"; }
        cp -p "$target" "$target.bak"
        echo "install-systemd: replaced $2 (the previous one is $2.bak)" >&2
    fi
    rm -f "$packaged"
    install -D -m 0644 "$source" "$target"
}
if [ -n "$profile" ]; then
    place "$profile" /etc/pumpd/rig.toml
    library=$(sed -n 's/^drug_library *= *"\([^"]*\)".*/\1/p' "$profile" | head -n 1)
    case "$library" in
        "") ;;
        /*) [ -f "$library" ] || fail "no drug library $library (named by $profile)"
            if [ -n "$root" ]; then place "$library" "$library"; fi ;;  # on this system it is in place
        *) [ -f "$(dirname "$profile")/$library" ] || fail "no drug library $(dirname "$profile")/$library (named by $profile)"
            place "$(dirname "$profile")/$library" "/etc/pumpd/$library" ;;
    esac
fi

if [ -z "$root" ]; then
    # The installed profile as the daemon will read it (and, on the rig, its GPIO lines).
    pumpd --check-profile /etc/pumpd/rig.toml || fail "/etc/pumpd/rig.toml has errors; fix it before starting pumpd"
    cat >&2 <<'EOF'
install-systemd: installed (enabled, not started). Next:
  usermod -aG pumpd-clients,pumpd-operators <user>   # per person: pumpd-clients + one role group
  systemctl start pumpd
EOF
fi
