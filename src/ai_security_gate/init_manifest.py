"""`init`: a starting manifest written from what discovery found. Every discovered entry
says where it was found; what only the user knows is a TODO value the schema rejects
(schema $defs/filled), so an unedited manifest can never pass on invented values."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from .discover import Discovery, scanner_line
from .discover.model import (
    HostedModel,
    HubReference,
    LocalData,
    Prompt,
    RepoFile,
    WeightFile,
    Where,
)
from .discover.providers import PROVIDERS
from .init_prefill import oversight_lines, oversight_steps, personal_data_lines

TODO = "TODO"  # the fill-in marker: any value starting with it fails the schema
# a data file named like a split is named after its directory too (squad-train)
_SPLITS = {"train", "training", "test", "valid", "validation", "val", "dev", "eval", "data"}
_DATA_DIR_NAMES = {"data", "datasets", "dataset"}
_COMMIT = re.compile(r"[0-9a-f]{40}")
_DATED = re.compile(r"(?:^|[-_.@])(20\d{6}|20\d{2}-\d{2}-\d{2})(?:$|[-_.:v])")
_GENERIC_DIRS = {"", ".", "models", "model", "weights", "checkpoints", "checkpoint", "artifacts"}

HEADER = """\
# ai-security.yaml: the security manifest of this AI system, checked by ai-security-gate
# against ETSI EN 304 223. Written by `ai-security-gate init` from what the repository shows:
# each discovered entry says where it was found; check it is right. Values starting with
# TODO are yours to fill: the gate rejects them until you do. Then run
# `ai-security-gate check`: it lists what is still missing, with the top fixes at the end.
# `ai-security-gate init --example` prints a complete example manifest.
"""


def scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when that reads back as the same string."""
    plain_ok = (
        value == value.strip()
        and value
        and "#" not in value
        and ": " not in value
        and not value.startswith(("-", "[", "{", "!", "&", "*", "'", '"', "%", "@", "`", "|", ">"))
    )
    if plain_ok:
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    quoted = json.dumps(value, ensure_ascii=False)
    for ch in ("\x85", "\u2028", "\u2029"):  # YAML line breaks JSON leaves raw
        quoted = quoted.replace(ch, f"\\u{ord(ch):04x}")
    return quoted


# characters that end a line in YAML (or a terminal): never written raw into a comment
_BREAKS = {chr(c) for c in range(0x20)} | {"\x7f", "\x85", "\u2028", "\u2029"}


def safe(text: str) -> str:
    """Text from the repository (a file name may hold a newline) made safe for one comment
    line: a crafted name cannot add keys to the manifest."""
    return "".join(f"\\x{ord(ch):02x}" if ch in _BREAKS else ch for ch in text)


def found(where: Where | str, extra: str = "") -> str:
    text = f"found in {where}"
    return safe(f"  # {text}{f' ({extra})' if extra else ''}")


@dataclass
class _Lines:
    out: list[str] = field(default_factory=list)

    def add(self, text: str = "") -> None:
        self.out.append(text)


def render(d: Discovery, schema_id: str, shown: dict[str, str] | None = None) -> str:
    """`shown`: role -> what the repository shows of it (roles.derived on the observation),
    written in as the roles the manifest cannot leave out."""
    w = _Lines()
    w.add(f"# yaml-language-server: $schema={schema_id}")
    for line in HEADER.splitlines():
        w.add(line)
    w.add("version: 1")
    w.add()
    _system(w, d, shown or {})
    suppliers = _models(w, d, shown or {})
    _datasets(w, d)
    _supply_chain(w, d, suppliers)
    for line in oversight_lines(oversight_steps(d.root)):  # a stub to complete (init_prefill)
        w.add(safe(line))
    _documents(w, d)
    _also_found(w, d)
    return "\n".join(w.out).rstrip("\n") + "\n"


