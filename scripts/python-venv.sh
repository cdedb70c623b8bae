#!/usr/bin/env bash
# Creates .build/python-venv with the Python `varlink` client package (PyPI), once.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/python-venv
if ! "$venv/bin/python3" -c 'import varlink' 2>/dev/null; then
    mkdir -p .build
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q varlink==31.0.0
fi
