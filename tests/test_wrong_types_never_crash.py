"""A manifest whose values have the wrong type (`prompts:` left empty is null, a list item
that is a number) is a schema finding, never an engine error: the pipeline hides every value
the schema rejects for its type before the policies read it (schema.invalid_format_paths),
and a wrong list item hides its whole list. Real CLI pipeline, real regorus, on the example
manifest with one value replaced at a time, at every mapping and list in it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from ai_security_gate.pipeline import CheckOptions, run_check

EXAMPLE = Path(__file__).parent.parent / "examples" / "passing"
WRONG: list[Any] = [None, 5, [5]]


def _containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every mapping and list below the root (a list: through its first item)."""
    out: list[tuple[Any, ...]] = []
    children = node.items() if isinstance(node, dict) else [(0, node[0])] if node else []
    for key, value in children if isinstance(node, dict | list) else []:
        if isinstance(value, dict | list):
            out += [(*path, key), *_containers(value, (*path, key))]
    return out


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


PATHS = _containers(yaml.safe_load((EXAMPLE / "ai-security.yaml").read_text()))


def _put(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    _at(data, path[:-1])[path[-1]] = value
    return data


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wrong-types") / "repo"
    shutil.copytree(EXAMPLE, out)
    return out


def test_the_example_has_many_places_to_break():
    assert len(PATHS) > 30  # the test below would prove little on a handful


@pytest.mark.slow
def test_a_wrong_type_anywhere_is_a_finding_not_an_engine_error(repo: Path) -> None:
    manifest = repo / "ai-security.yaml"
    crashed = []
    for i, path in enumerate(PATHS):
        wrong = WRONG[i % len(WRONG)]
        data = _put(yaml.safe_load((EXAMPLE / "ai-security.yaml").read_text()), path, wrong)
        manifest.write_text(yaml.safe_dump(data, sort_keys=False))
        try:
            decision = run_check(
                CheckOptions(
                    repo=repo,
                    today=dt.date(2026, 11, 30),
                    offline=True,
                    history=False,
                    use_cache=False,
                    eval_timeout=0,
                )
            )
        except Exception as exc:  # the test collects every crash to show them all
            crashed.append(f"{'.'.join(map(str, path))} = {wrong!r}: {exc}")
            continue
        assert decision.exit_code == 1 and decision.schema_findings, path
    assert not crashed, "\n".join(crashed)
