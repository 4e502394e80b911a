"""The rule index: every rule that reports something, with what its `# METADATA` says.

A rule that adds to a package's `violations`, `notices` or `met` carries OPA's annotation
block directly above it:

    # METADATA
    # title: Threat model document
    # description: The system has an AI threat model document.
    # custom:
    #   provision: ["5.1.3-1"]
    #   rule: threat_model_document
    violations contains v if {

The block is found as OPA finds it (the comment lines directly above the rule, the first
being `# METADATA`, each `#` in column 1), at the rule's line from the engine's parser, and
read as YAML. Coverage, statuses, the docs, `explain` and the test-completeness check all
read this index, so reformatting a policy changes none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from .errors import GateError
from .rego_ast import Node, RegoModule, RegoRule, result_object, statements, string_value

KINDS = ("violations", "notices", "met")  # the sets the gate reads from every package
# `custom.provision` may name, instead of ids, where the provision comes from at run time
FROM_ATTESTATION = "attestation"  # the provision of the attestation the finding concerns
FROM_SCHEMA = "schema"  # every provision an evidence field serves (the schema index)
DYNAMIC = (FROM_ATTESTATION, FROM_SCHEMA)
# libyaml's safe loader when installed: ~10x faster on the ~240 blocks of the shipped policies
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class RuleEntry:
    """One annotated rule definition (one body, or a body with its `else` chain)."""

    package: str  # ai_security.p03_threats
    kind: str  # violations | notices | met
    rule: str  # custom.rule: the id its findings carry
    provisions: tuple[str, ...]  # custom.provision (FROM_SCHEMA: the schema index's); ()
    # for notices and FROM_ATTESTATION
    provision_from: str | None  # one of DYNAMIC when the provision is known at run time
    title: str
    description: str
    file: str
    line: int
    end_line: int
    body_ends: tuple[int, ...]  # line of each body's last statement: it ran = it fired
    result: dict[str, Node] | None = field(compare=False, repr=False)  # the finding's object

    @property
    def short_package(self) -> str:
        return self.package.removeprefix("ai_security.")

    @property
    def rule_id(self) -> str:
        """package.rule as reports show it, e.g. p03_threats.threat_model_document"""
        return f"{self.short_package}.{self.rule}"

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class RuleIndex:
    entries: tuple[RuleEntry, ...]

    def covered(self) -> dict[str, list[str]]:
        """provision id -> rule ids (package.rule) that can report it failing, sorted (a
        `met` rule earns a pass; it cannot report a failure: earning.py)."""
        out: dict[str, set[str]] = {}
        for e in self.entries:
            if e.kind != "violations":
                continue
            for p in e.provisions:
                out.setdefault(p, set()).add(e.rule_id)
        return {p: sorted(r) for p, r in sorted(out.items())}

    def rules_by_package(
        self, kinds: tuple[str, ...] = ("violations", "met")
    ) -> dict[str, set[str]]:
        """package -> the rule ids its findings carry."""
        out: dict[str, set[str]] = {}
        for e in self.entries:
            if e.kind in kinds:
                out.setdefault(e.package, set()).add(e.rule)
        return out

    def for_provision(self, provision_id: str) -> list[RuleEntry]:
        return [e for e in self.entries if provision_id in e.provisions]


def build_index(modules: list[RegoModule], schema_provisions: tuple[str, ...] = ()) -> RuleIndex:
    """The index of the given parsed modules; a reporting rule without a valid annotation is
    a GateError naming file:line. `schema_provisions`: what a FROM_SCHEMA rule serves."""
    entries = []
    for module in modules:
        others = [(r.line, r.head_path, r.head) for r in module.rules]
        for line, segments, form in sorted(
            others + [(n, s, "Default") for s, n in module.defaults]
        ):
            _refuse_other_forms(module, segments, form, line)
        for rule in module.rules:
            if rule.name in KINDS and rule.head == "Set":
                entries.append(_entry(module, rule, schema_provisions))
    return RuleIndex(tuple(entries))


def _refuse_other_forms(
    module: RegoModule, segments: tuple[str, ...], form: str, line: int
) -> None:
    """The gate reads a `violations`, `notices` or `met` set wherever it sits in the data tree
    (engines.base), so a whole-set value (`met := {...}`), a default, or a set under another
    name (`x.met contains ...`) would report findings that carry no METADATA block: refused."""
    if form == "Func" or not set(segments) & set(KINDS):
        return
    if form == "Set" and len(segments) == 1:  # its one segment is a kind: see above
        return  # `violations contains v if {...}`: indexed, with its own block
    name = ".".join(segments)
    kind = next(k for k in segments if k in KINDS)
    raise GateError(
        f"{module.name}:{line}: `{name}` reports findings outside the rule index; build "
        f"`{kind}` at the top of its package, one `{kind} contains x if {{...}}` body at a "
        "time, each with its own `# METADATA` block (a whole-set value, a default or a "
        "nested reference cannot carry one per finding)"
    )


def annotation_block(module: RegoModule, rule: RegoRule) -> tuple[int, str] | None:
    """(line of `# METADATA`, the YAML text) of the block directly above the rule, as OPA
    reads it: contiguous comment lines with `#` in column 1, from `# METADATA` to the rule.
    OPA attaches the FIRST block between the previous statement and the rule, even across
    blank lines, so a second block there is an error: the index would read another one."""
    lines = module.lines
    k = rule.line - 2  # the line above the rule, 0-based
    first = None
    while k >= 0 and lines[k].startswith("#"):
        first = k
        k -= 1
    headers = _metadata_headers(lines, rule.line - 1)
    if len(headers) > 1:
        raise GateError(
            f"{module.name}:{headers[0] + 1}: {len(headers)} `# METADATA` blocks above the rule "
            f"at line {rule.line}; OPA reads only the first one: keep one block per rule body"
        )
    if first is None or not headers or headers[0] < first:
        return None
    start = headers[0]
    text = "\n".join(line[1:] for line in lines[start + 1 : rule.line - 1])
    return start + 1, text


def _metadata_headers(lines: list[str], end: int) -> list[int]:
    """0-based lines of the `# METADATA` headers in the comments and blank lines that end at
    line `end` (0-based, exclusive), back to the previous statement."""
    out = []
    k = end - 1
    while k >= 0 and (not lines[k].strip() or lines[k].lstrip().startswith("#")):
        if lines[k].startswith("#") and lines[k][1:].strip() == "METADATA":
            out.append(k)
        k -= 1
    return sorted(out)


def _entry(module: RegoModule, rule: RegoRule, schema_provisions: tuple[str, ...]) -> RuleEntry:
    where = f"{module.name}:{rule.line}"
    block = annotation_block(module, rule)
    if block is None:
        raise GateError(
            f"{where}: `{rule.name} contains ...` has no `# METADATA` block directly above it; "
            "add one with title, description and custom: {provision: [...], rule: ...} "
            "(CONTRIBUTING.md, 'How to add a rule')"
        )
    meta_line, text = block
    try:
        meta = yaml.load(text, Loader=_FastLoader)  # safe loaders only: no arbitrary objects
    except yaml.YAMLError:
        meta = _safe_load(text, module, meta_line)  # raises, naming the line
    problems = _problems(meta, rule.name)
    if problems:
        raise GateError(f"{module.name}:{meta_line}: METADATA of this rule: {'; '.join(problems)}")
    custom = meta["custom"]
    declared = custom.get("provision", [])
    result = result_object(rule)
    entry = RuleEntry(
        package=module.package,
        kind=rule.name,
        rule=custom["rule"],
        provisions=(
            tuple(declared)
            if isinstance(declared, list)
            else schema_provisions
            if declared == FROM_SCHEMA
            else ()
        ),
        provision_from=declared if isinstance(declared, str) else None,
        title=meta["title"],
        description=meta["description"],
        file=module.name,
        line=rule.line,
        end_line=rule.end_line,
        body_ends=tuple(_last_line(body) for body in rule.bodies),
        result=result,
    )
    _check_agrees(entry, result, where)
    return entry


def _unique_mapping(
    self: yaml.constructor.SafeConstructor, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    """Safe YAML that refuses a repeated key, as OPA's YAML reader does: PyYAML alone would
    keep the last `rule:` where OPA refuses the module, and the two would disagree."""
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = self.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} is repeated", key_node.start_mark
            )
        seen.add(key)
    return yaml.constructor.SafeConstructor.construct_mapping(self, node, deep=deep)


class _UniqueKeyLoader(yaml.SafeLoader):
    construct_mapping = _unique_mapping


if TYPE_CHECKING:
    _FastBase = yaml.SafeLoader
else:  # libyaml's safe loader when installed: several times faster on the ~240 blocks
    _FastBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLoader(_FastBase):
    construct_mapping = _unique_mapping


def _safe_load(text: str, module: RegoModule, meta_line: int) -> Any:
    """The pure-Python parser for a block libyaml refused: its marks name the right line."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = meta_line + 1 + mark.line if mark is not None else meta_line
        problem = getattr(exc, "problem", None) or str(exc)
        raise GateError(
            f"{module.name}:{line}: the METADATA block is not valid YAML: {problem}"
        ) from None


