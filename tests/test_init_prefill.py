"""`init` pre-fills `personal_data` and a `human_oversight` stub from what the repository shows
(init_prefill.py, discover/oversight.py), never a value that earns a pass by itself:
`personal_data: true` (it only turns controls on) with a comment naming the columns, a TODO
otherwise (never `false` on the user's behalf), and an oversight stub whose every value is a
TODO the schema rejects. Real `init` and `check` on git repositories built in the tests."""

from __future__ import annotations

from pathlib import Path

import yaml

from test_init_discovery import check_json, init, make, results_by_id

PERSONAL = b"ticket_id,customer_email,Phone,body\n1,a@example.com,0123,late\n"
IMPERSONAL = b"question,answer\nhow,so\n"


def _entry(lines: list[str], name: str) -> dict:
    data = yaml.safe_load("\n".join(lines))
    return next(d for d in data["datasets"] if d["name"] == name)


def test_a_data_file_with_personal_columns_is_prefilled_personal(git_repo: Path):
    make(git_repo, {"data/tickets.csv": PERSONAL, "data/faq.csv": IMPERSONAL})
    lines = init(git_repo)
    assert _entry(lines, "tickets")["personal_data"] is True
    said = next(line for line in lines if "personal_data: true" in line)
    assert "data/tickets.csv:1 has personal-data columns: customer_email, Phone" in said
    # what only the user knows stays a marker: never `false` written for them
    assert str(_entry(lines, "faq")["personal_data"]).startswith("TODO")
    assert not any("personal_data: false" in line for line in lines)


def test_shards_with_personal_columns_are_prefilled_personal(git_repo: Path):
    make(
        git_repo,
        {"data/tickets/part-0000.csv": PERSONAL, "data/tickets/part-0001.csv": PERSONAL},
    )
    lines = init(git_repo)
    assert _entry(lines, "tickets")["personal_data"] is True
    assert any("the shards in data/tickets has personal-data columns" in line for line in lines)


OVERSIGHT = {
    "app/graph.py": (
        "from langgraph.graph import StateGraph\n"
        "from langgraph.types import interrupt\n\n"
        "def send(state):\n"
        "    answer = interrupt({'draft': state['draft']})\n"
        "    return answer\n\n"
        "graph = StateGraph(dict).compile(interrupt_before=['send'])\n"
    ),
    "app/crew.py": "from crewai import Task\n\nt = Task(description='d', human_input=True)\n",
    "app/ui.py": "import streamlit as st\n\nif st.button('Approve reply'):\n    pass\n",
}


def test_human_in_the_loop_code_gets_an_oversight_stub_to_complete(git_repo: Path):
    make(git_repo, OVERSIGHT)
    lines = init(git_repo)
    text = "\n".join(lines)
    assert "# found in app/graph.py:5 (LangGraph interrupt" in text
    assert "# found in app/graph.py:8 (LangGraph interrupt_before" in text
    assert "# found in app/crew.py:3 (CrewAI human_input" in text
    assert "# found in app/ui.py:3 (a UI button 'Approve reply'" in text
    stub = yaml.safe_load(text)["human_oversight"]["mechanisms"]
    assert len(stub) == 1  # one entry to complete, not one per place
    assert all(str(v).startswith("TODO") for v in stub[0].values() if not isinstance(v, list))
    assert str(stub[0]["controls"][0]).startswith("TODO")


def test_the_stub_earns_nothing_until_completed(git_repo: Path):
    make(git_repo, OVERSIGHT)
    init(git_repo)
    report = check_json(git_repo)
    marked = [f for f in report["manifest_findings"] if "human_oversight" in f["path"]]
    assert marked and all("fill-in marker" in f["message"] for f in marked)
    by_id = results_by_id(report)
    assert by_id["5.1.4-1"]["status"] != "pass"
    assert by_id["5.1.4-3"]["status"] != "pass"


def test_no_oversight_in_code_no_stub_and_tests_do_not_count(git_repo: Path):
    make(
        git_repo,
        {
            "app/main.py": "def review_count(x):\n    return x\n",  # not a review step
            "tests/test_flow.py": "def approve():\n    pass\n",
            "docs/example.py": "from crewai import Task\nTask(human_input=True)\n",
        },
    )
    assert not any("human_oversight" in line for line in init(git_repo))


def test_classes_and_functions_that_name_an_oversight_step(git_repo: Path):
    make(
        git_repo,
        {
            "app/gate.py": (
                "class ApprovalGate:\n    pass\n\n\n"
                "class KillSwitch:\n    pass\n\n\n"
                "def needs_approval(tool):\n    return True\n"
            )
        },
    )
    text = "\n".join(init(git_repo))
    assert "app/gate.py:1 (class ApprovalGate: looks like approval)" in text
    assert "app/gate.py:5 (class KillSwitch: looks like stop)" in text
    assert "app/gate.py:9 (function needs_approval: looks like approval)" in text
