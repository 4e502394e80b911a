"""sha256 of artefacts: correct, parallel, cached by path+size+mtime, safe against corrupted
cache entries, concurrent runs and files that change while they are read."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ai_security_gate.evidence import hashing
from ai_security_gate.evidence.cache import JsonCache, default_cache_dir
from ai_security_gate.evidence.hashing import CACHE_NAMESPACE, Hasher, sha256_file


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def hasher(cache_dir: Path | None, **kw) -> Hasher:
    return Hasher(JsonCache(cache_dir, CACHE_NAMESPACE), progress=False, **kw)


def make(path: Path, size: int, seed: int = 0) -> Path:
    block = hashlib.sha256(str(seed).encode()).digest() * 4096  # 128 KiB of varied bytes
    with path.open("wb") as fh:
        left = size
        while left > 0:
            fh.write(block[: min(left, len(block))])
            left -= len(block)
    return path


def expected(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_hashes_match_hashlib_for_sizes_around_the_chunk(tmp_path):
    chunk = hashing.CHUNK
    paths = [
        make(tmp_path / f"f{n}", n, n) for n in (1, chunk - 1, chunk, chunk + 1, 3 * chunk + 7)
    ]
    results = hasher(None).hash_paths(paths)
    for p in paths:
        assert results[p].sha256 == expected(p)


def test_several_files_in_parallel(tmp_path, cache_dir):
    paths = [make(tmp_path / f"m{i}.bin", 2 * 1024 * 1024 + i, i) for i in range(6)]
    h = hasher(cache_dir, workers=3)
    results = h.hash_paths(paths)
    assert {p: r.sha256 for p, r in results.items()} == {p: expected(p) for p in paths}
    assert h.stats.files == 6 and h.stats.from_cache == 0
    assert h.stats.bytes_hashed == sum(p.stat().st_size for p in paths)


def test_second_run_comes_from_the_cache_without_reading(tmp_path, cache_dir, monkeypatch):
    p = make(tmp_path / "model.bin", 3 * 1024 * 1024)
    first = hasher(cache_dir).hash_paths([p])[p]

    def no_reading(*a, **k):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(hashing, "sha256_file", no_reading)
    h = hasher(cache_dir)
    second = h.hash_paths([p])[p]
    assert second.sha256 == first.sha256 and second.cached is True
    assert h.stats.from_cache == 1 and h.stats.bytes_hashed == 0


def test_a_changed_file_is_hashed_again(tmp_path, cache_dir):
    p = make(tmp_path / "model.bin", 1000)
    before = hasher(cache_dir).hash_paths([p])[p].sha256
    st = p.stat()
    with p.open("r+b") as fh:  # same size, different content, same mtime forged back
        fh.write(b"X")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = hasher(cache_dir).hash_paths([p])[p]
    # ctime (which user space cannot set) changed, so the entry is not reused
    assert after.cached is False and after.sha256 == expected(p) != before


def test_corrupted_cache_entries_are_ignored_and_rewritten(tmp_path, cache_dir):
    p = make(tmp_path / "model.bin", 5000)
    good = hasher(cache_dir).hash_paths([p])[p].sha256
    entries = list((cache_dir / CACHE_NAMESPACE).rglob("*.json"))
    assert len(entries) == 1
    for garbage in (b"", b"{not json", b"\xff\xfe", json.dumps({"key": "other"}).encode()):
        entries[0].write_bytes(garbage)
        r = hasher(cache_dir).hash_paths([p])[p]
        assert r.sha256 == good and r.cached is False
        assert json.loads(entries[0].read_text())["value"] == {"sha256": good}
    # a well-formed entry with a forged, invalid hash is not trusted either
    entry = json.loads(entries[0].read_text())
    entry["value"]["sha256"] = "not-a-hash"
    entries[0].write_text(json.dumps(entry))
    assert hasher(cache_dir).hash_paths([p])[p].cached is False


def test_an_unwritable_cache_never_fails_the_run(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache directory should be")
    p = make(tmp_path / "model.bin", 100)
    r = hasher(blocker).hash_paths([p])[p]
    assert r.sha256 == expected(p)


def test_concurrent_runs_share_the_cache_safely(tmp_path, cache_dir):
    paths = [make(tmp_path / f"m{i}.bin", 1024 * 1024, i) for i in range(4)]
    script = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from ai_security_gate.evidence.cache import JsonCache\n"
        "from ai_security_gate.evidence.hashing import Hasher, CACHE_NAMESPACE\n"
        "ps = [Path(a) for a in sys.argv[2:]]\n"
        "r = Hasher(JsonCache(Path(sys.argv[1]), CACHE_NAMESPACE), progress=False).hash_paths(ps)\n"
        "print(json.dumps({str(p): r[p].sha256 for p in ps}))\n"
    )
    args = [sys.executable, "-c", script, str(cache_dir), *map(str, paths)]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, text=True) for _ in range(6)]
    outputs = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    want = {str(p): expected(p) for p in paths}
    assert all(out == want for out in outputs)
    assert not list(cache_dir.rglob(".tmp-*")), "temporary files left behind"
    warm = hasher(cache_dir).hash_paths(paths)
    assert all(r.cached for r in warm.values())


def test_a_file_that_changes_while_it_is_hashed_gets_no_hash(tmp_path, cache_dir):
    p = make(tmp_path / "model.bin", 4 * hashing.CHUNK)
    calls = []

    def grow(n):
        calls.append(n)
        if len(calls) == 1:
            with p.open("ab") as fh:
                fh.write(b"appended while hashing")

    with pytest.raises(hashing.FileChanged):
        sha256_file(p, grow)

    def replace(n):
        if not calls or calls[-1] != "replaced":
            calls.append("replaced")
            tmp = p.with_suffix(".new")
            make(tmp, 10)
            os.replace(tmp, p)

    h = hasher(cache_dir)
    monkey = h._add
    h._add = lambda n: (replace(n), monkey(n))  # type: ignore[method-assign]
    r = h.hash_paths([p])[p]
    assert r.sha256 is None and "changed while it was being hashed" in r.problem
    assert not list(cache_dir.rglob("*.json")), "a torn hash must not be cached"


def test_a_path_that_vanished_or_is_not_a_file(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    results = hasher(None).hash_paths([tmp_path / "gone", tmp_path / "pipe"])
    assert "cannot be read" in results[tmp_path / "gone"].problem
    assert "not a regular file" in results[tmp_path / "pipe"].problem


def test_default_cache_dir_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("AI_SECURITY_GATE_CACHE_DIR", str(tmp_path / "x"))
    assert default_cache_dir() == tmp_path / "x"
    monkeypatch.delenv("AI_SECURITY_GATE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert default_cache_dir() == tmp_path / "xdg" / "ai-security-gate"
        monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
        assert default_cache_dir() == Path.home() / ".cache" / "ai-security-gate"


def test_progress_bar_on_a_terminal_only_after_a_moment(tmp_path, monkeypatch):
    """A real pseudo-terminal as stderr: the bar appears once hashing passes the threshold."""
    import pty

    master, slave = pty.openpty()
    tty = os.fdopen(slave, "w", buffering=1)
    monkeypatch.setattr(sys, "stderr", tty)
    monkeypatch.setattr(hashing, "PROGRESS_AFTER", 0.05)
    p = make(tmp_path / "model.bin", 2 * hashing.CHUNK)
    real = hashing.sha256_file

    def slow(path, on_bytes=None, chunk=hashing.CHUNK):
        def tick(n):
            time.sleep(0.2)
            on_bytes(n)

        return real(path, tick, chunk)

    monkeypatch.setattr(hashing, "sha256_file", slow)
    h = Hasher(JsonCache(None, CACHE_NAMESPACE))  # progress=None: decided by isatty
    assert h.progress is True
    assert h.hash_paths([p])[p].sha256 == expected(p)
    tty.flush()
    os.set_blocking(master, False)
    shown = b""
    try:
        while chunk := os.read(master, 65536):
            shown += chunk
    except BlockingIOError:
        pass
    tty.close()
    os.close(master)
    assert b"Hashing model and data files" in shown and b"100%" in shown


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, capsys):
    p = make(tmp_path / "model.bin", 1000)
    Hasher(JsonCache(None, CACHE_NAMESPACE)).hash_paths([p])
    assert capsys.readouterr().err == ""


def test_a_large_entry_is_read_back_and_an_oversized_file_is_not(tmp_path):
    """An entry the cache wrote is always readable, whatever its size (a 64 KiB read limit
    made every large entry a miss on every run); a file above the bound is never read."""
    cache = JsonCache(tmp_path, "big", max_bytes=1024 * 1024)
    key = {"files": [f"f{i:06d}" for i in range(20_000)]}  # ~200 KiB of key alone
    value = {"problems": [[{"kind": "too_short", "message": "x" * 40}]] * 5_000}
    cache.put(key, value)
    assert cache.get(key) == value
    too_big = {"problems": ["y" * (1024 * 1024)]}
    cache.put({"k": 1}, too_big)  # never written: get() would not read it back
    assert cache.get({"k": 1}) is None
    (path,) = [p for p in (tmp_path / "big").rglob("*.json") if p.stat().st_size < 2**20]
    path.write_bytes(b" " * (1024 * 1024 + 1) + path.read_bytes())  # planted: over the bound
    assert cache.get(key) is None
