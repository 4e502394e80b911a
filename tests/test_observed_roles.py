"""The role detectors one signal at a time (evidence/observed_roles.py, role_code.py), each
both ways: what a careful reviewer would accept as showing the role, and its look-alike that
does not (a scaler's `.fit()`, an app built inside a library function, a training image, a
docs deployment, a comment). Real files in a temporary folder (not a git work tree, so the
walk lists them), read by the real observer, and roles.py's decision over what it saw."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

from ai_security_gate.evidence.observed_roles import observe_roles
from ai_security_gate.roles import derived


def _seen(tmp_path: Path, files: dict[str, str]) -> dict[str, list[dict[str, object]]]:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return observe_roles(tmp_path)


def _where(seen: dict[str, list[dict[str, object]]], kind: str) -> list[str]:
    return [f"{o['file']}:{o['line']}" for o in seen[kind]]


DEVELOPER = {
    "sft.py": """\
        from trl import SFTTrainer
        trainer = SFTTrainer(model="m", train_dataset=ds)
        trainer.train()
        """,
    "lightning_fit.py": """\
        import lightning as L
        L.Trainer(max_epochs=3).fit(model, loader)
        """,
    "keras_fit.py": """\
        from tensorflow import keras
        model = keras.Sequential([])
        model.compile(optimizer="adam", loss="mse")
        model.fit(x, y)
        """,
    "lora.py": """\
        from peft import LoraConfig, get_peft_model
        model = get_peft_model(base, LoraConfig(r=8))
        """,
    "amp_loop.py": """\
        def step(scaler, optimizer, loss):
            scaler.scale(loss).backward()
            scaler.step(optimizer)
        """,
    "xgb.py": """\
        import xgboost as xgb
        clf = xgb.XGBClassifier()
        clf.fit(X, y)
        clf.save_model("clf.json")
        """,
    "rebound.py": """\
        import pickle
        from sklearn.ensemble import RandomForestClassifier

        def train(x, y):
            clf = RandomForestClassifier()
            clf.fit(x, y)
            return clf

        def main():
            clf = train([[0]], [1])
            pickle.dump(clf, open("model.pkl", "wb"))
        """,
    "dvc.yaml": "stages:\n  train:\n    cmd: python t.py\n    outs:\n    - model.pkl\n",
    "mlflow_log.py": """\
        import mlflow
        mlflow.sklearn.log_model(model, "model")
        """,
    "export.py": """\
        import torch
        torch.save(model.state_dict(), "weights.pt")
        """,
    "train.ipynb": json.dumps(
        {
            "cells": [
                {"cell_type": "markdown", "source": ["trainer.train()"]},
                {"cell_type": "code", "source": ["!pip install trl\n", "t = DPOTrainer(m)\n"]},
                {"cell_type": "code", "source": ["t.train()\n"]},
            ]
        }
    ),
    "hosted_tune.py": """\
        from openai import OpenAI
        job = OpenAI().fine_tuning.jobs.create(training_file="file-1", model="gpt-4o-mini")
        """,
    "scripts/finetune.sh": "#!/bin/sh\naccelerate launch -m axolotl.cli.train configs/qlora.yml\n",
    "Makefile": "train:\n\ttrl sft --model_name_or_path base --dataset_name tickets\n",
    "configs/qlora.yml": """\
        base_model: example/base-7b
        datasets:
          - path: data/tickets.jsonl
        adapter: qlora
        micro_batch_size: 2
        """,
}


@pytest.mark.parametrize("name", sorted(DEVELOPER))
def test_each_developer_signal_is_seen_where_it_is(tmp_path, name):
    seen = _seen(tmp_path, {name: DEVELOPER[name]})
    assert [o["file"].split("#")[0] for o in seen["developer_seen"]] == [name]
    assert "developer" in derived({}, seen)


NOT_DEVELOPER = {
    "scaler.py": """\
        import joblib
        from sklearn.preprocessing import StandardScaler
        scaler = StandardScaler()
        scaler.fit(X)
        joblib.dump(scaler, "scaler.joblib")
        """,
    "fit_not_saved.py": """\
        from sklearn.linear_model import LogisticRegression
        LogisticRegression().fit(X, y).score(X, y)
        """,
    "mode.py": """\
        model.train()
        model.eval()
        """,
    "backward_only.py": "loss.backward()\n",
    "tokenizer.py": "tokenizer.save_pretrained('out')\n",
    "library.py": """\
        class Wrapper:
            def save(self, path):
                self.save_pretrained(path)
        """,
    "comments.py": '# trainer.train(); loss.backward(); optimizer.step()\nTEXT = "get_peft_model()"\n',
    "tests/test_train.py": DEVELOPER["sft.py"],
    "tutorials/finetune.py": DEVELOPER["sft.py"],
    "vendor/lib/train.py": DEVELOPER["sft.py"],
    "configs/serving.yml": "base_model: example/base-7b\nport: 8080\n",
    "scripts/notes.sh": "# later: trl sft --model_name_or_path base\nls\n",
}


@pytest.mark.parametrize("name", sorted(NOT_DEVELOPER))
def test_look_alikes_of_training_are_not(tmp_path, name):
    seen = _seen(tmp_path, {name: NOT_DEVELOPER[name]})
    assert seen["developer_seen"] == []
    assert "developer" not in derived({}, seen)


MODEL = {"helpdesk/llm.py": "from transformers import pipeline\n"}
OPERATOR = {
    "app.py": "from fastapi import FastAPI\napp = FastAPI()\n",
    "main.py": """\
        import uvicorn
        if __name__ == "__main__":
            uvicorn.run("app:app")
        """,
    "ui.py": "import streamlit as st\n\ndef page():\n    st.title('Helpdesk')\n",
    "chat.py": """\
        import gradio as gr
        def build():
            return gr.ChatInterface(fn=reply)
        build().launch()
        """,
    "Dockerfile": "FROM python:3.12\nCMD gunicorn app:app\n",
    "factory.py": """\
        from flask import Flask

        def create_app():
            app = Flask(__name__)
            return app

        app = create_app()
        """,
    "deploy/k8s.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: helpdesk}\n",
    "compose.yaml": "services:\n  api:\n    image: helpdesk\n    ports: ['8080:8080']\n",
    "charts/helpdesk/Chart.yaml": "apiVersion: v2\nname: helpdesk\n",
    "Procfile": "release: migrate\nweb: gunicorn app:app\n",
    "scripts/start.sh": "#!/bin/sh\nexec uvicorn helpdesk.web:create_app --factory\n",
    ".github/workflows/release.yml": "jobs:\n  d:\n    steps:\n      - run: fly deploy --remote-only\n",
}


@pytest.mark.parametrize("name", sorted(OPERATOR))
def test_each_service_signal_makes_an_operator_where_a_model_is_used(tmp_path, name):
    seen = _seen(tmp_path, {name: OPERATOR[name]})
    assert [o["file"] for o in seen["operator_seen"]] == [name]
    assert "system_operator" not in derived({}, seen)  # no model anywhere: no AI system
    seen = _seen(tmp_path, MODEL)
    assert "system_operator" in derived({}, seen)


NOT_OPERATOR = {
    "factory.py": "from fastapi import FastAPI\n\ndef create_app():\n    return FastAPI()\n",
    "cli.py": """\
        import uvicorn
        from fastapi import FastAPI

        def main():
            uvicorn.run(FastAPI())

        if __name__ == "__main__":
            main()
        """,
    "Dockerfile": 'FROM python:3.12\nCMD ["python", "train.py"]\n',
    "compose.yaml": "services:\n  worker:\n    image: trainer\n",
    ".github/workflows/docs.yml": "jobs:\n  d:\n    steps:\n      - run: mkdocs gh-deploy --force\n"
    "      - name: Deploy\n      - run: echo deploy done\n",
    "examples/app.py": OPERATOR["app.py"],
    "demo/app.py": OPERATOR["app.py"],
}


@pytest.mark.parametrize("name", sorted(NOT_OPERATOR))
def test_look_alikes_of_a_service_are_not(tmp_path, name):
    seen = _seen(tmp_path, {name: NOT_OPERATOR[name], **MODEL})
    assert seen["operator_seen"] == []
    assert "system_operator" not in derived({}, seen)


HOSTED = """\
from openai import OpenAI

