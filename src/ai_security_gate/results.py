"""Plain data passed between the stages. No behaviour beyond small derived properties."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

JsonPath = tuple[str | int, ...]

# In messages: hex digests (12+ hex digits), then numbers (ages, counts, versions, dates).
_VOLATILE = re.compile(r"\b[0-9a-fA-F]{12,}\b|\b\d+(?:[.:-]\d+)*\b")


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    WAIVED = "waived"
    ATTESTED = "attested"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSED = "not_assessed"  # no rule and no attestation looks at it yet: never a pass


@dataclass(frozen=True)
class Location:
    """A place in a file; line and column are 1-based, 0 when unknown.

    `end_line`/`end_column` say where the node ends (the column after its last character, as
    SARIF counts it; `end_column` 0: to the end of `end_line`; `end_line` 0: unknown). They
    are not part of a location's identity: equal starts are the same place."""

    file: str
    line: int = 0
    column: int = 0
    end_line: int = field(default=0, compare=False)
    end_column: int = field(default=0, compare=False)

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


# --- what the engine returns (engines/*) and where manifest values are (loader.py) ---------


@dataclass(frozen=True)
class Violation:
    """One raw result from a policy: the object a rule put in its package's `violations` set."""

    package: str  # e.g. "p05_assets"
    rule: str
    provision: str
    message: str
    path: tuple[str | int, ...]


@dataclass(frozen=True)
class Notice:
    """Information for reviewers from a policy (e.g. "this pull request changes the
    manifest"): no provision, never a failure."""

    package: str
    rule: str
    message: str
    path: tuple[str | int, ...]


@dataclass(frozen=True)
class Met:
    """A positive finding from a policy: a check ran on something the manifest or the
    repository provides and found `provision` met. Rules put these in their package's `met`
    set, beside `violations`; an applicable provision passes only with at least one."""

    package: str
    rule: str
    provision: str
    what: str  # what was verified, for an auditor: "threat model docs/tm.md covers 6 threats"
    path: tuple[str | int, ...]


@dataclass(frozen=True)
class Results:
    violations: list[Violation]
    notices: list[Notice]
    met: list[Met] = field(default_factory=list)


@dataclass
class SourceMap:
    """JSON path -> where that node starts; for mapping entries, where its key starts."""

    file: str
    spots: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    # where a missing top-level section would go: the line after the document's last one
    # (0: unknown, then the document's start)
    append_line: int = 0

    def locate(self, path: JsonPath) -> Location:
        """The location of `path`, or of its nearest ancestor that exists (for missing keys);
        a missing top-level section points where it would be added, the end of the file."""
        path = tuple(path)
        if path and path[:1] not in self.spots and self.append_line:
            return Location(self.file, self.append_line, 1)
        while path not in self.spots and path:
            path = path[:-1]
        line, col = self.spots.get(path, (1, 1))
        return Location(self.file, line, col)


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

    @property
    def fingerprint(self) -> str:
        """A stable identity for this finding: the same finding gets the same fingerprint across
        runs and unrelated edits. Built from what the finding is about (provision, rule, source,
        JSON path, message) and never from where it is (line and column move when unrelated
        lines change). Numbers, dates and hex digests in the message are masked, because they
        change while the problem stays the same ("412 days old" tomorrow is "413 days old")."""
        key = "\0".join(
            (
                "v1",
                self.provision or "",
                self.rule or "",
                self.source,
                self.path_text,
                _VOLATILE.sub("#", self.message),
            )
        )
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Duty:
    """One part of a provision's duty and the role that carries it (catalogue `duties:`):
    where the standard splits a duty between roles, each part is assessed for its carrier."""

    part: str  # e.g. "tell_users"
    role: str  # the role that carries it
    text: str  # what the part asks, for people
    rules: tuple[str, ...] = ()  # the checks (package.rule) that assess this part
    # owed to another organisation only ("an external developer must supply..."): assessed
    # only where another organisation carries another part of the provision
    external_only: bool = False


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
    applies_when: tuple[str, ...] = ()  # conditions (applicability.py) that must all hold
    reasoning: str = ""  # why the provision is assessed as it is, shown on its page
    duties: tuple[Duty, ...] = ()  # the parts of a duty split between roles (duties.py)

    def listing(self) -> dict[str, Any]:
        """What every JSON listing of a provision starts with (`provisions -f json`, the JSON
        report), in this order, so the two cannot drift apart."""
        return {
            "id": self.id,
            "uk_id": self.uk_id,
            "principle": self.principle,
            "principle_title": self.principle_title,
            "phase": self.phase,
            "level": self.level,
            "roles": list(self.roles),
            "title": self.title,
        }


