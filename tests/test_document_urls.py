"""A model card on a model hub or a user guide published elsewhere may be cited by URL, when
the URL is pinned to an immutable revision; nothing is downloaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import TODAY

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def check(repo: Path, card: str, guide: str) -> dict:
    (repo / "ai-security.yaml").write_text(
        "version: 1\nsystem:\n  name: x\n  roles: [developer, system_operator]\n"
        "models:\n  - name: m\n    uri: https://huggingface.co/o/m\n"
        f"    revision: {COMMIT}\n    model_card: {card}\n"
        f"end_users:\n  documentation: {guide}\n"
    )
    result = CliRunner().invoke(main, ["check", str(repo), "--today", TODAY, "-f", "json"])
    return json.loads(result.output)


def findings(report: dict, provision: str) -> list[str]:
    return [
        f["message"] for p in report["provisions"] if p["id"] == provision for f in p["findings"]
    ]


@pytest.mark.parametrize(
    ("card", "guide"),
    [
        ("https://huggingface.co/o/m/blob/main/README.md", "https://docs.example.org/guide"),
        ("https://huggingface.co/o/m", "https://docs.example.org/latest/guide?version=latest"),
    ],
)
def test_an_unpinned_document_url_is_a_finding(tmp_path: Path, card: str, guide: str):
    report = check(tmp_path, card, guide)
    assert report["manifest_findings"] == []  # a URL is a valid way to cite them
    assert any(
        card in m and "cannot change after review" in m for m in findings(report, "5.2.4-1.1")
    )
    assert any(guide in m and "cannot change" in m for m in findings(report, "5.3.1-2"))
    everything = [f["message"] for p in report["provisions"] for f in p["findings"]]
    assert not any(card in m and "does not exist" in m for m in everything)  # never a path


def test_a_pinned_document_url_is_accepted(tmp_path: Path):
    card = f"https://huggingface.co/o/m/blob/{COMMIT}/README.md"
    # pins are an allow-list of immutable forms (docs/security.md): `?version=3.2` names a
    # release that can be re-published, a commit id cannot
    guide = f"https://docs.example.org/guide?version={COMMIT}"
    report = check(tmp_path, card, guide)
    assert report["manifest_findings"] == []
    everything = [f["message"] for p in report["provisions"] for f in p["findings"]]
    assert not any(card in m or guide in m for m in everything)
