#!/usr/bin/env bash
# Set up a virtualenv with the package and its test tools, then run ruff and the test suite.
# Usage: scripts/test.sh [pytest args...]     (VENV=path to use another virtualenv)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=${PYTHON:-python3}

if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q -e ".[test,opa-server]"
# Real OPA in-process, the reference engine for the equivalence tests (test-only). Its
# metadata asks for Python 3.14 but the wrapper works on 3.11; where it cannot be installed
# the equivalence tests report themselves as skipped, with the reason.
"$VENV/bin/python" -m pip install -q --no-deps --ignore-requires-python \
  opa-golib-python-bindings==0.4.4 || echo "note: real OPA bindings not installed; OPA equivalence tests will be skipped"

# The HTML report's browser tests drive Debian's chromium (Playwright is pointed at it; no
# browser is ever downloaded). CI runs as root on a clean machine: install it when missing.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } \
      >/tmp/ai-security-gate-chromium.log 2>&1 ||
      echo "note: chromium could not be installed (see /tmp/ai-security-gate-chromium.log); the HTML browser tests will be skipped"
  else
    echo "note: chromium is missing and apt-get needs root; the HTML browser tests will be skipped"
  fi
fi

"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy"  # [tool.mypy] in pyproject.toml: strict over src/

# Spread the tests over the cores (pytest-xdist, a test dependency) when there are two or more
# and the caller chose nothing: most tests run a full check or a git/subprocess step and
# wait on neither each other nor the network. --dist loadfile keeps a file on one worker, so a
# module-scoped fixture (a built venv, a wheel, a pre-commit environment) is built once, not
# once per worker. PYTEST_WORKERS=N picks the count; PYTEST_WORKERS=0 runs in one process.
workers=${PYTEST_WORKERS:-$(nproc 2>/dev/null || echo 1)}
parallel=()
if [ "$workers" -ge 2 ] && "$VENV/bin/python" -c "import xdist" 2>/dev/null; then
  parallel=(-n "$workers" --dist loadfile)
  for arg in "$@"; do
    case "$arg" in -n* | --numprocesses* | --dist* | no:xdist) parallel=() ;; esac
  done
fi

set +e
"$VENV/bin/python" -m pytest ${parallel[@]+"${parallel[@]}"} "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$rc"
