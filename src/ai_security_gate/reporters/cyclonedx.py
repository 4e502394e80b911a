"""`--format cyclonedx`: the run as a CycloneDX 1.6 attestation (JSON), for tools that
collect compliance evidence (OWASP Dependency-Track and the like) and for customers'
assessors.

- `definitions.standards`: ETSI EN 304 223 V2.1.1 with its 72 provisions as requirements
  (our paraphrases in `descriptions`, never the standard's text) and two levels, shall and
  should.
- `declarations`: the gate as the assessor; one attestation mapping every requirement to a
  claim about the system, the evidence behind it (what verified it, located in the manifest)
  and the counter-evidence (findings), with a conformance score and a confidence.
- `components`: the manifest's models (`machine-learning-model`) and datasets (`data`) with
  their SHA-256 (the file's, as the evidence stage computed it, else the declared one).

The BOM is built with cyclonedx-python-lib; the library has no model for `declarations`
yet, so that part is added to its JSON as plain data, and the tests validate the whole
document with the library's strict 1.6 validator. Deterministic: the serial number is
derived from the content and the timestamp is the run's date (`--today`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from .. import __version__
from ..catalog import load_catalog
from ..results import Asset, Decision, Finding, ProvisionResult, Status, Verified, format_path
from . import Format, Reporter, ReportOptions
from .common import PROJECT_URL, printable

SPEC_VERSION = "1.6"
STANDARD_REF = "standard-etsi-en-304-223"
SYSTEM_REF = "system"
ASSESSOR_REF = "assessor-ai-security-gate"
PROPERTY = "ai-security-gate"  # namespace of our property names

_CONFORMANCE: dict[Status, float | None] = {
    Status.PASS: 1.0,
    Status.ATTESTED: 1.0,
    Status.FAIL: 0.0,
    Status.WAIVED: 0.0,
    Status.NOT_APPLICABLE: None,
    Status.NOT_ASSESSED: None,
}


def render(decision: Decision, options: ReportOptions) -> str:
    return json.dumps(build(decision), indent=2, ensure_ascii=False) + "\n"


def build(decision: Decision) -> dict[str, Any]:
    from cyclonedx.output.json import JsonV1Dot6

    document: dict[str, Any] = json.loads(JsonV1Dot6(_bom(decision)).output_as_string())
    if not decision.run.date:
        document["metadata"].pop("timestamp", None)  # no run date: no invented one
    document["declarations"] = _declarations(decision)
    content = json.dumps({**document, "serialNumber": ""}, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
    document["serialNumber"] = uuid.uuid5(uuid.NAMESPACE_URL, f"{PROJECT_URL}#{digest}").urn
    return document


# --- the BOM proper (library objects) -----------------------------------------------------


def _bom(decision: Decision) -> Any:
    from cyclonedx.model.bom import Bom, BomMetaData
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.definition import Definitions

    inv = decision.inventory
    run = decision.run
    system = Component(
        name=_text(inv.system) or decision.manifest,
        type=ComponentType.APPLICATION,
        bom_ref=SYSTEM_REF,
        description=_text(inv.description) or None,
        properties=_properties(
            manifest=decision.manifest,
            owner=inv.owner,
            commit=run.commit,
            roles=" ".join(decision.roles),
        ),
    )
    components = [_component(a) for a in inv.assets]
    timestamp = (
        dt.datetime.combine(dt.date.fromisoformat(run.date), dt.time(), tzinfo=dt.timezone.utc)
        if run.date
        else None
    )
    bom = Bom(
        serial_number=uuid.UUID(int=0),  # replaced by a content digest in build()
        metadata=BomMetaData(
            component=system,
            timestamp=timestamp,
            properties=_properties(
                engine=decision.engine,
                fail_on=decision.fail_on,
                result="pass" if decision.passed else "fail",
                policy_digest=run.policy_digest and f"sha256:{run.policy_digest}",
                history_checked=str(decision.history_checked).lower(),
            ),
        ),
        components=components,
        definitions=Definitions(standards=[_standard()]),
    )
    bom.metadata.tools.components.add(
        Component(
            name="ai-security-gate",
            type=ComponentType.APPLICATION,
            bom_ref="tool-ai-security-gate",
            version=__version__,
        )
    )
    bom.register_dependency(system, components)
    # a model depends on the datasets it was trained on (the ML-BOM's lineage)
    datasets = {
        a.name: c for a, c in zip(inv.assets, components, strict=True) if a.kind == "dataset"
    }
    for asset, component in zip(inv.assets, components, strict=True):
        trained_on = [datasets[n] for n in dict.fromkeys(asset.datasets) if n in datasets]
        bom.register_dependency(component, trained_on)
    return bom


def _component(asset: Asset) -> Any:
    from cyclonedx.model import HashAlgorithm, HashType
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.contact import OrganizationalEntity

    digest = asset.file_sha256 or asset.declared_sha256
    if asset.hash_matches:
        hash_state = "the file matches the declared sha256"
    elif asset.declared_sha256 and asset.file_sha256:
        hash_state = "the file differs from the declared sha256"
    elif asset.file_sha256:
        hash_state = "computed from the file; none declared"
    elif asset.declared_sha256:
        hash_state = "declared; no file was hashed"
    else:
        hash_state = "none"
    return Component(
        name=_text(asset.name),
        type=ComponentType.MACHINE_LEARNING_MODEL if asset.kind == "model" else ComponentType.DATA,
        bom_ref=f"{asset.kind}-{asset.path[-1]}",
        version=_text(asset.version) or None,
        supplier=OrganizationalEntity(name=_text(asset.supplier)) if asset.supplier else None,
        hashes=[HashType(alg=HashAlgorithm.SHA_256, content=digest)] if digest else None,
        properties=_properties(
            manifest_path=format_path(asset.path),
            location=asset.location,
            sha256_declared=asset.declared_sha256,
            sha256_file=asset.file_sha256,
            sha256_state=hash_state,
            signature=asset.signature,
        ),
    )


def _standard() -> Any:
    from cyclonedx.model import Property
    from cyclonedx.model.definition import Level, Requirement, Standard

    catalog = load_catalog()
    ids = {p.id for p in catalog}
    requirements = []
    for p in catalog:
        parent = p.id.rsplit(".", 1)[0] if "." in p.id.split("-", 1)[-1] else None
        requirements.append(
            Requirement(
                bom_ref=_req(p.id),
                identifier=p.id,
                title=f"{p.id} ({p.level}): principle {p.principle}, {p.principle_title}",
                descriptions=[
                    f"Paraphrase by ai-security-gate, not the standard's text: {p.title}"
                ],
                parent=_req(parent) if parent in ids else None,
                properties=[
                    Property(name=f"{PROPERTY}:uk-code-id", value=p.uk_id),
                    Property(name=f"{PROPERTY}:level", value=p.level),
                    Property(name=f"{PROPERTY}:phase", value=p.phase),
                    Property(name=f"{PROPERTY}:roles", value=" ".join(p.roles)),
                ],
            )
        )
    levels = [
        Level(
            bom_ref=f"level-{level}",
            identifier=level,
            title=f"{level} provisions",
            description=(
                "Requirements: unmet ones fail the gate"
                if level == "shall"
                else "Recommendations: unmet ones warn unless --fail-on should"
            ),
            requirements=[_req(p.id) for p in catalog if p.level == level],
        )
        for level in ("shall", "should")
    ]
    return Standard(
        bom_ref=STANDARD_REF,
        name="ETSI EN 304 223",
        version="2.1.1",
        description=(
            "Securing Artificial Intelligence (SAI); baseline cyber security requirements for "
            "AI models and systems, V2.1.1 (2025-12). The requirement descriptions here are "
            "paraphrases; the standard's text is normative."
        ),
        owner="ETSI",
        requirements=requirements,
        levels=levels,
    )


def _properties(**values: str) -> list[Any]:
    from cyclonedx.model import Property

    return [
        Property(name=f"{PROPERTY}:{key.replace('_', '-')}", value=_text(value))
        for key, value in values.items()
        if value
    ]


# --- declarations (plain data: the library does not model them) --------------------------


def _declarations(decision: Decision) -> dict[str, Any]:
    created = f"{decision.run.date}T00:00:00Z" if decision.run.date else None
    claims: list[dict[str, Any]] = []
    evidence: list[dict[str, Any]] = []
    mapping: list[dict[str, Any]] = []
    for r in decision.results:
        pid = r.provision.id
        proof = [_evidence(f"evidence-{pid}-v{i}", v, created) for i, v in enumerate(r.verified)]
        against = [
            _finding_evidence(f"evidence-{pid}-f{i}", f, created) for i, f in enumerate(r.findings)
        ]
        evidence += proof + against
        entry: dict[str, Any] = {"requirement": _req(pid)}
        if r.status is not Status.NOT_ASSESSED:
            claim: dict[str, Any] = {
                "bom-ref": f"claim-{pid}",
                "target": SYSTEM_REF,
                "predicate": _predicate(r),
                "reasoning": _text(r.reason) or _reasoning(r),
            }
            if proof:
                claim["evidence"] = [e["bom-ref"] for e in proof]
            if against:
                claim["counterEvidence"] = [e["bom-ref"] for e in against]
            claims.append(claim)
            entry["claims"] = [claim["bom-ref"]]
        conformance: dict[str, Any] = {"rationale": _conformance_rationale(r)}
        score = _CONFORMANCE[r.status]
        if score is not None:
            conformance = {"score": score, **conformance}
        entry["conformance"] = conformance
        entry["confidence"] = _confidence(r)
        mapping.append(entry)
    summary = decision.summary()
    return {
        "assessors": [
            {
                "bom-ref": ASSESSOR_REF,
                "thirdParty": False,
                "organization": {"name": f"ai-security-gate {__version__} (automated gate)"},
            }
        ],
        "attestations": [
            {
                "summary": (
                    f"ai-security-gate checked {decision.manifest} against ETSI EN 304 223 "
                    f"V2.1.1: the gate {'passes' if decision.passed else 'fails'}; "
                    + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in summary.items())
                ),
                "assessor": ASSESSOR_REF,
                "map": mapping,
            }
        ],
        "claims": claims,
        "evidence": evidence,
    }


def _predicate(r: ProvisionResult) -> str:
    pid = r.provision.id
    if r.status is Status.NOT_APPLICABLE:
        return f"{pid} does not apply to this system"
    if r.status in (Status.FAIL, Status.WAIVED):
        return f"The system meets {pid} (contradicted by the counter-evidence)"
    return f"The system meets {pid}"


def _reasoning(r: ProvisionResult) -> str:
    if r.status is Status.PASS:
        return f"verified by {len(r.verified)} check(s) on the manifest and the repository"
    if r.status is Status.FAIL:
        return f"{len(r.findings)} finding(s) show it is not met"
    return str(r.status.value).replace("_", " ")


def _conformance_rationale(r: ProvisionResult) -> str:
    status = r.status.value.replace("_", " ")
    why = _text(r.reason)
    if r.status is Status.NOT_APPLICABLE and r.justified:
        status = "not applicable by a justified exemption"
    return f"{status}: {why}" if why else status


def _confidence(r: ProvisionResult) -> dict[str, Any]:
    if r.status is Status.PASS:
        return {"score": 1.0, "rationale": "a check verified evidence the repository holds"}
    if r.status is Status.ATTESTED:
        return {"score": 0.5, "rationale": "only a dated attestation backs it; no check ran"}
    if r.status is Status.NOT_ASSESSED:
        return {"score": 0.0, "rationale": "no rule and no attestation covers it"}
    if r.status in (Status.FAIL, Status.WAIVED):
        return {"score": 1.0, "rationale": "a check found it unmet"}
    return {"score": 1.0, "rationale": "follows from the roles and exemptions declared"}


def _evidence(ref: str, v: Verified, created: str | None) -> dict[str, Any]:
    where = f"{v.location} ({format_path(v.path)})"
    return _evidence_entry(ref, "verified", v.what, where, v.rule, created)


def _finding_evidence(ref: str, f: Finding, created: str | None) -> dict[str, Any]:
    where = f"{f.location} ({f.path_text})"
    return _evidence_entry(ref, f"finding:{f.source}", f.message, where, f.rule, created)


def _evidence_entry(
    ref: str, kind: str, description: str, where: str, rule: str | None, created: str | None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "bom-ref": ref,
        "propertyName": f"{PROPERTY}:{kind}",
        "description": _text(description),
        "data": [
            {
                "name": "manifest location",
                "contents": {"attachment": {"contentType": "text/plain", "content": _text(where)}},
            }
        ],
    }
    if rule:
        out["data"].append(
            {
                "name": "rule",
                "contents": {"attachment": {"contentType": "text/plain", "content": _text(rule)}},
            }
        )
    if created:
        out["created"] = created
    return out


def _req(pid: str | None) -> str:
    return f"requirement-{pid}"


def _text(value: Any) -> str:
    return printable(str(value)) if value else ""


class CycloneDxReporter(Reporter):
    format = Format.CYCLONEDX

    def render(self, decision: Decision, options: ReportOptions) -> str:
        return render(decision, options)