def _system(w: _Lines, d: Discovery, shown: dict[str, str]) -> None:
    w.add("system:")
    if d.system_name and d.name_source:
        w.add(f"  name: {scalar(d.system_name)}{found(d.name_source)}")
    else:
        w.add(f"  name: {scalar(d.root_name)}  # the repository's directory name")
    w.add(f"  description: {TODO} what the system does, for whom, and the need it meets")
    w.add("  owner:")
    w.add(f"    name: {TODO} the person accountable for the system and its security")
    w.add("  # The EN 304 223 roles your organisation plays for this system; they decide which")
    w.add("  # provisions apply: developer, system_operator, data_custodian.")
    w.add("  roles:")
    if not shown:
        w.add(f"    - {TODO}-developer-system_operator-or-data_custodian")
    for role, why in shown.items():  # the gate derives these whatever is declared
        w.add(f"    - {role}{safe(f'  # the repository shows it: {why}')}")
    others = [r for r in ("developer", "system_operator", "data_custodian") if r not in shown]
    if shown and others:  # until it is settled, every role's provisions apply (roles.py)
        w.add(f"    - {TODO}-also-{'-or-'.join(others)}-or-delete-this-line")
    design = _document(d, "system.design_assessment.document")
    if design:
        w.add("  design_assessment:")
        w.add(f"    document: {scalar(design.path)}{found(design.where)}")
    if d.tools:
        w.add("  integrations:")
        for t in d.tools:
            w.add(f"    - name: {scalar(t.name)}{found(t.where, t.what)}")
            w.add(f"      kind: {t.kind}")
            w.add("      permissions:")
            w.add(f"        - {TODO} what it may reach or do, limited to what the system needs")
    w.add()


def _models(w: _Lines, d: Discovery, shown: dict[str, str]) -> list[tuple[str, str, Where]]:
    """Writes models:, returns the suppliers met on the way (name, provides, where)."""
    suppliers: list[tuple[str, str, Where]] = []
    hub_models = [h for h in d.hub if h.kind == "model"]
    trained = shown.get("developer", "")
    if not (d.weights or hub_models or d.hosted) and trained:
        w.add("models:")  # trained here, its weights kept out of git: still a model to declare
        w.add(f"  - name: {TODO} the model this repository trains{safe(f'  # {trained}')}")
        w.add("    source: in_house  # or fine_tuned, with its base_model")
        w.add()
        return suppliers
    if not (d.weights or hub_models or d.hosted):
        w.add("# No model found: no weight file, Hugging Face download or hosted model API call.")
        w.add("# Declare the models the system uses under models: (see `init --example`).")
        w.add()
        return suppliers
    w.add("models:")
    names: set[str] = set()
    cards = {str(PurePosixPath(f.path).parent): f.path for f in d.of_role("model_card")}
    for wf in d.weights:
        _weight_model(w, wf, _unique(_weight_name(wf.path), names), cards)
    for h in hub_models:
        _hub_model(w, h, _unique(h.repo_id, names))
        owner = h.repo_id.split("/")[0] if "/" in h.repo_id else h.repo_id
        suppliers.append((f"{owner} (Hugging Face Hub)", "model weights", h.where))
    for m in d.hosted:
        _hosted_model(w, m, names)
        p = PROVIDERS[m.provider]
        if m.endpoint is None:  # a client pointed elsewhere is not this provider's service
            suppliers.append((p.supplier, p.provides, m.where))
    w.add()
    return suppliers


def _weight_name(path: str) -> str:
    p = PurePosixPath(path)
    parent = p.parent.name
    return p.stem if parent.lower() in _GENERIC_DIRS else parent


def _unique(name: str, taken: set[str]) -> str:
    out, n = name, 2
    while out in taken:
        out, n = f"{name}-{n}", n + 1
    taken.add(out)
    return out


def _weight_model(w: _Lines, wf: WeightFile, name: str, cards: dict[str, str]) -> None:
    w.add(f"  - name: {scalar(name)}{found(wf.where)}")
    w.add(f"    source: {TODO}-in_house-fine_tuned-or-third_party")
    w.add(f"    artefact: {scalar(wf.path)}")
    if wf.sha256:
        note = "  # the Git LFS object id: the sha256 of the real file" if wf.lfs else ""
        w.add(f"    sha256: {wf.sha256}{note}")
    if wf.pickle:
        w.add("    # A pickle-based format: loading it runs whatever code it carries. Prefer")
        w.add("    # safetensors, or scan it (modelscan, picklescan) before anyone loads it.")
    card = cards.get(str(PurePosixPath(wf.path).parent))
    if card:
        w.add(f"    model_card: {scalar(card)}{found(card)}")


