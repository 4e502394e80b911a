"""The schema fast path (schema_fast.py) gives the same findings as jsonschema alone.

The fast path may only ever say "valid" where jsonschema finds nothing; then the findings are
identical (none), and for anything else jsonschema runs as before. The cases: every manifest
the project ships or tests with, and a mutation corpus built from the complete example: each
distinct field replaced by values of every JSON type, by malformed dates, URIs, e-mail
addresses and hashes, deleted, and given an unknown sibling key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from ai_security_gate import schema, schema_fast
from ai_security_gate.loader import load_manifest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [
    ROOT / "examples" / "passing" / "ai-security.yaml",
    ROOT / "examples" / "failing" / "ai-security.yaml",
]
HEX = "a" * 64
SCALARS: list[Any] = [  # what replaces a text, number or boolean field
    None,
    True,
    0,
    1.5,
    "",
    "x",
    [],
    {},
    "2026-02-30",
    "not a uri",
    "https://example.com/x",
    "no-at-sign",
    HEX,
    HEX + "\n",  # Python's `$` matches before a final newline, Rust's does not
    "5.2.1-1",
    "developer",
]
CONTAINERS: list[Any] = [None, "x", 1, [], {}, [1], {"x": 1}]  # ... a list or mapping field


@pytest.fixture(scope="module")
def fast() -> Any:
    validator = schema._fast_validator()
    assert validator is not None, "jsonschema-rs is a dependency: the fast path must be on"
    return validator


@pytest.fixture(scope="module")
def slow() -> Any:
    cls = jsonschema.Draft202012Validator
    return cls(schema.schema_document(), format_checker=cls.FORMAT_CHECKER)


def _example() -> dict[str, Any]:
    return json.loads(json.dumps(yaml.safe_load(SHIPPED[0].read_text()), default=str))


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _leaves(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _leaves(v, (*path, i))
    return out


def _distinct_paths(doc: dict[str, Any]) -> list[tuple[Any, ...]]:
    """One path per field of the schema the example fills (list indexes generalised)."""
    seen, out = set(), []
    for path in _leaves(doc):
        shape = tuple("*" if isinstance(p, int) else p for p in path)
        if path and shape not in seen:
            seen.add(shape)
            out.append(path)
    return out


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        doc = doc[part]
    doc[path[-1]] = value


def _delete(doc: Any, path: tuple[Any, ...]) -> None:
    for part in path[:-1]:
        doc = doc[part]
    del doc[path[-1]]


def _corpus() -> list[tuple[str, Any]]:
    base = _example()
    text = json.dumps(base)
    cases: list[tuple[str, Any]] = [("example", base)]
    for path in _distinct_paths(base):
        old = base
        for part in path:
            old = old[part]
        for value in CONTAINERS if isinstance(old, (dict, list)) else SCALARS:
            doc = json.loads(text)
            _set(doc, path, value)
            cases.append((f"{path} = {value!r}", doc))
        doc = json.loads(text)
        _delete(doc, path)
        cases.append((f"del {path}", doc))
        doc = json.loads(text)
        parent: Any = doc
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, dict):
            parent["unknown_key"] = 1
            cases.append((f"{path[:-1]} + unknown_key", doc))
    return cases


@pytest.mark.slow
def test_the_fast_path_accepts_only_what_jsonschema_accepts(fast: Any, slow: Any) -> None:
    """Where the fast path says "invalid", jsonschema runs as before: only its "valid" needs
    checking, and jsonschema is asked about exactly those cases."""
    cases = _corpus()
    assert len(cases) > 2500
    accepted = [(name, doc) for name, doc in cases if schema_fast.is_valid(fast, doc)]
    wrongly_valid = [name for name, doc in accepted if not slow.is_valid(doc)]
    assert not wrongly_valid, f"the fast path accepts what jsonschema rejects: {wrongly_valid}"
    # and it is a fast path: it accepts valid manifests, not only nothing
    assert len(accepted) > 300, len(accepted)


def test_the_fast_path_accepts_the_valid_shipped_manifests(fast: Any) -> None:
    for path in SHIPPED[:1]:
        assert schema_fast.is_valid(fast, load_manifest(path).data), path


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name + "/" + p.name)
def test_findings_identical_either_way_on_shipped_manifests(path: Path) -> None:
    loaded = load_manifest(path)
    assert schema.validate(loaded, fast=True) == schema.validate(loaded, fast=False)


def test_findings_identical_either_way_on_a_broken_manifest(tmp_path: Path) -> None:
    from test_schema_findings import BROKEN

    (tmp_path / "m.yaml").write_text(BROKEN + f"extra: 1\nsha: '{HEX}\\n'\n", encoding="utf-8")
    loaded = load_manifest(tmp_path / "m.yaml")
    findings = schema.validate(loaded, fast=True)
    assert findings and findings == schema.validate(loaded, fast=False)


STRINGS = [
    "2026-01-31",
    "2026-02-29",
    "2024-02-29",
    "2026-13-01",
    "2026-01-01\n",
    "２０２６-01-01",  # full-width digits: \d with re.ASCII rejects them
    "20260101",
    "https://example.com/a?b=c#d",
    "mailto:a@b.c",
    "urn:isbn:0451450523",
    "//no-scheme",
    "http://[::1]:80/",
    "http://exa mple.com",
    "relative/path",
    "",
    "@",
    "a@",
    "user@example.com",
]


@pytest.mark.parametrize("fmt", sorted(schema_fast.FORMATS))
def test_format_checks_are_jsonschemas(fmt: str) -> None:
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert fmt in checker.checkers, f"jsonschema does not check {fmt}: nor must the fast path"
    for value in STRINGS:
        assert schema_fast.FORMATS[fmt](value) == checker.conforms(value, fmt), (fmt, value)


def test_a_schema_with_a_format_we_do_not_mirror_gets_no_fast_path() -> None:
    assert schema_fast.build({"type": "string", "format": "hostname"}) is None
    assert schema_fast.is_valid(None, "anything") is False


def _uri_like(rng: Any) -> str:
    """A string shaped like a URI, with characters from every class the checkers tell apart
    (unreserved, sub-delimiters, gen-delimiters, percent, space, newline, non-ASCII); half
    of them close to a plain URI, where a wrong shortcut would show."""
    odd = "[]% \n\té"
    chars = "aZ09-._~!$&'()*+,;=:@/?#" + (odd if rng.random() < 0.5 else odd[rng.randrange(7)])
    parts = [rng.choice(["https", "h", "a+b.c-d", "1http", "", "ftp"]), rng.choice([":", "://"])]
    parts += [rng.choice(chars) for _ in range(rng.randrange(0, 24))]
    return "".join(parts)


def test_plain_uris_are_answered_as_jsonschema_answers() -> None:
    """The `uri` shortcut (schema_fast._PLAIN_URI) accepts only what jsonschema's own check
    accepts: a wrong shortcut would let an invalid manifest through the fast path."""
    import random

    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    rng = random.Random(304223)
    values = [_uri_like(rng) for _ in range(20000)]
    values += ["https://huggingface.co/org/model", "http://h:8080/a/b?c=d&e#f/g?h", "s://h"]
    shortcut = [v for v in values if schema_fast._PLAIN_URI.fullmatch(v)]
    assert len(shortcut) > 200  # the corpus does exercise the shortcut
    for value in values:
        assert schema_fast.FORMATS["uri"](value) == checker.conforms(value, "uri"), value
