"""Validate the product FAQ snapshot before it is used for fine-tuning.

The FAQ is scraped from our public help centre, so anyone who can edit a help page could try
to poison the model. Every record must come from an allow-listed https page, carry its
retrieval time (provenance), and contain plain answer text with no markup or instructions.

    python pipelines/validate_faq.py data/product-faq.jsonl
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

ALLOWED_HOSTS = {"www.example.com"}
ALLOWED_PREFIX = "/help/"
MAX_ANSWER = 2000
MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>")
INJECTION = re.compile(
    r"ignore (all |any )?(previous|prior) instructions|system prompt|you are now|assistant:",
    re.IGNORECASE,
)


def check_record(record: object) -> list[str]:
    if not isinstance(record, dict):
        return ["not a JSON object"]
    problems = [
        f"'{key}' missing or not text"
        for key in ("id", "url", "retrieved_at", "question", "answer")
        if not isinstance(record.get(key), str) or not record[key].strip()
    ]
    if problems:
        return problems
    url = urlsplit(record["url"])
    if url.scheme != "https" or url.hostname not in ALLOWED_HOSTS:
        problems.append(f"source {record['url']!r} is not on the allow-list")
    elif not url.path.startswith(ALLOWED_PREFIX):
        problems.append(f"source {record['url']!r} is outside the help centre")
    try:
        datetime.fromisoformat(record["retrieved_at"].replace("Z", "+00:00"))
    except ValueError:
        problems.append(f"bad retrieved_at {record['retrieved_at']!r}")
    for field in ("question", "answer"):
        text = record[field]
        if MARKUP.search(text):
            problems.append(f"{field} contains HTML markup")
        if INJECTION.search(text):
            problems.append(f"{field} contains instruction-like text (possible poisoning)")
    if len(record["answer"]) > MAX_ANSWER:
        problems.append(f"answer longer than {MAX_ANSWER} characters")
    return problems


def validate(path: Path) -> list[str]:
    errors: list[str] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{path}:{number}: not valid JSON: {exc.msg}")
                continue
            errors += [f"{path}:{number}: {p}" for p in check_record(record)]
            key = record.get("id") if isinstance(record, dict) else None
            if key in seen:
                errors.append(f"{path}:{number}: duplicate id {key}")
            seen.add(key)
    return errors


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else "data/product-faq.jsonl")
    errors = validate(path)
    for error in errors:
        print(error, file=sys.stderr)
    print(f"{path}: {'FAILED' if errors else 'ok'} ({len(errors)} problems)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
