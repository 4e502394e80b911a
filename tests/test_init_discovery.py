"""`init` on small repositories shaped like real ones: a training repository, a RAG
application on hosted APIs and an open-weights release. What it discovers is asserted line
by line, and the unedited output must fail the gate with findings saying what to fill."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import TODAY, git

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def make(repo: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the project")


def init(repo: Path) -> list[str]:
    result = run("init", str(repo))
    assert result.exit_code == 0, result.output
    return (repo / "ai-security.yaml").read_text(encoding="utf-8").splitlines()


def check_json(repo: Path) -> dict:
    result = run("check", str(repo), "--today", TODAY, "-f", "json", "--offline")
    assert result.exit_code == 1, result.output
    return json.loads(result.output)


def results_by_id(report: dict) -> dict[str, dict]:
    return {r["id"]: r for r in report["provisions"]}


TRAIN_PY = f'''\
import argparse
from dataclasses import dataclass, field

import torch
from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer


@dataclass
class ModelArguments:
    model_name_or_path: str = field(default="meta-llama/Llama-3.2-1B")


parser = argparse.ArgumentParser()
parser.add_argument("--dataset-name", default="tatsu-lab/alpaca")
args = parser.parse_args()

data = load_dataset(args.dataset_name)
local = load_dataset("json", data_files="data/extra.jsonl")
tokenizer = AutoTokenizer.from_pretrained(
    ModelArguments.model_name_or_path, revision="{COMMIT}"
)
model = AutoModelForCausalLM.from_pretrained("./checkpoints")
torch.save(model.state_dict(), "checkpoints/final.pt")
'''


@pytest.fixture
def training_repo(git_repo: Path) -> Path:
    make(
        git_repo,
        {
            "train.py": TRAIN_PY,
            "broken.py": "from openai import OpenAI\ndef oops(:\n",
            "checkpoints/final.pt": b"\x80\x04not really a pickle",
            ".gitignore": "outputs/\n",
            "outputs/run-1.safetensors": b"ignored by git",
            "pyproject.toml": '[project]\nname = "tiny-trainer"\nversion = "0.1"\n',
            "uv.lock": "version = 1\n",
            ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: uvx modelscan -p .\n",
            "data/extra.jsonl": '{"a": 1}\n',
            "configs/local.yaml": "dataset_name: data/extra.jsonl\nmodel_name_or_path: checkpoints\n",
            "recipes/sft.yaml": "# recipe\nmodel_name_or_path: mistralai/Mistral-7B-v0.1\n"
            "model_revision: main\ndataset_mixture:\n  datasets:\n"
            "    - id: HuggingFaceH4/ultrachat_200k\n      split: train\n"
            "output_dir: data/out\n",
        },
    )
    return git_repo


def test_init_discovers_a_training_repository(training_repo: Path):
    lines = init(training_repo)
    digest = hashlib.sha256(b"\x80\x04not really a pickle").hexdigest()
    expected = [
        "  name: tiny-trainer  # found in pyproject.toml:2",
        "  - name: final  # found in checkpoints/final.pt",
        "    artefact: checkpoints/final.pt",
        f"    sha256: {digest}",
        "    # A pickle-based format: loading it runs whatever code it carries. Prefer",
        "  - name: meta-llama/Llama-3.2-1B  # found in train.py:20 (from_pretrained)",
        "    uri: https://huggingface.co/meta-llama/Llama-3.2-1B",
        f"    revision: {COMMIT}  # found in train.py:20",
        "  - name: tatsu-lab/alpaca  # found in train.py:18 (load_dataset)",
        "    origin: https://huggingface.co/datasets/tatsu-lab/alpaca",
        "    - uv.lock  # found in uv.lock",
        "    - modelscan  # found in .github/workflows/ci.yml:4",
        "    - name: meta-llama (Hugging Face Hub)  # found in train.py:20",
        "#   Python files that do not parse (not read): broken.py",
        "  - name: mistralai/Mistral-7B-v0.1  # found in recipes/sft.yaml:2 (model_name_or_path)",
        "    revision: TODO-a-40-hex-commit-id  # recipes/sft.yaml asks for 'main', a name that "
        "can move to other files",
        "  - name: HuggingFaceH4/ultrachat_200k  # found in recipes/sft.yaml:6 (datasets)",
    ]
    for line in expected:
        assert line in lines, f"missing: {line!r}\n" + "\n".join(lines)
    text = "\n".join(lines)
    assert "outputs/" not in text  # .gitignore is respected
    assert "json" not in [ln.split(":")[-1].strip() for ln in lines if "name:" in ln]
    assert "./checkpoints" not in text  # a local directory is not a hub id
    assert "name: data/extra.jsonl" not in text and "name: checkpoints" not in text


def test_unedited_init_output_of_a_training_repository_fails_and_says_what_to_fill(
    training_repo: Path,
):
    init(training_repo)
    report = check_json(training_repo)
    unfilled = {tuple(f["path"]) for f in report["manifest_findings"]}
    assert ("system", "description") in unfilled
    assert ("system", "roles", 0) not in unfilled  # the training loop shows a developer
    assert ("models", 0, "source") in unfilled  # in_house, fine_tuned or third_party?
    assert all(
        "replace it with the real value" in f["message"] for f in report["manifest_findings"]
    )
    assert report["result"] == "fail"


RAG_PY = '''\
import os

import anthropic
import boto3
import ollama
from langchain_community.document_loaders import WebBaseLoader
from langchain_community.tools import DuckDuckGoSearchRun
from openai import OpenAI

CHAT_MODEL = os.getenv("CHAT_MODEL", "gpt-4o-mini")
SYSTEM_PROMPT = """You answer questions about our products using only the context given."""

client = OpenAI()
claude = anthropic.Anthropic()
bedrock = boto3.client("bedrock-runtime")
search = DuckDuckGoSearchRun()


def answer(question, context):
    reply = client.chat.completions.create(
        model=CHAT_MODEL,
        messages=[{"role": "system", "content": SYSTEM_PROMPT}],
        tools=[{"type": "function", "function": {"name": "lookup_order"}}],
    )
    second = claude.messages.create(model="claude-3-5-sonnet-20241022", max_tokens=9, messages=[])
    third = bedrock.converse(modelId="amazon.titan-text-express-v1", messages=[])
    local = ollama.chat(model="llama3.1", messages=[])
    pages = WebBaseLoader(question).load()
    return reply, second, third, local, pages
'''
API_PY = """\
from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/ingest")
async def ingest(file: UploadFile):
    return {"name": file.filename}