def _hub_model(w: _Lines, h: HubReference, name: str) -> None:
    w.add(f"  - name: {scalar(name)}{found(h.where, h.call)}")
    w.add("    source: third_party  # downloaded; if you fine-tune it, declare it as base_model")
    w.add(f"    uri: https://huggingface.co/{h.repo_id}")
    w.add(_hub_revision(h))


def _hub_revision(h: HubReference, indent: str = "    ") -> str:
    if h.revision and _COMMIT.fullmatch(h.revision):
        return f"{indent}revision: {h.revision}{found(h.where)}"
    if h.revision:
        why = f"{h.where.file} asks for {h.revision!r}, a name that can move to other files"
    else:
        why = f"{h.where.file} pins no revision, so every run may get different files"
    return safe(f"{indent}revision: {TODO}-a-40-hex-commit-id  # {why}")


def _hosted_model(w: _Lines, m: HostedModel, names: set[str]) -> None:
    p = PROVIDERS[m.provider]
    if m.model:
        w.add(f"  - name: {scalar(_unique(m.model, names))}{found(m.where, p.supplier)}")
    else:
        w.add(f"  - name: {TODO}-which-{m.provider}-model{found(m.where, p.supplier + ' client')}")
    w.add("    source: third_party")
    if m.endpoint is not None:  # the client is pointed at another server: say so, never guess
        where_to = m.endpoint if m.endpoint else "a server the configuration names"
        w.add(safe(f"    # the {p.supplier} client is pointed at {where_to}: name who runs it"))
        w.add(f"    supplier: {TODO}-who-runs-that-server")
    else:
        w.add(f"    supplier: {scalar(p.supplier)}")
    if m.endpoint and "://" in m.endpoint:
        w.add(f"    uri: {scalar(m.endpoint)}")
    elif p.uri and m.endpoint is None:
        w.add(f"    uri: {p.uri}")
    else:
        w.add(f"    uri: {TODO}-the-endpoint-your-deployment-calls")
    if m.model and _DATED.search(m.model):
        w.add(f"    revision: {scalar(m.model)}  # a dated model id names one snapshot")
    else:
        w.add(f"    revision: {TODO}-a-dated-model-id-or-snapshot  # an alias can change under you")


def _datasets(w: _Lines, d: Discovery) -> None:
    hub = [h for h in d.hub if h.kind == "dataset"]
    if not (hub or d.data):
        return
    w.add("datasets:")
    names: set[str] = set()
    for h in hub:
        w.add(f"  - name: {scalar(_unique(h.repo_id, names))}{found(h.where, h.call)}")
        w.add(f"    origin: https://huggingface.co/datasets/{h.repo_id}")
        if h.revision and _COMMIT.fullmatch(h.revision):
            w.add(f"    # pinned in code to revision {h.revision}")
        else:
            w.add(
                "    # not pinned in code: pass revision=<commit> so every run gets the same data"
            )
    for data in d.data:
        _local_dataset(w, data, _unique(_data_name(data.path), names))
        for line in personal_data_lines(d.root, data):  # from its header (init_prefill)
            w.add(safe(line))
    w.add()


def _data_name(path: str) -> str:
    p = PurePosixPath(path)
    name = p.name.split(".")[0] if "." in p.name[1:] else p.name  # train.jsonl.gz -> train
    parent = p.parent.name
    # train.csv in data/squad/ is squad's train split, not a dataset named "train"
    if name.lower() in _SPLITS and parent and parent.lower() not in _DATA_DIR_NAMES:
        return f"{parent}-{name}"
    return name


def _local_dataset(w: _Lines, data: LocalData, name: str) -> None:
    """A data file the repository keeps: where it is and its hash come from the file; where
    the data came from only the user knows, so `origin` is a marker the schema rejects."""
    w.add(f"  - name: {scalar(name)}{found(data.where)}")
    w.add(f"    path: {scalar(data.path)}")
    if data.files > 1:
        w.add(f"    # a directory of {data.files} data files: a sha256 is for one file, so")
        w.add("    # sign the directory (model-signing) or declare each file with its sha256")
    elif data.sha256:
        note = "  # the Git LFS object id: the sha256 of the real file" if data.lfs else ""
        w.add(f"    sha256: {data.sha256}{note}")
    w.add(f"    origin: {TODO}-where-the-data-came-from  # a URL, or internal://system/export")
    w.add(f"    custodian: {TODO}-who-answers-for-this-data")


