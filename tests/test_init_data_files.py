"""`init` offers the data files a repository keeps as `datasets:` entries (issue 12): data
formats under data directories (or formats that are only ever data), with their sha256, never
test fixtures, samples, docs or ignored files; shards folded into their directory; what only
the user knows left as markers the gate rejects. On a real git repository laid out as a
training project is."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from ai_security_gate.discover.data_files import find_data, is_data_file
from test_init_discovery import _lfs_pointer, check_json, init, make, run

TICKETS = b'{"text": "my order is late", "label": "shipping"}\n' * 20
TRAIN = b"text,label\nhello,greeting\n" * 50
BIG = b"PAR1 the real parquet bytes PAR1"


@pytest.fixture
def data_repo(git_repo: Path) -> Path:
    (git_repo / ".gitignore").write_text("data/private/\n")
    (git_repo / ".gitattributes").write_text("*.parquet filter=lfs diff=lfs merge=lfs -text\n")
    make(
        git_repo,
        {
            "train.py": "import pandas as pd\n\ndf = pd.read_csv('data/processed/train.csv')\n",
            "data/raw/tickets.jsonl.gz": TICKETS,
            "data/processed/train.csv": TRAIN,
            "data/processed/valid.csv": b"text,label\nbye,farewell\n",
            "data/hf/train-00000-of-00002.parquet": b"PAR1 shard 0",
            "data/hf/train-00001-of-00002.parquet": b"PAR1 shard 1",
            "features/big.parquet": _lfs_pointer(BIG),
            # not training data
            "tests/fixtures/sample.csv": b"a,b\n1,2\n",
            "tests/data/cases.jsonl": b"{}\n",
            "docs/example.csv": b"a,b\n",
            "results.csv": b"run,loss\n1,0.3\n",  # an output at the top, not a data dir
            "config/settings.json": b"{}\n",
            "data/README.md": b"# Data\n",
        },
    )
    (git_repo / "data" / "private").mkdir()
    (git_repo / "data" / "private" / "secret.csv").write_bytes(b"ignored by git\n")
    return git_repo


def _datasets(repo: Path) -> list[dict]:
    return yaml.safe_load((repo / "ai-security.yaml").read_text(encoding="utf-8"))["datasets"]


def test_init_offers_local_data_files_with_their_hashes(data_repo: Path):
    lines = init(data_repo)
    datasets = {d["path"]: d for d in _datasets(data_repo)}
    assert set(datasets) == {
        "data/raw/tickets.jsonl.gz",
        "data/processed/train.csv",
        "data/processed/valid.csv",
        "data/hf",  # two shards: one dataset, its directory
        "features/big.parquet",  # only ever data, wherever it is
    }
    assert datasets["data/processed/train.csv"]["sha256"] == hashlib.sha256(TRAIN).hexdigest()
    assert datasets["data/raw/tickets.jsonl.gz"]["sha256"] == hashlib.sha256(TICKETS).hexdigest()
    assert datasets["features/big.parquet"]["sha256"] == hashlib.sha256(BIG).hexdigest()  # LFS oid
    assert "sha256" not in datasets["data/hf"]  # a directory has no single hash
    names = [d["name"] for d in datasets.values()]
    assert len(set(names)) == len(names)
    assert datasets["data/processed/train.csv"]["name"] == "processed-train"
    assert datasets["data/raw/tickets.jsonl.gz"]["name"] == "tickets"
    # every entry says where it was found; origin and custodian are left for the user
    for path in datasets:
        assert f"  - name: {datasets[path]['name']}  # found in {path}" in lines
    assert all(
        d["origin"].startswith("TODO") and d["custodian"].startswith("TODO")
        for d in datasets.values()
    )
    assert "directory of 2 data files" in "\n".join(lines)


def test_unedited_data_entries_fail_the_gate_until_filled(data_repo: Path):
    init(data_repo)
    datasets = _datasets(data_repo)
    report = check_json(data_repo)
    unfilled = {tuple(f["path"]) for f in report["manifest_findings"]}
    for i in range(len(datasets)):
        assert ("datasets", i, "origin") in unfilled
        assert ("datasets", i, "custodian") in unfilled


def test_init_update_adds_a_new_data_file_and_keeps_the_rest(data_repo: Path):
    init(data_repo)
    manifest = data_repo / "ai-security.yaml"
    edited = manifest.read_text(encoding="utf-8").replace(
        "TODO-where-the-data-came-from", "internal://crm/export", 1
    )
    manifest.write_text(edited, encoding="utf-8")
    make(data_repo, {"data/raw/calls.ndjson": b'{"call": 1}\n'})
    result = run("init", str(data_repo), "--update")
    assert result.exit_code == 0, result.output
    after = manifest.read_text(encoding="utf-8")
    assert after.startswith(edited.rstrip("\n").split("\ndatasets:")[0])  # untouched above
    assert "internal://crm/export" in after
    data = yaml.safe_load(after)
    assert "data/raw/calls.ndjson" in [d.get("path") for d in data["datasets"]]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("data/train.csv", True),
        ("datasets/squad/dev.jsonl", True),
        ("corpus/wiki.jsonl.zst", True),
        ("anywhere/table.parquet", True),
        ("data/train.json", False),  # JSON is configuration far more often than data
        ("tests/data/train.csv", False),
        ("src/pkg/test_data/x.parquet", False),
        ("data/sample_rows.csv", False),
        ("examples/data/a.csv", False),
        ("notes/table.csv", False),  # a CSV outside a data directory
        (".venv/lib/site-packages/sklearn/datasets/data/iris.csv", False),
    ],
)
def test_what_counts_as_a_data_file(path: str, expected: bool):
    assert is_data_file(path) is expected


def test_many_files_side_by_side_are_one_dataset():
    many = [f"data/images/{i:04d}.npy" for i in range(10)]
    found = find_data([*many, "data/labels.csv"])
    assert [(d.path, d.files) for d in found] == [("data/labels.csv", 1), ("data/images", 10)]


def test_package_resources_are_not_datasets():
    paths = ["__init__.py", "src/pkg/__init__.py", "src/pkg/data/stopwords.csv", "data/train.csv"]
    assert [d.path for d in find_data(paths)] == ["data/train.csv"]


def test_files_at_the_top_stay_files():
    found = find_data(["a.parquet", "b.parquet", "c.parquet", "d.parquet"])
    assert [d.path for d in found] == ["a.parquet", "b.parquet", "c.parquet", "d.parquet"]
