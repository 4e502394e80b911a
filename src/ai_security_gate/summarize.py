"""`ai-security-gate summarize REPORT.json...`: one overview of many repositories' JSON
reports, so an organisation running the gate everywhere sees where it stands.

Repositories x principles (unmet `shall` and `should` per cell), per repository the verdict
and the triage counts, waivers that are stale (expired, undated, not applied) or expire
soon, and the oldest dated reviews. Markdown (job summaries, wikis) or one self-contained
HTML page (the HTML report's stylesheet and CSP, no script).

Deterministic: repositories are sorted by name and file, and nothing depends on the clock
(ages are counted from each report's own run date). Reading only: a report is data from
another run and may be hostile; every string is escaped for the format it goes into."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GateError
from .results import triage_counts

FORMATS = ("markdown", "html")
SOON_DAYS = 30  # a waiver that ends within this many days is listed as expiring soon
OLDEST = 10  # how many of the oldest reviews are listed


@dataclass(frozen=True)
class Cell:
    unmet_shall: int = 0
    unmet_should: int = 0
    not_assessed: int = 0
    total: int = 0


@dataclass(frozen=True)
class StaleWaiver:
    repository: str
    provision: str
    approver: str
    expires: str
    state: str  # "expired 3 day(s) ago", "no expiry date", "not applied", "expires in 5 day(s)"


@dataclass(frozen=True)
class OldReview:
    repository: str
    field: str
    date: str
    age_days: int | None


@dataclass
class Repository:
    name: str
    report: str  # the report file, as given
    result: str
    date: str
    commit: str
    summary: dict[str, int]
    cells: dict[int, Cell] = field(default_factory=dict)


@dataclass
class Summary:
    principles: list[tuple[int, str]]
    repositories: list[Repository]
    stale_waivers: list[StaleWaiver]
    oldest_reviews: list[OldReview]

    @property
    def failing(self) -> int:
        return sum(1 for r in self.repositories if r.result != "pass")


def summarize(paths: list[Path], soon_days: int = SOON_DAYS, oldest: int = OLDEST) -> Summary:
    from .catalog import load_catalog

    catalog = load_catalog()
    principles = sorted({(p.principle, p.principle_title) for p in catalog})
    known = {p.id for p in catalog}
    loaded = sorted(((_read(p), p) for p in paths), key=lambda x: (_name(x[0]), str(x[1])))
    names = [_name(doc) for doc, _ in loaded]
    repositories, waivers, reviews = [], [], []
    for (doc, path), name in zip(loaded, names, strict=True):
        if names.count(name) > 1:  # two reports of one system: tell them apart
            name = f"{name} ({path})"
        run = _dict(doc.get("run"))
        repo = Repository(
            name=name,
            report=str(path),
            result=_result(doc, known),
            date=str(run.get("date", "")),
            commit=str(run.get("commit", ""))[:12],
            summary=_summary(doc),
        )
        for number, _ in principles:
            mine = [p for p in doc["provisions"] if p.get("principle") == number]
            repo.cells[number] = Cell(
                unmet_shall=sum(1 for p in mine if _unmet(p) and p.get("level") == "shall"),
                unmet_should=sum(1 for p in mine if _unmet(p) and p.get("level") != "shall"),
                not_assessed=sum(1 for p in mine if p.get("status") == "not_assessed"),
                total=len(mine),
            )
        repositories.append(repo)
        waivers += _stale(name, doc, soon_days)
        reviews += _reviews(name, doc, repo.date)
    reviews.sort(key=lambda r: (r.date, r.repository, r.field))
    waivers.sort(key=lambda w: (w.repository, w.provision, w.expires, w.approver))
    return Summary(principles, repositories, waivers, reviews[:oldest])


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GateError(f"{path}: cannot read the report: {exc}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GateError(
            f"{path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}); pass reports written by "
            "`ai-security-gate check -f json:FILE`"
        ) from None
    if not isinstance(doc, dict) or doc.get("schema_version") != 1:
        raise GateError(
            f"{path}: not an ai-security-gate JSON report (schema_version 1); write one with "
            "`ai-security-gate check -f json:FILE`"
        )
    provisions = doc.get("provisions")
    if not isinstance(provisions, list) or not all(isinstance(p, dict) for p in provisions):
        raise GateError(f"{path}: the report has no list of provisions; is it complete?")
    return doc


def _result(doc: dict[str, Any], known: set[str]) -> str:
    """The verdict recomputed from the provisions, not taken from the report's `result`: a
    report edited by hand, or cut short, shows as what it is."""
    provisions = doc["provisions"]
    ids = {p.get("id") for p in provisions}
    if ids != known or len(provisions) != len(known):
        return f"incomplete ({len(ids & known)} of {len(known)} provisions)"
    fail_on = doc.get("fail_on")
    blocking = any(
        p.get("status") == "fail" and (p.get("level") == "shall" or fail_on == "should")
        for p in provisions
    )
    derived = "fail" if blocking or doc.get("manifest_findings") else "pass"
    claimed = doc.get("result")
    if claimed != derived:
        return f"{derived} (the report says {str(claimed)[:20]})"
    return derived


def _name(doc: dict[str, Any]) -> str:
    system = _dict(doc.get("system"))
    return str(system.get("name") or doc.get("manifest") or "unnamed")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _unmet(p: dict[str, Any]) -> bool:
    return p.get("status") == "fail"


def _summary(doc: dict[str, Any]) -> dict[str, int]:
    """The triage counts, recomputed from the provisions (older reports have no summary)."""
    return triage_counts((str(p.get("status")), str(p.get("level"))) for p in doc["provisions"])


def _stale(name: str, doc: dict[str, Any], soon_days: int) -> list[StaleWaiver]:
    out = []
    for w in doc.get("waivers") or []:
        if not isinstance(w, dict):
            continue
        days = w.get("days_left")
        if not isinstance(days, int) or isinstance(days, bool):
            state = "no expiry date"
        elif days < 0:
            state = f"expired {-days} day(s) ago"
        elif not w.get("applied", True):
            state = "not applied"
        elif days <= soon_days:
            state = f"expires in {days} day(s)"
        else:
            continue
        out.append(
            StaleWaiver(
                name,
                str(w.get("provision", "")),
                str(w.get("approver", "")),
                str(w.get("expires", "")),
                state,
            )
        )
    return out


def _reviews(name: str, doc: dict[str, Any], run_date: str) -> list[OldReview]:
    import datetime as dt

    try:
        today: dt.date | None = dt.date.fromisoformat(run_date)
    except ValueError:
        today = None
    out = []
    for r in doc.get("reviews") or []:
        if not isinstance(r, dict):
            continue
        date = str(r.get("date", ""))
        try:
            age = (today - dt.date.fromisoformat(date)).days if today else None
        except ValueError:
            continue
        out.append(OldReview(name, str(r.get("path_text", "")), date, age))
    return out


# --- output -------------------------------------------------------------------------------


def render(summary: Summary, fmt: str) -> str:
    if fmt == "html":
        return _html(summary)
    return _markdown(summary)


def cell_text(cell: Cell) -> str:
    parts = []
    if cell.unmet_shall:
        parts.append(f"{cell.unmet_shall} shall")
    if cell.unmet_should:
        parts.append(f"{cell.unmet_should} should")
    if cell.not_assessed:
        parts.append(f"{cell.not_assessed} not assessed")
    return ", ".join(parts) if parts else "ok"


def _markdown(s: Summary) -> str:
    from .reporters.markdown import _code, _text  # the Markdown report's escaping

    lines = [
        "## ai-security-gate: organisation summary",
        "",
        f"{len(s.repositories)} repositories, {s.failing} failing the gate. Each cell counts "
        "the unmet provisions of one principle (`ok`: none unmet, none left unassessed).",
        "",
        "### Repositories",
        "",
        "| Repository | Result | Unmet shall | Unmet should | Waived | Not assessed | Date | Commit |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for r in s.repositories:
        lines.append(
            f"| {_text(r.name)} | {'✅ pass' if r.result == 'pass' else '❌ ' + _text(r.result)} | "
            f"{r.summary['unmet_shall']} | {r.summary['unmet_should']} | {r.summary['waived']} | "
            f"{r.summary['not_assessed']} | {_text(r.date)} | {_code(r.commit) if r.commit else ''} |"
        )
    lines += ["", "### Repositories × principles", ""]
    lines.append("| Repository | " + " | ".join(f"P{n}" for n, _ in s.principles) + " |")
    lines.append("| --- |" + " --- |" * len(s.principles))
    for r in s.repositories:
        cells = " | ".join(cell_text(r.cells[n]) for n, _ in s.principles)
        lines.append(f"| {_text(r.name)} | {cells} |")
    lines += ["", ", ".join(f"P{n} {_text(title)}" for n, title in s.principles), ""]
    lines += ["### Stale waivers", ""]
    if s.stale_waivers:
        lines += [
            "| Repository | Provision | Approver | Expires | State |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {_text(w.repository)} | {_text(w.provision)} | {_text(w.approver)} | "
            f"{_text(w.expires)} | {_text(w.state)} |"
            for w in s.stale_waivers
        ]
    else:
        lines.append("None: every waiver is dated, applied and more than a month from expiry.")
    lines += ["", f"### Oldest reviews ({len(s.oldest_reviews)})", ""]
    if s.oldest_reviews:
        lines += ["| Repository | Field | Date | Age (days) |", "| --- | --- | --- | ---: |"]
        lines += [
            f"| {_text(r.repository)} | {_code(r.field)} | {_text(r.date)} | "
            f"{'' if r.age_days is None else r.age_days} |"
            for r in s.oldest_reviews
        ]
    else:
        lines.append("No dated reviews in these reports.")
    return "\n".join(lines) + "\n"


def _html(s: Summary) -> str:
    from .reporters.html import asset_text, content_security_policy, environment, trusted

    css = asset_text("report.css")
    return str(
        environment()
        .get_template("summary.html.j2")
        .render(
            s=s,
            cell_text=cell_text,
            csp=content_security_policy(css, None),
            css=trusted(css),
        )
    )
