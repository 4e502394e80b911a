"""Where a manifest node ends (issue 13): the loader keeps end positions beside the starts, and
SARIF, GitHub annotations and GitLab give the span, checked against the manifest's own text
and the official SARIF 2.1.0 schema."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ai_security_gate.cli import main
from ai_security_gate.loader import load_manifest
from conftest import EXAMPLES, TODAY
from test_reporters_sarif import assert_valid_sarif, run_of

TEXT = """\
version: 1
system:
  name: "demo"   # a comment is not part of the value
  tags: [a, b]
models:
  - name: m
    revision: abc123
    note: |
      line one
      line two
    other: {x: 1}
  - &anchored
    name: n
  - *anchored
empty: {}
last: 5
"""


def spans(tmp_path: Path) -> dict[tuple[str | int, ...], tuple[int, int, int, int]]:
    path = tmp_path / "ai-security.yaml"
    path.write_text(TEXT, encoding="utf-8")
    source_map = load_manifest(path).source_map
    out = {}
    for p in [
        ("version",),
        ("system", "name"),
        ("system", "tags"),
        ("system",),
        ("models", 0),
        ("models", 0, "note"),
        ("models", 0, "other"),
        ("models", 2),
        ("empty",),
        ("models", 0, "missing"),
    ]:
        loc = source_map.locate(p)
        out[p] = (loc.line, loc.column, loc.end_line, loc.end_column)
    return out


def test_the_loader_keeps_where_each_node_ends(tmp_path):
    got = spans(tmp_path)
    # `key: value` from the key to the value's last character (SARIF's exclusive end column)
    assert got[("version",)] == (1, 1, 1, 11)
    assert got[("system", "name")] == (3, 3, 3, 15)  # the comment after it is left out
    assert got[("system", "tags")] == (4, 3, 4, 15)  # a flow list ends at its bracket
    assert got[("empty",)] == (15, 1, 15, 10)
    assert got[("models", 0, "other")] == (11, 5, 11, 18)
    # a block mapping ends with its last value, not where the parser sees the next key
    assert got[("system",)] == (2, 1, 4, 15)
    assert got[("models", 0)] == (6, 5, 11, 18)
    # a block scalar ends with its last line (the parser's mark is after its line break)
    assert got[("models", 0, "note")] == (8, 5, 10, 0)
    # an alias is where '*name' stands, not where its anchor was
    assert got[("models", 2)] == (14, 5, 14, 14)
    # a missing key: its nearest ancestor, with that node's span
    assert got[("models", 0, "missing")] == got[("models", 0)]


def _check(fmt: str, tmp_path: Path) -> str:
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(
        main, ["check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", f"{fmt}:{out}"]
    )
    assert result.exit_code == 1, result.output
    return out.read_text(encoding="utf-8")


def test_sarif_regions_span_the_value_the_finding_names(tmp_path):
    doc = assert_valid_sarif(_check("sarif", tmp_path))
    lines = (EXAMPLES / "failing" / "ai-security.yaml").read_text(encoding="utf-8").splitlines()
    spanned = 0
    for r in run_of(doc)["results"]:
        physical = r["locations"][0]["physicalLocation"]
        region = physical["region"]
        assert region["endLine"] == region["startLine"]  # GitHub anchors at the end line
        if "endColumn" not in region:
            continue
        spanned += 1
        text = lines[region["startLine"] - 1][region["startColumn"] - 1 : region["endColumn"] - 1]
        assert text.strip() == text and text, (r["message"]["text"], text)
        assert "#" not in text or '"' in text or "'" in text  # a trailing comment is left out
        path = r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        key = path.rsplit(".", 1)[-1].split("[")[0]
        line = lines[region["startLine"] - 1]
        if not path.endswith("]") and f"{key}:" in line:  # else a missing key's ancestor
            assert text.startswith(f"{key}:"), (path, text)
        context = physical.get("contextRegion")
        assert context is None, "a one-line node has no context region"
    assert spanned > 20
    multi = [
        r["locations"][0]["physicalLocation"]
        for r in run_of(doc)["results"]
        if "contextRegion" in r["locations"][0]["physicalLocation"]
    ]
    assert multi, "findings on whole entries carry the entry as their context region"
    for physical in multi:
        region, context = physical["region"], physical["contextRegion"]
        assert context["startLine"] == region["startLine"] < context["endLine"] <= len(lines)
        assert "endColumn" not in region  # its first line, to the end


def test_github_annotations_and_gitlab_give_the_span(tmp_path):
    annotations = _check("github", tmp_path).splitlines()
    spanned = [a for a in annotations if ",endColumn=" in a]
    assert spanned
    for a in spanned:
        props = dict(p.split("=", 1) for p in a.split("::")[1].split(" ", 1)[1].split(","))
        assert props["endLine"] == props["line"]  # GitHub reads columns within one line only
        assert int(props["endColumn"]) > int(props["col"])
    issues = json.loads(_check("gitlab", tmp_path))
    assert all(i["location"]["lines"]["end"] >= i["location"]["lines"]["begin"] for i in issues)
    assert any(i["location"]["lines"]["end"] > i["location"]["lines"]["begin"] for i in issues)


def test_json_locations_carry_the_end(tmp_path):
    report = json.loads(_check("json", tmp_path))
    located = [f["location"] for p in report["provisions"] for f in p["findings"]]
    assert located
    assert all(loc["end_line"] >= loc["line"] for loc in located if loc["end_line"])
    one_line = [loc for loc in located if loc["end_line"] == loc["line"] and loc["end_column"]]
    assert one_line and all(loc["end_column"] > loc["column"] for loc in one_line)
