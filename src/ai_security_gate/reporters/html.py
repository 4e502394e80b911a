"""`--format html`: one self-contained page for auditors, readable offline and printable.

The system and the run (tool, policy digest, standard, engine, commit, date), the posture per
principle and phase, the models and datasets with their hashes, the waivers, then every
provision with its status, what verified it, its findings with manifest lines, its waiver or
justified exemption. Filters by status and role run in the page; nothing is fetched.

Built with Jinja2 with autoescaping on (a real template engine: hand-built HTML is where
escaping bugs live), and a strict Content-Security-Policy: nothing may load from anywhere,
and the one inline style and the one inline script run only because their sha256 is named.
Every string passes through `printable` first, so control characters from the manifest
cannot reach the page."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .. import __version__
from ..catalog import ROLES
from ..results import Decision, ProvisionResult, Status, WaiverRecord, format_path
from . import Format, Reporter, ReportOptions
from .common import POSTURE_STATUSES, STANDARD, label, posture, printable, provision_url

STATUS_LABELS = {
    "pass": "Pass",
    "fail": "Fail",
    "waived": "Waived",
    "attested": "Attested",
    "not_applicable": "Not applicable",
    "not_assessed": "Not assessed",
}


def render(decision: Decision, options: ReportOptions) -> str:
    css, js = asset_text("report.css"), asset_text("report.js")
    template = environment().get_template("report.html.j2")
    return str(
        template.render(
            decision=decision,
            run=decision.run,
            inventory=decision.inventory,
            version=__version__,
            standard=STANDARD,
            title=f"{decision.inventory.system or decision.manifest}: EN 304 223 report",
            verdict=_verdict(decision),
            roles_text=", ".join(label(r) for r in decision.roles) or "none declared",
            statuses=POSTURE_STATUSES,
            status_label=STATUS_LABELS,
            posture=_posture_rows(decision),
            totals={s.value: n for s, n in _totals(decision).items()},
            roles=[r for r in ROLES if any(r in x.provision.roles for x in decision.results)],
            provisions=[_item(decision, r) for r in decision.results],
            days_text=_days_text,
            age=lambda date: _age(decision.run.date, date),
            csp=content_security_policy(css, js),
            css=trusted(css),
            js=trusted(js),
        )
    )


def content_security_policy(css: str, script: str | None) -> str:
    """Nothing loads from anywhere; the inline style and script run by their hash only."""
    scripts = f"'{_sha256(script)}'" if script is not None else "'none'"
    return (
        f"default-src 'none'; style-src '{_sha256(css)}'; script-src {scripts}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; "
        "form-action 'none'"
    )


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@lru_cache(maxsize=1)
def environment() -> Any:
    import jinja2  # only when an HTML page is written

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ai_security_gate.reporters", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters["format_path"] = format_path
    return env


def _finalize(value: Any) -> Any:
    """Every value the template prints: manifest text loses its control characters; our own
    trusted Markup (stylesheet, script) stays as it is."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value)
    return value


def asset_text(name: str) -> str:
    return resources.files(__package__).joinpath("templates").joinpath(name).read_text("utf-8")


def trusted(text: str) -> Any:
    """Our own stylesheet and script, inserted as they are (their hashes are in the CSP)."""
    from markupsafe import Markup

    return Markup(text)


@dataclass(frozen=True)
class _Item:
    result: ProvisionResult
    blocking: bool
    url: str
    waivers: list[WaiverRecord]


def _item(decision: Decision, r: ProvisionResult) -> _Item:
    return _Item(
        result=r,
        blocking=decision.is_blocking(r),
        url=provision_url(r.provision.id),
        waivers=[w for w in decision.waivers if w.provision == r.provision.id],
    )


@dataclass(frozen=True)
class _PostureRow:
    phase_label: str
    principle: int
    title: str
    counts: dict[str, int]


def _posture_rows(decision: Decision) -> list[_PostureRow]:
    out = []
    previous = None
    for row in posture(decision):
        phase = label(row.phase).capitalize() if row.phase != previous else ""
        previous = row.phase
        out.append(_PostureRow(phase, row.principle, row.title, row.counts))
    return out


def _totals(decision: Decision) -> dict[Status, int]:
    counts = decision.counts()
    return {s: counts[s.value] for s in POSTURE_STATUSES}


def _verdict(decision: Decision) -> str:
    summary = decision.summary()
    parts = []
    if decision.schema_findings:
        parts.append(f"{len(decision.schema_findings)} manifest error(s)")
    parts.append(f"{summary['unmet_shall']} unmet shall")
    parts.append(f"{summary['unmet_should']} unmet should")
    parts.append(f"{summary['pass']} pass")
    parts.append(f"{summary['attested']} attested")
    parts.append(f"{summary['waived']} waived")
    parts.append(f"{summary['not_assessed']} not assessed")
    return ", ".join(parts) + "."


def _days_text(days: int) -> str:
    if days < 0:
        return f"expired {-days} day(s) ago"
    return "expires today" if days == 0 else f"{days} day(s) left"


class HtmlReporter(Reporter):
    format = Format.HTML

    def render(self, decision: Decision, options: ReportOptions) -> str:
        return render(decision, options)


def _age(today: str, date: str) -> str:
    """Days from `date` to the run date, "" when either is not a date."""
    import datetime as dt

    try:
        return f"{(dt.date.fromisoformat(today) - dt.date.fromisoformat(date)).days} day(s)"
    except ValueError:
        return ""
