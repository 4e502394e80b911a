"""Real OPA reads the same annotations as the rule index. Each reporting rule of the shipped
policies is replaced, under its own METADATA block, by a probe rule that returns
`rego.metadata.rule()` on OPA (in-process, v1.20.2); what OPA returns for each rule must be
what the index read: title, description, custom.

Test-only: skipped with the reason where the OPA bindings cannot be installed."""

from __future__ import annotations

import pytest

from ai_security_gate.policies import load_policies

try:
    from opa_bindings import OpaEngine

    OpaEngine().close()
except Exception as exc:  # not installed, or its native library does not load here
    pytest.skip(
        f"real OPA in-process is not available ({type(exc).__name__}: {exc})",
        allow_module_level=True,
    )

PROBE = "annotation_probe"


def _probed(name: str, source: str, rules: list[tuple[int, int]]) -> str:
    """The module with each (line, end_line) rule replaced by a probe rule reporting the
    annotation OPA attaches to it, keyed by the rule's file and original line."""
    lines = source.split("\n")
    for line, end in sorted(rules, reverse=True):
        lines[line - 1 : end] = [
            f'{PROBE} contains {{"at": "{name}:{line}", "meta": m}} if {{',
            "\tm := rego.metadata.rule()",
            "}",
        ]
    return "\n".join(lines)


def test_opa_reads_the_same_annotations_as_the_rule_index():
    policy_set = load_policies()
    by_file: dict[str, list] = {}
    for e in policy_set.index.entries:
        by_file.setdefault(e.file, []).append(e)
    engine = OpaEngine()
    try:
        for m in policy_set.modules:
            rules = [(e.line, e.end_line) for e in by_file.get(m.name, [])]
            engine.add_policy(m.name, _probed(m.name, m.source, rules))
        seen = 0
        for package in sorted({e.package for e in policy_set.index.entries}):
            probes = engine.eval_document(f"{package}.{PROBE}", {})
            expected = {e.where: e for e in policy_set.index.entries if e.package == package}
            assert sorted(p["at"] for p in probes) == sorted(expected), package
            for probe in probes:
                e, meta = expected[probe["at"]], probe["meta"]
                assert meta.get("title") == e.title, e.where
                assert meta.get("description") == e.description, e.where
                assert meta.get("custom", {}).get("rule") == e.rule, e.where
                declared = meta.get("custom", {}).get("provision", [])
                if e.provision_from:  # "attestation" or "schema": resolved at run time
                    assert declared == e.provision_from, e.where
                else:
                    assert tuple(declared) == e.provisions, e.where
                seen += 1
        assert seen == len(policy_set.index.entries) and seen >= 150
    finally:
        engine.close()


def _opa_rule_metadata(blocks: list[str]) -> list[dict]:
    """What rego.metadata.rule() returns in each body of a rule whose bodies carry `blocks`."""
    body = 'probe contains {{"body": {n}, "meta": m}} if {{\n\tm := rego.metadata.rule()\n}}\n'
    source = "package t\n\nimport rego.v1\n\n" + "\n".join(
        block + body.format(n=n) for n, block in enumerate(blocks)
    )
    engine = OpaEngine()
    try:
        engine.add_policy("t.rego", source)
        found = engine.eval_document("t.probe", {})
    finally:
        engine.close()
    return [p["meta"] for p in sorted(found, key=lambda p: p["body"])]


def test_opa_annotations_are_per_body_and_rule_scoped():
    """The OPA behaviour the rule index follows: a block describes the one body under it (so
    the index refuses a body without its own), and a document-scoped block is not what
    rego.metadata.rule() reads (so the index refuses `scope:`)."""
    block = "# METADATA\n# title: First\n"
    first, second = _opa_rule_metadata([block, ""])
    assert first.get("title") == "First" and second == {}
    (doc,) = _opa_rule_metadata([block.replace("METADATA\n", "METADATA\n# scope: document\n")])
    assert doc == {}


def test_opa_reads_the_first_of_two_blocks_above_a_body():
    """Why the index refuses two blocks above one body: OPA reads the first, even across a
    blank line, where the block directly above would be the natural reading."""
    (meta,) = _opa_rule_metadata(["# METADATA\n# title: A\n\n# METADATA\n# title: B\n"])
    assert meta.get("title") == "A"
