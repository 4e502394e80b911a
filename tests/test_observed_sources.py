"""Observation reads where real AI repositories put things (evidence/observed.py,
observed_commands.py, notebook_cells.py, read_budget.py): notebooks' code cells, shell scripts,
Makefiles, justfiles, Dockerfile RUN lines and CI steps, and everything within one read
budget. Each gamed repository hides the contradiction only in the new source; the honest one
shows nothing. The first part runs observe() on real files; the second the real CLI on real git
repositories built from the passing example."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from ai_security_gate.claims import build
from ai_security_gate.cli import main
from ai_security_gate.evidence.observed import observe
from ai_security_gate.evidence.read_budget import ReadBudget
from conftest import EXAMPLES, TODAY, git


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def _notebook(*cells: tuple[str, list[str]], outputs: list[str] | None = None) -> str:
    """A notebook as Jupyter writes it (nbformat 4, indent 1): one source line per file line."""
    nb = {
        "cells": [
            {
                "cell_type": kind,
                "metadata": {},
                **(
                    {
                        "execution_count": None,
                        "outputs": [
                            {"name": "stdout", "output_type": "stream", "text": outputs or []}
                        ],
                    }
                    if kind == "code"
                    else {}
                ),
                "source": [line + "\n" for line in lines[:-1]] + lines[-1:],
            }
            for kind, lines in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _whats(seen: dict[str, Any], kind: str) -> list[str]:
    return [f"{o['what']} @ {o['file']}:{o['line']}" for o in seen[kind]]


def _line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


# --- notebooks ------------------------------------------------------------------------------


PUSHING = _notebook(
    ("markdown", ["# Train", "then `model.push_to_hub()` (prose: not counted)"]),
    (
        "code",
        [
            "%pip install boto3",
            "from transformers import AutoModel",
            "model = AutoModel.from_pretrained('models/local')",
            "model.push_to_hub('example-org/helpdesk-llm')",
            "!huggingface-cli upload example-org/helpdesk-llm ./out",
        ],
    ),
    ("code", ["%%bash", "echo start", "hf upload example-org/helpdesk-llm ./out"]),
)


def test_a_notebook_push_is_located_at_the_file_line_and_the_cell(tmp_path):
    _write(tmp_path, "notebooks/train.ipynb", PUSHING)
    seen = observe(tmp_path)
    rel = "notebooks/train.ipynb"
    push = _line_of(tmp_path, rel, "model.push_to_hub('example-org")
    cli = _line_of(tmp_path, rel, "!huggingface-cli upload")
    bash = _line_of(tmp_path, rel, "hf upload example-org")
    found = _whats(seen, "publishing")
    assert f"push_to_hub() pushes to the Hugging Face Hub in cell 2, line 4 @ {rel}:{push}" in found
    assert f"runs `huggingface-cli upload` in cell 2, line 5 @ {rel}:{cli}" in found
    assert f"runs `hf upload` in cell 3, line 3 @ {rel}:{bash}" in found
    pip = _line_of(tmp_path, rel, "%pip install boto3")
    assert f"Amazon Web Services: installs boto3 in cell 2, line 1 @ {rel}:{pip}" in _whats(
        seen, "cloud"
    )


def test_notebook_outputs_and_markdown_are_not_read(tmp_path):
    nb = _notebook(
        ("markdown", ["model.push_to_hub('x/y')", "!hf upload x/y ."]),
        ("code", ["print('done')"]),
        outputs=["model.push_to_hub('x/y')\n", "!hf upload x/y .\n"],
    )
    _write(tmp_path, "train.ipynb", nb)
    assert observe(tmp_path)["publishing"] == []


def test_a_hosted_model_in_a_notebook_names_the_file_line_not_a_pseudo_path(tmp_path):
    nb = _notebook(
        ("markdown", ["# Explore"]),
        (
            "code",
            [
                "from openai import OpenAI",
                "client = OpenAI()",
                'client.chat.completions.create(model="gpt-4o", messages=[])',
            ],
        ),
    )
    _write(tmp_path, "explore.ipynb", nb)
    [model] = observe(tmp_path)["models_seen"]
    assert model["file"] == "explore.ipynb"
    assert model["line"] == _line_of(tmp_path, "explore.ipynb", 'model=\\"gpt-4o\\"')
    assert model["what"].endswith("in cell 2, line 3")


def test_a_notebook_under_examples_does_not_count(tmp_path):
    _write(tmp_path, "examples/demo.ipynb", PUSHING)
    seen = observe(tmp_path)
    assert seen["publishing"] == [] and seen["cloud"] == []


# --- scripts, Makefiles, justfiles, Dockerfiles ---------------------------------------------


@pytest.mark.parametrize(
    ("rel", "text", "needle"),
    [
        (
            "scripts/release.sh",
            "#!/bin/sh\nset -e\nhuggingface-cli upload \\\n  example-org/m ./out\n",
            "runs `huggingface-cli upload` @ scripts/release.sh:3",
        ),
        ("Makefile", "release:\n\thf upload example-org/m out\n", "runs `hf upload` @ Makefile:2"),
        ("justfile", "ship:\n    ollama push org/m\n", "runs `ollama push` @ justfile:2"),
        (
            "deploy/Dockerfile",
            "FROM python:3.12\nRUN pip install hf && \\\n    hf upload org/m /w\n",
            "runs `hf upload` @ deploy/Dockerfile:2",
        ),
        (
            "tools/publish.bash",
            "git push https://huggingface.co/example-org/m main\n",
            "runs `git push` to the Hugging Face Hub @ tools/publish.bash:1",
        ),
    ],
)
def test_a_hub_push_in_a_command_file_is_publishing(tmp_path, rel, text, needle):
    _write(tmp_path, rel, text)
    assert needle in _whats(observe(tmp_path), "publishing")


def test_evasions_of_the_command_reader_are_still_read(tmp_path):
    _write(tmp_path, "Makefile", "release:\n\t@hf upload org/m out\n\t-ollama push org/m\n")
    _write(
        tmp_path,
        ".github/workflows/release.yml",
        "on: push\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: |\n          huggingface-cli \\\n            upload org/m out\n"
        "      - run: python -c 'from huggingface_hub import upload_folder; upload_folder()'\n"
        "      - run: python -c 'import m; m.model.push_to_hub(\"org/m\")'\n",
    )
    found = _whats(observe(tmp_path), "publishing")
    assert "runs `hf upload` @ Makefile:2" in found
    assert "runs `ollama push` @ Makefile:3" in found
    assert "CI runs `huggingface-cli upload` @ .github/workflows/release.yml:7" in found
    assert "CI runs a huggingface_hub upload @ .github/workflows/release.yml:9" in found
    assert "CI runs `push_to_hub` @ .github/workflows/release.yml:10" in found


def test_a_script_under_docs_counts_when_ci_runs_it(tmp_path):
    _write(tmp_path, "docs/release.sh", "#!/bin/sh\nhf upload example-org/m out\n")
    _write(tmp_path, "examples/demo.sh", "#!/bin/sh\nhf upload example-org/demo out\n")
    assert observe(tmp_path)["publishing"] == []  # examples and docs alone: not the system's
    _write(
        tmp_path,
        ".github/workflows/release.yml",
        "on: push\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: bash ./docs/release.sh\n",
    )
    assert _whats(observe(tmp_path), "publishing") == ["runs `hf upload` @ docs/release.sh:2"]


def test_dockerfile_lines_other_than_run_and_comments_are_not_commands(tmp_path):
    _write(
        tmp_path,
        "Dockerfile",
        'FROM python:3.12\n# hf upload org/m .\nLABEL note="hf upload"\nCMD ["hf", "upload"]\n',
    )
    _write(tmp_path, "scripts/notes.sh", "# huggingface-cli upload org/m .\necho ok\n")
    assert observe(tmp_path)["publishing"] == []


def test_cloud_sdks_installed_by_scripts_and_dockerfiles(tmp_path):
    _write(
        tmp_path,
        "Dockerfile",
        "FROM node:20\nRUN npm install --save @aws-sdk/client-bedrock-runtime@3 express\n"
        'RUN ["pip", "install", "google-cloud-aiplatform==1.60"]\n',
    )
    _write(tmp_path, "setup.sh", "uv add 'anthropic>=0.30' rich\n")
    found = _whats(observe(tmp_path), "cloud")
    assert "Amazon Web Services: installs @aws-sdk/client-bedrock-runtime @ Dockerfile:2" in found
    assert "Google Cloud: installs google-cloud-aiplatform @ Dockerfile:3" in found
    assert "Anthropic: installs anthropic @ setup.sh:1" in found
    assert not any("express" in f or "rich" in f for f in found)


def test_release_assets_count_only_when_they_are_weights(tmp_path):
    _write(tmp_path, "Makefile", "r:\n\tgh release upload v1 dist/app.tar.gz\n")
    assert observe(tmp_path)["publishing"] == []
    _write(tmp_path, "Makefile", "r:\n\tgh release upload v1 out/adapter_model.safetensors\n")
    assert _whats(observe(tmp_path), "publishing") == [
        "runs `gh release upload` of out/adapter_model.safetensors @ Makefile:2"
    ]


def test_a_docker_push_publishes_only_an_image_with_weights_to_a_public_registry(tmp_path):
    _write(tmp_path, "release.sh", "docker push example/helpdesk:1.0\n")
    _write(tmp_path, "Dockerfile", "FROM python:3.12\nCOPY app/ /app/\n")
    _write(tmp_path, "models/adapter.safetensors", "weights")
    assert observe(tmp_path)["publishing"] == []  # the image carries no weights
    _write(tmp_path, "Dockerfile", "FROM python:3.12\nCOPY models/ /models/\n")
    assert _whats(observe(tmp_path), "publishing") == [
        "runs `docker push` of example/helpdesk:1.0, an image a Dockerfile copies weights "
        "into @ release.sh:1"
    ]
    # the organisation's own private registry, or an image held in a variable: not guessed
    _write(
        tmp_path,
        "release.sh",
        "docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/helpdesk:1.0\n"
        'docker push "$IMAGE"\n',
    )
    assert observe(tmp_path)["publishing"] == []


def test_a_ci_build_push_action_of_an_image_with_weights_is_publishing(tmp_path):
    _write(tmp_path, "Dockerfile", "FROM python:3.12\nCOPY models/ /models/\n")
    _write(tmp_path, "models/adapter.safetensors", "weights")
    step = (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: docker/build-push-action@v6\n        with:\n          context: .\n"
        "          push: {push}\n          tags: |\n            example/helpdesk:1.0\n"
        "            123456789012.dkr.ecr.eu-west-1.amazonaws.com/helpdesk:1.0\n"
    )
    _write(tmp_path, ".github/workflows/image.yml", step.format(push="false"))
    assert observe(tmp_path)["publishing"] == []
    _write(tmp_path, ".github/workflows/image.yml", step.format(push="true"))
    assert _whats(observe(tmp_path), "publishing") == [
        "runs `docker push` of example/helpdesk:1.0, an image a Dockerfile copies weights "
        "into @ .github/workflows/image.yml:6"
    ]


def test_twine_upload_publishes_weights_only_when_the_package_carries_them(tmp_path):
    _write(tmp_path, "release.sh", "python -m twine upload dist/*\n")
    _write(tmp_path, "helpdesk/__init__.py", "")
    assert observe(tmp_path)["publishing"] == []
    _write(tmp_path, "helpdesk/weights.safetensors", "w")
    assert _whats(observe(tmp_path), "publishing") == [
        "runs `twine upload` of a package that carries weight files @ release.sh:1"
    ]


def test_a_ci_release_asset_of_weights_is_publishing(tmp_path):
    _write(
        tmp_path,
        ".github/workflows/release.yml",
        "on: push\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: gh release upload ${{ github.ref_name }} model.gguf\n",
    )
    assert _whats(observe(tmp_path), "publishing") == [
        "CI runs `gh release upload` of model.gguf @ .github/workflows/release.yml:6"
    ]


# --- JavaScript / TypeScript ----------------------------------------------------------------

CHAT_TS = """// import OpenAI from "openai": a comment names no client
import Anthropic from "@anthropic-ai/sdk";
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";

