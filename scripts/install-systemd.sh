#!/usr/bin/env bash
# Installs pumpd as a systemd service: the binary, the units, its users and groups, its directories
# and the rig profile. Run from a checkout after `swift build -c release --product pumpd`:
#
#   sudo scripts/install-systemd.sh --profile hw-profiles/rpi4-a4988.toml
#   sudo systemctl enable --now pumpd.socket pumpd.service
#
# Options:
#   --profile FILE     rig profile to install as /etc/pumpd/rig.toml. An existing rig.toml (a
#                      calibrated rig) is kept unless --replace-profile is given too. Required
#                      when /etc/pumpd/rig.toml does not exist yet.
#   --replace-profile  overwrite an existing /etc/pumpd/rig.toml (the old one is kept as .bak).
#   --binary FILE      the pumpd executable (default .build/release/pumpd).
#   --root DIR         install into the staging root DIR instead of the running system: nothing
#                      outside DIR is touched and no daemon is reloaded (scripts/check-systemd-units.sh
#                      uses this). Users and groups are then created in DIR/etc/{passwd,group}.
#
# It does not enable or start anything: starting a pump controller is a deliberate step.
set -euo pipefail
cd "$(dirname "$0")/.."

root=""
binary=".build/release/pumpd"
profile=""
replace_profile=false
usage() { sed -n '2,/^set -e/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --root) root="${2:?--root needs a directory}"; shift 2 ;;
        --root=*) root="${1#--root=}"; shift ;;
        --binary) binary="${2:?--binary needs a file}"; shift 2 ;;
        --binary=*) binary="${1#--binary=}"; shift ;;
        --profile) profile="${2:?--profile needs a file}"; shift 2 ;;
        --profile=*) profile="${1#--profile=}"; shift ;;
        --replace-profile) replace_profile=true; shift ;;
        -h|--help) usage ;;
        *) echo "install-systemd: unknown option $1" >&2; usage ;;
    esac
done

if [ -n "$root" ]; then
    mkdir -p "$root"
    root="$(cd "$root" && pwd)"
    [ "$root" != / ] || { echo "install-systemd: --root / is the running system; leave --root out" >&2; exit 2; }
elif [ "$(id -u)" -ne 0 ]; then
    echo "install-systemd: run as root (or give --root DIR for a staging root)" >&2
    exit 1
fi
[ -x "$binary" ] || { echo "install-systemd: no executable $binary (swift build -c release --product pumpd, or --binary)" >&2; exit 1; }
[ -z "$profile" ] || [ -f "$profile" ] || { echo "install-systemd: no profile $profile" >&2; exit 1; }
rig="$root/etc/pumpd/rig.toml"
if [ -z "$profile" ] && [ ! -f "$rig" ]; then
    echo "install-systemd: /etc/pumpd/rig.toml does not exist yet: give --profile hw-profiles/<rig>.toml" >&2
    exit 1
fi

# Users and groups first: the profile and units refer to them. sysusers needs the root's /etc.
install -D -m 0644 systemd/pumpd.sysusers "$root/usr/lib/sysusers.d/pumpd.conf"
install -D -m 0644 systemd/pumpd.tmpfiles "$root/usr/lib/tmpfiles.d/pumpd.conf"
mkdir -p "$root/etc"
if [ -n "$root" ]; then
    systemd-sysusers --root="$root" "$root/usr/lib/sysusers.d/pumpd.conf"
    systemd-tmpfiles --root="$root" --create "$root/usr/lib/tmpfiles.d/pumpd.conf"
else
    systemd-sysusers /usr/lib/sysusers.d/pumpd.conf
    systemd-tmpfiles --create /usr/lib/tmpfiles.d/pumpd.conf
fi

install -D -m 0755 "$binary" "$root/usr/local/bin/pumpd"
install -D -m 0644 systemd/pumpd.service "$root/etc/systemd/system/pumpd.service"
install -D -m 0644 systemd/pumpd.socket "$root/etc/systemd/system/pumpd.socket"

if [ -n "$profile" ]; then
    if [ ! -f "$rig" ]; then
        install -D -m 0644 "$profile" "$rig"
    elif cmp -s "$profile" "$rig"; then
        :
    elif $replace_profile; then
        cp -p "$rig" "$rig.bak"
        install -m 0644 "$profile" "$rig"
        echo "install-systemd: replaced /etc/pumpd/rig.toml (previous one in rig.toml.bak)" >&2
    else
        echo "install-systemd: kept the existing /etc/pumpd/rig.toml, which differs from $profile (--replace-profile to overwrite)" >&2
    fi
fi

# The drug library the profile names ([programming] drug_library, relative to the profile) goes
# where the installed profile will look for it: beside rig.toml under the same relative name.
if [ -n "$profile" ]; then
    library=$(sed -n 's/^drug_library *= *"\([^"]*\)".*/\1/p' "$profile" | head -n 1)
    if [ -n "$library" ]; then
        case "$library" in
            /*) library_source="$library"; library_target="$root$library" ;;
            *) library_source="$(dirname "$profile")/$library"; library_target="$root/etc/pumpd/$library" ;;
        esac
        [ -f "$library_source" ] || { echo "install-systemd: no drug library $library_source (named by $profile)" >&2; exit 1; }
        if [ ! -f "$library_target" ] || $replace_profile; then
            install -D -m 0644 "$library_source" "$library_target"
        elif ! cmp -s "$library_source" "$library_target"; then
            echo "install-systemd: kept the existing $library_target, which differs from $library_source (--replace-profile to overwrite)" >&2
        fi
    fi
fi

if [ -z "$root" ]; then
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload
    else
        echo "install-systemd: systemd is not running here; no daemon-reload" >&2
    fi
    # Check the installed profile the way the daemon will read it (and, on the rig, its GPIO lines).
    /usr/local/bin/pumpd --check-profile /etc/pumpd/rig.toml || {
        echo "install-systemd: /etc/pumpd/rig.toml has errors; fix it before starting pumpd" >&2
        exit 1
    }
    cat >&2 <<'EOF'
install-systemd: installed. Next:
  usermod -aG pumpd-clients,pumpd-operators <user>   # per person: pumpd-clients + one role group
  systemctl enable --now pumpd.socket pumpd.service
EOF
fi
