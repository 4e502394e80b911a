"""The digest of what action/requirements.txt is compiled from: the gate's dependencies,
its [signing] extra and action/build.in. scripts/lock-action.sh writes it into the lock's
first line; tests/test_action_lock.py recomputes it, so a dependency change without a new
lock fails the tests.

    python scripts/lock_inputs.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def digest(root: Path = ROOT) -> str:
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    build = [
        line.strip()
        for line in (root / "action" / "build.in").read_text("utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    inputs = {
        "dependencies": sorted(project["dependencies"]),
        "signing": sorted(project["optional-dependencies"]["signing"]),
        "build": sorted(build),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


if __name__ == "__main__":
    print(digest())
