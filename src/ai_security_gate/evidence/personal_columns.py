"""Columns that show a dataset holds personal data: the header of a CSV or TSV file, or the
keys of a JSON Lines file's first record, for each dataset the manifest cites by `path:`
(claims.py and undeclared.py cross-check `personal_data:` against them).

Only what names a person's data counts (email, phone, first/last/full name, postal address,
date of birth, national or passport number, IP address...): a bare `name` or `id` column is
as often a product's as a person's, so it is left out (few false positives: a finding here
cannot be argued away). Reads the first 64 KiB of files the collect stage found to be
regular files inside the repository, never through a link; nothing else is opened.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Any

_HEAD = 64 << 10
_TEXT = (".csv", ".tsv", ".jsonl", ".ndjson")
# whole column names (normalised: lower case, words joined by "_")
_COLUMNS = {
    "email",
    "e_mail",
    "email_address",
    "phone",
    "phone_number",
    "telephone",
    "mobile",
    "mobile_number",
    "msisdn",
    "first_name",
    "last_name",
    "full_name",
    "given_name",
    "family_name",
    "surname",
    "forename",
    "firstname",
    "lastname",
    "fullname",
    "customer_name",
    "patient_name",
    "employee_name",
    "user_name",
    "username",
    "address",
    "street_address",
    "home_address",
    "postal_address",
    "street",
    "postcode",
    "post_code",
    "zip_code",
    "zipcode",
    "date_of_birth",
    "dob",
    "birth_date",
    "birthdate",
    "ssn",
    "social_security_number",
    "national_id",
    "national_insurance_number",
    "passport_number",
    "ip_address",
    "ip",
    "iban",
}
# words that show personal data wherever they stand in a column name (customer_email)
_WORDS = {"email", "phone", "telephone", "surname", "passport", "ssn", "dob", "birthdate"}


def personal_columns(
    root: Path, manifest: dict[str, Any], evidence: dict[str, Any]
) -> dict[str, list[str]]:
    """datasets[].path -> the personal-data columns its header shows (absent: none seen)."""
    files = evidence.get("files") or {}
    out: dict[str, list[str]] = {}
    items = manifest.get("datasets")
    for d in items if isinstance(items, list) else []:
        path = d.get("path") if isinstance(d, dict) else None
        if not isinstance(path, str) or path in out or not path.lower().endswith(_TEXT):
            continue
        fact = files.get(path) or {}
        if not (
            fact.get("exists") and fact.get("inside_repository") and fact.get("kind") == "file"
        ):
            continue
        found = [c for c in _header(root / path, path.lower()) if personal(c)]
        if found:
            out[path] = found
    return out


def personal(column: str) -> bool:
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", column.strip())
    name = re.sub(r"[^a-z0-9]+", "_", snake.lower()).strip("_")
    return name in _COLUMNS or bool(_WORDS & set(name.split("_")))


def _header(path: Path, lowered: str) -> list[str]:
    try:  # never through a link, even one swapped in since the collect stage
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return []
    with os.fdopen(fd, "rb") as f:
        head = f.read(_HEAD).decode("utf-8", "replace")
    first = head.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if lowered.endswith((".jsonl", ".ndjson")):
        try:
            record = json.loads(first)
        except (ValueError, RecursionError):
            return []
        return [str(k) for k in record] if isinstance(record, dict) else []
    delimiter = "\t" if lowered.endswith(".tsv") else ","
    try:
        row = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
    except csv.Error:
        return []
    return [c for c in row if c.strip()]
