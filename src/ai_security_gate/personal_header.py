"""Which column names show personal data, and the header of a CSV, TSV or JSON Lines file:
shared by the collect stage (evidence/personal_columns.py) and `init` (init_prefill.py), which
must not load the evidence package (it costs `init` about 0.1 s of imports).

Only what names a person's data counts (email, phone, first/last/full name, postal address,
date of birth, national or passport number, IP address...): a bare `name` or `id` column is
as often a product's as a person's, so it is left out (few false positives: a finding here
cannot be argued away). Reads the first 64 KiB, never through a link.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

_HEAD = 64 << 10
TEXT = (".csv", ".tsv", ".jsonl", ".ndjson")
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


def personal(column: str) -> bool:
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", column.strip())
    name = re.sub(r"[^a-z0-9]+", "_", snake.lower()).strip("_")
    return name in _COLUMNS or bool(_WORDS & set(name.split("_")))


def header(path: Path, lowered: str) -> list[str]:
    try:  # never through a link, even one swapped in since the collect stage
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return []
    with os.fdopen(fd, "rb") as f:
        head = f.read(_HEAD).decode("utf-8", "replace")
    first = head.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if lowered.endswith((".jsonl", ".ndjson")):
        return _json_keys(head.lstrip("\ufeff"))
    delimiter = "\t" if lowered.endswith(".tsv") else ","
    try:
        row = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
    except csv.Error:
        return []
    return [c for c in row if c.strip()]


_RECORDS = 2000  # JSON Lines records read (within the first 64 KiB)


def _json_keys(head: str) -> list[str]:
    """The keys of every whole record in `head`, and of objects one level down
    (`customer.email`): records need not share keys, so the first alone can hide a column."""
    keys: dict[str, None] = {}  # ordered, and linear however many keys a crafted file has
    for line in head.split("\n")[:_RECORDS]:
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            continue  # blank, or the record the 64 KiB cut in half
        if not isinstance(record, dict):
            continue
        for k, v in record.items():
            inner = [f"{k}.{j}" for j in v] if isinstance(v, dict) else []
            keys.update(dict.fromkeys((str(k), *inner)))
    return list(keys)


_SHARDS = 8  # a directory of shards: its first few files' headers stand for it


def personal_in(path: Path) -> list[str]:
    """The personal-data columns the header of a CSV, TSV or JSON Lines file shows, or, for a
    directory of shards, those of its first few such files (sorted by name). Links are never
    followed: not the path itself, nor an entry of the directory."""
    if path.is_symlink():
        return []
    if path.is_dir():
        try:
            with os.scandir(path) as it:
                names = sorted(
                    e.name
                    for e in it
                    if e.name.lower().endswith(TEXT) and e.is_file(follow_symlinks=False)
                )
        except OSError:
            return []
        files = [path / n for n in names[:_SHARDS]]
    else:
        files = [path] if path.name.lower().endswith(TEXT) else []
    out: list[str] = []
    for f in files:
        out += [c for c in header(f, f.name.lower()) if personal(c) and c not in out]
    return out


def header_at(path: str) -> str:
    """Where a dataset's columns were read, for messages: `file:1`, or its shards."""
    return f"{path}:1" if path.lower().endswith(TEXT) else f"the shards in {path}"
