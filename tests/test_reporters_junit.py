"""JUnit XML, read back with junitparser: one test case per provision, failures for unmet,
skipped for not applicable / not assessed / waived."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from junitparser import Failure, JUnitXml, Skipped

from ai_security_gate.catalog import load_catalog
from ai_security_gate.cli import main
from ai_security_gate.reporters import ReportOptions, get_renderer
from ai_security_gate.results import Status
from conftest import EXAMPLES, TODAY
from reporters_support import HOSTILE, sample_decision


def parse(text: str, tmp_path: Path) -> JUnitXml:
    path = tmp_path / "gate.xml"
    path.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def cases(xml: JUnitXml) -> dict[str, object]:
    return {case.name.split(" ")[0]: case for suite in xml for case in suite}


def test_one_case_per_provision_with_the_right_outcome(tmp_path):
    decision = sample_decision()
    xml = parse(get_renderer("junit")(decision, ReportOptions()), tmp_path)
    by_id = cases(xml)
    catalog = load_catalog()
    assert set(by_id) == {p.id for p in catalog} | {"manifest-schema", "manifest-error"}

    for r in decision.results:
        outcome = by_id[r.provision.id].result
        if r.status is Status.FAIL:
            assert len(outcome) == 1 and isinstance(outcome[0], Failure)
            assert outcome[0].type == r.provision.level
            for f in r.findings:
                assert f"{f.location}" in outcome[0].text
        elif r.status in (Status.NOT_APPLICABLE, Status.NOT_ASSESSED, Status.WAIVED):
            assert len(outcome) == 1 and isinstance(outcome[0], Skipped)
            assert r.status.value.replace("_", " ") in outcome[0].message
        else:
            assert outcome == [], r.status  # pass, attested

    should = next(
        r for r in decision.results if r.status is Status.FAIL and r.provision.level == "should"
    )
    assert "does not fail the gate" in by_id[should.provision.id].result[0].message
    for name in ("manifest-schema", "manifest-error"):
        assert isinstance(by_id[name].result[0], Failure)


def test_totals_add_up(tmp_path):
    decision = sample_decision()
    xml = parse(get_renderer("junit")(decision, ReportOptions()), tmp_path)
    xml.update_statistics()
    counts = decision.counts()
    assert xml.tests == len(decision.results) + 2
    assert xml.failures == counts["fail"] + 2  # + the two manifest test cases
    assert xml.skipped == counts["not_applicable"] + counts["not_assessed"] + counts["waived"]
    assert xml.errors == 0


def test_hostile_text_gives_well_formed_xml(tmp_path):
    text = get_renderer("junit")(sample_decision(), ReportOptions())
    assert "\x1b" not in text and "\x00" not in text
    xml = parse(text, tmp_path)  # junitparser (lxml or ElementTree) refuses malformed XML
    failure_texts = [r.text or "" for s in xml for c in s for r in c.result]
    assert any("<script>" in t for t in failure_texts)  # escaped in the file, intact when read
    assert HOSTILE.split("\n")[0][:20] in "".join(failure_texts)


def test_deterministic():
    assert get_renderer("junit")(sample_decision(), ReportOptions()) == get_renderer("junit")(
        sample_decision(), ReportOptions()
    )


def test_failing_example_through_the_cli(tmp_path):
    out = tmp_path / "gate.xml"
    result = CliRunner().invoke(
        main, ["check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", f"junit:{out}"]
    )
    assert result.exit_code == 1, result.output
    xml = JUnitXml.fromfile(str(out))
    xml.update_statistics()
    assert xml.tests == len(load_catalog()) + 2
    assert xml.failures >= 1
    failed = [c for s in xml for c in s if any(isinstance(r, Failure) for r in c.result)]
    assert all(c.result[0].text for c in failed)


def test_junit_is_byte_identical_across_runs(tmp_path):
    gate = str(Path(sys.executable).with_name("ai-security-gate"))
    outs = []
    for i in range(2):
        out = tmp_path / f"{i}.xml"
        subprocess.run(
            [gate, "check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", f"junit:{out}"],
            capture_output=True,
        )
        outs.append(out.read_bytes())
    assert outs[0] and outs[0] == outs[1]
