"""Decisions for the reporter tests, built from the real catalogue (no pipeline run), so the
reporters can be tested on every status and on hostile text while the policies grow."""

from __future__ import annotations

from ai_security_gate.catalog import load_catalog
from ai_security_gate.results import Decision, Finding, Location, ProvisionResult, Status

MANIFEST = "ai-security.yaml"

# Text a pull request controls ends up in messages: it must not break any format.
HOSTILE = (
    "model `a|b` <script>alert(1)</script> 50% done, @octocat [x](http://e.x) *bold* "
    "line\nbreak\r::error::injected, key:value \x1b[31mred\x00"
)


def finding(
    provision: str | None,
    message: str,
    path: tuple[str | int, ...],
    line: int,
    column: int = 3,
    source: str = "policy",
    rule: str | None = "ai_security.p08_documentation.deny",
) -> Finding:
    return Finding(
        source=source,
        message=message,
        path=path,
        location=Location(MANIFEST, line, column),
        provision=provision,
        rule=rule if source == "policy" else None,
    )


def sample_decision(fail_on: str = "shall", line_shift: int = 0) -> Decision:
    """One provision in every status, two manifest errors, a hostile message.

    `line_shift` moves every finding down, as an unrelated edit above them would."""
    catalog = load_catalog()
    shall = [p for p in catalog if p.level == "shall"]
    should = [p for p in catalog if p.level == "should"]
    failed_shall, waived, attested, passed, na = shall[0], shall[1], shall[2], shall[3], shall[4]
    failed_should = should[0]
    special = {
        failed_shall.id: ProvisionResult(
            failed_shall,
            Status.FAIL,
            [
                finding(
                    failed_shall.id,
                    "model helpdesk-llm has no model card; add `model_card:`",
                    ("models", 0),
                    40 + line_shift,
                ),
                finding(failed_shall.id, HOSTILE, ("models", 1, "name"), 52 + line_shift),
            ],
        ),
        failed_should.id: ProvisionResult(
            failed_should,
            Status.FAIL,
            [
                finding(
                    failed_should.id,
                    "attestation is 412 days old (dated 2025-10-06)",
                    ("attestations", 3, "date"),
                    200 + line_shift,
                    source="attestation",
                )
            ],
        ),
        waived.id: ProvisionResult(
            waived,
            Status.WAIVED,
            [finding(waived.id, "dataset faq has no datasheet", ("datasets", 1), 80 + line_shift)],
            reason="waived by Dana Okafor until 2027-01-31: datasheet being written",
        ),
        attested.id: ProvisionResult(attested, Status.ATTESTED, reason="declared in attestations"),
        passed.id: ProvisionResult(passed, Status.PASS),
        na.id: ProvisionResult(
            na,
            Status.NOT_APPLICABLE,
            reason="applies to end user; this repository declares developer",
        ),
    }
    results = [
        special.get(
            p.id,
            ProvisionResult(p, Status.NOT_ASSESSED, reason="no rule checks this provision yet"),
        )
        for p in catalog
    ]
    schema_findings = [
        finding(
            None, "'name' is a required property", ("models", 0), 38 + line_shift, source="schema"
        ),
        finding(
            None,
            "'9.9.9-9' is not an EN 304 223 provision id",
            ("waivers", 0, "provision"),
            300 + line_shift,
            source="waiver",
        ),
    ]
    return Decision(
        manifest=MANIFEST,
        results=results,
        schema_findings=schema_findings,
        fail_on=fail_on,
        engine="regorus",
        roles=("developer", "system_operator", "data_custodian"),
    )


def passing_decision() -> Decision:
    catalog = load_catalog()
    return Decision(
        manifest=MANIFEST,
        results=[ProvisionResult(p, Status.PASS) for p in catalog],
        schema_findings=[],
        fail_on="shall",
        engine="regorus",
        roles=("developer",),
    )