"""


@pytest.fixture
def rag_repo(git_repo: Path) -> Path:
    make(
        git_repo,
        {
            "app/rag.py": RAG_PY,
            "app/api.py": API_PY,
            "prompts/answer.md": "Answer {question} from {context}.\n",
            "requirements.txt": "openai>=1\nanthropic\n",
            "SECURITY.md": "# Security\n\nReport to security@example.org.\n",
            ".github/dependabot.yml": "version: 2\nupdates: []\n",
        },
    )
    return git_repo


def test_init_discovers_a_rag_application_on_hosted_apis(rag_repo: Path):
    lines = init(rag_repo)
    expected = [
        f"  name: {rag_repo.name}  # the repository's directory name",
        "    - name: web-search  # found in app/rag.py:16 (searches the web and hands the "
        "results to the model)",
        "    - name: lookup_order  # found in app/rag.py:23 (a function the model may call)",
        "    - name: url-loader  # found in app/rag.py:28 (fetches web pages at URLs into the "
        "model's context)",
        "    - name: user-uploads  # found in app/api.py:7 (accepts files users upload)",
        "  - name: gpt-4o-mini  # found in app/rag.py:20 (OpenAI)",
        "    uri: https://api.openai.com/v1",
        "    revision: TODO-a-dated-model-id-or-snapshot  # an alias can change under you",
        "  - name: claude-3-5-sonnet-20241022  # found in app/rag.py:25 (Anthropic)",
        "    revision: claude-3-5-sonnet-20241022  # a dated model id names one snapshot",
        "  - name: amazon.titan-text-express-v1  # found in app/rag.py:26 "
        "(Amazon Web Services (Bedrock))",
        "    uri: TODO-the-endpoint-your-deployment-calls",
        "  - name: llama3.1  # found in app/rag.py:27 (Ollama)",
        "  # no lockfile found; dependencies are declared in requirements.txt",
        "  policy: SECURITY.md  # found in SECURITY.md",
        "  dependency_updates: .github/dependabot.yml  # found in .github/dependabot.yml",
        "    - path: app/rag.py  # found in app/rag.py:11 (prompt constant SYSTEM_PROMPT)",
        "    - path: prompts/answer.md  # found in prompts/answer.md",
    ]
    for line in expected:
        assert line in lines, f"missing: {line!r}\n" + "\n".join(lines)
    # the client constructors are listed through the models they are asked for, once each
    assert sum("name: TODO-which" in ln for ln in lines) == 0


def test_unedited_rag_manifest_never_counts_a_todo_revision_as_pinned(rag_repo: Path):
    init(rag_repo)
    report = check_json(rag_repo)
    paths = {tuple(f["path"]) for f in report["manifest_findings"]}
    gpt = next(
        i
        for i, m in enumerate(yaml.safe_load((rag_repo / "ai-security.yaml").read_text())["models"])
        if m["name"] == "gpt-4o-mini"
    )
    assert ("models", gpt, "revision") in paths
    # the TODO revision is hidden from the policies: the pin rule reports the model unpinned
    messages = [
        f["message"]
        for r in report["provisions"]
        for f in r["findings"]
        if "gpt-4o-mini" in f["message"]
    ]
    # (gpt-4o-mini is a hosted API: its pin is the snapshot id it calls, and it has none)
    assert any("hosted API" in m and "by no model id" in m for m in messages), messages
    # one finding per TODO value: its broken enum or format is not reported again
    assert len([p for p in paths if p == ("models", gpt + 1, "uri")]) <= 1


def _lfs_pointer(content: bytes) -> str:
    oid = hashlib.sha256(content).hexdigest()
    return f"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {len(content)}\n"


CARD = "---\nlicense: apache-2.0\npipeline_tag: text-generation\n---\n# Acme 7B\n"


@pytest.fixture
def release_repo(git_repo: Path) -> Path:
    make(
        git_repo,
        {
            "acme-7b/model.safetensors": b"safetensors bytes",
            "acme-7b/README.md": CARD,
            "acme-7b-gguf/acme-7b.Q4_K_M.gguf": _lfs_pointer(b"the real gguf"),
            "legacy/pytorch_model.bin": b"\x80\x02pickle",
            "firmware.bin": b"not a model",
            "sbom/acme.cdx.json": '{"bomFormat": "CycloneDX"}\n',
            "renovate.json": "{}\n",
            "README.md": "# Acme models\n",
            "docs/threat-model.md": "# Threats\n",
            "docs/archive/threat-model.md": "# Old threats\n",
            "docs/ops/Incident_Response.md": "# Incidents\n",
            "prompts/chat.prompt": "You are a helpful model.\n",
            "prompts/CHANGELOG.md": "# Changes\n",
        },
    )
    return git_repo


def test_init_discovers_an_open_weights_release(release_repo: Path):
    lines = init(release_repo)
    expected = [
        "  - name: acme-7b  # found in acme-7b/model.safetensors",
        f"    sha256: {hashlib.sha256(b'safetensors bytes').hexdigest()}",
        "    model_card: acme-7b/README.md  # found in acme-7b/README.md",
        "  - name: acme-7b-gguf  # found in acme-7b-gguf/acme-7b.Q4_K_M.gguf",
        f"    sha256: {hashlib.sha256(b'the real gguf').hexdigest()}  # the Git LFS object id: "
        "the sha256 of the real file",
        "  - name: legacy  # found in legacy/pytorch_model.bin",
        "  sbom: sbom/acme.cdx.json  # found in sbom/acme.cdx.json",
        "  dependency_updates: renovate.json  # found in renovate.json",
        "  document: docs/threat-model.md  # found in docs/threat-model.md",
        "  plan: docs/ops/Incident_Response.md  # found in docs/ops/Incident_Response.md",
        "    - path: prompts/chat.prompt  # found in prompts/chat.prompt",
        "      changelog: prompts/CHANGELOG.md  # found in prompts/CHANGELOG.md",
    ]
    for line in expected:
        assert line in lines, f"missing: {line!r}\n" + "\n".join(lines)
    text = "\n".join(lines)
    assert "firmware.bin" not in text  # a .bin whose name does not say "model"
    pickle_notes = [i for i, ln in enumerate(lines) if "pickle-based format" in ln]
    legacy = lines.index("  - name: legacy  # found in legacy/pytorch_model.bin")
    assert len(pickle_notes) == 1 and pickle_notes[0] > legacy  # only the .bin is flagged
    assert "README.md  # found in README.md" not in text  # the top README is no model card


def test_unedited_release_manifest_fails_with_what_to_fill(release_repo: Path):
    init(release_repo)
    report = check_json(release_repo)
    assert report["result"] == "fail"
    assert ("models", 0, "source") in {tuple(f["path"]) for f in report["manifest_findings"]}


def test_init_refuses_a_file_and_writes_nothing_through_a_symlink(git_repo: Path, tmp_path):
    (git_repo / "x.txt").write_text("x")
    result = run("init", str(git_repo / "x.txt"))
    assert result.exit_code == 2 and "is a file" in result.output
    outside = tmp_path / "outside.yaml"
    outside.write_text("keep me")
    (git_repo / "ai-security.yaml").symlink_to(outside)
    assert run("init", str(git_repo)).exit_code == 2  # exists: refused without --force
    assert run("init", str(git_repo), "--force").exit_code == 0
    assert outside.read_text() == "keep me"
    assert not (git_repo / "ai-security.yaml").is_symlink()


def test_init_example_prints_the_complete_shipped_example():
    result = run("init", "--example")
    assert result.exit_code == 0
    data = yaml.safe_load(result.output)
    assert data["version"] == 1 and data["models"] and data["attestations"]


def _subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(line in it for line in small)


def test_init_update_adds_new_discoveries_and_changes_nothing_else(rag_repo: Path):
    init(rag_repo)
    manifest = rag_repo / "ai-security.yaml"
    edited = (
        manifest.read_text()
        .replace(
            "  description: TODO what the system does, for whom, and the need it meets",
            "  description: 'Answers questions'   # our words, our quoting",
        )
        .replace("policy: SECURITY.md  # found in SECURITY.md", "policy: SECURITY.md\n# a note")
    )
    manifest.write_text(edited)
    make(
        rag_repo,
        {
            "app/gemini.py": "import google.generativeai as genai\n"
            'model = genai.GenerativeModel("gemini-1.5-pro-002")\n',
            "uv.lock": "version = 1\n",
        },
    )
    result = run("init", str(rag_repo), "--update")
    assert result.exit_code == 0, result.output
    assert "models: gemini-1.5-pro-002" in result.output
    assert "supply_chain.lockfiles: uv.lock" in result.output
    after = manifest.read_text().splitlines()
    assert _subsequence(edited.splitlines(), after)  # every line kept, in order
    assert "  - name: gemini-1.5-pro-002  # found in app/gemini.py:2 (Google (Gemini API))" in after
    assert "    - uv.lock  # found in uv.lock" in after
    assert len(after) - len(edited.splitlines()) < 15  # only the new entries were added
    # nothing new the second time: the file is left alone
    before = manifest.read_bytes()
    again = run("init", str(rag_repo), "--update")
    assert "nothing new" in again.output and manifest.read_bytes() == before


def test_init_update_keeps_a_filled_hosted_model(rag_repo: Path):
    make(rag_repo, {"app/bare.py": "from mistralai import Mistral\nclient = Mistral()\n"})
    lines = init(rag_repo)
    assert (
        "  - name: TODO-which-mistral-model  # found in app/bare.py:2 (Mistral AI client)" in lines
    )
    manifest = rag_repo / "ai-security.yaml"
    manifest.write_text(manifest.read_text().replace("TODO-which-mistral-model", "mistral-large"))
    result = run("init", str(rag_repo), "--update")
    assert "nothing new" in result.output  # the filled entry is the same client


def test_init_update_without_a_manifest_says_to_run_init(git_repo: Path):
    result = run("init", str(git_repo), "--update")
    assert result.exit_code == 2 and "run `ai-security-gate init`" in result.output


@pytest.mark.parametrize(
    "value", ["TODO", "todo: name", "TBD", "  FIXME later", "TODO-a-40-hex-commit-id"]
)
def test_a_fill_in_marker_is_a_manifest_error_wherever_it_is(tmp_path: Path, value: str):
    (tmp_path / "ai-security.yaml").write_text(
        "version: 1\nsystem:\n  name: x\n  roles: [developer]\n"
        f"models:\n  - name: m\n    uri: https://huggingface.co/o/m\n    revision: {json.dumps(value)}\n"
    )
    report = check_json(tmp_path)
    assert [tuple(f["path"]) for f in report["manifest_findings"]] == [("models", 0, "revision")]
    unpinned = [
        f
        for p in report["provisions"]
        for f in p["findings"]
        if "without a pinned revision" in f["message"]
    ]
    assert unpinned  # hidden from the policies: a marker is never a pin


@pytest.mark.parametrize(
    "value", ["Todoist sync", "tbdx", "3ad372fc79158a2148299e3318516c786aeded6c"]
)
def test_words_that_only_start_like_a_marker_are_not_markers(tmp_path: Path, value: str):
    (tmp_path / "ai-security.yaml").write_text(
        "version: 1\nsystem:\n  name: x\n  roles: [developer]\n"
        f"models:\n  - name: m\n    uri: https://huggingface.co/o/m\n    revision: {json.dumps(value)}\n"
    )
    report = check_json(tmp_path)
    assert report["manifest_findings"] == []


def test_hostile_python_files_are_skipped_not_fatal(git_repo: Path):
    deep = "import openai\nx = a" + ".b" * 100_000 + "\n"
    make(
        git_repo,
        {
            "deep.py": deep,
            "nested.py": "import openai\nx = " + "[" * 5000 + "]" * 5000 + "\n",
            "ok.py": "from openai import OpenAI\nOpenAI().chat.completions.create(model='gpt-4o-2024-08-06')\n",
        },
    )
    lines = init(git_repo)
    assert "  - name: gpt-4o-2024-08-06  # found in ok.py:2 (OpenAI)" in lines
    skipped = next(ln for ln in lines if ln.startswith("#   Python files that do not parse"))
    assert "deep.py" in skipped and "nested.py" in skipped


def test_init_update_on_the_complete_example_finds_nothing_new(git_repo: Path):
    """Every kind of entry discovery makes is matched to the hand-written manifest's entry
    for the same thing; and the manifest itself is never read as a source of models."""
    import shutil

    from conftest import EXAMPLES

    shutil.copytree(EXAMPLES / "passing", git_repo, dirs_exist_ok=True)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "example")
    before = (git_repo / "ai-security.yaml").read_bytes()
    result = run("init", str(git_repo), "--update")
    assert result.exit_code == 0 and "nothing new" in result.output, result.output
    assert (git_repo / "ai-security.yaml").read_bytes() == before


def test_a_crafted_file_name_cannot_add_keys_to_the_manifest(git_repo: Path):
    evil = "prompts/x\nroles: [developer]\nowner: {name: Mallory}\n\u2028y.md"
    make(git_repo, {evil: "You are a model.\n", "models/m.safetensors": b"w"})
    init(git_repo)
    data = yaml.safe_load((git_repo / "ai-security.yaml").read_text())
    assert set(data) == {"version", "system", "models", "change_management"}
    assert data["system"]["roles"] == ["TODO-developer-system_operator-or-data_custodian"]
    assert data["change_management"]["prompts"][0]["path"] == evil  # the real name, quoted


def test_notebooks_and_mcp_configurations_are_read(git_repo: Path):
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["# Demo"]},
            {"cell_type": "code", "source": ["%pip install openai\n", "!ls\n", "x = (\n"]},
            {
                "cell_type": "code",
                "source": [
                    "from anthropic import Anthropic\n",
                    "client = Anthropic()\n",
                    'client.messages.create(model="claude-3-5-haiku-20241022", messages=[])\n',
                ],
            },
        ]
    }
    mcp = {"mcpServers": {"github": {"command": "npx", "args": ["@mcp/github"]}}}
    make(git_repo, {"demo.ipynb": json.dumps(notebook), ".mcp.json": json.dumps(mcp, indent=2)})
    lines = init(git_repo)
    assert "  - name: claude-3-5-haiku-20241022  # found in demo.ipynb#cell3:3 (Anthropic)" in lines
    assert (
        "    - name: mcp-github  # found in .mcp.json:3 (an MCP server whose tools the model "
        "may call (npx))" in lines
    )
    assert not any("do not parse" in ln for ln in lines)  # one bad cell does not hide the rest


def test_a_client_pointed_at_another_server_is_not_taken_for_the_provider(git_repo: Path):
    make(
        git_repo,
        {
            "app/local.py": "import os\nfrom openai import OpenAI\n\n"
            'local = OpenAI(base_url="http://localhost:8000/v1")\n'
            'proxy = OpenAI(base_url=os.environ["LLM_PROXY"])\n'
            'local.chat.completions.create(model="meta-llama/Llama-3.1-8B-Instruct")\n'
            'proxy.chat.completions.create(model="router-default")\n',
        },
    )
    lines = init(git_repo)
    at = lines.index(
        "  - name: meta-llama/Llama-3.1-8B-Instruct  # found in app/local.py:6 (OpenAI)"
    )
    assert lines[at + 1 : at + 5] == [
        "    source: third_party",
        "    # the OpenAI client is pointed at http://localhost:8000/v1: name who runs it",
        "    supplier: TODO-who-runs-that-server",
        "    uri: http://localhost:8000/v1",
    ]
    at = lines.index("  - name: router-default  # found in app/local.py:7 (OpenAI)")
    assert "    uri: TODO-the-endpoint-your-deployment-calls" in lines[at : at + 6]
    text = "\n".join(lines)
    assert "api.openai.com" not in text and "- name: OpenAI" not in text  # never guessed


def test_a_mode_switch_default_is_not_taken_for_a_model_id(git_repo: Path):
    """nanoGPT's pattern: `init_from = 'scratch'` is a run-time switch, and the download sits
    under `init_from.startswith('gpt2')`, so 'scratch' is never what it downloads. A default
    the code's tests agree with is still read."""
    make(
        git_repo,
        {
            "train.py": "import os\nfrom transformers import AutoModel\n"
            "init_from = 'scratch'  # 'scratch' or 'resume' or 'gpt2*'\n"
            "if init_from == 'resume':\n    pass\n"
            "elif init_from.startswith('gpt2'):\n    AutoModel.from_pretrained(init_from)\n"
            "BASE = os.getenv('BASE', 'example-org/tiny-llm')\n"
            "if BASE.startswith('example-org/'):\n    AutoModel.from_pretrained(BASE)\n",
        },
    )
    lines = init(git_repo)
    assert not any("name: scratch" in ln for ln in lines), lines
    assert any(
        ln.startswith("  - name: example-org/tiny-llm  # found in train.py:10") for ln in lines
    )


