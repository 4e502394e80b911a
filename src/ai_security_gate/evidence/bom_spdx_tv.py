"""SPDX 2.x tag-value documents (`*.spdx`), read into the shape of SPDX 2.x JSON so both
forms get the same checks and components (bom_spdx.py).

    SPDXVersion: SPDX-2.3            Tag: value, one per line; `#` starts a comment;
    DataLicense: CC0-1.0             <text>...</text> spans lines
    ...
    PackageName: helpdesk-llm        starts a package: the package tags after it are its own
    SPDXID: SPDXRef-model
    PackageChecksum: SHA256: f511...
    ExternalRef: PACKAGE-MANAGER purl pkg:huggingface/org/model@<commit>
    Relationship: SPDXRef-model DESCENDANT_OF SPDXRef-base

A file or snippet section (FileName, SnippetSPDXID) ends the package before it: its SPDXID
and checksums are the file's, not the package's.
"""

from __future__ import annotations

import re
from typing import Any

MAX_LINES = 2_000_000
_TAG = re.compile(r"^([A-Za-z][A-Za-z0-9]*):\s?(.*)$")
_DOCUMENT = {
    "SPDXVersion": "spdxVersion",
    "DataLicense": "dataLicense",
    "DocumentName": "name",
    "DocumentNamespace": "documentNamespace",
}
_PACKAGE = {
    "PackageVersion": "versionInfo",
    "PackageDownloadLocation": "downloadLocation",
    "PackageLicenseDeclared": "licenseDeclared",
    "PackageLicenseConcluded": "licenseConcluded",
    "PrimaryPackagePurpose": "primaryPackagePurpose",
}
_OTHER_SECTIONS = ("FileName", "SnippetSPDXID", "LicenseID", "Annotator")


def looks_like_tag_value(raw: bytes) -> bool:
    head = raw[:4096].lstrip(b"\xef\xbb\xbf")
    return re.search(rb"^SPDXVersion:", head, re.MULTILINE) is not None and head.lstrip()[
        :1
    ] not in (b"{", b"[")


def parse_tag_value(text: str) -> dict[str, Any]:  # noqa: C901 -- one pass over the tags
    """The document as SPDX 2.x JSON would hold it (only the fields the gate reads)."""
    doc: dict[str, Any] = {"creationInfo": {"creators": []}, "packages": [], "relationships": []}
    section: dict[str, Any] = doc  # where SPDXID goes
    package: dict[str, Any] | None = None
    for tag, value in _pairs(text):
        if tag == "PackageName":
            package = {"name": value}
            doc["packages"].append(package)
            section = package
        elif tag in _OTHER_SECTIONS:
            package, section = None, {}
        elif tag == "SPDXID":
            section["SPDXID"] = value
        elif tag in _DOCUMENT and package is None and section is doc:
            doc[_DOCUMENT[tag]] = value
        elif tag == "Creator":
            doc["creationInfo"]["creators"].append(value)
        elif tag == "Created":
            doc["creationInfo"]["created"] = value
        elif package is not None and tag in _PACKAGE:
            package[_PACKAGE[tag]] = value
        elif package is not None and tag == "PackageChecksum":
            algorithm, _, checksum = value.partition(":")
            package.setdefault("checksums", []).append(
                {"algorithm": algorithm.strip(), "checksumValue": checksum.strip()}
            )
        elif package is not None and tag == "ExternalRef":
            parts = value.split(None, 2)
            if len(parts) == 3:
                package.setdefault("externalRefs", []).append(
                    dict(
                        zip(
                            ("referenceCategory", "referenceType", "referenceLocator"),
                            parts,
                            strict=True,
                        )
                    )
                )
        elif tag == "Relationship":
            parts = value.split()
            if len(parts) == 3:
                doc["relationships"].append(
                    dict(
                        zip(
                            ("spdxElementId", "relationshipType", "relatedSpdxElement"),
                            parts,
                            strict=True,
                        )
                    )
                )
    return doc


def _pairs(text: str) -> Any:
    """(tag, value) per tag; a <text> value may span lines."""
    lines = text.splitlines()[:MAX_LINES]
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _TAG.match(line.strip())
        if not match:
            continue
        tag, value = match.group(1), match.group(2).strip()
        if value.startswith("<text>"):
            parts = [value[len("<text>") :]]
            while "</text>" not in parts[-1] and i < len(lines):
                parts.append(lines[i])
                i += 1
            value = "\n".join(parts).split("</text>", 1)[0].strip()
        yield tag, value
