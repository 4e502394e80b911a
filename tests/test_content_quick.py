"""An unchanged manifest citing unchanged files has its content checks answered from one
cache entry (evidence/content.py, `manifest_digest`); any change to what the problems depend
on (a cited file, the manifest, the date, the age limit) checks the documents again. Real
files, the real collect stage, a real cache directory."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from ai_security_gate import schema
from ai_security_gate.evidence import collect, content
from ai_security_gate.evidence.collect import EvidenceOptions
from ai_security_gate.loader import load_manifest
from conftest import TODAY

DATE = dt.date.fromisoformat(TODAY)
THREAT_MODEL = "docs/security/threat-model.md"


def _problems(
    repo: Path, cache: Path, today: dt.date = DATE, max_age: int = 365
) -> dict[str, list[Any]]:
    loaded = load_manifest(repo / "ai-security.yaml")
    facts = collect(
        repo.resolve(),
        loaded.data,
        schema.schema_document(),
        EvidenceOptions(
            cache_dir=cache,
            history=False,
            today=today,
            document_max_age_days=max_age,
            manifest_digest=loaded.digest,
        ),
    )
    return {ref: f.get("problems", []) for ref, f in facts["files"].items()}


def _counted_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item per time the documents are checked (content._check, still real)."""
    checks: list[int] = []
    real_check = content._check

    def counted(*args: Any) -> Any:
        checks.append(1)
        return real_check(*args)

    monkeypatch.setattr(content, "_check", counted)
    return checks


def _no_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: Any) -> Any:
        raise AssertionError("the documents were checked again")

    monkeypatch.setattr(content, "_check", refused)


def test_an_unchanged_manifest_and_files_are_answered_from_one_entry(
    passing_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (passing_copy / THREAT_MODEL).write_text("# Threat model\n\nTODO\n", encoding="utf-8")
    first = _problems(passing_copy, tmp_path)
    assert first[THREAT_MODEL]  # a placeholder: problems to answer again
    _no_checks(monkeypatch)
    assert _problems(passing_copy, tmp_path) == first


@pytest.mark.parametrize("change", ["cited file", "manifest", "date", "age limit"])
def test_a_change_checks_the_documents_again(
    passing_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    first = _problems(passing_copy, tmp_path)
    assert not first[THREAT_MODEL]
    checks = _counted_checks(monkeypatch)
    today, max_age = DATE, 365
    if change == "cited file":
        (passing_copy / THREAT_MODEL).write_text("# Threat model\n\nTODO\n", encoding="utf-8")
    elif change == "manifest":
        manifest = passing_copy / "ai-security.yaml"
        manifest.write_text(manifest.read_text(encoding="utf-8") + "\n# edited\n")
    elif change == "date":
        today = DATE + dt.timedelta(days=400)
    else:
        max_age = 30
    again = _problems(passing_copy, tmp_path, today, max_age)
    assert checks == [1]
    if change == "cited file":
        assert again[THREAT_MODEL]  # and the new problem is found


def test_a_damaged_entry_is_not_used(
    passing_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _problems(passing_copy, tmp_path)
    damaged = 0
    for entry in (tmp_path / content.CACHE_NAMESPACE).rglob("*.json"):
        stored = json.loads(entry.read_text(encoding="utf-8"))
        found = stored.get("value", {}).get("problems")
        if isinstance(found, dict):  # the whole set's entry: right files, wrong answers
            stored["value"]["problems"] = {ref: "nonsense" for ref in found}
            entry.write_text(json.dumps(stored), encoding="utf-8")
            damaged += 1
    assert damaged == 1
    checks = _counted_checks(monkeypatch)
    assert _problems(passing_copy, tmp_path) == first
    assert checks == [1]