@dataclass(frozen=True)
class Verified:
    """What earned a provision its pass: one check that ran on something the manifest or the
    repository provides and found it met (a policy's `met` record, located). Every report
    shows these: they are what an auditor reads."""

    what: str  # "threat model docs/security/threat-model.md names all 6 threats"
    path: JsonPath
    location: Location
    rule: str | None = None  # e.g. "p03_threats.threat_model_document"


@dataclass
class ProvisionResult:
    provision: Provision
    status: Status
    findings: list[Finding] = field(default_factory=list)
    reason: str = ""  # why this status, for people (waiver justification, missing role, ...)
    verified: list[Verified] = field(default_factory=list)  # what earned a pass
    justified: bool = False  # not_applicable by a justified exemption (`not_applicable:`)
    justified_at: Location | None = None  # where that exemption is in the manifest


@dataclass(frozen=True)
class WaiverRecord:
    """A waiver as the reports list it: who approved it, until when, whether it was applied."""

    provision: str
    approver: str
    expires: str
    days_left: int | None  # None when the expiry is no date
    justification: str
    applied: bool
    location: Location


@dataclass(frozen=True)
class RunInfo:
    """Where a decision comes from, for the auditors' reports (HTML, CycloneDX): all of it
    reproducible from the inputs, so two runs on the same commit write the same bytes."""

    date: str = ""  # the day dates were evaluated as of (--today), YYYY-MM-DD
    commit: str = ""  # HEAD of the checked repository, "" outside git
    policy_digest: str = ""  # sha256 over the Rego modules that ran (names and sources)
    policy_modules: int = 0


@dataclass(frozen=True)
class Asset:
    """A model or dataset the manifest declares, with the hashes the evidence stage saw."""

    kind: str  # "model" | "dataset"
    name: str
    path: JsonPath
    version: str = ""
    supplier: str = ""
    location: str = ""  # artefact or path in the repository, or the uri
    declared_sha256: str = ""  # as the manifest publishes it
    file_sha256: str = ""  # computed from the file (or a Git LFS pointer's oid)
    signature: str = ""  # "verified" | "failed" | "unverifiable" | ""
    datasets: tuple[str, ...] = ()  # a model's training data, by dataset name

    @property
    def hash_matches(self) -> bool:
        return bool(self.declared_sha256) and self.declared_sha256.lower() == self.file_sha256


@dataclass(frozen=True)
class Review:
    """A dated review, test or attestation the manifest records (`last_reviewed: 2026-01-10`)."""

    path: JsonPath
    date: str  # YYYY-MM-DD


@dataclass(frozen=True)
class Inventory:
    """What the system is, as its manifest says: for reports, never for decisions."""

    system: str = ""
    description: str = ""
    owner: str = ""
    assets: tuple[Asset, ...] = ()
    reviews: tuple[Review, ...] = ()  # oldest first


@dataclass
class Decision:
    """The outcome of one run: a status for every catalogue provision plus manifest-level findings."""

    manifest: str  # repository-relative path of the manifest
    results: list[ProvisionResult]
    schema_findings: list[Finding]
    fail_on: str  # "shall" | "should"
    engine: str = ""
    roles: tuple[str, ...] = ()
    notices: list[Finding] = field(default_factory=list)  # for reviewers; never fail the gate
    waivers: list[WaiverRecord] = field(default_factory=list)
    history_checked: bool = True  # False: git history was not read (--no-history, no work tree)
    # The checked directory relative to the git top level ("" at the top or outside git):
    # reports that GitHub or GitLab read (SARIF, annotations) give paths from the top level.
    source_root: str = ""
    run: RunInfo = field(default_factory=RunInfo)  # filled by the pipeline
    inventory: Inventory = field(default_factory=Inventory)  # filled by the pipeline

    def repo_path(self, file: str) -> str:
        """`file` (relative to the checked directory) relative to the git top level."""
        return f"{self.source_root}/{file}" if self.source_root else file

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Status}
        for r in self.results:
            out[r.status.value] += 1
        return out

    def summary(self) -> dict[str, int]:
        """The triage counts people read: unmet `shall` apart from unmet `should`."""
        return triage_counts((r.status.value, r.provision.level) for r in self.results)

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


def triage_counts(statuses: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Triage counts from (status, level) pairs: unmet `shall` apart from unmet `should`.
    Shared by Decision.summary() and `summarize`, which recomputes them from JSON reports."""
    out = {
        "pass": 0,
        "attested": 0,
        "waived": 0,
        "not_applicable": 0,
        "unmet_shall": 0,
        "unmet_should": 0,
        "not_assessed": 0,
    }
    for status, level in statuses:
        if status == Status.FAIL.value:
            out["unmet_shall" if level == "shall" else "unmet_should"] += 1
        elif status in out:
            out[status] += 1
    return out


def format_path(path: JsonPath) -> str:
    """JSON path as people read it: models[0].sha256"""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(root)"
