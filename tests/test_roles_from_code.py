"""Roles follow from what the repository's code shows (evidence/observed_roles.py, roles.py):
a manifest that declares narrower roles than its code shows fails, with a finding naming the
file and line; the honest systems of test_three_systems.py, given the same code, pass.

Real git repositories built from the passing example, checked by the real CLI.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from test_three_systems import (
    _check,
    _repo,
    _statuses,
    data_custodian,
    hosted_api_operator,
    open_weights_developer,
)

TRAINER = """\
from datasets import load_dataset
from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

model = AutoModelForCausalLM.from_pretrained("models/helpdesk-llm")
data = load_dataset("json", data_files="tickets.jsonl")
trainer = Trainer(model=model, args=TrainingArguments("out"), train_dataset=data["train"])
trainer.train()
"""
LOOP = """\
import torch


def fit(model, batches):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    for batch in batches:
        loss = model(**batch).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
"""
APP = """\
from fastapi import FastAPI
from transformers import pipeline

app = FastAPI()
generate = pipeline("text-generation", model="models/helpdesk-llm")


@app.post("/reply")
def reply(text: str) -> str:
    return generate(text)[0]["generated_text"]
"""
PREPARE = """\
import pandas as pd

raw = pd.read_json("exports/tickets-raw.jsonl", lines=True)
raw[raw.pii_scrubbed].to_parquet("data/tickets-clean.parquet")
"""


def _with(change, files: dict[str, str]):
    def changed(data: dict[str, Any], root: Path) -> None:
        change(data, root)
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")

    return changed


def _left_out(report: dict[str, Any], role: str) -> list[str]:
    return [
        f["message"]
        for f in report["manifest_findings"]
        if f["rule"] == "roles.below_derived" and f"leaves out {role}," in f["message"]
    ]


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# -- developer -------------------------------------------------------------------------------


def test_an_operator_whose_code_fine_tunes_is_a_developer(git_repo):
    code, report = _check(_repo(git_repo, _with(hosted_api_operator, {"train.py": TRAINER})))
    assert code == 1
    [message] = _left_out(report, "developer")
    assert f"train.py:{_line(TRAINER, 'trainer.train()')}" in message
    assert "training with Trainer.train()" in message and "the repository shows" in message
    # the developer's provisions apply although the manifest leaves the role out
    assert report["roles"] == ["developer", "system_operator"]
    assert _statuses(report)["5.1.3-1.2"] != "not_applicable"


def test_a_training_loop_inside_the_package_counts(git_repo):
    files = {"helpdesk/tuning/loop.py": LOOP}
    code, report = _check(_repo(git_repo, _with(hosted_api_operator, files)))
    assert code == 1
    [message] = _left_out(report, "developer")
    assert f"helpdesk/tuning/loop.py:{_line(LOOP, 'loss.backward()')}" in message


def test_training_code_in_tests_examples_comments_and_text_does_not_count(git_repo):
    quoted = "# trainer.train() and loss.backward() are not run here\n" + (f"NOTE = '''{LOOP}'''\n")
    files = {
        "tests/test_training.py": LOOP,
        "examples/finetune.py": TRAINER,
        "docs/tutorials/train.py": TRAINER,
        "helpdesk/notes.py": quoted,
        "README-training.md": "We do not train models: `trainer.train()` is never called.\n",
    }
    code, report = _check(_repo(git_repo, _with(hosted_api_operator, files)))
    assert code == 0, report["manifest_findings"]
    assert report["roles"] == ["system_operator"]


def test_fitting_a_scaler_is_not_training_but_saving_a_fitted_estimator_is(git_repo):
    scaler = """\
    import joblib
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit([[1.0], [2.0]])
    joblib.dump(scaler, "scaler.joblib")
    """
    code, report = _check(
        _repo(git_repo, _with(hosted_api_operator, {"helpdesk/features.py": scaler}))
    )
    assert code == 0, report["manifest_findings"]

    estimator = scaler.replace(
        "preprocessing import StandardScaler", "linear_model import LogisticRegression"
    )
    estimator = estimator.replace("StandardScaler().fit([[1.0], [2.0]])", "LogisticRegression()")
    estimator += "scaler.fit([[1.0], [2.0]], [0, 1])\n"
    (git_repo / "helpdesk" / "features.py").write_text(textwrap.dedent(estimator), "utf-8")
    code, report = _check(git_repo)
    assert code == 1
    [message] = _left_out(report, "developer")
    assert "a LogisticRegression fitted and saved (helpdesk/features.py:6)" in message


def test_a_developer_that_fine_tunes_passes(git_repo):
    files = {"train.py": TRAINER, "helpdesk/tuning/loop.py": LOOP}
    code, report = _check(_repo(git_repo, _with(open_weights_developer, files)))
    assert code == 0, report["manifest_findings"]
    assert report["roles"] == ["developer"]


# -- system operator -------------------------------------------------------------------------


def test_a_developer_that_serves_its_model_is_an_operator(git_repo):
    code, report = _check(_repo(git_repo, _with(open_weights_developer, {"serve/app.py": APP})))
    assert code == 1
    [message] = _left_out(report, "system_operator")
    assert "a FastAPI app (fastapi.FastAPI()) (serve/app.py:4)" in message


def test_a_container_that_runs_a_service_makes_an_operator(git_repo):
    files = {
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "serve:app"]\n',
        "helpdesk/model.py": "import torch\n",
    }
    code, report = _check(_repo(git_repo, _with(open_weights_developer, files)))
    assert code == 1
    [message] = _left_out(report, "system_operator")
    assert "Dockerfile:3" in message


def test_a_training_image_and_an_app_in_a_library_function_do_not_make_an_operator(git_repo):
    library_app = APP.replace("app = FastAPI()", "def make_app():\n    return FastAPI()")
    files = {
        "Dockerfile": 'FROM python:3.12-slim\nCMD ["python", "train.py"]\n',
        "helpdesk/web.py": library_app.replace("@app.post", "# @app.post"),
        "train.py": TRAINER,
    }
    code, report = _check(_repo(git_repo, _with(open_weights_developer, files)))
    assert code == 0, report["manifest_findings"]


def test_an_operator_that_serves_a_hosted_model_passes(git_repo):
    app = """\
    from fastapi import FastAPI
    from openai import OpenAI

    app = FastAPI()
    client = OpenAI(base_url="https://api.example.org/v1")


    @app.post("/answer")
    def answer(q: str) -> str:
        messages = [{"role": "user", "content": q}]
        r = client.chat.completions.create(model="assistant-llm-2024-08-06", messages=messages)
        return r.choices[0].message.content
    """
    code, report = _check(_repo(git_repo, _with(hosted_api_operator, {"helpdesk/app.py": app})))
    assert code == 0, report["manifest_findings"]
    assert report["roles"] == ["system_operator"]


# -- data custodian --------------------------------------------------------------------------


def test_an_operator_that_keeps_data_is_a_custodian(git_repo):
    files = {"data/tickets-2026.csv": "ticket_id,subject\nZD-1,printer\n"}
    code, report = _check(_repo(git_repo, _with(hosted_api_operator, files)))
    assert code == 1
    [message] = _left_out(report, "data_custodian")
    assert "data/tickets-2026.csv" in message


def test_a_preparation_step_or_dvc_makes_a_custodian(git_repo):
    files = {
        "pipelines/prepare.py": PREPARE,
        "exports/tickets-raw.jsonl.dvc": "outs:\n- md5: 0123\n  path: tickets-raw.jsonl\n",
    }
    code, report = _check(_repo(git_repo, _with(hosted_api_operator, files)))
    assert code == 1
    [message] = _left_out(report, "data_custodian")
    assert f"pipelines/prepare.py:{_line(PREPARE, 'to_parquet')}" in message
    assert "exports/tickets-raw.jsonl.dvc:1" in message


def test_data_of_an_outside_custodian_makes_no_custodian(git_repo):
    # the open-weights developer keeps the ticket data another organisation's custodian holds
    code, report = _check(_repo(git_repo, open_weights_developer))
    assert code == 0, report["manifest_findings"]
    assert not _left_out(report, "data_custodian")


def test_data_no_outside_custodian_holds_makes_the_custodian_in_house(git_repo):
    def gamed(data: dict[str, Any], root: Path) -> None:
        open_weights_developer(data, root)
        data["datasets"][0]["path"] = "data/elsewhere.jsonl"  # no longer the file kept here

    code, report = _check(_repo(git_repo, gamed))
    assert code == 1
    [message] = _left_out(report, "data_custodian")
    assert "data/support-tickets-2025.jsonl" in message
    # the custodian-in-design provision applies: the custodian is this organisation
    pid = "5.1.2-1.1"
    assert _statuses(report)[pid] == "fail"
    found = next(p for p in report["provisions"] if p["id"] == pid)["findings"]
    assert any(f["rule"] == "conditions.custodian_observed" for f in found)


def test_a_custodian_with_a_preparation_step_passes(git_repo):
    prepare = PREPARE.replace("exports/tickets-raw.jsonl", "data/support-tickets-2025.jsonl")
    prepare = prepare.replace("data/tickets-clean.parquet", "data/product-faq.jsonl")
    code, report = _check(_repo(git_repo, _with(data_custodian, {"pipelines/prepare.py": prepare})))
    assert code == 0, report["manifest_findings"]
    assert report["roles"] == ["data_custodian"]


# -- exemptions ------------------------------------------------------------------------------


def test_a_role_the_code_shows_cannot_be_exempted_away(git_repo):
    def declared(data: dict[str, Any], root: Path) -> None:
        hosted_api_operator(data, root)
        data["system"]["roles"] = ["system_operator", "developer"]
        data["not_applicable"].append(
            {
                "provision": "5.1.3-1.2",
                "justification": "We build on a hosted model and never train one ourselves.",
                "approver": "Priya Raman",
                "reviewed": "2026-10-01",
            }
        )

    code, report = _check(_repo(git_repo, _with(declared, {"train.py": TRAINER})))
    assert code == 1
    exempted = next(p for p in report["provisions"] if p["id"] == "5.1.3-1.2")
    assert exempted["status"] != "not_applicable"
    assert any("train.py:7" in f["message"] for f in exempted["findings"])
