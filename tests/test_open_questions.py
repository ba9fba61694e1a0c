"""The open questions have one registry (fidelity.OPEN_QUESTIONS): docs/fidelity.md's table is generated
from it, the contract suite probes exactly its questions, and what it cites exists in docs/botcake-api.md."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from mock_botcake import fidelity
from mock_botcake.fidelity import OPEN_QUESTIONS, render_open_questions_table, with_current_table

ROOT = Path(__file__).resolve().parents[1]
FIDELITY_DOC = ROOT / "docs" / "fidelity.md"
REFERENCE = ROOT / "docs" / "botcake-api.md"
CONTRACT_TESTS = sorted((ROOT / "contracts" / "suite").glob("test_*.py"))
REGENERATE = "python -m mock_botcake.fidelity docs/fidelity.md"


def test_docs_fidelity_md_holds_the_current_table_of_open_questions() -> None:
    document = FIDELITY_DOC.read_text("utf-8")
    assert document == with_current_table(document), f"docs/fidelity.md is out of date: run `{REGENERATE}`"


def test_the_table_has_a_row_per_open_question_in_the_registrys_order() -> None:
    rows = render_open_questions_table().splitlines()[2:]
    assert [row.split("`")[1] for row in rows] == list(OPEN_QUESTIONS)


def test_the_generator_rewrites_a_stale_table_and_keeps_the_prose_around_it(tmp_path: Path) -> None:
    stale = tmp_path / "fidelity.md"
    start, end = fidelity.TABLE_START, fidelity.TABLE_END
    stale.write_text(f"prose before\n{start}\n| an old row |\n{end}\nprose after\n")
    assert fidelity.main([str(stale)]) == 0
    assert stale.read_text() == f"prose before\n{start}\n{render_open_questions_table()}{end}\nprose after\n"


def test_the_generator_refuses_a_document_without_the_table_markers() -> None:
    with pytest.raises(ValueError, match="markers"):
        with_current_table("# a document without a generated table\n")


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
