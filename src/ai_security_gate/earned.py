"""A pass is earned: an applicable provision with nothing violated passes only when a check
ran on something the manifest or the repository provides and found it met (a policy's `met`
record). With nothing verified it is `attested` when a fresh attestation backs it, and
`fail` otherwise, with a finding that says what to declare."""

from __future__ import annotations

from dataclasses import replace

from .earning import Earner, hint
from .results import Finding, ProvisionResult, SourceMap, Status, Verified


def earned(
    result: ProvisionResult,
    verified: list[Verified],
    earners: list[Earner],
    attested: bool,
    source_map: SourceMap,
) -> ProvisionResult:
    if result.status is not Status.PASS:
        return result
    p = result.provision
    if verified:
        return replace(result, verified=list(verified))
    if p.attestation and attested:
        # a fresh attestation (presence and age checked by the decision) is all there is
        return replace(
            result,
            status=Status.ATTESTED,
            reason="only an attestation backs it: nothing it cites was verified in the repository",
        )
    what = hint(earners) or p.evidence or "the evidence this provision needs"
    where = _section(earners)
    return replace(
        result,
        status=Status.FAIL,
        reason="nothing verified",
        findings=[
            Finding(
                source="policy",
                provision=p.id,
                path=where,
                location=source_map.locate(where),
                rule="earned.nothing_verified",
                message=f"nothing shows {p.id} is met: no check found it met in the manifest or "
                f"the repository (an empty or placeholder entry earns nothing); declare what the "
                f"checks look for: {what}",
            )
        ],
    )


def _section(earners: list[Earner]) -> tuple[str, ...]:
    """The manifest section the first check reads, so the finding points where to declare."""
    return (earners[0].section,) if earners and earners[0].section else ()