def answer(q):
    return OpenAI().chat.completions.create(model="gpt-4o-2024-08-06", messages=[q])
"""


def _with_assets(tmp_path: Path, files: dict[str, str]) -> dict[str, object]:
    from ai_security_gate.evidence.observed_assets import observe_assets

    seen: dict[str, object] = dict(_seen(tmp_path, files))
    seen.update(observe_assets(tmp_path))
    return seen


def test_hosted_model_calls_from_application_code_make_an_operator(tmp_path):
    seen = _with_assets(tmp_path, {"helpdesk/answer.py": HOSTED})
    [(_, what)] = derived({}, seen)["system_operator"]
    assert "gpt-4o-2024-08-06" in what and "helpdesk/answer.py:4" in what


def test_a_library_wrapping_a_hosted_api_or_an_evaluation_operates_nothing(tmp_path):
    seen = _with_assets(tmp_path, {"evaluation/judge.py": HOSTED, "bench_judge.py": HOSTED})
    assert "system_operator" not in derived({}, seen)
    library = {
        "pyproject.toml": '[build-system]\nrequires = ["hatchling"]\n[project]\nname = "c"\n',
        "src/c/client.py": HOSTED,
    }
    seen = _with_assets(tmp_path, library)
    assert seen["library_seen"]
    assert "system_operator" not in derived({}, seen)


CUSTODIAN = {
    "data/raw.csv.dvc": "outs:\n- md5: ab\n  path: raw.csv\n",
    "dvc.yaml": "stages:\n  clean:\n    cmd: python clean.py\n    outs:\n    - data/clean.parquet\n",
    "publish.py": """\
        from datasets import load_dataset
        ds = load_dataset("json", data_files="x.jsonl")
        ds.push_to_hub("org/tickets")
        """,
    "save.py": "import datasets\nds = datasets.Dataset.from_list(rows)\nds.save_to_disk(out)\n",
    "upload.py": "api.upload_folder(folder_path='d', repo_id='org/d', repo_type='dataset')\n",
    "prepare.py": """\
        import pandas as pd
        df = pd.read_csv("raw/export.csv")
        df.to_json("data/train.jsonl", orient="records", lines=True)
        """,
}


@pytest.mark.parametrize("name", sorted(CUSTODIAN))
def test_each_custodian_signal_is_seen(tmp_path, name):
    seen = _seen(tmp_path, {name: CUSTODIAN[name]})
    assert [o["file"] for o in seen["custodian_seen"]] == [name]
    assert "data_custodian" in derived({}, seen)


NOT_CUSTODIAN = {
    "results.py": 'import pandas as pd\npd.read_csv("a.csv").to_csv("eval_results.csv")\n',
    "library.py": """\
        import pandas as pd
        def convert(src, dst):
            pd.read_csv(src).to_json(dst, orient="records", lines=True)
        """,
    "model_push.py": "from datasets import load_dataset\nmodel.push_to_hub('org/m')\n",
    "no_reader.py": "df.to_parquet('data/x.parquet')\n",
}


@pytest.mark.parametrize("name", sorted(NOT_CUSTODIAN))
def test_look_alikes_of_holding_data_are_not(tmp_path, name):
    seen = _seen(tmp_path, {name: NOT_CUSTODIAN[name]})
    assert seen["custodian_seen"] == []


def test_data_an_outside_custodian_holds_is_theirs(tmp_path):
    seen = _seen(tmp_path, {"prepare.py": CUSTODIAN["prepare.py"]})
    theirs = {
        "datasets": [
            {
                "name": "t",
                "path": "data/",
                "custodian": "Ticket office (Other Ltd)",
                "custodian_external": True,
            }
        ]
    }
    assert "data_custodian" not in derived(theirs, seen)
    # the same entry with a custodian who owns a threat here is not outside the organisation
    theirs["threat_model"] = {"threats": [{"id": "T1", "owner": "Ticket office (Other Ltd)"}]}
    assert "data_custodian" in derived(theirs, seen)


def test_bounded_and_never_through_a_link(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "train.py").write_text(textwrap.dedent(DEVELOPER["sft.py"]), "utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    os.symlink(outside / "train.py", repo / "train.py")
    # a huge file is data, not a script; a deeply nested one does not break the reader
    (repo / "big.py").write_text(DEVELOPER["sft.py"] + "#" * (2 << 20), "utf-8")
    (repo / "deep.py").write_text("trainer.train(" + "(" * 200_000 + ")" * 200_000 + ")\n")
    seen = observe_roles(repo)
    assert seen["developer_seen"] == []


def test_a_hub_push_from_a_test_publishes_nothing(tmp_path):
    """Read by the real observation (observed.py leaves out code under tests/ that nothing of
    the repository runs), so a release script moved under tests/ and run by CI still counts."""
    from ai_security_gate.evidence.observed import observe

    push = "from huggingface_hub import upload_folder\n\nupload_folder(repo_id='o/m')\n"
    _seen(tmp_path, {"tests/t.py": push})
    assert "developer" not in derived({}, observe(tmp_path))
    _seen(tmp_path, {"scripts/release.py": push})
    assert "developer" in derived({}, observe(tmp_path))
    (tmp_path / "scripts" / "release.py").unlink()
    _seen(
        tmp_path,
        {".github/workflows/r.yml": "jobs:\n  r:\n    steps:\n      - run: python tests/t.py\n"},
    )
    assert "developer" in derived({}, observe(tmp_path))


def test_a_script_the_repository_runs_counts_wherever_it_sits(tmp_path):
    train = DEVELOPER["sft.py"]
    workflow = "jobs:\n  t:\n    steps:\n      - run: python -u examples/train.py --epochs 3\n"
    seen = _seen(tmp_path, {"examples/train.py": train})
    assert seen["developer_seen"] == []  # an example nobody runs shows nothing
    seen = _seen(tmp_path, {".github/workflows/train.yml": workflow})
    [o] = seen["developer_seen"]
    assert (o["file"], o["line"]) == ("examples/train.py", 3)
    assert "run by .github/workflows/train.yml:4" in str(o["what"])
    docker = 'FROM python:3.12\nCMD ["python", "tests/serve.py"]\n'
    seen = _seen(tmp_path, {"tests/serve.py": OPERATOR["app.py"], "Dockerfile": docker})
    assert "tests/serve.py:2" in _where(seen, "operator_seen")


def test_a_javascript_web_app_on_a_model_sdk_is_an_operator_a_package_is_not(tmp_path):
    app = {"private": True, "dependencies": {"next": "16.2.6", "@ai-sdk/openai": "^2.0.0"}}
    seen = _seen(tmp_path, {"frontend/package.json": json.dumps(app, indent=2)})
    [(_, what)] = derived({}, seen)["system_operator"]
    assert what == "a next web app that calls a model (@ai-sdk/openai) (frontend/package.json:4)"
    library = {"name": "chat-kit", "main": "index.js", "dependencies": app["dependencies"]}
    seen = _seen(tmp_path, {"frontend/package.json": json.dumps(library, indent=2)})
    assert "system_operator" not in derived({}, seen)
    no_model = {"private": True, "dependencies": {"next": "16.2.6"}}
    seen = _seen(tmp_path, {"frontend/package.json": json.dumps(no_model, indent=2)})
    assert "system_operator" not in derived({}, seen)


def test_padding_cannot_spend_the_read_bound_before_the_training_script(tmp_path, monkeypatch):
    from ai_security_gate.evidence import observed_roles

    monkeypatch.setattr(observed_roles, "_MAX_READ", 64 << 10)
    padding = {f"a{n}.py": "#" * 8191 + "\n" for n in range(8)}  # the bound, to the byte
    seen = _seen(tmp_path, {**padding, "train.py": DEVELOPER["sft.py"]})
    assert _where(seen, "developer_seen") == ["train.py:3"]


def test_a_notebook_signal_is_located_at_its_line_in_the_file(tmp_path):
    """As every other notebook finding (notebook_cells.py): the .ipynb line an editor shows."""
    text = json.dumps(json.loads(DEVELOPER["train.ipynb"]), indent=1)
    seen = _seen(tmp_path, {"train.ipynb": text})
    [found] = seen["developer_seen"]
    assert found["file"] == "train.ipynb"
    assert text.splitlines()[found["line"] - 1].strip() in (
        '"t.train()\\n"',
        '"t = DPOTrainer(m)\\n"',
    )
