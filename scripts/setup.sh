#!/usr/bin/env bash
# Installs the system packages pumpd builds against (and python3 with venv, which the integration
# tests use as independent Varlink clients), when any is missing. Safe to run repeatedly.
# PumpJournalTests start a private systemd-journald and read it with journalctl: fresh Debian
# containers may have libsystemd without them, so the systemd package comes in when either is missing.
set -euo pipefail

packages=(libgpiod-dev libsystemd-dev libsqlite3-dev pkg-config python3 python3-venv)
# More Debian packages a caller needs, e.g. `scripts/setup.sh dpkg-dev lintian` (scripts/build-deb.sh).
packages+=("$@")
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v journalctl >/dev/null 2>&1 || [ ! -x /lib/systemd/systemd-journald ]; then
    missing+=(systemd)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
