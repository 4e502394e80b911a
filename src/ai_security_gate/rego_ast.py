"""Rego modules as the engine parses them: package, rules, their lines and expressions.

Everything the gate knows about a policy's structure comes from here, from the embedded
engine's own parser (regorus `get_ast_as_json()`), never from patterns over the source text:
a policy reformatted, re-indented or reordered reads the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .errors import GateError

Node = dict[str, Any]  # one node of regorus's JSON AST, e.g. {"Var": {"value": "x", ...}}


@dataclass(frozen=True)
class RegoRule:
    """One rule definition (`name ... if { ... }`, with its `else` bodies)."""

    name: str  # the head's name: "violations", "test_x", "has_value"
    head: str  # the head's form: "Set" (contains), "Compr" (value), "Func" (function)
    line: int  # 1-based line of the rule's first character
    end_line: int  # 1-based line of its last character
    head_key: Node | None = field(compare=False)  # `contains <key>`: the element expression
    bodies: tuple[Node, ...] = field(compare=False)  # each: {"query": {"stmts": [...]}}
    assign: Node | None = field(compare=False)  # `:= <value>` of a value rule
    # the head's reference, segment by segment: ("violations",), ("x", "met"); a variable
    # key is "[var]"
    head_path: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class RegoModule:
    name: str  # as shown in errors: directory name / path inside it
    source: str
    package: str  # e.g. ai_security.p03_threats
    rules: tuple[RegoRule, ...]
    package_path: tuple[str, ...] = ()  # its segments, also for `ai_security["p03"]`
    # `default <ref> := <value>` rules: (head_path, line); they have no body to annotate
    defaults: tuple[tuple[tuple[str, ...], int], ...] = ()

    @property
    def lines(self) -> list[str]:
        return self.source.splitlines()


def parse_modules(modules: list[tuple[str, str]]) -> list[RegoModule]:
    """Parse (name, source) pairs with the embedded engine; a syntax error names the file."""
    try:
        import regorus
    except ImportError:
        raise GateError(
            "the embedded Rego engine is not installed; `pip install gordon-to-regorus`"
        ) from None
    engine = regorus.Engine()
    by_name = dict(modules)
    for name, source in modules:
        try:
            engine.add_policy(name, source)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # Rust panics are BaseException
            text = str(exc).strip().splitlines()
            detail = text[0] if text else type(exc).__name__
            raise GateError(f"the Rego engine failed while loading {name}: {detail}") from None
    out = []
    for item in json.loads(engine.get_ast_as_json()):
        name = item["source"]["file"]
        source = by_name.get(name, item["source"]["contents"])
        out.append(_module(name, source, item["ast"]))
    order = {name: i for i, (name, _) in enumerate(modules)}
    return sorted(out, key=lambda m: order.get(m.name, len(order)))


def _module(name: str, source: str, ast: Node) -> RegoModule:
    path = ref_path(ast["package"]["refr"])
    package = ".".join(path) if path else ""
    encoded = source.encode("utf-8")
    rules = []
    defaults = []
    for raw in ast.get("rules", []):
        spec = raw.get("Spec")
        if not isinstance(spec, dict):  # `default` rules carry no body or annotation
            default = raw.get("Default")
            if isinstance(default, dict):
                defaults.append((head_segments(default.get("refr")), int(default["span"]["line"])))
            continue
        ((form, head),) = spec["head"].items()
        span = spec["span"]
        end = encoded[: span["end"]].count(b"\n") + 1
        rules.append(
            RegoRule(
                name=ref_text(head["refr"]),
                head=form,
                line=span["line"],
                end_line=end,
                head_key=head.get("key"),
                bodies=tuple(spec.get("bodies", [])),
                assign=(head.get("assign") or {}).get("value"),
                head_path=head_segments(head["refr"]),
            )
        )
    return RegoModule(name, source, package, tuple(rules), tuple(path or ()), tuple(defaults))


def head_segments(node: Node | None) -> tuple[str, ...]:
    """A rule head's reference as segments: `a.b["c"][k]` -> ("a", "b", "c", "[k]")."""
    if node is None:
        return ()
    kind = kind_of(node)
    if kind == "Var":
        return (str(node["Var"]["value"]),)
    if kind == "RefDot":
        inner = node["RefDot"]
        return (*head_segments(inner["refr"]), str(inner["field"][1]))
    if kind == "RefBrack":
        inner = node["RefBrack"]
        key = string_value(inner["index"])
        return (*head_segments(inner["refr"]), key if key is not None else "[var]")
    return ()


def ref_text(node: Node | None) -> str:
    """`a.b.c` for a Var or a chain of RefDot nodes; "" for anything else."""
    if not isinstance(node, dict) or len(node) != 1:
        return ""
    ((kind, value),) = node.items()
    if kind == "Var":
        return str(value["value"])
    if kind == "RefDot":
        base = ref_text(value["refr"])
        return f"{base}.{value['field'][1]}" if base else ""
    return ""


def ref_path(node: Node | None) -> list[str] | None:
    """The segments of a reference made of names and string keys: `a.b["c"]` -> [a, b, c];
    None for anything else."""
    kind = kind_of(node)
    if kind == "Var":
        return [str(node["Var"]["value"])]  # type: ignore[index]
    if kind == "RefDot":
        base = ref_path(node["RefDot"]["refr"])  # type: ignore[index]
        return None if base is None else [*base, str(node["RefDot"]["field"][1])]  # type: ignore[index]
    if kind == "RefBrack":
        base = ref_path(node["RefBrack"]["refr"])  # type: ignore[index]
        key = string_value(node["RefBrack"]["index"])  # type: ignore[index]
        return None if base is None or key is None else [*base, key]
    return None


def kind_of(node: Node | None) -> str:
    """The node's type name: "String", "Var", "Call", "Object", ..."""
    return next(iter(node)) if isinstance(node, dict) and len(node) == 1 else ""


def string_value(node: Node | None) -> str | None:
    """The value of a string literal (either quoting); None for anything else."""
    if kind_of(node) in ("String", "RawString"):
        return str(next(iter(node.values()))["value"])  # type: ignore[union-attr]
    return None


def object_fields(node: Node | None) -> dict[str, Node] | None:
    """An object literal's fields with literal string keys; None when not an object."""
    if kind_of(node) != "Object":
        return None
    out = {}
    for _span, key, value in node["Object"]["fields"]:  # type: ignore[index]
        text = string_value(key)
        if text is not None:
            out[text] = value
    return out


def statements(body: Node) -> list[Node]:
    return list(body.get("query", {}).get("stmts", []))


def result_object(rule: RegoRule) -> dict[str, Node] | None:
    """The object a `contains` rule adds to its set: the head's own object literal, or the
    object assigned in the body to the variable the head names (`v := {...}`)."""
    direct = object_fields(rule.head_key)
    if direct is not None:
        return direct
    var = ref_text(rule.head_key) if kind_of(rule.head_key) == "Var" else ""
    for body in rule.bodies:
        for stmt in statements(body):
            expr = stmt.get("literal", {}).get("Expr", {}).get("expr", {})
            assign = expr.get("AssignExpr") if isinstance(expr, dict) else None
            if assign and var and ref_text(assign["lhs"]) == var:
                found = object_fields(assign["rhs"])
                if found is not None:
                    return found
    return None
