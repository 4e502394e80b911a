"""Validate a loaded manifest against the JSON Schema and turn errors into findings."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from .errors import GateError
from .loader import LoadedManifest
from .resources import schema_path
from .results import Finding, JsonPath

if TYPE_CHECKING:
    from .evidence.cache import JsonCache


@cache
def schema_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_schema_bytes())
    return document


@cache
def _schema_bytes() -> bytes:
    path = schema_path()
    try:
        text = path.read_bytes()
        json.loads(text)
        return text
    except (OSError, ValueError) as exc:
        raise GateError(f"{path}: cannot read the manifest schema: {exc}") from None


@cache
def _validator() -> Any:
    import jsonschema  # lazy: the heaviest import of a run

    cls = jsonschema.Draft202012Validator
    return cls(schema_document(), format_checker=cls.FORMAT_CHECKER)


@cache
def _fast_validator() -> Any:
    from . import schema_fast

    return schema_fast.build(schema_document())


def fast_valid(manifest: LoadedManifest, verdicts: JsonCache | None = None) -> bool:
    """The fast path alone (jsonschema-rs, compiled): True when the manifest is valid. Safe in
    a thread beside the evidence stage; jsonschema is not: importing it in two threads at once
    can fail on its circular imports ("partially initialized module"). `verdicts`: where a
    "valid" is remembered by content (schema_verdicts.py), made by the caller's thread."""
    from .schema_verdicts import key

    remembered = key(manifest.digest, _schema_bytes()) if verdicts is not None else None
    hit = verdicts.get(remembered) if verdicts is not None and remembered is not None else None
    if hit is not None and hit.get("valid") is True:
        return True
    from .schema_fast import is_valid

    valid = bool(is_valid(_fast_validator(), manifest.data))
    if valid and verdicts is not None and remembered is not None:
        verdicts.put(remembered, {"valid": True})
    return valid


def validate(manifest: LoadedManifest, fast: bool = True) -> list[Finding]:
    """Every schema violation in the document, each pointing at its line, in document order.
    A valid manifest is confirmed by the fast path (schema_fast.py) without jsonschema."""
    if fast and fast_valid(manifest):
        return []
    from jsonschema.exceptions import best_match

    findings: list[Finding] = []
    for error in _validator().iter_errors(manifest.data):
        alternatives = _missing_alternatives(error)
        if alternatives:
            path: JsonPath = tuple(error.absolute_path)
            message = f"needs one of the keys {alternatives}"
        else:
            if error.context:  # anyOf / oneOf: the branch that came closest says the most
                error = best_match(error.context)
            path, message = _describe(error)
        rule = UNFILLED_RULE if _is_unfilled(error) else f"schema.{error.validator}"
        if rule == UNFILLED_RULE:
            message = f"still a fill-in marker ({error.instance!r}): replace it with the real value"
        findings.append(
            Finding(
                source="schema",
                message=message,
                path=path,
                location=manifest.source_map.locate(path),
                rule=rule,
            )
        )
    unfilled = {f.path for f in findings if f.rule == UNFILLED_RULE}
    # a TODO value also breaks its enum or format: one finding says what to do
    findings = [f for f in findings if f.rule == UNFILLED_RULE or f.path not in unfilled]
    findings.sort(key=lambda f: (f.location.line, f.location.column, f.message))
    return findings


def invalid_format_paths(findings: list[Finding]) -> list[JsonPath]:
    """Values the schema rejected for their format (dates, URIs) or their type (`prompts:`
    left empty is null, not a list) - hidden from the engine so such a value becomes "missing"
    to a policy rather than an engine error (the schema finding still reports it). Unfilled
    TODO values too: `revision: TODO-...` must never count as a pin."""
    paths = [
        f.path
        for f in findings
        if f.rule == "schema.format" or (f.rule == UNFILLED_RULE and not _entry_name(f.path))
    ]
    for f in findings:
        if f.rule == "schema.type":
            path = f.path
            while path and isinstance(path[-1], int):
                path = path[:-1]  # a wrong item (`models: [oops]`) hides its list: rules read items
            if path:
                paths.append(path)
    return paths


def _entry_name(path: JsonPath) -> bool:
    """models[2].name: an identifier policies quote in their messages, not a claim; hiding
    it would silence the rules about that entry."""
    return len(path) >= 2 and path[-1] == "name" and isinstance(path[-2], int)


UNFILLED_RULE = "schema.unfilled"


def _is_unfilled(error: Any) -> bool:
    """The error comes from $defs/filled: a value still starting with TODO."""
    return bool(error.validator == "not" and error.validator_value == _filled_check())


@cache
def _filled_check() -> Any:
    return schema_document()["$defs"]["filled"]["then"]["not"]


def _missing_alternatives(error: Any) -> str:
    """anyOf/oneOf of `required` branches (a model needs artefact or uri): name them all."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return ""
    if not all(e.validator == "required" and not e.path for e in error.context):
        return ""
    names = [e.message.split("'")[1] for e in error.context if "'" in e.message]
    return " or ".join(f"'{n}'" for n in dict.fromkeys(names))


def _describe(error: Any) -> tuple[JsonPath, str]:
    path: JsonPath = tuple(error.absolute_path)
    v = error.validator
    if v == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        if extra:
            path = (*path, extra[0])
            names = ", ".join(f"'{e}'" for e in extra)
            return path, f"unknown key {names}; expected one of: {allowed}"
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return path, f"missing required key '{missing}'"
    if v == "format":
        return path, f"not a valid {error.validator_value}: {error.instance!r}" + _format_hint(
            error.validator_value
        )
    if v == "pattern":
        hint = "a sha256 is 64 lowercase hex digits" if "64" in str(error.validator_value) else ""
        hint = hint or f"it must match {error.validator_value}"
        return path, f"{error.instance!r} is not valid here: {hint}"
    if v == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        return path, f"{error.instance!r} is not one of: {options}"
    if v == "const":
        return path, f"must be {error.validator_value!r}, found {error.instance!r}"
    if v == "type":
        found = _json_type(error.instance)
        return path, f"expected {_type_text(error.validator_value)}, found {found}"
    return path, error.message


def _format_hint(fmt: str) -> str:
    return {
        "date": " (write dates as YYYY-MM-DD)",
        "uri": " (a full URI such as https://host/path)",
        "email": " (an address such as name@example.com)",
    }.get(fmt, "")


def _type_text(t: Any) -> str:
    names = {
        "object": "a mapping",
        "array": "a list",
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "null": "nothing",
    }
    if isinstance(t, list):
        return " or ".join(names.get(str(x), str(x)) for x in t)
    return names.get(str(t), str(t))


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"the text {value!r}"
