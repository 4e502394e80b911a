"""The CycloneDX fast path: jsonschema-rs confirms that a BOM is valid.

cyclonedx-python-lib validates with jsonschema, whose `uniqueItems` compares every pair of
components (objects cannot be sorted): a 2,000-component BOM took 3.4 s, a 20,000-component
one about six minutes. jsonschema-rs checks the same schema (the library's own files, with
the same three referenced schemas) in linear time. It only answers "valid or not"; a BOM it
does not accept still goes through the library's validator for the message, so a verdict
never depends on which path ran. For that, jsonschema-rs must never accept what jsonschema
rejects:

- formats: each format the CycloneDX schema uses is checked by jsonschema's own format
  checker (Draft7Validator.FORMAT_CHECKER, as the library passes it), never by jsonschema-rs;
- patterns: Rust's `$` matches only at the very end, Python's also before a final newline,
  so jsonschema-rs is the stricter of the two; an answer of "invalid" costs only time;
- anything unexpected (a library layout this does not know, a schema jsonschema-rs cannot
  compile, a value it cannot convert) means "ask the library".

tests/test_evidence_sbom.py holds both paths to the same verdict.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from ..schema_fast import formats_used

SCHEMA_PREFIX = "http://cyclonedx.org/schema/"  # as cyclonedx.validation.json registers them


def is_valid(structure: Any, version: Any) -> bool:
    """True: valid CycloneDX of `version` (a cyclonedx SchemaVersion). False: not known to be."""
    try:
        validator = _validator(version)
        return validator is not None and bool(validator.is_valid(structure))
    except Exception:  # the fast path must never decide a failure: the library will
        return False


@cache
def _validator(version: Any) -> Any:
    try:
        import jsonschema_rs
        from cyclonedx.schema import _res
        from jsonschema.validators import Draft7Validator
    except ImportError:
        return None
    path = _res.BOM_JSON_STRICT.get(version)
    if path is None:
        return None
    resources = [
        (f"{SCHEMA_PREFIX}spdx.SNAPSHOT.schema.json", _load(_res.SPDX_JSON)),
        (f"{SCHEMA_PREFIX}cryptography-defs.SNAPSHOT.schema.json", _load(_res.CRYPTOGRAPHY_DEFS)),
        (f"{SCHEMA_PREFIX}jsf-0.82.SNAPSHOT.schema.json", _load(_res.JSF)),
    ]
    schema = _load(path)
    checker = Draft7Validator.FORMAT_CHECKER
    used: set[str] = set()
    for document in [schema, *(doc for _, doc in resources)]:
        used |= formats_used(document)
    return jsonschema_rs.Draft7Validator(
        schema,
        registry=jsonschema_rs.Registry(resources),
        formats={name: _conforms(checker, name) for name in used},
        validate_formats=True,
        ignore_unknown_formats=False,
    )


def _load(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _conforms(checker: Any, name: str) -> Callable[[str], bool]:
    return lambda instance: bool(checker.conforms(instance, name))
