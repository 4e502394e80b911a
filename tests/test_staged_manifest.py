"""A large manifest is handed to the evaluating child ahead of the rest of its input
(pipeline._stage, preload.Forked.stage, RegorusEngine.stage_manifest): the results are
those of one input holding everything, and a manifest the input no longer matches (a value
the schema rejected is left out of it) is sent whole. The real pipeline, the real forked
regorus child, real fork for the split."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from ai_security_gate import pipeline, preload
from ai_security_gate.engines import split
from ai_security_gate.engines.regorus_engine import RegorusEngine
from ai_security_gate.errors import GateError
from ai_security_gate.policies import load_policies
from ai_security_gate.reporters import ReportOptions
from ai_security_gate.reporters.json_report import render
from conftest import EXAMPLES, TODAY

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the child is forked")
EVALUATE_JSON = preload.Forked.evaluate_json


def _report(repo: Path, monkeypatch: pytest.MonkeyPatch, stage: bool) -> tuple[str, list[bool]]:
    """The JSON report, and for each evaluation whether it read a staged manifest."""
    monkeypatch.setattr(pipeline, "STAGE_MIN_CHARS", 0 if stage else 1 << 40)
    seen: list[bool] = []

    def recorded(self: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(bool(kwargs.get("staged")))
        return EVALUATE_JSON(self, *args, **kwargs)

    monkeypatch.setattr(preload.Forked, "evaluate_json", recorded)
    options = pipeline.CheckOptions(
        repo=repo, today=dt.date.fromisoformat(TODAY), offline=True, use_cache=False
    )
    decided = pipeline.run_check(options)
    report = json.loads(render(decided, ReportOptions()))
    report.pop("run", None)  # when it ran
    return json.dumps(report, sort_keys=True), seen


@pytest.mark.parametrize("example", ["passing", "failing"])
def test_a_staged_manifest_gives_the_results_of_a_whole_input(
    example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / example
    shutil.copytree(EXAMPLES / example, repo)
    whole, seen_whole = _report(repo, monkeypatch, stage=False)
    staged, seen_staged = _report(repo, monkeypatch, stage=True)
    assert seen_whole == [False] and seen_staged == [True]  # both ways ran
    assert staged == whole


def test_a_manifest_the_input_no_longer_matches_is_sent_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a date the schema rejects for its format is left out of the engine's input
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", repo)
    manifest = repo / "ai-security.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "last_reviewed: 2026-09-20" in text
    manifest.write_text(text.replace("last_reviewed: 2026-09-20", "last_reviewed: 2026-13-45"))
    whole, _ = _report(repo, monkeypatch, stage=False)
    staged, seen = _report(repo, monkeypatch, stage=True)
    assert seen == [False]
    assert staged == whole
    assert "2026-13-45" in staged  # the schema's finding


def _engine() -> RegorusEngine:
    policies = load_policies()
    engine = RegorusEngine()
    engine.load(policies.sources(), policies.data())
    return engine


def _input(models: int) -> dict[str, Any]:
    from ai_security_gate.loader import load_manifest

    manifest = load_manifest(EXAMPLES / "passing" / "ai-security.yaml").data
    first = manifest["models"][0]
    for i in range(models):
        model = dict(first, name=f"adapter-{i}")
        if i % 7 == 0:
            model.pop("version", None)  # findings to compare
        manifest["models"].append(model)
    return {"manifest": manifest, "evidence": {}, "config": {"today": TODAY}}


def _staged(engine: RegorusEngine, doc: dict[str, Any]) -> Any:
    engine.stage_manifest(json.dumps(doc["manifest"]))
    rest = {k: v for k, v in doc.items() if k != "manifest"}
    return engine.evaluate_halves(json.dumps(rest), staged=True).values()


def test_the_engine_reads_a_staged_manifest_as_its_input_s_own_split_or_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = _input(120)
    whole = _engine().evaluate_halves(json.dumps(doc)).values()
    assert any(v[1] == "model_version" for records in whole for v in records[0])
    for workers in (1, 2):  # the split's second process reads the staged manifest too
        monkeypatch.setattr(split, "workers", lambda n=workers: n)
        assert _staged(_engine(), doc) == whole


def test_a_second_staged_manifest_replaces_the_first() -> None:
    engine = _engine()
    first, second = _input(3), _input(30)
    _staged(engine, first)
    assert _staged(engine, second) == _engine().evaluate_halves(json.dumps(second)).values()
    # and an evaluation of a whole input after it reads its own manifest
    assert engine.evaluate_halves(json.dumps(first)).values() == (
        _engine().evaluate_halves(json.dumps(first)).values()
    )


def test_a_staged_evaluation_without_a_staged_manifest_is_an_error() -> None:
    with pytest.raises(GateError, match="lost the manifest"):
        _engine().evaluate_halves(json.dumps({"evidence": {}, "config": {}}), staged=True)


def test_a_staged_evaluation_that_does_not_see_the_manifest_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # were the manifest not where the rules read it, the evaluation would judge an empty
    # manifest: with nothing staged where the query looks, the query has no result (an
    # error); a `with` regorus binds but does not apply inside the query's comprehensions
    # is what the probe in each staged query catches (not something this engine does here)
    from ai_security_gate.engines import regorus_engine

    engine = _engine()
    doc = _input(3)
    engine.stage_manifest(json.dumps(doc["manifest"]))
    monkeypatch.setattr(regorus_engine, "STAGED", "nothing_staged_here")
    rest = {k: v for k, v in doc.items() if k != "manifest"}
    with pytest.raises(GateError, match=r"did not read the manifest|returned 0 results"):
        engine.evaluate_halves(json.dumps(rest), staged=True).values()
