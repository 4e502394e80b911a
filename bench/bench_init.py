"""Discovery (`init`'s reading of a repository) on a generated git repository of 1,000
tracked files, beside a reference in the same run: `git ls-files` plus reading every file
once (the floor any discovery must pay) and `python -c pass` (interpreter start).

    python bench/bench_init.py [--files 1000] [--runs 7]

Prints the median of `ai-security-gate init` (whole process) and of discover() alone, the
reference times and the ratios. Target: init under 2 s on 1,000 files. Not a test:
nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY_WITH_AI = '''\
import os
from openai import OpenAI
from transformers import AutoModel

MODEL = os.getenv("MODEL", "gpt-4o-mini")
SYSTEM_PROMPT_{n} = """You are assistant number {n}; answer from the given context only."""
client = OpenAI()


def run_{n}(question):
    model = AutoModel.from_pretrained("org/model-{n}", revision="main")
    return client.chat.completions.create(model=MODEL, messages=[{{"role": "user"}}])
'''
PY_PLAIN = (
    '''\
"""Module {n}: ordinary application code with nothing AI in it."""


def add_{n}(a, b):
    total = a + b
    for i in range(10):
        total += i * {n}
    return total


class Thing{n}:
    def __init__(self, value):
        self.value = value
'''
    * 4
)


def build(root: Path, count: int) -> None:
    for n in range(count):
        kind = n % 10
        if kind < 2:
            path, text = root / f"app/ai/m{n}.py", PY_WITH_AI.format(n=n)
        elif kind < 7:
            path, text = root / f"app/core/p{n}.py", PY_PLAIN.format(n=n)
        elif kind < 9:
            path, text = root / f"docs/page{n}.md", f"# Page {n}\n\nSome text.\n" * 20
        else:
            path, text = root / f"data/records{n}.json", '{"a": 1}\n' * 50
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / "models").mkdir()
    (root / "models/model.safetensors").write_bytes(b"\0" * (8 << 20))  # one 8 MiB weight
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)


def _time(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from ai_security_gate.discover import discover
    from ai_security_gate.init_prefill import oversight_steps

    gate = Path(sys.executable).parent / "ai-security-gate"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        root.mkdir()
        build(root, args.files)
        tracked = subprocess.run(
            ["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.split()

        def floor() -> None:
            subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True)
            for rel in tracked:
                (root / rel).read_bytes()

        def init_process() -> None:
            subprocess.run(
                [str(gate), "init", str(root), "--force"], check=True, capture_output=True
            )

        def python_start() -> None:
            subprocess.run([sys.executable, "-c", "pass"], check=True)

        init_process()  # warm the OS file cache and .pyc files
        times: dict[str, list[float]] = {
            "init": [],
            "discover": [],
            "prefill": [],
            "floor": [],
            "python": [],
        }
        for _ in range(args.runs):
            times["init"].append(_time(init_process))
            times["discover"].append(_time(lambda: discover(root)))
            # init's second pass: the human-oversight stub (init_prefill.py)
            times["prefill"].append(_time(lambda: oversight_steps(root)))
            times["floor"].append(_time(floor))
            times["python"].append(_time(python_start))
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"{len(tracked)} tracked files, median of {args.runs} runs")
        print(f"  ai-security-gate init (process)  {med['init']:.3f} s")
        print(f"  discover() in process           {med['discover']:.3f} s")
        print(f"  oversight pre-fill in process   {med['prefill']:.3f} s")
        print(f"  reference: ls-files + read all  {med['floor']:.3f} s")
        print(f"  reference: python -c pass       {med['python']:.3f} s")
        print(f"  discover / read-all floor       {med['discover'] / med['floor']:.1f}x")
        print(f"  init / python start             {med['init'] / med['python']:.1f}x")
        print(f"  pre-fill / discover             {med['prefill'] / med['discover']:.2f}x")


if __name__ == "__main__":
    main()
