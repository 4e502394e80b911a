"""The engine's input holds only what policies read: every `input.config` key sent is read
by some policy, and the base branch's waivers go to the decision stage, not the engine."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from typing import Any

from ai_security_gate.engines.regorus_engine import RegorusEngine
from ai_security_gate.pipeline import CheckOptions, run_check
from ai_security_gate.policies import load_policies
from ai_security_gate.rego_ast import ref_text
from conftest import EXAMPLES, TODAY, git


def _refs(node: Any, out: set[str]) -> None:
    """Every dotted reference (a.b.c) anywhere in an AST node."""
    if isinstance(node, dict):
        if set(node) == {"RefDot"}:
            text = ref_text(node)
            if text:
                out.add(text)
        for value in node.values():
            _refs(value, out)
    elif isinstance(node, list):
        for value in node:
            _refs(value, out)


def _read_by_policies() -> set[str]:
    refs: set[str] = set()
    for module in load_policies().parsed:
        for rule in module.rules:
            _refs(list(rule.bodies), refs)
            _refs(rule.assign, refs)
    return refs


def _engine_input(monkeypatch, options: CheckOptions) -> dict[str, Any]:
    """The input the real embedded engine evaluates, recorded on its way in."""
    seen: list[dict[str, Any]] = []
    evaluate = RegorusEngine.evaluate_json

    def recording(self: RegorusEngine, text: str) -> Any:
        seen.append(json.loads(text))  # the JSON text the pipeline hands the engine
        return evaluate(self, text)

    monkeypatch.setattr(RegorusEngine, "evaluate_json", recording)
    # no time limit: with one the engine evaluates in a forked child, whose record is lost
    run_check(dataclasses.replace(options, eval_timeout=0))
    (input_doc,) = seen
    return input_doc


def test_every_config_key_sent_is_read_by_a_policy(monkeypatch):
    options = CheckOptions(repo=EXAMPLES / "passing", today=dt.date.fromisoformat(TODAY))
    sent = set(_engine_input(monkeypatch, options)["config"])
    read = {r.split(".")[2] for r in _read_by_policies() if r.startswith("input.config.")}
    assert sent and read
    assert sent == read, f"sent but read by no policy: {sorted(sent - read)}"


def test_base_waivers_reach_the_decision_not_the_engine(monkeypatch, git_repo):
    shutil.copytree(EXAMPLES / "passing", git_repo, dirs_exist_ok=True)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "base")
    git(git_repo, "checkout", "-q", "-b", "feature")
    options = CheckOptions(
        repo=git_repo, today=dt.date.fromisoformat(TODAY), base_ref="main", offline=True
    )
    facts_git = _engine_input(monkeypatch, options)["evidence"]["git"]
    assert facts_git.get("base_ref") == "main"  # pull-request mode did run
    assert "base_waivers" not in facts_git