const docs = "https://example.com//guide";
const client = new Anthropic();

export async function ask(question: string) {
  const bedrock = new BedrockRuntimeClient({});
  await bedrock.send(new InvokeModelCommand({ modelId: "amazon.titan-text-express-v1" }));
  return client.messages.create({
    model: "claude-3-5-sonnet-20241022",
    max_tokens: 256,
    messages: [{ role: "user", content: question }],
  });
}
"""
VERCEL_MJS = """import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";

export const answer = (prompt) => generateText({ model: openai("gpt-4o-mini"), prompt });
"""


def test_hosted_models_in_js_and_ts_code_are_seen_with_their_provider(tmp_path):
    _write(tmp_path, "web/src/chat.ts", CHAT_TS)
    _write(tmp_path, "web/src/answer.mjs", VERCEL_MJS)
    _write(
        tmp_path,
        "web/src/types.d.ts",
        'import OpenAI from "openai";\nconst m = {model: "gpt-4"};\n',
    )
    seen = observe(tmp_path)
    assert sorted(_whats(seen, "models_seen")) == [
        "model amazon.titan-text-express-v1 called through the Amazon Web Services (Bedrock) "
        "API @ web/src/chat.ts:10",
        "model claude-3-5-sonnet-20241022 called through the Anthropic API @ web/src/chat.ts:12",
        "model gpt-4o-mini called through the OpenAI API @ web/src/answer.mjs:4",
    ]


def test_a_js_upload_to_the_hub_is_publishing(tmp_path):
    _write(
        tmp_path,
        "scripts/publish.ts",
        'import { uploadFiles } from "@huggingface/hub";\n'
        "// uploadFiles({}) in a comment\n"
        'await uploadFiles({ repo: "example-org/m", files: [] });\n',
    )
    _write(tmp_path, "web/app.ts", "export const commit = (x) => x;\ncommit(1);\n")
    assert _whats(observe(tmp_path), "publishing") == [
        "uploadFiles() of @huggingface/hub pushes to the Hugging Face Hub @ scripts/publish.ts:3"
    ]


def test_js_without_a_model_client_import_shows_no_model(tmp_path):
    _write(
        tmp_path,
        "web/src/form.tsx",
        '// uses "openai" later\nexport const field = { model: "gpt-4o", label: "Model" };\n',
    )
    assert observe(tmp_path)["models_seen"] == []


def test_js_model_client_packages_are_cloud_providers(tmp_path):
    _write(
        tmp_path,
        "package.json",
        json.dumps(
            {"dependencies": {"@huggingface/inference": "^2", "@ai-sdk/openai": "1", "ai": "4"}}
        ),
    )
    found = _whats(observe(tmp_path), "cloud")
    assert (
        "Hugging Face (Inference API): @huggingface/inference in the dependencies @ package.json:1"
        in found
    )
    assert "OpenAI: @ai-sdk/openai in the dependencies @ package.json:1" in found


# --- cloud SDKs: imported, declared, or only pinned by a lockfile ---------------------------

POETRY_LOCK = """[[package]]
name = "s3fs"
version = "2024.6.0"
description = "fsspec for S3"
optional = false
python-versions = ">=3.8"
files = [{file = "s3fs-2024.6.0.tar.gz", hash = "sha256:aa"}]

