"""Nothing imported that a warm run does not use (issue 15): with its caches filled, a check
of an unchanged repository imports none of the readers and validators that only a cache
miss needs, and says the same as the cold run. Real CLI processes in a real git repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, TODAY

# modules a cold run needs and a warm run must not load (what each would cost: CONTRIBUTING)
ONLY_ON_A_MISS = (
    "jsonschema",  # located schema findings, BOM validation
    "jsonschema_rs",  # the schema's fast path (schema_verdicts.py remembers its "valid")
    "ai_security_gate.discover",  # the observation's readers (evidence/observed.py)
    "ai_security_gate.evidence.observed_scan",
    "ai_security_gate.evidence.observed_roles",
    "ai_security_gate.evidence.observed_assets",
    "ai_security_gate.evidence.document_check",  # the content checks' readers (content.py)
    "ai_security_gate.evidence.lockfiles",
    "ai_security_gate.evidence.update_configs",
)

RUN = """
import sys
from ai_security_gate.cli import main
try:
    main()
finally:
    sys.stderr.write("\\nIMPORTED " + ",".join(sorted(sys.modules)) + "\\n")
"""


def _check(repo: Path, cache: Path) -> tuple[dict, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, "check", "--offline", "--today", TODAY, "-f", "json"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "AI_SECURITY_GATE_CACHE_DIR": str(cache)},
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout), set(done.stderr.rsplit("IMPORTED ", 1)[1].split(","))


def test_a_warm_check_imports_only_what_it_uses(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", repo)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run([*git, *args], cwd=repo, check=True)
    cache = tmp_path / "cache"
    cold_report, cold = _check(repo, cache)
    warm_report, warm = _check(repo, cache)
    assert {"jsonschema_rs", "ai_security_gate.evidence.observed_scan"} <= cold  # they ran
    assert sorted(warm & set(ONLY_ON_A_MISS)) == []
    assert warm_report["provisions"] == cold_report["provisions"]
    assert warm_report["manifest_findings"] == cold_report["manifest_findings"]
