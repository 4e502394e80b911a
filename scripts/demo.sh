#!/usr/bin/env bash
# Set up a virtualenv, install ai-security-gate, and run the gate on the example repositories.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
[ -x "$VENV/bin/python" ] || "${PYTHON:-python3}" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q . || exit 2
# The examples' dates are fixed claims (a review happened on the day it says), so they age:
# the demo evaluates them as of a fixed day to give the same result next year. Making the
# dates relative instead would teach the very thing the gate rejects: dates nobody lived.
TODAY=${AI_SECURITY_GATE_TODAY:-2026-11-22}
export AI_SECURITY_GATE_TODAY=$TODAY
echo "(dates evaluated as of $TODAY; set AI_SECURITY_GATE_TODAY to change it)"
echo "== examples/passing (a well-governed support assistant) =="
"$VENV/bin/ai-security-gate" check examples/passing
echo "exit code: $?"
echo
echo "== examples/failing (a system with gaps in most principles) =="
"$VENV/bin/ai-security-gate" check examples/failing
echo "exit code: $? (1 = requirements not met)"
