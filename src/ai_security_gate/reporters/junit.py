"""`--format junit`: JUnit XML for CI test-report views (GitLab, Jenkins, Azure, test-report
actions). One test suite per principle, one test case per provision:

- fail           -> <failure> (type `shall` or `should`; its message says whether it fails
                    the gate at the chosen --fail-on), the findings as the failure text
- waived         -> <skipped> with the waiver (like pytest's xfail: known, accepted, not run)
- not applicable -> <skipped> with the reason (none of its roles is played here)
- not assessed   -> <skipped> (no rule or attestation covers it: never reported as passing)
- pass, attested -> a passing test case (attested ones say so in system-out)

A `manifest` suite comes first with the test cases `manifest-schema` and `manifest-error`,
failing when the manifest has such findings. No time stamps or host names, so the same
decision gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..results import Decision, Finding, ProvisionResult, Status
from . import Format, Reporter, ReportOptions
from .common import (
    MANIFEST_ERROR_RULE,
    MANIFEST_SCHEMA_RULE,
    label,
    manifest_rule,
    posture,
    printable,
    short,
)

SUITE_PREFIX = "ai-security-gate"


def render(decision: Decision, options: ReportOptions) -> str:
    root = ET.Element("testsuites", name=printable(f"{SUITE_PREFIX}: {decision.manifest}"))
    suites = [_manifest_suite(decision)]
    titles = {row.principle: row.title for row in posture(decision)}
    by_principle: dict[int, list[ProvisionResult]] = {}
    for r in decision.results:
        by_principle.setdefault(r.provision.principle, []).append(r)
    for principle, results in by_principle.items():
        suites.append(_principle_suite(decision, principle, titles[principle], results))

    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
        root.append(suite)
    for key, value in totals.items():
        root.set(key, str(value))

    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _manifest_suite(decision: Decision) -> ET.Element:
    suite = ET.Element("testsuite", name=f"{SUITE_PREFIX}.manifest")
    _properties(
        suite,
        manifest=printable(decision.manifest),
        result="pass" if decision.passed else "fail",
        fail_on=decision.fail_on,
        engine=decision.engine,
        roles=",".join(decision.roles),
    )
    failures = 0
    for rule_id, what in (
        (MANIFEST_SCHEMA_RULE, "violation(s) of the manifest schema"),
        (MANIFEST_ERROR_RULE, "reference(s) to provisions that do not exist"),
    ):
        case = ET.SubElement(suite, "testcase", classname=f"{SUITE_PREFIX}.manifest", name=rule_id)
        findings = [f for f in decision.schema_findings if manifest_rule(f) == rule_id]
        if findings:
            failures += 1
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{len(findings)} {what}",
                type="manifest",
            )
            failure.text = _findings_text(findings, with_path=True)
    _counts(suite, tests=2, failures=failures, skipped=0)
    return suite


def _principle_suite(
    decision: Decision, principle: int, title: str, results: list[ProvisionResult]
) -> ET.Element:
    suite = ET.Element("testsuite", name=f"{SUITE_PREFIX}.P{principle} {title}")
    _properties(suite, phase=results[0].provision.phase, principle=str(principle))
    failures = skipped = 0
    for r in results:
        p = r.provision
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{SUITE_PREFIX}.{p.phase}.P{principle}",
            name=f"{p.id} ({p.level}) {short(p.title, 80)}",
        )
        if r.status is Status.FAIL:
            failures += 1
            blocking = decision.is_blocking(r)
            consequence = (
                "fails the gate"
                if blocking
                else f"a warning: does not fail the gate at --fail-on {decision.fail_on}"
            )
            first = r.findings[0].message if r.findings else r.reason
            failure = ET.SubElement(
                case,
                "failure",
                message=printable(f"unmet {p.level} ({consequence}): {short(first, 300)}"),
                type=p.level,
            )
            failure.text = _findings_text(r.findings) or printable(r.reason)
        elif r.status in (Status.WAIVED, Status.NOT_APPLICABLE, Status.NOT_ASSESSED):
            skipped += 1
            skip = ET.SubElement(
                case,
                "skipped",
                message=printable(
                    f"{label(r.status.value)}{' (justified)' if r.justified else ''}: {r.reason}"
                ),
            )
            if r.findings:
                skip.text = _findings_text(r.findings)
        elif r.status is Status.ATTESTED:
            ET.SubElement(case, "system-out").text = printable(f"attested: {r.reason}")
        if r.verified and r.status is not Status.FAIL:
            # what earned the pass, as the test's output: CI test views show it on the case
            out = case.find("system-out")
            lines = [f"verified: {v.what} ({v.location})" for v in r.verified]
            text = "\n".join(lines)
            if out is None:
                ET.SubElement(case, "system-out").text = printable(text)
            else:
                out.text = (out.text or "") + "\n" + printable(text)
    _counts(suite, tests=len(results), failures=failures, skipped=skipped)
    return suite


def _findings_text(findings: list[Finding], with_path: bool = False) -> str:
    lines = []
    for f in findings:
        where = f"{f.location} {f.path_text}: " if with_path or f.path else f"{f.location}: "
        lines.append(where + f.message)
    return printable("\n".join(lines))


def _properties(suite: ET.Element, **values: str) -> None:
    props = ET.SubElement(suite, "properties")
    for name, value in values.items():
        ET.SubElement(props, "property", name=name, value=value)


def _counts(suite: ET.Element, *, tests: int, failures: int, skipped: int) -> None:
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))


class JunitReporter(Reporter):
    format = Format.JUNIT

    def render(self, decision: Decision, options: ReportOptions) -> str:
        return render(decision, options)
