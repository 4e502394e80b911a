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
