"""The rule index reads each reporting rule's `# METADATA` as OPA does: found at the rule's
line from the engine's parser, parsed as YAML. Reformatting a policy changes nothing; a rule
without valid metadata is a load error naming file:line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ai_security_gate import policies
from ai_security_gate.catalog import load_catalog
from ai_security_gate.cli import main
from ai_security_gate.rego_ast import parse_modules
from ai_security_gate.resources import data_dir
from conftest import EXAMPLES, TODAY

SHIPPED = data_dir("policies")
RULE = (
    "violations contains v if {\n"
    "\tnot input.manifest.system.owner.email\n"
    '\tv := {"provision": "5.2.4-1", "rule": "owner_email", "message": "m", "path": ["system"]}\n'
    "}\n"
)
GOOD_META = (
    "# METADATA\n# title: Owner email\n# description: The owner has an email address.\n"
    '# custom:\n#   provision: ["5.2.4-1"]\n#   rule: owner_email\n'
)
HEAD = "package ai_security.org\n\nimport rego.v1\n\n"  # the rule starts on line 5


def _check(tmp_path: Path, policy: str) -> tuple[int, str]:
    extra = tmp_path / "org-policies"
    extra.mkdir(exist_ok=True)
    (extra / "org.rego").write_text(policy, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(EXAMPLES / "passing"), "--today", TODAY, "-p", str(extra)]
    )
    return result.exit_code, result.output


def test_every_reporting_rule_of_the_shipped_policies_is_indexed():
    policy_set = policies.load_policies()
    entries = policy_set.index.entries
    reporting = [
        (m.name, r.line)
        for m in policy_set.parsed
        for r in m.rules
        if r.name in ("violations", "notices", "met") and r.head == "Set"
    ]
    assert len(reporting) >= 150
    assert sorted((e.file, e.line) for e in entries) == sorted(reporting)
    known = {p.id for p in load_catalog()}
    for e in entries:
        assert e.title and e.description, e.where
        assert set(e.provisions) <= known, e.where
        assert e.provisions or e.kind == "notices" or e.provision_from == "attestation", e.where


def test_a_user_rule_with_metadata_is_accepted(tmp_path):
    code, output = _check(tmp_path, HEAD + GOOD_META + RULE)
    assert code == 0, output  # loaded, and silent: the example's owner has an email
    assert "error" not in output


@pytest.mark.parametrize(
    ("meta", "line", "needle"),
    [
        ("", 5, "no `# METADATA` block directly above it"),
        ("# a plain comment\n", 6, "no `# METADATA` block directly above it"),
        (GOOD_META + "\n", 12, "no `# METADATA` block directly above it"),  # a blank line
        (GOOD_META.replace("# ", "  # "), 11, "no `# METADATA`"),  # not in column 1
        ("# METADATA\n# title: [unclosed\n", 6, "not valid YAML"),
        ("# METADATA\n# title: T\n# description: D\n", 5, "`custom` must be a mapping"),
        (GOOD_META.replace("# title: Owner email\n", ""), 5, "`title` must be a non-empty"),
        (GOOD_META.replace('["5.2.4-1"]', "[]"), 5, "`custom.provision` must list"),
        (GOOD_META.replace('["5.2.4-1"]', '"5.2.4-1"'), 5, "`custom.provision` must list"),
        (GOOD_META.replace("rule: owner_email", "rule: Owner Email"), 5, "`custom.rule`"),
        (GOOD_META.replace("rule: owner_email", "rule: other"), 11, "says rule 'owner_email'"),
        (GOOD_META.replace('["5.2.4-1"]', '["5.2.4-2"]'), 11, "reports provision '5.2.4-1'"),
        # OPA refuses a repeated key; PyYAML alone would keep the last one
        (GOOD_META + "# title: Another\n", 11, "the key 'title' is repeated"),
        # rego.metadata.rule() does not read a document-scoped block for the body under it
        (GOOD_META.replace("# METADATA\n", "# METADATA\n# scope: document\n"), 5, "`scope: "),
        # OPA attaches the first block across the blank line; the index would read the second
        (GOOD_META + "\n" + GOOD_META, 5, "2 `# METADATA` blocks above the rule at line 18"),
    ],
)
def test_missing_or_invalid_metadata_is_a_load_error_naming_file_and_line(
    tmp_path, meta, line, needle
):
    code, output = _check(tmp_path, HEAD + meta + RULE)
    assert code == 2, output
    assert f"org-policies/org.rego:{line}" in output
    assert needle in output
    assert "Traceback" not in output


def test_a_plain_comment_above_the_block_is_not_part_of_it(tmp_path):
    # OPA's block starts at `# METADATA`: the comment lines before it are the author's
    code, output = _check(tmp_path, HEAD + "# Owners are reachable.\n" + GOOD_META + RULE)
    assert code == 0, output


def test_each_body_of_a_rule_needs_its_own_block(tmp_path):
    # annotations are per rule body in OPA: the first body's block says nothing of the second
    second = RULE.replace("not input.manifest.system.owner.email", 'input.manifest.x == "y"')
    code, output = _check(tmp_path, HEAD + GOOD_META + RULE + "\n" + second)
    assert code == 2, output
    assert "org-policies/org.rego:16: `violations contains ...` has no `# METADATA`" in output
    code, output = _check(tmp_path, HEAD + GOOD_META + RULE + "\n" + GOOD_META + second)
    assert code == 0, output


FINDING = '{"provision": "5.2.4-1", "rule": "owner_email", "what": "w", "path": ["system"]}'


@pytest.mark.parametrize(
    ("policy", "name"),
    [
        (f"met := {{{FINDING}}}\n", "met"),  # a whole-set value: earns a pass, no block
        (f"default met := {{{FINDING}}}\n", "met"),
        (GOOD_META + f"extra.met contains m if {{\n\tm := {FINDING}\n}}\n", "extra.met"),
        (f'violations["x"] := {FINDING}\n', "violations.x"),
    ],
)
def test_findings_reported_outside_the_index_are_refused(tmp_path, policy, name):
    """The engine reads a `met`/`violations`/`notices` set wherever it sits in the data tree;
    only `KIND contains x if {...}` at the top of a package carries a block per body."""
    code, output = _check(tmp_path, HEAD + policy)
    assert code == 2, output
    line = 11 if policy.startswith(GOOD_META) else 5
    assert (
        f"org-policies/org.rego:{line}: `{name}` reports findings outside the rule index" in output
    )
    assert "Traceback" not in output


def test_helper_functions_and_other_rules_may_use_any_name(tmp_path):
    helpers = 'owner_ok(m) := m.system.owner.email != ""\n\nmet_threshold := 3\n\n'
    code, output = _check(tmp_path, HEAD + helpers + GOOD_META + RULE)
    assert code == 0, output


MET_META = GOOD_META.replace("owner_email", "owner_named")
COMPUTED = (
    "met contains m if {{\n"
    '\tp := concat("", [{parts}])\n'
    '\tm := {{"provision": p, "rule": "owner_named", "what": "w", "path": ["system"]}}\n'
    "}}\n"
)


def test_a_met_record_for_a_provision_its_block_does_not_list_is_refused(tmp_path):
    """A body may compute its provision (several listed ones); it may not earn a pass for a
    provision its METADATA does not list: coverage and the docs would never show it."""
    code, output = _check(tmp_path, HEAD + MET_META + COMPUTED.format(parts='"5.1.3", "-1"'))
    assert code == 2, output
    assert "policy rule org.owner_named reported `met` for 5.1.3-1" in output
    assert "custom.provision lists ['5.2.4-1']" in output
    code, output = _check(tmp_path, HEAD + MET_META + COMPUTED.format(parts='"5.2.4", "-1"'))
    assert code == 0, output


def test_a_rule_id_computed_at_run_time_is_refused(tmp_path):
    finding = '\tr := concat("", ["owner", "_named"])\n\tm := {"provision": "5.2.4-1", "rule": r}\n'
    code, output = _check(tmp_path, HEAD + MET_META + "met contains m if {\n" + finding + "}\n")
    assert code == 2, output
    assert "org-policies/org.rego:11: the finding's `rule` must be a string literal" in output


def test_a_met_record_built_without_a_literal_is_held_to_its_block_at_run_time(tmp_path):
    built = '\tm := object.union({"provision": "5.1.3-1"}, {"rule": "owner_named"})\n'
    code, output = _check(tmp_path, HEAD + MET_META + "met contains m if {\n" + built + "}\n")
    assert code == 2, output
    assert "policy rule org.owner_named reported `met` for 5.1.3-1" in output


def test_a_notice_serves_no_provision(tmp_path):
    notice = RULE.replace("violations", "notices").replace('"provision": "5.2.4-1", ', "")
    code, output = _check(tmp_path, HEAD + GOOD_META + notice)
    assert code == 2 and "a notice serves no provision" in output
    meta = GOOD_META.replace('#   provision: ["5.2.4-1"]\n', "")
    code, output = _check(tmp_path, HEAD + meta + notice)
    assert code == 0, output


# --- reformatting a policy changes nothing ---------------------------------------------------


def _reformatted(source: str) -> str:
    """The same module with its rules in reverse order (each with the comment block above
    it), bodies indented with four spaces instead of a tab, and a blank line after each
    opening brace. Rule order and layout mean nothing in Rego."""
    module = parse_modules([("m.rego", source)])[0]
    lines = source.split("\n")
    chunks = []
    for rule in module.rules:
        start = rule.line - 1
        while start > 0 and lines[start - 1].startswith("#"):
            start -= 1
        chunks.append((start, rule.end_line))
    chunks.sort()
    pieces, gaps, at = [], [], 0
    for start, end in chunks:
        gaps.append(lines[at:start])
        pieces.append(lines[start:end])
        at = end
    tail = lines[at:]
    out: list[str] = []
    for gap, piece in zip(gaps, reversed(pieces), strict=True):
        out += [*gap, "", *piece, ""]
    out += tail
    layout = []
    for line in out:
        stripped = line.lstrip("\t")
        layout.append("    " * (len(line) - len(stripped)) + stripped)
        if line.rstrip().endswith("{") and not line.startswith("#"):
            layout.append("")
    return "\n".join(layout)


@pytest.fixture(scope="module")
def reformatted_policies(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("reformatted") / "policies"
    shutil.copytree(SHIPPED, root)
    changed = 0
    for path in sorted(root.rglob("*.rego")):
        source = path.read_text(encoding="utf-8")
        new = _reformatted(source)
        changed += new != source
        path.write_text(new, encoding="utf-8")
    assert changed >= 20  # the test must reformat something to prove anything
    return root


def _report(example: str) -> dict:
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(EXAMPLES / example),
            "--today",
            TODAY,
            "--offline",
            "--no-cache",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == {"passing": 0, "failing": 1}[example], result.output
    report = json.loads(result.output)
    report.get("run", {}).pop("policy_digest", None)  # a digest of the files' bytes: it moves
    return report


def test_reformatting_every_policy_changes_no_status_and_no_coverage(
    reformatted_policies, monkeypatch
):
    before_index = policies.load_policies().index
    before = {e: _report(e) for e in ("passing", "failing")}
    monkeypatch.setattr(policies, "data_dir", lambda name: reformatted_policies)
    after_set = policies.load_policies()
    shipped = {p.read_text(encoding="utf-8") for p in SHIPPED.rglob("*.rego")}
    assert sum(m.source not in shipped for m in after_set.modules) >= 20
    assert after_set.index.covered() == before_index.covered()

    def facts(index):
        return sorted(
            (e.rule_id, e.kind, e.provisions, e.title, e.description) for e in index.entries
        )

    assert facts(after_set.index) == facts(before_index)
    lines_moved = {(e.file, e.line) for e in after_set.index.entries} != {
        (e.file, e.line) for e in before_index.entries
    }
    assert lines_moved
    for example, report in before.items():
        assert _report(example) == report, example