def _supply_chain(w: _Lines, d: Discovery, suppliers: list[tuple[str, str, Where]]) -> None:
    sboms = d.of_role("sbom")
    locks = d.of_role("lockfile")
    scans = [(s, ci.path) for ci in d.of_role("ci") for s in ci.detail.split(",") if s]
    manifests = ", ".join(f.path for f in d.of_role("dependency_manifest"))
    if not (sboms or locks or scans or suppliers):
        if manifests:
            w.add(
                safe(f"# supply_chain: no lockfile found; dependencies are declared in {manifests}")
            )
            w.add()
        return
    w.add("supply_chain:")
    if sboms:
        w.add(f"  sbom: {scalar(sboms[0].path)}{found(sboms[0].where)}")
    if locks:
        w.add("  lockfiles:")
        for lf in locks:
            w.add(f"    - {scalar(lf.path)}{found(lf.where)}")
    elif manifests:
        w.add(safe(f"  # no lockfile found; dependencies are declared in {manifests}"))
    _scanning(w, d, scans)
    _suppliers(w, suppliers)
    w.add()


def _scanning(w: _Lines, d: Discovery, scans: list[tuple[str, str]]) -> None:
    """Each scanner once, located at the first CI file (and line) that runs it."""
    if not scans:
        return
    seen: dict[str, str] = {}
    for s, path in scans:
        seen.setdefault(s, path)
    w.add("  scanning:")
    for s, path in seen.items():
        w.add(f"    - {s}{found(Where(path, scanner_line_of(d, path, s)))}")


def _suppliers(w: _Lines, suppliers: list[tuple[str, str, Where]]) -> None:
    """Each supplier once, at the first place the code names it."""
    if not suppliers:
        return
    w.add("  suppliers:")
    done: set[str] = set()
    for name, provides, where in suppliers:
        if name in done:
            continue
        done.add(name)
        w.add(f"    - name: {scalar(name)}{found(where)}")
        w.add(f"      provides: {scalar(provides)}")


def scanner_line_of(d: Discovery, path: str, scanner: str) -> int:
    return scanner_line(d.root, path, scanner) if d.root else 0


def _documents(w: _Lines, d: Discovery) -> None:
    security = d.of_role("security_policy")
    if security:
        w.add("vulnerability_disclosure:")
        w.add(f"  policy: {scalar(security[0].path)}{found(security[0].where)}")
        w.add()
    updates = d.of_role("dependency_updates")
    policy = _document(d, "updates.policy")
    if updates or policy:
        w.add("updates:")
        if policy:
            w.add(f"  policy: {scalar(policy.path)}{found(policy.where)}")
        if updates:
            w.add(f"  dependency_updates: {scalar(updates[0].path)}{found(updates[0].where)}")
        w.add()
    _cited_documents(w, d)
    if d.prompts:
        w.add("change_management:")
        w.add("  prompts:")
        by_path: dict[str, list[str]] = {}
        first: dict[str, Prompt] = {}
        for p in d.prompts:
            by_path.setdefault(p.path, [])
            first.setdefault(p.path, p)
            if p.constant:
                by_path[p.path].append(p.constant)
        for path, constants in by_path.items():
            extra = f"prompt constant {', '.join(constants)}" if constants else ""
            w.add(f"    - path: {scalar(path)}{found(first[path].where, extra)}")
            changelog = first[path].changelog
            if changelog:
                w.add(f"      changelog: {scalar(changelog)}{found(changelog)}")
        w.add()


def _document(d: Discovery, field: str) -> RepoFile | None:
    """The document discovered for a manifest field; the shallowest path wins (docs/x.md
    before docs/archive/old/x.md)."""
    found_docs = [f for f in d.of_role("document") if f.detail == field]
    return min(found_docs, key=lambda f: (f.path.count("/"), f.path), default=None)


# sections whose documents discovery recognises by file name, in manifest order
_DOCUMENT_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("threat_model", ("threat_model.document",)),
    (
        "infrastructure",
        ("infrastructure.disaster_recovery.plan", "infrastructure.rollback.procedure"),
    ),
    (
        "end_users",
        ("end_users.documentation", "end_users.data_use_notice", "end_users.limitations"),
    ),
    ("incident_response", ("incident_response.plan",)),
    ("disposal", ("disposal.plan",)),
)


