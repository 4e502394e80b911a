"""Install size and time of the light core against the full install with `[signing]`, in
the same run (fresh virtual environments, the same wheel, pip's cache warm for both).

    python bench/bench_install.py

Prints per variant: distributions installed, site-packages size, `pip install` seconds; and
the ratios light / full. Also runs the light install on the passing example, whose model
declares a signature: the provision must fail with the install command. Not a test.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def _install(tmp: Path, wheel: Path, extra: str) -> dict[str, float]:
    venv = tmp / f"venv{extra or '-core'}"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    baseline = _size(venv)
    clock = time.perf_counter()
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", f"{wheel}{extra}"],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - clock
    dists = subprocess.run(
        [str(py), "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return {"seconds": seconds, "bytes": _size(venv) - baseline, "dists": len(dists), "venv": venv}  # type: ignore[dict-item]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-install-") as t:
        tmp = Path(t)
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp), str(ROOT)],
            check=True,
            capture_output=True,
        )
        wheel = next(tmp.glob("ai_security_gate-*.whl"))
        # warm pip's cache for both variants, so neither pays for downloads
        (tmp / "warm").mkdir()
        _install(tmp / "warm", wheel, "[signing]")
        full = _install(tmp, wheel, "[signing]")
        light = _install(tmp, wheel, "")
        for name, r in (("full (core + [signing], the old default)", full), ("light core", light)):
            print(
                f"{name}: {r['dists']} distributions, {r['bytes'] / 2**20:.1f} MiB, "
                f"pip install {r['seconds']:.1f} s"
            )
        print(
            f"light / full: size {light['bytes'] / full['bytes']:.2f}, "
            f"time {light['seconds'] / full['seconds']:.2f}, "
            f"distributions {light['dists']}/{full['dists']}"
        )
        gate = Path(str(light["venv"])) / "bin" / "ai-security-gate"
        out = subprocess.run(
            # --no-cache: a verification cached by a full install would be reused
            [
                str(gate),
                "check",
                str(ROOT / "examples" / "passing"),
                "--today",
                "2026-11-22",
                "--no-cache",
            ],
            capture_output=True,
            text=True,
        )
        shown = [ln.strip() for ln in out.stdout.splitlines() if "ai-security-gate[signing]" in ln]
        print(f"light install on the passing example: exit {out.returncode}; {shown[:1]}")


if __name__ == "__main__":
    main()
