"""Renovate's JSON5 configuration (renovate.json5) is read as what it claims to be: the
JSON5 Renovate users write parses, a disabled or broken one is a finding, and the reader
stays linear on a large hostile file (pull-request mode: the contributor writes it)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ai_security_gate.evidence.json5_subset import Json5Error, loads_json5
from ai_security_gate.evidence.update_configs import update_config_problems

# what renovate.json5 files in the wild look like: comments, unquoted keys, single quotes,
# trailing commas
TYPICAL = """// Renovate: dependency updates for this repository
{
  $schema: 'https://docs.renovatebot.com/renovate-schema.json',
  extends: [
    'config:recommended', // the preset
    ':semanticCommits',
  ],
  /* group the ML stack
     so upgrades land together */
  packageRules: [
    {
      matchPackageNames: ['torch', "transformers", 'it\\'s "quoted"'],
      groupName: 'ml stack',
      minimumReleaseAge: '3 days',
      prPriority: +5,
      weight: .5,
      mask: 0xFF,
    },
  ],
  prConcurrentLimit: 10,
}
"""


def test_typical_renovate_json5_reads_as_json5():
    doc = loads_json5(TYPICAL)
    assert doc["$schema"].startswith("https://docs.renovatebot.com/")
    assert doc["extends"] == ["config:recommended", ":semanticCommits"]
    rule = doc["packageRules"][0]
    assert rule["matchPackageNames"] == ["torch", "transformers", 'it\'s "quoted"']
    assert (rule["prPriority"], rule["weight"], rule["mask"]) == (5, 0.5, 255)
    assert doc["prConcurrentLimit"] == 10


@pytest.mark.parametrize(
    "text",
    [
        "{a: 1,,}",  # two commas
        "{a: b}",  # an unquoted word as a value
        "{a: 'never closed}",
        "{a: 1 /* never closed",
        "{a: 1",
        "{a: 0x}",
        "{a: @}",
    ],
)
def test_not_json5_is_an_error_with_its_line(text):
    with pytest.raises(ValueError):
        loads_json5(text)


def test_error_names_the_line():
    with pytest.raises(Json5Error, match="line 3"):
        loads_json5("{\n  a: 1,\n  b: 'oops\n}")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["renovate.json5", ".renovaterc.json5", ".github/renovate.json5"])
def test_renovate_json5_counts_as_update_automation(tmp_path, name):
    assert update_config_problems(write(tmp_path / name, TYPICAL), name) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{\n  // off for now\n  enabled: false,\n}", "turns Renovate off"),
        ("{\n  extends: ['config:recommended'\n", "not valid JSON5"),
        ("['config:recommended']", "is not a Renovate configuration"),
        ("", "not valid JSON5"),
    ],
)
def test_disabled_or_broken_renovate_json5_is_a_finding(tmp_path, text, expected):
    # before, any file starting with "{" passed as renovate.json5
    (p,) = update_config_problems(write(tmp_path / "renovate.json5", text), "renovate.json5")
    assert p["kind"] == "update_config_invalid" and expected in p["message"], p


def test_same_answer_as_json_on_plain_json():
    doc = {"a": [1, 2.5, -3e2, True, None, "x\"y'z"], "b": {"c": "d/e // not a comment"}}
    assert loads_json5(json.dumps(doc)) == doc


def test_large_file_reads_in_linear_time():
    """The PyPI json5 package took over a minute on this shape at 800 KB; the reader must
    stay in the range of the standard JSON parser (a generous ratio, never a timed bound)."""
    small = "{\n" + "".join(f"  // c\n  k{i}: ['a{i}', 1,],\n" for i in range(500)) + "}"
    large = "{\n" + "".join(f"  // c\n  k{i}: ['a{i}', 1,],\n" for i in range(5_000)) + "}"

    def cost(text: str) -> float:
        start = time.process_time()  # CPU time: other processes on the machine do not count
        loads_json5(text)
        return time.process_time() - start

    best_small = min(cost(small) for _ in range(3))
    best_large = min(cost(large) for _ in range(3))
    assert best_large < best_small * 40  # 10x the input: linear is ~10x, quadratic ~100x


def test_json5_escapes_json_lacks():
    assert loads_json5(r"""{a: 'x\x41\v', b: "it\'s", c: 'say "hi"'}""") == {
        "a": "xA\x0b",
        "b": "it's",
        "c": 'say "hi"',
    }