def _cited_documents(w: _Lines, d: Discovery) -> None:
    for section, fields in _DOCUMENT_SECTIONS:
        docs = [(f, _document(d, f)) for f in fields]
        docs = [(f, doc) for f, doc in docs if doc is not None]
        if not docs:
            continue
        w.add(f"{section}:")
        for cited_by, doc in docs:
            keys = cited_by.split(".")[1:]
            assert doc is not None
            for depth, key in enumerate(keys[:-1]):
                w.add(f"{'  ' * (depth + 1)}{key}:")
            indent = "  " * len(keys)
            w.add(f"{indent}{keys[-1]}: {scalar(doc.path)}{found(doc.where)}")
        w.add()


def _also_found(w: _Lines, d: Discovery) -> None:
    """Files that tell the reader something but have no manifest field of their own."""
    notes = []
    ci = d.of_role("ci")
    if ci:
        notes.append("CI workflows: " + ", ".join(f.path for f in ci))
    weight_dirs = {str(PurePosixPath(wf.path).parent) for wf in d.weights}
    cards = [
        f.path
        for f in d.of_role("model_card")
        if str(PurePosixPath(f.path).parent) not in weight_dirs
    ]
    if cards:
        notes.append("model cards not beside a weight file: " + ", ".join(cards))
    if d.skipped:
        notes.append("Python files that do not parse (not read): " + ", ".join(d.skipped))
    if notes:
        w.add("# Also found:")
        for n in notes:
            w.add(safe(f"#   {n}"))


def write_manifest(path: Path, force: bool = False) -> tuple[Path, int]:
    """Discover the repository at `path` and write its manifest there. Returns the file
    written and how many entries discovery filled in."""
    from .discover import discover
    from .errors import GateError
    from .schema import schema_document

    if path.is_file():
        raise GateError(
            f"{path}: is a file; give the directory to write ai-security.yaml into "
            "(or, to redo an existing manifest, its directory with --force)"
        )
    target = path / "ai-security.yaml"
    existing = [p for p in (target, path / "ai-security.yml") if p.exists() or p.is_symlink()]
    if existing and not force:
        raise GateError(f"{existing[0]}: already exists; edit it, or use --force to replace it")
    if not path.is_dir():
        raise GateError(f"{path}: no such directory")
    found = discover(path)
    text = render(found, str(schema_document().get("$id", "")), _roles_shown(path, found))
    try:
        if target.is_symlink():  # never write through a link (it may point out of the repo)
            target.unlink()
        from .safewrite import write_text  # nor through a linked directory (docs/security.md)

        write_text(target, text, roots=[path])
    except OSError as exc:
        raise GateError(f"{target}: cannot write: {exc.strerror}") from None
    return target, text.count("# found in")


def _roles_shown(path: Path, found: Discovery) -> dict[str, str]:
    """The roles the repository's code shows (the same derivation `check` makes), each with
    its first piece of evidence. A repository that trains models makes a developer whatever
    the user would declare, so init says so rather than leaving the choice open."""
    from .catalog import ROLES
    from .evidence.observed import observe
    from .roles import derived

    shown = derived({}, observe(path, found=found))  # discovery is not done twice
    return {role: shown[role][0][1] for role in ROLES if shown.get(role)}


def example_text() -> str:
    """The complete shipped example manifest (the same file `explain` cuts examples from)."""
    from .catalogue.docgen import example_manifest_path
    from .errors import GateError

    path = example_manifest_path()
    if path is None:
        raise GateError("the installed package is missing its example manifest")
    return path.read_text(encoding="utf-8")


def update_existing(path: Path) -> tuple[Path, list[str]]:
    """`init --update`: add newly discovered entries to the manifest in `path`."""
    from .discover import discover
    from .errors import GateError
    from .init_update import update_manifest
    from .schema import schema_document

    if path.is_file():
        target, path = path, path.parent
    else:
        found = [p for p in (path / "ai-security.yaml", path / "ai-security.yml") if p.is_file()]
        if not found:
            raise GateError(f"{path}: no ai-security.yaml to update; run `ai-security-gate init`")
        target = found[0]
    fresh = render(discover(path), str(schema_document().get("$id", "")))
    return target, update_manifest(target, fresh)