[[package]]
name = "aiobotocore"
version = "2.13.0"
description = "async botocore"
optional = false
python-versions = ">=3.8"
files = [{file = "aiobotocore-2.13.0.tar.gz", hash = "sha256:bb"}]

[metadata]
lock-version = "2.0"
python-versions = "^3.11"
content-hash = "cc"
"""


def test_a_cloud_sdk_only_a_lockfile_pins_is_transitive_not_cloud(tmp_path):
    _write(tmp_path, "poetry.lock", POETRY_LOCK)
    _write(
        tmp_path,
        "web/package-lock.json",
        json.dumps(
            {
                "lockfileVersion": 3,
                "packages": {
                    "": {"dependencies": {"express": "4"}},
                    "node_modules/@aws-sdk/client-s3": {"version": "3.1.0"},
                },
            },
            indent=2,
        ),
    )
    seen = observe(tmp_path)
    assert seen["cloud"] == []
    lock = _line_of(tmp_path, "web/package-lock.json", "node_modules/@aws-sdk/client-s3")
    assert sorted(_whats(seen, "cloud_transitive")) == [
        "Amazon Web Services: @aws-sdk/client-s3 pinned in the lockfile @ "
        f"web/package-lock.json:{lock}",
        "Amazon Web Services: aiobotocore pinned in the lockfile @ poetry.lock:10",
    ]


def test_code_that_imports_a_cloud_sdk_is_direct_use(tmp_path):
    _write(tmp_path, "app/store.py", "import json\nfrom google.cloud import storage\n")
    _write(tmp_path, "app/ask.py", "from openai import OpenAI\n")
    _write(tmp_path, "tests/test_store.py", "import boto3\n")  # tests: not the system
    found = sorted(_whats(observe(tmp_path), "cloud"))
    assert found == [
        "Google Cloud: the code imports google.cloud.storage @ app/store.py:2",
        "OpenAI: the code imports openai @ app/ask.py:1",
    ]


# --- model registries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "seen"),
    [
        (
            "import mlflow\n\nmlflow.register_model('runs:/1/model', 'helpdesk')\n",
            "register_model() registers a model in the MLflow Model Registry @ train.py:3",
        ),
        (
            "import mlflow\n\nmlflow.pytorch.log_model(m, 'model', registered_model_name='hd')\n",
            "log_model() registers a model in the MLflow Model Registry @ train.py:3",
        ),
        (
            "from sagemaker import ModelPackage\n\npkg = ModelPackage(role=r, model_package_arn=a)\n",
            "ModelPackage() registers a model in the SageMaker Model Registry @ train.py:3",
        ),
        (
            "import sagemaker\n\nmodel.register(model_package_group_name='hd', content_types=[])\n",
            "register() registers a model in the SageMaker Model Registry @ train.py:3",
        ),
        (
            "from google.cloud import aiplatform\n\naiplatform.Model.upload(display_name='hd')\n",
            "upload() registers a model in the Vertex AI Model Registry @ train.py:3",
        ),
        (
            "from azure.ai.ml import MLClient\n\nml_client.models.create_or_update(model)\n",
            "create_or_update() registers a model in the Azure Machine Learning registry "
            "@ train.py:3",
        ),
    ],
)
def test_a_model_registered_in_a_registry_is_seen(tmp_path, code, seen):
    _write(tmp_path, "train.py", code)
    assert _whats(observe(tmp_path), "registered") == [seen]


def test_common_method_names_without_a_registry_library_are_not_registrations(tmp_path):
    _write(
        tmp_path,
        "app.py",
        "users.register(model_package_group_name='x')\n"
        "db.models.create_or_update(row)\n"
        "Model.upload(blob)\n"
        "registry.register_model('x')\n",
    )
    assert observe(tmp_path)["registered"] == []


# --- the read budget ------------------------------------------------------------------------


def test_what_the_budget_stops_is_named_never_dropped(tmp_path):
    for n in range(40):
        _write(tmp_path, f"src/a{n:03}.py", "push_to_hub = 1\n")
    _write(tmp_path, "src/zz_release.py", "m.push_to_hub('org/m')\n")
    seen = observe(tmp_path, budget=ReadBudget(max_bytes=1 << 20, max_files=10))
    summary, *named = seen["unread"]
    assert summary["count"] >= 31 and "not read" in summary["what"]
    assert named and all(o["what"].startswith("not read: over the read budget") for o in named)
    # the whole tree within the default budget: complete, the push found
    seen = observe(tmp_path)
    assert seen["unread"] == [] and seen["publishing"]


def test_a_file_too_big_to_read_is_named(tmp_path):
    _write(tmp_path, "release.py", "m.push_to_hub('org/m')\n" + "#" * (3 << 20))
    [_summary, big] = observe(tmp_path)["unread"]
    assert big["file"] == "release.py" and "over the 2.0 MiB read per file" in big["what"]


def test_the_listing_is_bounded_and_what_it_leaves_out_is_counted(tmp_path):
    for n in range(30):
        _write(tmp_path, f"d{n:02}/x.txt", "x")
    seen = observe(tmp_path, budget=ReadBudget(max_listed=10))
    assert "the listing stopped at 10 entries" in seen["unread"][0]["what"]


# --- the real CLI ---------------------------------------------------------------------------


def _check(root: Path, change: Any, *args: str) -> dict[str, Any]:
    import shutil

    shutil.copytree(EXAMPLES / "passing", root, dirs_exist_ok=True)
    path = root / "ai-security.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data, root)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "system")
    result = CliRunner().invoke(
        main, ["check", str(root), "--today", TODAY, "-f", "json", "--no-cache", *args]
    )
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.output)
    out: dict[str, Any] = {p["id"]: p for p in report["provisions"]}
    out["_report"] = report
    out["_exit"] = result.exit_code
    return out


def _messages(p: dict[str, Any]) -> str:
    return "\n".join(f["message"] for f in p.get("findings", []))


def test_a_push_only_a_notebook_shows_fails_published_false(git_repo):
    r = _check(git_repo, lambda data, root: _write(root, "notebooks/train.ipynb", PUSHING))
    assert r["5.2.4-1.2"]["status"] == "fail"
    line = _line_of(git_repo, "notebooks/train.ipynb", "model.push_to_hub('example")
    assert f"in cell 2, line 4 (notebooks/train.ipynb:{line})" in _messages(r["5.2.4-1.2"])


def test_a_push_only_a_release_script_shows_fails_published_false(git_repo):
    def gamed(data, root):
        _write(root, "scripts/release.sh", "#!/bin/sh\nhf upload example-org/helpdesk-llm out\n")

    r = _check(git_repo, gamed)
    assert r["5.2.4-1.2"]["status"] == "fail"
    assert "runs `hf upload` (scripts/release.sh:2)" in _messages(r["5.2.4-1.2"])


def test_the_honest_notebook_and_scripts_keep_published_false(git_repo):
    def honest(data, root):
        _write(root, "notebooks/eval.ipynb", _notebook(("code", ["print('eval')"])))
        _write(root, "scripts/serve.sh", "#!/bin/sh\nexec uvicorn app:app\n")

    r = _check(git_repo, honest)
    assert r["5.2.4-1.2"]["status"] == "not_applicable"
    assert r["_exit"] == 0 and r["_report"]["notices"] == []


def test_an_incomplete_observation_is_a_notice_and_never_a_silent_pass(git_repo):
    """A push hidden past the budget, behind 400 padding files: the run completes, the notice
    names what was not read, and published: false cannot switch 5.2.4-1.2 off."""

    def padded(data, root):
        for n in range(400):
            _write(root, f"aaa_padding/m{n:03}.py", "VALUE = 1\n")
        _write(root, "zzz/release.py", "m.push_to_hub('example-org/helpdesk-llm')\n")

    r = _check(git_repo, padded, "--read-budget", "1")
    [notice] = [n for n in r["_report"]["notices"] if n["rule"] == "observation.unread"]
    assert "observation is incomplete" in notice["message"] and "not read" in notice["message"]
    assert r["5.2.4-1.2"]["status"] == "fail"
    assert "did not read the whole repository" in _messages(r["5.2.4-1.2"])
    assert r["_exit"] == 1


def test_a_model_only_typescript_calls_fails_the_inventory(git_repo):
    r = _check(git_repo, lambda data, root: _write(root, "web/src/chat.ts", CHAT_TS))
    assert r["5.2.1-1"]["status"] == "fail"
    text = _messages(r["5.2.1-1"])
    assert (
        "model claude-3-5-sonnet-20241022 called through the Anthropic API (web/src/chat.ts:12)"
        in text
    )


def test_the_typescript_models_listed_earn_no_inventory_finding(git_repo):
    def honest(data, root):
        _write(root, "web/src/chat.ts", CHAT_TS)
        data["models"] += [
            {
                "name": "claude-3-5-sonnet-20241022",
                "source": "third_party",
                "supplier": "Anthropic",
                "uri": "https://api.anthropic.com",
            },
            {
                "name": "amazon.titan-text-express-v1",
                "source": "third_party",
                "supplier": "Amazon Web Services (Bedrock)",
                "uri": "https://bedrock-runtime.eu-west-1.amazonaws.com",
            },
        ]

    r = _check(git_repo, honest)
    assert "inventory.model_unlisted" not in [f["rule"] for f in r["5.2.1-1"].get("findings", [])]


def test_a_cloud_sdk_the_code_imports_fails_cloud_providers_empty(git_repo):
    def gamed(data, root):
        data["infrastructure"]["cloud_providers"] = []
        _write(root, "pipelines/archive.py", "import boto3\n\nboto3.client('s3')\n")

    r = _check(git_repo, gamed)
    assert r["5.1.3-3"]["status"] == "fail"
    assert "the code imports boto3 (pipelines/archive.py:1)" in _messages(r["5.1.3-3"])


def test_a_lockfile_only_sdk_is_a_notice_not_a_failure(git_repo):
    def honest(data, root):
        data["infrastructure"]["cloud_providers"] = []
        _write(root, "poetry.lock", POETRY_LOCK)

    r = _check(git_repo, honest)
    assert r["5.1.3-3"]["status"] == "not_applicable"
    [notice] = [n for n in r["_report"]["notices"] if n["rule"] == "observation.cloud_transitive"]
    assert "aiobotocore pinned in the lockfile (poetry.lock:10)" in notice["message"]


def _holds_no_weights(data: dict[str, Any], root: Path) -> None:
    """The manifest's model is a third party's, and the repository keeps no weight file."""
    model = data["models"][0]
    for key in ("artefact", "sha256", "signature", "published", "confidential"):
        model.pop(key)
    model["source"] = "third_party"
    data["disposal"]["model_deletion"] = False  # "no weights held: nothing to delete"
    for weights in (root / "models").rglob("*.safetensors"):
        weights.unlink()


def test_a_model_the_code_registers_is_a_model_whose_weights_are_held(git_repo):
    def gamed(data, root):
        _holds_no_weights(data, root)
        _write(
            root,
            "pipelines/register.py",
            "import mlflow\n\nmlflow.register_model('runs:/abc/model', 'helpdesk-llm')\n",
        )

    r = _check(git_repo, gamed)
    # weights held: decommissioning must delete them (5.5.1-2's weight part binds)
    assert r["5.5.1-2"]["status"] == "fail"
    assert "securely delete the model weights" in _messages(r["5.5.1-2"])
    # the claim behind it (claims.py) names the registration
    data = yaml.safe_load((git_repo / "ai-security.yaml").read_text(encoding="utf-8"))
    [claim] = [c for c in build(data, observe(git_repo)) if c.rule == "conditions.weights_observed"]
    assert (
        "the code registers models in a registry: register_model() registers a model in the "
        "MLflow Model Registry (pipelines/register.py:3)" in claim.message
    )
    # a registry is the organisation's own: not a publication
    assert "registers" not in _messages(r["5.2.4-1.2"])


def test_no_registry_and_no_weight_file_holds_no_weights(git_repo):
    r = _check(git_repo, _holds_no_weights)
    assert "securely delete the model weights" not in _messages(r["5.5.1-2"])
    assert r["5.5.1-2"]["status"] == "pass"


def test_the_read_budget_comes_from_the_gate_configuration_too(git_repo):
    def padded(data, root):
        for n in range(400):
            _write(root, f"aaa_padding/m{n:03}.py", "VALUE = 1\n")
        _write(root, ".ai-security-gate.toml", "read-budget = 1\n")

    r = _check(git_repo, padded)
    assert [n for n in r["_report"]["notices"] if n["rule"] == "observation.unread"]
