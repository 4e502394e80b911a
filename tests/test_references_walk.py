"""The file-reference walker skips the parts of the schema that hold no file reference; that
must change nothing: the same references, in the same order, as a walk of everything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ai_security_gate import schema
from ai_security_gate.evidence.references import DOC_REF, REPO_PATH_REF, file_references, is_uri
from ai_security_gate.loader import load_manifest

ROOT = Path(__file__).resolve().parent.parent


def _everything(node: Any, sub: Any, root: dict[str, Any], path: tuple[Any, ...]) -> list[Any]:
    """The walker as it was: every value of the manifest against the schema."""
    if not isinstance(sub, dict):
        return []
    ref = sub.get("$ref")
    if ref in (REPO_PATH_REF, DOC_REF):
        ok = isinstance(node, str) and node and not (ref == DOC_REF and is_uri(node))
        return [(path, node)] if ok else []
    out: list[Any] = []
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        out += _everything(node, target, root, path)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in sub.get(key, []):
            out += _everything(node, branch, root, path)
    if isinstance(node, dict):
        props = sub.get("properties", {})
        for k, v in node.items():
            if k in props:
                out += _everything(v, props[k], root, (*path, k))
    elif isinstance(node, list) and "items" in sub:
        for i, item in enumerate(node):
            out += _everything(item, sub["items"], root, (*path, i))
    return list(dict.fromkeys(out))


@pytest.mark.parametrize("name", ["passing", "failing"])
def test_same_references_as_walking_everything(name: str) -> None:
    data = load_manifest(ROOT / "examples" / name / "ai-security.yaml").data
    doc = schema.schema_document()
    got = list(file_references(data, doc))
    assert got == _everything(data, doc, doc, ())
    assert len(got) > (20 if name == "passing" else 0)


def test_references_in_unusual_places_are_still_found() -> None:
    doc = schema.schema_document()
    data = {"models": [{"name": "m", "model_card": "a.md", "evaluation": {"report": "r.md"}}]}
    data["models"].append({"name": "n", "evaluation": {"report": "https://x.example/r"}})
    got = list(file_references(data, doc))
    assert got == _everything(data, doc, doc, ())
    assert (("models", 0, "evaluation", "report"), "r.md") in got
