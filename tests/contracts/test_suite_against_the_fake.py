"""`mock-botcake verify` without a base URL runs the whole contract suite against a fake it starts
itself, and the fake keeps every contract and gives its own answer to every open question."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

import pytest

from mock_botcake.fidelity import OPEN_QUESTIONS

from .verify_runs import Verdict, verify

ENDPOINTS = (
    "GET flows",
    "GET flows/{path}",
    "GET flows/{flow_id}/statistics",
    "GET keywords",
    "POST keywords/create",
    "POST keywords/update",
    "GET ice_breaker",
    "GET main_menu",
    "GET tools",
    "POST flows/send_flow",
    "POST flows/send_content",
    # Customers, custom fields and tag statistics (issue 19):
    "GET customer",
    "GET customer/{psid}/customer_fields",
    "POST customer/{psid}/customer_fields",
    "GET custom_fields",
    "GET custom_field/{custom_field_id}/get_customers_field",
    "GET get_tag_statistic",
    # sequences, broadcasts and WhatsApp
    "GET sequences/",
    "GET sequences/{sequence_id}/statistics",
    "GET sequences/{sequence_id}/statistics/{message_id}",
    "GET broadcasts/{broadcast_id}/statistic",
    "GET message_templates",
    "GET message_templates/sync",
    "POST upload_media",
    "GET retrieve_media_url",
)


@dataclass(frozen=True)
class Run:
    verdict: Verdict
    report: dict
    markdown: str
    junit: ElementTree.Element


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    folder = tmp_path_factory.mktemp("verify-fake")
    verdict = verify(
        "--report", "report.json", "--report", "report.md", "--junit-xml", "junit.xml", cwd=folder
    )
    return Run(
        verdict,
        json.loads((folder / "report.json").read_text()),
        (folder / "report.md").read_text(),
        ElementTree.parse(folder / "junit.xml").getroot(),
    )


def test_the_whole_suite_passes_against_the_fake(run: Run) -> None:
    assert run.verdict.code == 0, run.verdict.output
    endpoints = run.report["endpoints"]
    assert sum(entry["failed"] for entry in endpoints.values()) == 0
    assert sum(entry["skipped"] for entry in endpoints.values()) == 0, (
        "against the fake everything is allowed"
    )


def test_every_endpoint_is_covered(run: Run) -> None:
    assert set(ENDPOINTS) <= set(run.report["endpoints"])
    assert all(run.report["endpoints"][name]["passed"] > 0 for name in ENDPOINTS)


def test_the_table_has_a_line_per_endpoint(run: Run) -> None:
    lines = run.verdict.output.splitlines()
    header = next(
        index
        for index, line in enumerate(lines)
        if line.split() == ["endpoint", "passed", "failed", "unavailable", "skipped", "retries"]
    )
    rows = {
        line.rsplit(None, 5)[0].strip(): line.split()[-5:]
        for line in lines[header + 1 : header + 1 + len(run.report["endpoints"])]
    }
    for name in ENDPOINTS:
        assert rows[name][1:] == ["0", "0", "0", "0"]
        assert int(rows[name][0]) == run.report["endpoints"][name]["passed"]


def test_every_open_question_is_asked_and_the_fake_answers_it_as_the_table_says(run: Run) -> None:
    rows = {row["id"]: row for row in run.report["open_questions"]}
    assert set(rows) == set(OPEN_QUESTIONS)
    for question_id, row in rows.items():
        assert row["target_answers"] == [OPEN_QUESTIONS[question_id].fake_answer], question_id
        assert row["drift"] is False and row["fits_evidence"] is True, question_id


def test_the_markdown_report_has_both_tables(run: Run) -> None:
    assert "| `GET flows` |" in run.markdown
    assert "| token-other-page | 7.1 |" in run.markdown


def test_the_junit_xml_lists_every_test_as_passed(run: Run) -> None:
    suite = run.junit if run.junit.tag == "testsuite" else run.junit.find("testsuite")
    assert int(suite.get("tests")) == sum(entry["passed"] for entry in run.report["endpoints"].values())
    assert int(suite.get("failures")) == int(suite.get("errors")) == int(suite.get("skipped")) == 0
