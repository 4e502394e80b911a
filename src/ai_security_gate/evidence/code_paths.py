"""Which files of a repository are the system's own code: not tests, docs, examples or fixtures
(incidental), nor tutorials, demos, vendored code or benchmarks. Path rules only, shared by
the observation's readers and by roles.py, which needs them on every run (light to import:
a cached observation reads nothing else)."""

from __future__ import annotations

from pathlib import PurePosixPath

# tests, docs, examples: code that exercises or shows the system, not the system
_INCIDENTAL_DIRS = {
    "tests",
    "test",
    "testing",
    "__tests__",
    "fixtures",
    "docs",
    "doc",
    "examples",
    "example",
    "samples",
    "sample",
}


_NOT_THE_SYSTEM = {
    "tutorials",
    "tutorial",
    "cookbook",
    "cookbooks",
    "demo",
    "demos",
    "vendor",
    "vendored",
    "third_party",
    "third-party",
    "benchmarks",
    "site-packages",
    "node_modules",
}
# where hosted-model calls are the evaluation of a model, not a system run for users
_EVALUATION = {"eval", "evals", "evaluation", "evaluations", "benchmark", "benchmarks", "bench"}


def incidental(path: str) -> bool:
    parts = PurePosixPath(path.lower()).parts
    name = parts[-1] if parts else ""
    return bool(_INCIDENTAL_DIRS & set(parts[:-1])) or (
        name.startswith("test_")
        or name.endswith(("_test.py", "_tests.py"))
        or name == "conftest.py"
    )


def counts(rel: str) -> bool:
    parts = set(rel.lower().split("/")[:-1])
    return not incidental(rel) and not (parts & _NOT_THE_SYSTEM)


def application_code(rel: str) -> bool:
    """A file whose hosted-model calls run a system (not its evaluation or benchmarks)."""
    p = PurePosixPath(rel.split("#", 1)[0].lower())
    return (
        counts(rel)
        and not ({*p.parts[:-1]} & _EVALUATION)
        and not p.name.startswith(("eval", "bench"))
    )