def many_findings_decision(count: int, message_size: int = 400) -> Decision:
    """Every shall provision fails with `count` findings spread over them."""
    catalog = load_catalog()
    shall = [p for p in catalog if p.level == "shall"]
    per: dict[str, list[Finding]] = {}
    for i in range(count):
        p = shall[i % len(shall)]
        text = f"finding {i}: " + ("x" * message_size)
        per.setdefault(p.id, []).append(finding(p.id, text, ("models", i), i + 1))
    results = [
        ProvisionResult(p, Status.FAIL, per[p.id])
        if p.id in per
        else ProvisionResult(p, Status.PASS)
        for p in catalog
    ]
    return Decision(MANIFEST, results, [], "shall", "regorus", ("developer",))


# Markup that would run, load or restyle something if any format let it through as HTML.
HOSTILE_HTML = (
    '</style></script><script>window.__pwned=1</script><img src="http://127.0.0.1:9/x" '
    'onerror="window.__pwned=2"><svg onload="window.__pwned=3"></svg>'
    '<a href="javascript:window.__pwned=4">x</a><link rel=stylesheet href=//127.0.0.1:9/s.css>'
    "{{ 7*7 }} {% raw %} ]]> -->"
)


def auditor_decision(text: str = HOSTILE + HOSTILE_HTML) -> Decision:
    """`sample_decision` with everything the auditors' reports show filled in: what verified
    each pass, a waiver, a justified exemption, the run and the inventory. `text` goes into
    every field a manifest or a policy message controls."""
    from ai_security_gate.results import Asset, Inventory, Review, RunInfo, Verified, WaiverRecord

    decision = sample_decision()
    by_status = {r.status: r for r in decision.results}
    passed = by_status[Status.PASS]
    passed.verified = [
        Verified(
            what="threat model docs/threat-model.md has the headings Assets, Threats, Mitigations "
            "(commit 0123456789ab, 2026-10-01)",
            path=("threat_model", "document"),
            location=Location(MANIFEST, 88, 13),
            rule="p03_threats.threat_model_document",
        ),
        Verified(
            what=f"model {text} sha256 matches the file",
            path=("models", 1, "sha256"),
            location=Location(MANIFEST, 55, 13),
            rule="p05_assets.model_hash",
        ),
    ]
    waived = by_status[Status.WAIVED]
    na = by_status[Status.NOT_APPLICABLE]
    na.justified = True
    na.reason = f"exempted: {text}; approved by Lee Chen on 2026-09-01"
    decision.waivers = [
        WaiverRecord(
            provision=waived.provision.id,
            approver="Dana Okafor",
            expires="2027-01-31",
            days_left=70,
            justification=f"datasheet being written {text}",
            applied=True,
            location=Location(MANIFEST, 301, 5),
        ),
        WaiverRecord(
            provision=waived.provision.id,
            approver=text,
            expires="2026-01-31",
            days_left=-295,
            justification="an older waiver, expired",
            applied=False,
            location=Location(MANIFEST, 306, 5),
        ),
    ]
    decision.run = RunInfo(
        date="2026-11-22",
        commit="0123456789abcdef0123456789abcdef01234567",
        policy_digest="ab" * 32,
        policy_modules=14,
    )
    decision.inventory = Inventory(
        system=f"helpdesk {text}",
        description=f"answers {text}",
        owner=text,
        assets=(
            Asset(
                "model",
                f"helpdesk-llm {text}",
                ("models", 0),
                version="1.2",
                supplier=text,
                location="models/helpdesk.safetensors",
                declared_sha256="a" * 64,
                file_sha256="a" * 64,
                signature="verified",
                datasets=("faq", "faq", "undeclared"),
            ),
            Asset(
                "model",
                "remote",
                ("models", 1),
                location=f"https://e.x/{text}",
                declared_sha256="b" * 64,
            ),
            Asset(
                "dataset",
                "faq",
                ("datasets", 0),
                location="data/faq.jsonl",
                declared_sha256="c" * 64,
                file_sha256="d" * 64,
            ),
        ),
        reviews=(Review(("threat_model", "last_reviewed"), "2025-02-01"),),
    )
    return decision
