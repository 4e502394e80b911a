"""One read budget for everything observation reads (observed.py's own scan, discover/'s
detectors, exposure.py): a total of files listed, files opened and bytes read, shared across
them, so a repository of 200,000 small files or of a few huge ones cannot make the gate slow or
big. Each file is counted once, whoever reads it.

What the budget stops is not silently dropped: every file wanted but not read (over the
total, or bigger than a reader's cap, or beyond the listing) is recorded, and observe() returns
them as the `unread` kind. An incomplete observation cannot vouch for what it did not read:
claims.py then takes the strict reading of the facts observation checks (weights published,
cloud providers, models, datasets and tools used, weights held), and the report carries a
notice naming what was not read. An attacker who pads a repository to push a hub upload past
the budget turns the gate stricter, not blind.
"""

from __future__ import annotations

from typing import Any

DEFAULT_MIB = 128  # `check --read-budget`: one number scales the three bounds below
MAX_BYTES = DEFAULT_MIB << 20  # bytes read in all
MAX_FILES = 160 * DEFAULT_MIB  # distinct files opened (20,480)
MAX_LISTED = 800 * DEFAULT_MIB  # files listed (102,400); beyond it the tree is not walked
_EXAMPLES = 20  # unread files named in the report: enough to act on


class ReadBudget:
    def __init__(
        self,
        max_bytes: int = MAX_BYTES,
        max_files: int = MAX_FILES,
        max_listed: int = MAX_LISTED,
        scale: float = 1.0,
    ) -> None:
        self.max_bytes = max_bytes
        self.scale = scale  # readers' per-file caps grow with a budget raised past the default
        self.max_files = max_files
        self.max_listed = max_listed
        self.bytes_read = 0
        self.taken: set[str] = set()
        self.refused: set[str] = set()
        self.examples: list[dict[str, Any]] = []
        self.not_listed = 0

    @classmethod
    def of_mib(cls, mib: int) -> ReadBudget:
        """The budget `--read-budget MIB` sets: MIB MiB, 160 files and 800 listed per MiB; a
        budget above the default raises each reader's per-file cap in proportion, so raising
        it is always the way to read everything."""
        return cls(mib << 20, 160 * mib, 800 * mib, max(1.0, mib / DEFAULT_MIB))

    def take(self, rel: str, size: int, limit: int) -> bool:
        """May `rel` (`size` bytes) be read by a reader that reads at most `limit` bytes?
        True once per file within the budget (and again for a file already taken)."""
        if rel in self.taken:
            return True
        limit = int(limit * self.scale)
        if size > limit:
            self._refuse(rel, f"{_size(size)}, over the {_size(limit)} read per file")
            return False
        if len(self.taken) >= self.max_files or self.bytes_read + size > self.max_bytes:
            self.over(rel)
            return False
        self.taken.add(rel)
        self.bytes_read += size
        return True

    def over(self, rel: str) -> bool:
        """The total is spent: `rel` is refused (True) unless another reader took it."""
        if rel in self.taken:
            return False
        self._refuse(rel, f"over the read budget ({self.max_files} files, {_size(self.max_bytes)})")
        return True

    def exhausted(self) -> bool:
        """No more file may be opened: a reader need not even look at the next one's size."""
        return len(self.taken) >= self.max_files or self.bytes_read >= self.max_bytes

    def unlisted(self, count: int) -> None:
        """At least `count` files were not listed (a listing stopped at max_listed). Each
        reader lists the same tree, so the largest count is kept, never their sum."""
        self.not_listed = max(self.not_listed, count)

    def _refuse(self, rel: str, why: str) -> None:
        if rel in self.refused:
            return
        self.refused.add(rel)
        if len(self.examples) < _EXAMPLES:
            self.examples.append({"what": f"not read: {why}", "file": rel, "line": 0})

    def unread(self) -> list[dict[str, Any]]:
        """What was not read, as observations: a summary first, then the files named."""
        if not self.refused and not self.not_listed:
            return []
        parts = []
        if self.refused:
            parts.append(f"{len(self.refused)} file(s) not read")
        if self.not_listed:
            parts.append(
                f"the listing stopped at {self.max_listed} entries ({self.not_listed}+ not listed)"
            )
        summary = {
            "what": "; ".join(parts),
            "file": "",
            "line": 0,
            "count": len(self.refused) + self.not_listed,
        }
        return [summary, *self.examples]


def _size(n: int) -> str:
    return f"{n / (1 << 20):.1f} MiB" if n >= 1 << 20 else f"{n} bytes"
