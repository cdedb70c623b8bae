#!/usr/bin/env bash
# pumpd against an independent Varlink client: the PyPI package `varlink` 31.0.0 (its Client, its
# IDL parser and its CLI), driving the real daemon on the simulated rig.
#
#   scripts/python-client-tests.sh [TEST ...]     e.g. WatchTests or StatusTests.test_rig_get_truth_reports_the_physical_rig_at_rest
#
# Sets up a venv in .build/python-venv (python3 -m venv; pip install varlink==31.0.0) when it is
# missing or holds another version, builds pumpd (swift build --product pumpd), then runs
# Tests/python/test_varlink_client.py with PUMPD pointing at the build. Exits non-zero when a test
# fails. Takes a few seconds after the build; each test starts its own daemon.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.build/python-venv
varlink_version=31.0.0

venv_ready() {
    "$venv/bin/python" - "$varlink_version" <<'PY' 2>/dev/null
import importlib.metadata, sys
sys.exit(0 if importlib.metadata.version("varlink") == sys.argv[1] else 1)
PY
}

if ! venv_ready; then
    echo "== python venv: $venv with varlink==$varlink_version =="
    rm -rf "$venv"
    mkdir -p .build
    if ! python3 -m venv "$venv"; then
        # Debian's python3 needs python3-venv for ensurepip.
        as_root=()
        [ "$(id -u)" -eq 0 ] || as_root=(sudo -n)
        DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq python3-venv \
            || { DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get update -qq \
                 && DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq python3-venv; }
        rm -rf "$venv"
        python3 -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "varlink==$varlink_version"
    venv_ready || { echo "varlink $varlink_version did not install into $venv" >&2; exit 1; }
fi

echo "== building pumpd =="
scripts/setup.sh
swift build --product pumpd
export PUMPD="$PWD/.build/debug/pumpd"

echo "== Tests/python/test_varlink_client.py (varlink $varlink_version, $("$venv/bin/python" --version)) =="
started=$(date +%s)
status=0
timeout 300 "$venv/bin/python" Tests/python/test_varlink_client.py "$@" || status=$?
echo "python client tests: $(( $(date +%s) - started )) s, exit $status"
exit "$status"
