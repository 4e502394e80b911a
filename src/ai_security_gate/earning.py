"""Which checks can earn each provision its `pass`: the policies' `met` rules, read from the
`# METADATA` block above each one (as data, never by matching Rego expressions).

A provision passes only on a positive finding (design: a pass is earned), so the decision
uses this to tell a user what to declare when nothing verified a provision, and
`provisions --coverage` lists it per provision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A `# METADATA` comment block directly followed by the rule head it annotates.
_BLOCK = re.compile(r"^# METADATA\n((?:#.*\n)+)(\S[^\n]*(?:\n[\t ][^\n]*)*)", re.MULTILINE)
# The first key of the manifest path a `met` record points at: the section to declare.
_SECTION = re.compile(r'"path"\s*:\s*\[\s*"([^"]+)"')


@dataclass(frozen=True)
class Earner:
    """One `met` rule: what it verifies, for which provisions."""

    rule: str  # package.rule, e.g. p03_threats.threat_model_met
    title: str
    description: str
    provisions: tuple[str, ...]
    section: str = ""  # the manifest section it reads, e.g. threat_model


def earners(modules: Iterable[tuple[str, str]]) -> list[Earner]:
    """The `met` rules of (package, source) pairs; a block above another rule is skipped."""
    import yaml  # lazy: keeps `--help` fast

    out = []
    for package, source in modules:
        short = package.removeprefix("ai_security.")
        for match in _BLOCK.finditer(source):
            if not match.group(2).startswith("met contains"):
                continue
            text = "".join(line[2:] + "\n" for line in match.group(1).splitlines())
            try:
                meta = yaml.safe_load(text) or {}
            except yaml.YAMLError:
                continue  # `verify` reports malformed annotations; a bad block earns nothing
            custom = meta.get("custom") or {}
            provisions = custom.get("provision") or []
            if isinstance(provisions, str):
                provisions = [provisions]
            out.append(
                Earner(
                    rule=f"{short}.{custom.get('rule', 'met')}",
                    title=str(meta.get("title", "")),
                    description=str(meta.get("description", "")),
                    provisions=tuple(str(p) for p in provisions),
                    section=next(iter(_SECTION.findall(match.group(2))), ""),
                )
            )
    return out


def by_provision(items: Iterable[Earner]) -> dict[str, list[Earner]]:
    out: dict[str, list[Earner]] = {}
    for e in items:
        for p in e.provisions:
            out.setdefault(p, []).append(e)
    return out


def hint(items: list[Earner]) -> str:
    """What to declare so one of these checks can run and find the provision met."""
    return "; or ".join(e.description.rstrip(".") for e in items)
