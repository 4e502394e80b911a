"""`personal_data` is read strictly by the Rego policies too (lib.sensitive_data, the one
definition): a dataset that leaves out `personal_data:` or `classification:`, or whose cited
data file shows personal-data columns, may hold personal data, so the controls that depend on it
(5.1.4-4 custodian controls, 5.2.1-4 encryption, 5.1.3-1 inversion threats) stay on. Real CLI,
real git repositories built from the passing example, whose public FAQ dataset is declared
`personal_data: false` and `classification: public`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_conditions_earned import _check

CONTROLS = "p04_human_oversight.custodian_controls_declared"


def _faq(data: dict[str, Any]) -> dict[str, Any]:
    return next(d for d in data["datasets"] if d["name"] == "product-faq")


def _faq_as_csv(data: dict[str, Any], root: Path, header: str) -> None:
    faq = _faq(data)
    (root / faq["path"]).unlink()
    faq["path"] = "data/product-faq.csv"
    faq.pop("sha256", None)
    (root / faq["path"]).write_text(header + "\nx,y,z\n", encoding="utf-8")


def _controls(r: dict[str, Any]) -> list[str]:
    return [f["message"] for f in r["5.1.4-4"]["findings"] if f["rule"] == CONTROLS]


def test_leaving_personal_data_out_keeps_the_custodian_controls_on(git_repo: Path):
    r = _check(git_repo, lambda data, root: _faq(data).pop("personal_data"))
    assert r["5.1.4-4"]["status"] == "fail"
    [message] = _controls(r)
    assert "dataset product-faq is personal or confidential" in message


def test_leaving_the_classification_out_keeps_the_custodian_controls_on(git_repo: Path):
    r = _check(git_repo, lambda data, root: _faq(data).pop("classification"))
    assert r["5.1.4-4"]["status"] == "fail"
    assert _controls(r)


def test_personal_columns_under_personal_data_false_keep_the_controls_on(git_repo: Path):
    r = _check(git_repo, lambda d, root: _faq_as_csv(d, root, "question,customer_email,answer"))
    assert r["5.1.4-4"]["status"] == "fail"
    assert _controls(r)
    # the decision stage names the columns too (undeclared.py), under 5.2.1-4
    assert any(f["rule"] == "datasets.personal_data_observed" for f in r["5.2.1-4"]["findings"])


def test_a_dataset_shown_public_and_impersonal_needs_no_custodian_controls(git_repo: Path):
    r = _check(git_repo, lambda d, root: _faq_as_csv(d, root, "question,answer,product_name"))
    assert r["5.1.4-4"]["status"] == "pass"
    assert _controls(r) == []


def _faq_as_shards(data: dict[str, Any], root: Path, header: str, link: bool = False) -> None:
    """The FAQ dataset kept as a directory of CSV shards (the path names the directory)."""
    faq = _faq(data)
    (root / faq["path"]).unlink()
    faq["path"] = "data/faq"
    faq.pop("sha256", None)
    shards = root / "data" / "faq"
    shards.mkdir()
    (shards / "part-0001.csv").write_text("question,answer\nx,y\n", encoding="utf-8")
    if link:  # a shard that is a link to a file elsewhere is never read
        (root / "elsewhere.csv").write_text(header + "\nx,y\n", encoding="utf-8")
        (shards / "part-0000.csv").symlink_to(root / "elsewhere.csv")
    else:
        (shards / "part-0000.csv").write_text(header + "\nx,y\n", encoding="utf-8")


def test_personal_columns_in_a_directory_of_shards_count(git_repo: Path):
    r = _check(git_repo, lambda d, root: _faq_as_shards(d, root, "question,email"))
    assert _controls(r)
    observed = [
        f for f in r["5.2.1-4"]["findings"] if f["rule"] == "datasets.personal_data_observed"
    ]
    assert observed and "the shards in data/faq has columns" in observed[0]["message"]
    assert "email" in observed[0]["message"]


def test_a_shard_that_is_a_link_is_not_read(git_repo: Path):
    r = _check(git_repo, lambda d, root: _faq_as_shards(d, root, "question,email", link=True))
    assert _controls(r) == []


def test_json_lines_records_need_not_share_keys():
    from ai_security_gate.personal_header import _json_keys, personal

    head = (
        '{"id": 1, "q": "a"}\n{"id": 2, "customer": {"email": "x"}}\n{"id": 3, "phone": 1}\n{"cut'
    )
    assert [k for k in _json_keys(head) if personal(k)] == ["customer.email", "phone"]


def test_a_later_json_lines_record_with_personal_keys_counts(git_repo: Path):
    def gamed(data: dict[str, Any], root: Path) -> None:
        faq = _faq(data)
        path = root / faq["path"]
        path.write_text(
            path.read_text(encoding="utf-8") + '{"question": "q", "customer_email": "a@b.c"}\n',
            encoding="utf-8",
        )
        faq.pop("sha256", None)

    r = _check(git_repo, gamed)
    assert _controls(r)
