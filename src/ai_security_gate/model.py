"""Plain data passed between the stages. No behaviour beyond small derived properties."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

JsonPath = tuple[str | int, ...]


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    WAIVED = "waived"
    ATTESTED = "attested"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSED = "not_assessed"  # no rule and no attestation looks at it yet: never a pass


@dataclass(frozen=True)
class Location:
    """A place in a file; line and column are 1-based, 0 when unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Finding:
    """One thing that is wrong. `provision` is None for schema findings."""

    source: str  # "schema" | "policy" | "evidence" | "waiver" | "attestation"
    message: str
    path: JsonPath
    location: Location
    provision: str | None = None
    rule: str | None = None  # e.g. "ai_security.p05_assets" for policy findings

    @property
    def path_text(self) -> str:
        return format_path(self.path)


@dataclass(frozen=True)
class Provision:
    id: str
    uk_id: str
    principle: int
    principle_title: str
    phase: str
    level: str  # "shall" | "should"
    roles: tuple[str, ...]
    title: str  # our paraphrase, never the standard's text
    evidence: str = ""
    attestation: bool = False  # organisational: needs a dated attestation in the manifest


@dataclass
class ProvisionResult:
    provision: Provision
    status: Status
    findings: list[Finding] = field(default_factory=list)
    reason: str = ""  # why this status, for people (waiver justification, missing role, ...)


@dataclass
class Decision:
    """The outcome of one run: a status for every catalogue provision plus manifest-level findings."""

    manifest: str  # repository-relative path of the manifest
    results: list[ProvisionResult]
    schema_findings: list[Finding]
    fail_on: str  # "shall" | "should"
    engine: str = ""
    roles: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Status}
        for r in self.results:
            out[r.status.value] += 1
        return out

    def is_blocking(self, result: ProvisionResult) -> bool:
        """Does this unmet provision fail the gate at the chosen --fail-on level?"""
        if result.status is not Status.FAIL:
            return False
        return result.provision.level == "shall" or self.fail_on == "should"

    @property
    def passed(self) -> bool:
        if self.schema_findings:
            return False
        return not any(self.is_blocking(r) for r in self.results)

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1


def format_path(path: JsonPath) -> str:
    """JSON path as people read it: models[0].sha256"""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(root)"
