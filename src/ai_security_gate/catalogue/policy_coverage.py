"""Which policy lines the Rego tests execute (the embedded engine's coverage report), and
which reporting rule bodies no test runs to the end (never fires)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..policies import PolicySet


@dataclass(frozen=True)
class FileCoverage:
    name: str
    covered: tuple[int, ...]
    missed: tuple[int, ...]


@dataclass(frozen=True)
class UnfiredBody:
    where: str  # file:line of the rule
    rule_id: str


@dataclass(frozen=True)
class PolicyCoverage:
    files: tuple[FileCoverage, ...]
    unfired: tuple[UnfiredBody, ...]

    @property
    def lines(self) -> int:
        return sum(len(f.covered) + len(f.missed) for f in self.files)

    @property
    def covered(self) -> int:
        return sum(len(f.covered) for f in self.files)

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.lines if self.lines else 100.0

    @property
    def complete(self) -> bool:
        return self.covered == self.lines and not self.unfired


def policy_coverage(report: dict[str, Any], policy_set: PolicySet) -> PolicyCoverage:
    """The report restricted to the policy modules (not their tests). A body fires when its
    last statement runs: Rego evaluates a body's statements in order, so every earlier one
    held, and the last one of a reporting body assigns the finding."""
    names = {m.name for m in policy_set.modules}
    files = []
    ran: dict[str, set[int]] = {}
    for f in report.get("files", []):
        if f.get("path") not in names:
            continue
        covered = tuple(sorted(set(f.get("covered", []))))
        missed = tuple(sorted(set(f.get("not_covered", [])) - set(covered)))
        files.append(FileCoverage(f["path"], covered, missed))
        ran[f["path"]] = set(covered)
    unfired = [
        UnfiredBody(e.where, e.rule_id)
        for e in policy_set.index.entries
        if e.file in names and not all(line in ran.get(e.file, set()) for line in e.body_ends)
    ]
    return PolicyCoverage(tuple(sorted(files, key=lambda f: f.name)), tuple(unfired))


def ranges(lines: tuple[int, ...]) -> str:
    """12, 14-16, 20"""
    out: list[str] = []
    for n in lines:
        if out and out[-1].split("-")[-1] == str(n - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def coverage_text(cov: PolicyCoverage) -> str:
    out = [
        f"policy coverage: {cov.percent:.1f} % ({cov.covered} of {cov.lines} policy lines "
        "executed by the Rego tests)"
    ]
    out += [f"  {f.name}: never executed: {ranges(f.missed)}" for f in cov.files if f.missed]
    out += [f"  {u.where}: no test makes this body of {u.rule_id} fire" for u in cov.unfired]
    return "\n".join(out) + "\n"
