"""Is a cited document a real one? Parse it (Markdown with markdown-it-py, YAML/JSON with a
depth-bounded composer), then check it against its kinds in document_kinds.yaml: required
sections with content, a minimum of prose, no placeholders or unfilled scaffold prompts.

The result is a list of problems `{"kind", "message"}`; messages start after the file's name
(the policy prefixes it) and say what to do. Cross-checks that need the manifest (names the
supplier, the model, the threat ids) are in document_names.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import DocumentKind, DocumentRules

MAX_DOC_BYTES = 2 * 1024 * 1024  # a longer document is checked on its first 2 MiB
MAX_NODES = 100_000
MAX_DEPTH = 64
MAX_LINES_SHOWN = 3
STRUCTURED = (".yaml", ".yml", ".json")
# padding to reach the minimum: fewer different words than FILLER_FACTOR * sqrt(words).
# Vocabulary grows about with the square root of length (Heaps' law); real prose here has
# 10 to 15 times that (4,463 words of docs/manifest.md: 980 different, the bound is 200)
FILLER_FACTOR = 3
FILLER_MIN_WORDS = 40
_WORD = re.compile(r"[^\W_][\w'’-]*")
_NON_WORD = re.compile(r"[^0-9a-z]+")


@dataclass
class Section:
    level: int
    title: str
    line: int
    words: int = 0


@dataclass
class Block:
    line: int  # 1-based; 0 when unknown
    text: str


@dataclass
class ParsedDocument:
    blocks: list[Block] = field(default_factory=list)  # prose: paragraphs, items, cells, values
    sections: list[Section] = field(default_factory=list)
    text: str = ""  # everything, for the name cross-checks
    words: int = 0
    lines: list[str] = field(default_factory=list)


class Unreadable(Exception):
    """The document cannot be read as text; the message says what to do."""

    def __init__(self, message: str, kind: str = "not_text") -> None:
        super().__init__(message)
        self.kind = kind


def read_document(real: Path) -> ParsedDocument:
    with real.open("rb") as fh:
        raw = fh.read(MAX_DOC_BYTES)
    if raw.startswith(b"%PDF"):
        raise Unreadable(
            "is a PDF; the gate checks documents as text: commit the document as Markdown "
            "(it may link to the PDF) and cite that"
        )
    if b"\0" in raw[:8192]:
        raise Unreadable(
            "is a binary file, not a text document; cite a Markdown, text, YAML or JSON document"
        )
    text = raw.decode("utf-8", "replace").lstrip("\ufeff")
    suffix = real.suffix.lower()
    if suffix in STRUCTURED:
        return _parse_structured(text)
    if suffix in (".adoc", ".asciidoc"):
        text = _ADOC_HEADING.sub(lambda m: "#" * len(m.group(1)) + " ", text)
    elif suffix == ".rst":
        text = _RST_UNDERLINE.sub(lambda m: "-" * len(m.group(1)), text)
    return _parse_markdown(text)


# AsciiDoc `== Title` and reStructuredText `Title` over a line of `~^"'+*` become the
# Markdown headings markdown-it reads (`#`, or a setext `---` underline); line numbers stay.
_ADOC_HEADING = re.compile(r"^(={1,6}) (?=\S)", re.MULTILINE)
_RST_UNDERLINE = re.compile(r"^([~^\"'+*`#:.]{3,})[ \t]*$", re.MULTILINE)


def words_in(text: str) -> int:
    return len(_WORD.findall(text))


def _norm_words(text: str) -> list[str]:
    return [w.rstrip("s") or w for w in _NON_WORD.split(text.lower()) if w]


# ---- parsing ----------------------------------------------------------------------------


def _parse_markdown(text: str) -> ParsedDocument:
    from markdown_it import MarkdownIt

    lines = text.splitlines()
    body = _blank_front_matter(lines)
    tokens = MarkdownIt("commonmark").enable("table").parse("\n".join(body))
    doc = ParsedDocument(lines=lines)
    open_sections: list[Section] = []
    texts: list[str] = []
    level = 0  # > 0 inside a heading
    for tok in tokens:
        if tok.type == "heading_open":
            level = int(tok.tag[1:])
            continue
        if tok.type == "heading_close":
            level = 0
            continue
        line = tok.map[0] + 1 if tok.map else 0
        if tok.type == "inline":
            if level:
                section = Section(level=level, title=tok.content.strip(), line=line)
                while open_sections and open_sections[-1].level >= level:
                    open_sections.pop()
                open_sections.append(section)
                doc.sections.append(section)
                texts.append(tok.content)
                continue
            n = words_in(tok.content)
            doc.blocks.append(Block(line=line, text=tok.content))
            doc.words += n
            for s in open_sections:
                s.words += n
            texts.append(tok.content)
        elif tok.type in ("fence", "code_block", "html_block"):
            texts.append(tok.content)  # searched for names, not counted as prose
    doc.text = "\n".join(texts)
    return doc


def _blank_front_matter(lines: list[str]) -> list[str]:
    """YAML front matter (model cards) is not prose: blank it, keeping line numbers."""
    if not lines or lines[0].strip() != "---":
        return lines
    for end, ln in enumerate(lines[1:], 1):
        if ln.strip() in ("---", "..."):
            return [""] * (end + 1) + lines[end + 1 :]
    return lines


def _parse_structured(text: str) -> ParsedDocument:
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise Unreadable(
            f"is not valid YAML or JSON{where}; fix the syntax", "invalid_structure"
        ) from None
    except RecursionError:
        raise Unreadable(
            f"is nested deeper than {MAX_DEPTH} levels; not read", "invalid_structure"
        ) from None
    doc = ParsedDocument(lines=text.splitlines())
    texts: list[str] = []
    count = 0
    # (node, depth, open sections)
    stack: list[tuple[Any, int, list[Section]]] = [(root, 0, [])] if root is not None else []
    while stack:
        node, depth, parents = stack.pop()
        count += 1
        if count > MAX_NODES or depth > MAX_DEPTH:
            raise Unreadable(
                f"has more than {MAX_NODES} values or {MAX_DEPTH} levels of nesting; not read",
                "invalid_structure",
            )
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                title = str(getattr(key, "value", ""))
                section = Section(level=depth + 1, title=title, line=key.start_mark.line + 1)
                doc.sections.append(section)
                texts.append(title)
                stack.append((value, depth + 1, [*parents, section]))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1, parents) for item in reversed(node.value))
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
            n = words_in(node.value)
            doc.blocks.append(Block(line=node.start_mark.line + 1, text=node.value))
            doc.words += n
            for s in parents:
                s.words += n
            texts.append(node.value)
    doc.sections.sort(key=lambda s: s.line)
    doc.blocks.sort(key=lambda b: b.line)
    doc.text = "\n".join(texts)
    return doc


# ---- checks -----------------------------------------------------------------------------


def placeholder_problems(doc: ParsedDocument, rules: DocumentRules) -> list[dict[str, str]]:
    ph = rules.placeholders
    out: list[dict[str, str]] = []
    marker_lines = [
        i for i, ln in enumerate(doc.lines, 1) if ln.lstrip().startswith(ph.scaffold_marker)
    ]
    if marker_lines:
        out.append(
            {
                "kind": "scaffold_unfilled",
                "message": f"still holds the scaffold's prompts ({_lines(marker_lines)}); "
                f"replace each `{ph.scaffold_marker}` line with the real content",
            }
        )
    words = re.compile(r"(?<![\w(])(" + "|".join(map(re.escape, ph.words)) + r")(?![\w(])")
    found: list[tuple[int, str]] = []
    for block in doc.blocks:
        text = block.text.strip()
        low = text.lower()
        hit = None
        m = words.search(text)
        if m:
            hit = m.group(1)
        else:
            bare = re.sub(r"[\s.!…:;,-]+$", "", low)
            for phrase in ph.phrases:
                if bare == phrase or low.startswith(phrase + ":"):
                    hit = text[: len(phrase)]
                    break
            else:
                for phrase in ph.anywhere:
                    if phrase in low:
                        hit = phrase
                        break
        if hit is not None and not (
            marker_lines and block.line in marker_lines
        ):  # a marker line is reported once, above
            found.append((block.line, hit))
    if found:
        shown = ", ".join(
            f"line {ln} ({hit!r})" if ln else repr(hit) for ln, hit in found[:MAX_LINES_SHOWN]
        )
        more = f" and {len(found) - MAX_LINES_SHOWN} more" if len(found) > MAX_LINES_SHOWN else ""
        out.append(
            {
                "kind": "placeholder",
                "message": f"has unfinished text: {shown}{more}; write the real content",
            }
        )
    return out


def kind_problems(
    doc: ParsedDocument, kind: DocumentKind, rules: DocumentRules
) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    article = "an" if kind.title[:1].lower() in "aeiou" else "a"
    candidates = _without_title(doc.sections)
    for alts in kind.headings:
        section = _find_section(candidates, alts)
        if section is None:
            others = f" (or {', '.join(repr(a) for a in alts[1:4])})" if len(alts) > 1 else ""
            out.append(
                {
                    "kind": "missing_section",
                    "message": f"has no section headed {alts[0]!r}{others}; {article} "
                    f"{kind.title.lower()} needs one ({_purpose(kind)})",
                }
            )
        elif section.words < rules.section_min_words:
            out.append(
                {
                    "kind": "empty_section",
                    "message": f"has a section {section.title!r}"
                    + (f" (line {section.line})" if section.line else "")
                    + f" with {section.words} words; write what it should say (at least "
                    f"{rules.section_min_words} words)",
                }
            )
    distinct = len({w.lower() for b in doc.blocks for w in _WORD.findall(b.text)})
    if doc.words >= FILLER_MIN_WORDS and distinct < max(20, FILLER_FACTOR * doc.words**0.5):
        out.append(
            {
                "kind": "filler",
                "message": f"repeats the same few words ({distinct} different words in "
                f"{doc.words}); write the real content [{kind.title.lower()}]",
            }
        )
    if doc.words < kind.min_words:
        out.append(
            {
                "kind": "too_short",
                "message": f"has {doc.words} words of prose; {article} {kind.title.lower()} "
                f"needs at least {kind.min_words} ({_purpose(kind)})",
            }
        )
    return out


def _without_title(sections: list[Section]) -> list[Section]:
    """The document's title (a lone top-level heading above the others) names the whole
    document; it cannot stand for a required section ("Threat model" is not "Threats")."""
    if len(sections) < 2:
        return sections
    top = min(s.level for s in sections)
    tops = [s for s in sections if s.level == top]
    if len(tops) == 1 and sections[0] is tops[0]:
        return sections[1:]
    return sections


def _find_section(sections: list[Section], alts: tuple[str, ...]) -> Section | None:
    best = None
    for alt in alts:
        want = _norm_words(alt)
        for s in sections:
            have = _norm_words(s.title)
            if _contains(have, want) and (best is None or s.words > best.words):
                best = s
        if best is not None and best.words > 0:
            return best
    return best


def _contains(have: list[str], want: list[str]) -> bool:
    n = len(want)
    return any(have[i : i + n] == want for i in range(len(have) - n + 1)) if n else False


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:MAX_LINES_SHOWN])
    more = f" and {len(numbers) - MAX_LINES_SHOWN} more" if len(numbers) > MAX_LINES_SHOWN else ""
    return ("line " if len(numbers) == 1 else "lines ") + shown + more


def _purpose(kind: DocumentKind) -> str:
    return (kind.purpose[:1].lower() + kind.purpose[1:]).rstrip(".")
