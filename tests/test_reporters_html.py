"""The HTML report, parsed with the standard library's HTML parser: the page is complete
(every provision, what verified it, waivers, justified exemptions, the run), its
Content-Security-Policy allows exactly its own inline style and script, and nothing from the
manifest becomes markup. The browser tests (test_reporters_html_browser.py) check the same
page in a real Chromium."""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser

from click.testing import CliRunner

from ai_security_gate.cli import main
from ai_security_gate.reporters import ReportOptions, get_renderer
from ai_security_gate.reporters.common import PROVISION_DOCS_URL
from ai_security_gate.results import Status
from conftest import EXAMPLES, TODAY
from reporters_support import HOSTILE, auditor_decision, passing_decision


class Page(HTMLParser):
    """Elements with their attributes, raw text of <script>/<style>, and text per section."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self.sections: dict[str, dict[str, object]] = {}
        self.text: list[str] = []
        self._stack: list[str] = []
        self._section: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in ("script", "style"):
            self.raw[tag].append("")
        if tag == "section" and "prov" in (attributes.get("class") or ""):
            self._section = attributes["id"]
            self.sections[self._section] = {"attrs": attributes, "text": ""}
        self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "section":
            self._section = None
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        current = self._stack[-1] if self._stack else ""
        if current in ("script", "style"):
            self.raw[current][-1] += data
            return
        self.text.append(data)
        if self._section:
            self.sections[self._section]["text"] += data


def render(decision) -> str:
    return get_renderer("html")(decision, ReportOptions())


def sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def csp(page: Page) -> dict[str, str]:
    meta = [a for t, a in page.elements if t == "meta" and a.get("http-equiv")]
    assert len(meta) == 1 and meta[0]["http-equiv"] == "Content-Security-Policy"
    directives = [d.strip().split(" ", 1) for d in meta[0]["content"].split(";")]
    return {d[0]: d[1] for d in directives}


def test_csp_allows_only_the_pages_own_style_and_script():
    text = render(auditor_decision())
    page = Page(text)
    policy = csp(page)
    assert policy["default-src"] == "'none'"
    assert len(page.raw["script"]) == 1 and len(page.raw["style"]) == 1
    assert policy["script-src"] == f"'{sha(page.raw['script'][0])}'"
    assert policy["style-src"] == f"'{sha(page.raw['style'][0])}'"
    for directive in ("img-src", "font-src", "connect-src", "base-uri", "form-action"):
        assert policy[directive] == "'none'"
    assert "unsafe" not in text.split("<body>")[0]
    # the CSP meta comes before anything it must govern
    assert text.index("Content-Security-Policy") < text.index("<style>")


def test_hostile_manifest_text_is_inert_text():
    decision = auditor_decision()
    page = Page(render(decision))
    tags = [t for t, _ in page.elements]
    assert tags.count("script") == 1 and tags.count("style") == 1
    for forbidden in ("img", "svg", "link", "iframe", "object", "embed", "base", "form"):
        assert forbidden not in tags, forbidden
    for tag, attrs in page.elements:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert "src" not in attrs, (tag, attrs)
        href = attrs.get("href")
        if href is not None:
            assert href.startswith("#p-") or href.startswith(PROVISION_DOCS_URL), href
    text = "".join(page.text)
    # the markup is there, as text people can read
    assert "<script>window.__pwned=1</script>" in text
    assert '<img src="http://127.0.0.1:9/x"' in text
    assert "{{ 7*7 }}" in text and "{% raw %}" in text
    assert "@octocat" in text
    # control characters never reach the page
    assert "\x1b" not in "".join(page.text) and "\x00" not in "".join(page.text)
    assert HOSTILE.split("\n")[0] not in "\n".join(page.raw["script"])


def test_every_provision_with_status_roles_and_what_verified_it():
    decision = auditor_decision()
    page = Page(render(decision))
    assert len(page.sections) == len(decision.results) == 72
    for r in decision.results:
        section = page.sections[f"p-{r.provision.id}"]
        assert section["attrs"]["data-status"] == r.status.value
        assert section["attrs"]["data-roles"].split() == list(r.provision.roles)
        for v in r.verified:
            assert f"{v.location}" in section["text"]
            assert v.rule in section["text"]
        for f in r.findings:
            assert str(f.location) in section["text"]
    passed = next(r for r in decision.results if r.status is Status.PASS)
    text = page.sections[f"p-{passed.provision.id}"]["text"]
    assert "Verified by:" in text and "Assets, Threats, Mitigations" in text
    assert "commit 0123456789ab, 2026-10-01" in text


def test_waivers_and_justified_exemptions_with_approvers_and_dates():
    decision = auditor_decision()
    page = Page(render(decision))
    waived = next(r for r in decision.results if r.status is Status.WAIVED)
    text = page.sections[f"p-{waived.provision.id}"]["text"]
    assert "approved by Dana Okafor, expires 2027-01-31" in text
    assert "expires 2026-01-31 (not applied)" in text
    na = next(r for r in decision.results if r.status is Status.NOT_APPLICABLE)
    text = page.sections[f"p-{na.provision.id}"]["text"]
    assert "justified exemption" in text and "approved by Lee Chen on 2026-09-01" in text
    whole = "".join(page.text)
    assert "70 day(s) left" in whole and "expired 295 day(s) ago" in whole


def test_the_run_and_the_inventory_are_named():
    decision = auditor_decision()
    whole = "".join(Page(render(decision)).text)
    assert "0123456789abcdef0123456789abcdef01234567" in whole  # commit
    assert "ab" * 32 in whole and "14 Rego module(s)" in whole  # policies
    assert "2026-11-22" in whole and "regorus" in whole
    assert "ETSI EN 304 223 V2.1.1" in whole
    assert "matches the file" in whole  # models[0]
    assert "differs from the file" in whole  # the dataset
    assert "(no file hashed)" in whole  # the remote model


def test_posture_totals_add_up():
    decision = auditor_decision()
    page = Page(render(decision))
    shown = {}
    for tag, attrs in page.elements:
        if tag == "input" and "data-status-filter" in attrs:
            shown[attrs["value"]] = attrs
    assert set(shown) == {s.value for s in Status}
    counts = decision.counts()
    whole = "".join(page.text)
    for status, n in counts.items():
        label = status.replace("_", " ").capitalize()
        assert f"{label} ({n})" in whole


def test_a_passing_decision_renders_without_run_facts():
    page = Page(render(passing_decision()))
    assert len(page.sections) == 72
    assert "not a git work tree" in "".join(page.text)


def test_cli_writes_the_failing_example_as_html(tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        main, ["check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", f"html:{out}"]
    )
    assert result.exit_code == 1, result.output
    page = Page(out.read_text(encoding="utf-8"))
    assert len(page.sections) == 72
    assert "contract-summariser" in "".join(page.text)
    fails = [s for s in page.sections.values() if s["attrs"]["data-status"] == "fail"]
    assert fails and all("ai-security.yaml:" in s["text"] for s in fails)


def test_dated_reviews_with_their_age_on_the_run_date():
    import datetime as dt

    decision = auditor_decision()
    whole = "".join(Page(render(decision)).text)
    (review,) = decision.inventory.reviews
    age = (dt.date.fromisoformat("2026-11-22") - dt.date.fromisoformat(review.date)).days
    assert f"threat_model.last_reviewed{review.date}{age} day(s)" in whole.replace("\n", "")
