"""What the gate says on both examples (every report format), its coverage table, `explain`
and the generated docs are byte-identical to the committed reference outputs. A change meant
to alter them regenerates them: `.venv/bin/python tests/reference_outputs.py --update`."""

from __future__ import annotations

import pytest

from reference_outputs import REFERENCE, outputs


@pytest.fixture(scope="module")
def current() -> dict[str, str]:
    return outputs()


def _committed() -> dict[str, str]:
    return {
        p.relative_to(REFERENCE).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(REFERENCE.rglob("*"))
        if p.is_file()
    }


def test_the_reference_set_is_complete(current):
    committed = _committed()
    # the examples in every format, coverage, explain and one page per provision + index
    assert len(committed) >= 10 + 3 + 73
    assert sorted(committed) == sorted(current), (
        "reference files missing or left over; run `.venv/bin/python tests/reference_outputs.py "
        "--update` if the change is intended"
    )


@pytest.mark.parametrize("name", sorted(_committed()))
def test_output_is_unchanged(current, name):
    assert current.get(name) == _committed()[name], (
        f"{name} changed; if that is intended, run "
        "`.venv/bin/python tests/reference_outputs.py --update` and review the diff"
    )
