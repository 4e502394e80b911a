"""Local data files a repository keeps (issue 12): `init` offers them as `datasets:` entries.

A data file is one in a data format (CSV, Parquet, JSON Lines, Arrow...) that sits where data
is kept: under a directory named like `data/`, `datasets/` or `corpus/`, or in a format that is
only ever data (Parquet, Arrow, TFRecord...). Test fixtures, examples and documentation are
left out: a `tests/data/sample.csv` is not what a model learns from. Sharded data (a
directory of `train-00000-of-00004.parquet`, or many files side by side) is offered as one
dataset, its directory, because a manifest lists datasets, not every shard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

# formats that hold records; JSON, YAML and plain text are left out: they are configuration
# and documents far more often than data
DATA_SUFFIXES = {
    ".csv",
    ".tsv",
    ".parquet",
    ".pq",
    ".jsonl",
    ".ndjson",
    ".arrow",
    ".feather",
    ".avro",
    ".orc",
    ".tfrecord",
    ".tfrecords",
    ".npy",
    ".npz",
    ".xlsx",
}
# only ever data, wherever they are
_DATA_ONLY = {".parquet", ".pq", ".arrow", ".feather", ".avro", ".orc", ".tfrecord", ".tfrecords"}
# compressed data keeps its format's name before the compression suffix: a.jsonl.gz
_COMPRESSED = {".gz", ".bz2", ".xz", ".zst", ".zip"}
DATA_DIRS = {
    "data",
    "datasets",
    "dataset",
    "corpus",
    "corpora",
    "training_data",
    "training-data",
    "train_data",
    "raw_data",
}
# where samples and fixtures live, not training data
_NOT_DATA_DIRS = {
    "test",
    "tests",
    "testing",
    "testdata",
    "test_data",
    "test-data",
    "fixtures",
    "fixture",
    "__fixtures__",
    "examples",
    "example",
    "samples",
    "docs",
    "doc",
    "node_modules",
    "site-packages",
    "vendor",
    "third_party",
}
# more files than this side by side are one sharded dataset, offered as their directory
MAX_FILES_PER_DIR = 3
_SHARD = re.compile(r"(?:^|[-_.])(?:\d{3,}-of-\d{3,}|part-\d+|shard[-_]?\d+)(?:[-_.]|$)")


@dataclass(frozen=True)
class DataFile:
    path: str  # a file, or a directory of shards
    files: int = 1  # how many data files it stands for


def data_format(path: str) -> str | None:
    """The data format suffix of `path` (`.jsonl` for `a.jsonl.gz`), or None."""
    suffixes = [s.lower() for s in PurePosixPath(path).suffixes]
    while suffixes and suffixes[-1] in _COMPRESSED:
        suffixes.pop()
    if suffixes and suffixes[-1] in DATA_SUFFIXES:
        return suffixes[-1]
    return None


def is_data_file(path: str) -> bool:
    fmt = data_format(path)
    if fmt is None:
        return False
    p = PurePosixPath(path)
    dirs = [part.lower() for part in p.parts[:-1]]
    if any(d in _NOT_DATA_DIRS or d.startswith((".", "test_")) for d in dirs):
        return False
    if p.name.lower().startswith(("test_", "sample", "example", "dummy", "fixture")):
        return False
    return fmt in _DATA_ONLY or any(d in DATA_DIRS for d in dirs)


def find_data(paths: list[str]) -> list[DataFile]:
    """The data files among `paths`; shards and crowded directories folded into one entry.
    Files inside a Python package (a directory with `__init__.py` above them) are package
    resources (a stop-word list, a vocabulary), not data a model learns from."""
    packages = {str(PurePosixPath(p).parent) for p in paths if p.endswith("/__init__.py")}
    by_dir: dict[str, list[str]] = {}
    for path in paths:
        if is_data_file(path) and not _in_package(path, packages):
            by_dir.setdefault(str(PurePosixPath(path).parent), []).append(path)
    out: list[DataFile] = []
    for directory, files in sorted(by_dir.items()):
        sharded = any(_SHARD.search(PurePosixPath(f).name.lower()) for f in files)
        if directory != "." and (sharded or len(files) > MAX_FILES_PER_DIR):
            out.append(DataFile(directory, len(files)))
        else:
            out += [DataFile(f) for f in sorted(files)]
    return out


def _in_package(path: str, packages: set[str]) -> bool:
    return any(str(parent) in packages for parent in PurePosixPath(path).parents)
