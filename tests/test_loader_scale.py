"""The event-driven loader gives what PyYAML's composer gives (values and positions), fits
10,000 models within its default limits, and still refuses what it refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from ai_security_gate import loader
from ai_security_gate.errors import GateError
from ai_security_gate.loader import LoadLimits, load_manifest

ROOT = Path(__file__).resolve().parent.parent
MANIFESTS = [
    ROOT / "examples" / "passing" / "ai-security.yaml",
    ROOT / "examples" / "failing" / "ai-security.yaml",
]

SCALARS = """\
version: 1
plain: text
quoted: "yes"
single: 'no'
bools: [yes, No, on, OFF, true, False, y, n]
nulls: [~, null, Null, '']
empty:
ints: [0, -7, 0o17, 017, 0x1f, 1_000, +3, 0b101]
floats: [1.5, -0.5, 1e3, 6.02e+23, 1_0.5]
date: 2026-01-31
stamp: 2026-01-31T10:00:00Z
bad_date: 2026-02-30
tagged: [!!str 12, !!int "12", !!float "1", ! 12]
block: |
  two
  lines
folded: >-
  one
  line
keys: {1: a, false: b, 2026-01-31: c, 1.5: d}
anchors: {a: &x [1, {b: 2}], b: *x, c: &s text, d: *s}
nested: [[a, [b, [c]]], {k: {k: {k: v}}}]
"""


def _reference(text: str) -> Any:
    """PyYAML's safe_load, with dates as ISO text and keys as text (what the loader does)."""

    def norm(v: Any) -> Any:
        if isinstance(v, dict):
            return {_key(k): norm(x) for k, x in v.items()}
        if isinstance(v, list):
            return [norm(x) for x in v]
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        return v

    def _key(k: Any) -> str:
        if isinstance(k, bool):
            return "true" if k else "false"
        if isinstance(k, (dt.date, dt.datetime)):
            return k.isoformat()
        return str(k)

    class Loader(yaml.SafeLoader):
        pass

    # 2026-02-30 is no date: the loader keeps it as text, safe_load raises
    def timestamp(self: Any, node: Any) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(self, node)
        except ValueError:
            return node.value

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return norm(yaml.load(text, Loader=Loader))


