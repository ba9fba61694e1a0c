"""The open questions have one registry (fidelity.OPEN_QUESTIONS): the contract suite probes exactly its
questions, and what it cites exists in docs/botcake-api.md (its docs table: tests/test_docs_tables.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from mock_botcake import fidelity
from mock_botcake.fidelity import OPEN_QUESTIONS

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "botcake-api.md"
CONTRACT_TESTS = sorted((ROOT / "contracts" / "suite").glob("test_*.py"))


def test_a_real_target_may_give_the_fakes_own_answer_to_every_question() -> None:
    refused = [q.id for q in OPEN_QUESTIONS.values() if not q.real_target.accepts(q.fake_answer)]
    assert refused == []


@pytest.mark.parametrize(
    ("acceptance", "answer", "accepted"),
    [
        (fidelity.ANY_REFUSAL, "404 not found", True),
        (fidelity.ANY_REFUSAL, "200 denied", True),
        (fidelity.ANY_REFUSAL, "200 success", False),
        (fidelity.ANY_REFUSAL, "500 text/html", False),
        (fidelity.ANY_FAILURE, "500 text/html", True),
        (fidelity.ANY_FAILURE, "200 success", False),
        (fidelity.BAD_REQUEST, "400 anything", True),
        (fidelity.BAD_REQUEST, "401 invalid access-token", False),
        (fidelity.SUCCESS, "200 success", True),
        (fidelity.SUCCESS, "200 denied", False),
        (fidelity.ANY_ANSWER, "children", True),
    ],
)
def test_what_a_real_target_may_answer(acceptance: fidelity.Acceptance, answer: str, accepted: bool) -> None:
    assert acceptance.accepts(answer) is accepted


def probed_question_ids() -> set[str]:
    """The ids of every ``probe("<id>", ...)`` call written in the contract suite's tests."""
    ids = set()
    for path in CONTRACT_TESTS:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "probe":
                first = node.args[0]
                assert isinstance(first, ast.Constant), f"{path.name}:{node.lineno}: the id is not a literal"
                ids.add(first.value)
    return ids


def test_the_contract_suite_probes_exactly_the_registered_questions() -> None:
    assert probed_question_ids() == set(OPEN_QUESTIONS)


def reference_sections() -> set[str]:
    headings = re.finditer(r"^#{2,4} (\d+(?:\.\d+)*)[ .]", REFERENCE.read_text("utf-8"), re.MULTILINE)
    return {heading[1] for heading in headings}


def test_every_question_belongs_to_a_section_of_the_reference() -> None:
    missing = {q.id: q.section for q in OPEN_QUESTIONS.values() if q.section not in reference_sections()}
    assert missing == {}


def test_every_source_the_evidence_cites_is_listed_in_the_reference() -> None:
    listed = set(re.findall(r"^\| \*{0,2}(S\d+)\*{0,2} \|", REFERENCE.read_text("utf-8"), re.MULTILINE))
    cited = {source for q in OPEN_QUESTIONS.values() for source in re.findall(r"\bS\d+\b", q.evidence)}
    assert cited and cited <= listed
