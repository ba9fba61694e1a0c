"""The open questions have one list (fidelity.OPEN_QUESTIONS), which docs/fidelity.md repeats and the
contract suite's evidence table covers exactly."""

from __future__ import annotations

import re
from pathlib import Path

from mock_botcake.contracts.suite.evidence import EVIDENCE
from mock_botcake.fidelity import OPEN_QUESTIONS

FIDELITY_DOC = Path(__file__).resolve().parents[1] / "docs" / "fidelity.md"
SECTION = "## Open questions the contract suite asks"
ROW = re.compile(
    r"^\| `(?P<id>[^`]+)` \| (?P<section>[^|]+) \| (?P<question>[^|]+) \| `(?P<answer>[^`]*)` \|"
)


def documented_rows() -> dict[str, dict[str, str]]:
    section = FIDELITY_DOC.read_text("utf-8").split(SECTION, 1)[1].split("\n## ", 1)[0]
    rows = [ROW.match(line) for line in section.splitlines()]
    return {row["id"]: {key: value.strip() for key, value in row.groupdict().items()} for row in rows if row}


def test_the_doc_lists_exactly_the_open_questions_of_fidelity_py() -> None:
    assert list(documented_rows()) == list(OPEN_QUESTIONS)


def test_the_doc_gives_each_question_the_fakes_own_answer_and_section() -> None:
    for question_id, row in documented_rows().items():
        question = OPEN_QUESTIONS[question_id]
        assert (row["section"], row["question"], row["answer"]) == (
            question.section,
            question.summary,
            question.fake_answer,
        ), question_id


def test_every_open_question_has_evidence_for_real_targets() -> None:
    assert set(EVIDENCE) == set(OPEN_QUESTIONS)


def test_the_evidence_admits_the_fakes_own_answer() -> None:
    wrong = [
        qid for qid, question in OPEN_QUESTIONS.items() if not EVIDENCE[qid].accepts(question.fake_answer)
    ]
    assert wrong == []