def _expected_positions(text: str) -> dict[tuple[Any, ...], tuple[int, int]]:
    """The old loader's source map: every path -> its node's start, or for a mapping value
    its key's start, from PyYAML's composed node graph."""
    out: dict[tuple[Any, ...], tuple[int, int]] = {}

    def walk(node: Any, path: tuple[Any, ...], mark: Any) -> None:
        out.setdefault(path, (mark.line + 1, mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = yaml.SafeLoader("").construct_object(k)
                key = (
                    ("true" if key else "false")
                    if isinstance(key, bool)
                    else (key.isoformat() if isinstance(key, dt.date) else str(key))
                )
                walk(v, (*path, key), k.start_mark)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, (*path, i), v.start_mark)

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    walk(root, (), root.start_mark)
    return out


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.parent.name)
def test_values_and_positions_match_pyyaml_on_shipped_manifests(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    loaded = load_manifest(path)
    assert loaded.data == _reference(text)
    expected = _expected_positions(text)
    assert len(expected) > 20
    for json_path, (line, column) in expected.items():
        where = loaded.source_map.locate(json_path)
        assert (where.line, where.column) == (line, column), json_path


def test_values_and_positions_match_pyyaml_on_tricky_scalars(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(SCALARS, encoding="utf-8")
    loaded = load_manifest(tmp_path / "m.yaml")
    assert loaded.data == _reference(SCALARS)
    assert loaded.data["bools"] == [True, False, True, False, True, False, "y", "n"]
    assert loaded.data["bad_date"] == "2026-02-30"
    assert loaded.data["anchors"]["b"] == [1, {"b": 2}]
    for json_path, (line, column) in _expected_positions(SCALARS).items():
        where = loaded.source_map.locate(json_path)
        assert (where.line, where.column) == (line, column), json_path


def test_missing_paths_point_at_the_nearest_ancestor(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(SCALARS, encoding="utf-8")
    sm = load_manifest(tmp_path / "m.yaml").source_map
    assert sm.locate(("ints", 99)).line == sm.locate(("ints",)).line == 8
    assert sm.locate(("nested", 1, "k", "x", "y")).line == 22
    assert sm.locate(("plain", "deeper")).line == 2
    # a missing top-level section: where it would be added, the file's last line
    assert sm.locate(("nope",)).line == len(SCALARS.splitlines())
    assert sm.locate(("ints", True)).line == 8  # a boolean is not an index


def _generated(n: int) -> str:
    """A manifest of n models, a dataset and a threat each (the bench's shape), as text."""
    models = "".join(
        f"  - name: adapter-{i:05d}\n    version: 1.3.0\n    source: third_party\n"
        f"    uri: https://huggingface.co/example-org/adapter-{i:05d}\n"
        f"    revision: {i:040x}\n    licence: Apache-2.0\n"
        f"    datasets: [corpus-{i:05d}, support-tickets-2025, product-faq]\n"
        f"    model_card: models/helpdesk-llm/README.md\n"
        f"    evaluation: {{report: docs/evaluation/helpdesk-llm-1.3.0.md, date: 2026-09-14}}\n"
        for i in range(n)
    )
    datasets = "".join(
        f"  - name: corpus-{i:05d}\n    origin: https://data.example.com/corpus-{i:05d}\n"
        f"    collected: 2026-02-01\n    custodian: Priya Raman\n    licence: CC-BY-4.0\n"
        f"    personal_data: false\n    classification: public\n    public_source: true\n"
        f"    uri: https://data.example.com/corpus-{i:05d}.jsonl\n    sha256: {i:064x}\n"
        f"    datasheet: docs/data/product-faq.md\n    validation: pipelines/validate_faq.py\n"
        f"    approved_uses: [evaluation]\n"
        for i in range(n)
    )
    threats = "".join(
        f"  - id: G{i}\n    category: supply_chain\n    description: A tampered adapter.\n"
        f"    mitigations: [pinned revision]\n    treatment: mitigate\n    owner: Dana Okafor\n"
        for i in range(n)
    )
    return f"version: 1\nmodels:\n{models}datasets:\n{datasets}threat_model:\n  threats:\n{threats}"


@pytest.mark.slow
def test_ten_thousand_models_fit_the_default_limits(tmp_path: Path) -> None:
    path = tmp_path / "ai-security.yaml"
    path.write_text(_generated(10_000), encoding="utf-8")
    loaded = load_manifest(path, limits=LoadLimits())
    assert len(loaded.data["models"]) == 10_000
    assert loaded.source_map.locate(("datasets", 9_999, "sha256")).line > 200_000


def test_limits_are_configurable_and_still_refuse(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "ai-security.yaml"
    path.write_text(_generated(20), encoding="utf-8")
    assert len(load_manifest(path).data["models"]) == 20
    monkeypatch.setenv("AI_SECURITY_GATE_MANIFEST_MAX_NODES", "500")
    with pytest.raises(GateError, match="more than 500 values"):
        load_manifest(path)
    monkeypatch.setenv("AI_SECURITY_GATE_MANIFEST_MAX_NODES", "lots")
    with pytest.raises(GateError, match="AI_SECURITY_GATE_MANIFEST_MAX_NODES='lots'"):
        load_manifest(path)
    monkeypatch.delenv("AI_SECURITY_GATE_MANIFEST_MAX_NODES")
    with pytest.raises(GateError, match="2 levels"):
        load_manifest(path, limits=LoadLimits(max_depth=2))


def test_a_flood_of_values_is_refused_at_the_node_limit(tmp_path: Path) -> None:
    path = tmp_path / "ai-security.yaml"
    path.write_text("version: 1\nx: [" + "1," * 300_000 + "1]\n", encoding="utf-8")
    with pytest.raises(GateError, match="more than 100000 values"):
        load_manifest(path, limits=LoadLimits(max_nodes=100_000))


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("version: 1\na: *nowhere\n", "has no anchor"),
        ("version: 1\na: &x 1\nb: &x 2\n", "defined twice"),
        ("version: 1\na: &x [1]\n*x : 2\n", "plain value"),
    ],
)
def test_alias_misuse_is_a_clear_error(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "ai-security.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GateError, match=needle):
        load_manifest(path)


def test_alias_expansion_counts_against_its_own_limit(tmp_path: Path) -> None:
    """Ten aliases of a 10-value list: 110 values from aliases, refused at 100."""
    path = tmp_path / "ai-security.yaml"
    refs = ", ".join(["*a"] * 10)
    path.write_text(f"version: 1\na: &a [1,2,3,4,5,6,7,8,9,10]\nb: [{refs}]\n", encoding="utf-8")
    assert len(load_manifest(path).data["b"]) == 10
    with pytest.raises(GateError, match="100 values from aliases"):
        load_manifest(path, limits=LoadLimits(max_alias_nodes=100))
    assert loader.MAX_ALIAS_NODES >= 10_000  # room for the anchors a person writes by hand