def test_init_writes_the_roles_the_code_shows_and_a_model_trained_here(git_repo: Path):
    """nanoGPT's shape: a training loop, no weight file in git, no download. init declares the
    developer role with where the code shows it, and a model stub to name: the gate would
    derive the role anyway, so leaving it a free choice only invites a narrower one."""
    make(
        git_repo,
        {
            "train.py": "import torch\n\nmodel = torch.nn.Linear(2, 2)\n"
            "opt = torch.optim.AdamW(model.parameters())\n"
            "for x in range(3):\n    loss = model(x).sum()\n    loss.backward()\n"
            "    opt.step()\n",
        },
    )
    lines = init(git_repo)
    assert any(ln.startswith("    - developer  # the repository shows it: ") for ln in lines), lines
    assert not any("TODO-developer-system_operator-or-data_custodian" in ln for ln in lines)
    assert any(ln.startswith("  - name: TODO the model this repository trains") for ln in lines)
    assert "    source: in_house  # or fine_tuned, with its base_model" in lines


def test_init_leaves_the_roles_open_when_the_code_shows_none(git_repo: Path):
    make(git_repo, {"README.md": "# notes\n", "util.py": "def add(a, b):\n    return a + b\n"})
    lines = init(git_repo)
    assert "    - TODO-developer-system_operator-or-data_custodian" in lines
    assert not any("the model this repository trains" in ln for ln in lines)
