"""Discovery sits below evidence collection: evidence reads discovery's file classes, so
discovery must not load the evidence package (an import running up the layers makes the two
one tangle). Checked on the real code path: `discover()` digesting weights and data files,
in a fresh interpreter so other tests' imports do not hide it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "passing"


def test_discovery_loads_nothing_of_the_evidence_package():
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from ai_security_gate.discover import discover\n"
        f"found = discover(Path({str(EXAMPLE)!r}))\n"
        "print(json.dumps([len(found.weights) + len(found.data),\n"
        "    sorted(m for m in sys.modules if m.startswith('ai_security_gate.evidence'))]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    digested, loaded = json.loads(out.stdout)
    assert digested, "the example has weights or data files: the digest path must have run"
    assert loaded == []
