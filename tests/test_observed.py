"""evidence/observed.py: what the repository shows, read without running anything, through
no link, bounded, and cached by the listing (a changed file is read again)."""

from __future__ import annotations

import os
from pathlib import Path

from ai_security_gate.evidence.cache import JsonCache
from ai_security_gate.evidence.observed import CACHE_NAMESPACE, observe


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def _whats(seen, kind):
    return [(o["what"], o["file"], o["line"]) for o in seen[kind]]


def test_dependencies_are_read_as_declared_not_as_prose(tmp_path: Path):
    _write(
        tmp_path,
        "pyproject.toml",
        '[project]\nname = "x"\ndescription = "an alternative to openai"\n'
        'dependencies = ["requests"]\n\n[tool.poetry.dependencies]\nboto3 = "^1.34"\n',
    )
    _write(tmp_path, "requirements-dev.txt", "# openai is not used\n-r base.txt\npytest\n")
    assert _whats(observe(tmp_path), "cloud") == [
        ("Amazon Web Services: boto3 in the dependencies", "pyproject.toml", 7)
    ]


def test_an_s3_upload_file_is_no_hub_push_but_huggingface_hub_is(tmp_path: Path):
    _write(tmp_path, "a.py", "import boto3\nboto3.client('s3').upload_file('f', 'b', 'k')\n")
    assert observe(tmp_path)["publishing"] == []
    _write(
        tmp_path,
        "b.py",
        "from huggingface_hub import HfApi\nHfApi().upload_folder(folder_path='m')\n",
    )
    assert _whats(observe(tmp_path), "publishing") == [
        ("upload_folder() pushes to the Hugging Face Hub", "b.py", 2)
    ]


def test_links_and_skipped_directories_are_not_read(tmp_path: Path):
    outside = tmp_path / "outside"
    _write(outside, "requirements.txt", "openai==1.0\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    os.symlink(outside / "requirements.txt", repo / "requirements.txt")
    os.symlink(outside, repo / "vendor")
    _write(repo, "node_modules/x/package.json", '{"dependencies": {"openai": "4"}}')
    _write(repo, ".venv/lib/m.py", "m.push_to_hub('x')\n")
    seen = observe(repo)
    assert seen["cloud"] == [] and seen["publishing"] == []


def test_weight_files_are_seen_by_name(tmp_path: Path):
    _write(tmp_path, "models/adapter.safetensors", "x")
    _write(tmp_path, "data/firmware.bin", "x")  # a .bin is a weight only when named so
    assert _whats(observe(tmp_path), "weights") == [
        ("weight file models/adapter.safetensors", "models/adapter.safetensors", 1)
    ]


def test_the_cache_is_used_until_a_file_changes(tmp_path: Path):
    repo = tmp_path / "repo"
    _write(repo, "requirements.txt", "requests==2\n")
    cache = JsonCache(tmp_path / "cache", CACHE_NAMESPACE)
    assert observe(repo, cache)["cloud"] == []
    entries = list((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 1
    _write(repo, "requirements.txt", "anthropic==0.30\n")  # a different size: read again
    assert [o["file"] for o in observe(repo, cache)["cloud"]] == ["requirements.txt"]


def test_a_cache_hit_imports_none_of_the_readers(tmp_path: Path):
    """A warm pre-commit run: the listing is unchanged, so the readers (discovery, the role
    and asset observations: ~50 ms of imports) are never loaded, and roles.py's path rules
    come from a light module. A fresh process, so nothing was imported before."""
    import subprocess
    import sys

    repo = tmp_path / "repo"
    _write(repo, "requirements.txt", "openai\n")
    _write(repo, "app.py", "from fastapi import FastAPI\napp = FastAPI()\n")
    script = f"""
import sys
from pathlib import Path
from ai_security_gate.evidence.cache import JsonCache
from ai_security_gate.evidence.observed import CACHE_NAMESPACE, observe
from ai_security_gate import roles
seen = observe(Path({str(repo)!r}), JsonCache(Path({str(tmp_path / "cache")!r}), CACHE_NAMESPACE))
roles.derived({{}}, seen)
print(sorted(m for m in sys.modules if m.startswith("ai_security_gate.discover")
             or m.split(".")[-1] in ("observed_scan", "observed_roles", "observed_assets")))
print([o["file"] for o in seen["cloud"]])
"""
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    cold, warm = (run.stdout.splitlines() for run in runs)
    assert "ai_security_gate.evidence.observed_scan" in cold[0]  # the first run read
    assert warm[0] == "[]"
    assert cold[1] == warm[1] == "['requirements.txt']"  # the same observation either way
