#!/usr/bin/env bash
# Set up a virtualenv, install ai-security-gate, and run the gate on the example repositories.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
[ -x "$VENV/bin/python" ] || "${PYTHON:-python3}" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q . || exit 2
echo "== examples/passing (a well-governed support assistant) =="
"$VENV/bin/ai-security-gate" check examples/passing
echo "exit code: $?"
echo
echo "== examples/failing (a system with gaps in most principles) =="
"$VENV/bin/ai-security-gate" check examples/failing
echo "exit code: $? (1 = requirements not met)"