def _last_line(body: Node) -> int:
    stmts = statements(body)
    return int(stmts[-1]["span"]["line"]) if stmts else int(body["span"]["line"])


def _problems(meta: Any, kind: str) -> list[str]:
    if not isinstance(meta, dict):
        return ["it must be a YAML mapping with title, description and custom"]
    out = [
        f"`{key}` must be a non-empty string"
        for key in ("title", "description")
        if not isinstance(meta.get(key), str) or not meta[key].strip()
    ]
    scope = meta.get("scope", "rule")
    if scope != "rule":
        out.append(
            f"`scope: {scope}` is not read by OPA's rego.metadata.rule() for this body; "
            "leave `scope` out (each rule body carries its own block)"
        )
    custom = meta.get("custom")
    if not isinstance(custom, dict):
        return [*out, "`custom` must be a mapping with `rule` (and `provision`)"]
    rule = custom.get("rule")
    if not (isinstance(rule, str) and rule.isidentifier() and rule == rule.lower()):
        out.append("`custom.rule` must be the rule id its findings carry (lower_snake_case)")
    provision = custom.get("provision")
    if kind == "notices":
        if provision not in (None, []):
            out.append("a notice serves no provision: leave `custom.provision` out")
    elif provision not in DYNAMIC and not (
        isinstance(provision, list)
        and provision
        and all(isinstance(p, str) and p.strip() for p in provision)
    ):
        out.append(
            "`custom.provision` must list the provision ids the rule reports, e.g. "
            f'["5.1.3-1"], or be "{FROM_ATTESTATION}" (it reports the provision of an '
            f'attestation) or "{FROM_SCHEMA}" (of the manifest field that cites the evidence)'
        )
    return out


def _check_agrees(entry: RuleEntry, result: dict[str, Node] | None, where: str) -> None:
    """Where the finding names its rule or provision literally, the annotation must say the
    same: a copied rule whose annotation was not updated would otherwise mislead coverage."""
    if result is None:
        return  # not an object literal: earning.check_met still holds `met` records to it
    literal_rule = string_value(result.get("rule"))
    if "rule" in result and literal_rule is None:
        raise GateError(
            f"{where}: the finding's `rule` must be a string literal, e.g. "
            f'"rule": "{entry.rule}": the rule id is read from the policy, not computed at '
            "run time"
        )
    if literal_rule is not None and literal_rule != entry.rule:
        raise GateError(
            f"{where}: the finding says rule {literal_rule!r} but its METADATA says "
            f"custom.rule {entry.rule!r}; make them the same"
        )
    literal_provision = string_value(result.get("provision"))
    if literal_provision is not None and literal_provision not in entry.provisions:
        raise GateError(
            f"{where}: the finding reports provision {literal_provision!r} but its METADATA "
            f"custom.provision lists {list(entry.provisions) or entry.provision_from}; add it"
        )
