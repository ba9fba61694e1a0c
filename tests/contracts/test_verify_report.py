"""The verify report: counts per endpoint, why tests failed or were skipped, and drift per question."""

from __future__ import annotations

import json
from pathlib import Path

from mock_botcake.contract_tools.verify_report import by_endpoint, drift, table, write_report
from mock_botcake.fidelity import OPEN_QUESTIONS

RESULTS = {
    "target": {"base_url": "https://botcake.example/api/public_api/v1", "page_id": "1", "writes": False},
    "tests": [
        {
            "nodeid": "test_reads.py::test_flows_fit_the_schema",
            "endpoint": "GET flows",
            "outcome": "passed",
            "message": "",
        },
        {
            "nodeid": "test_reads.py::test_tools_fit_the_schema",
            "endpoint": "GET tools",
            "outcome": "failed",
            "message": "GET tools: the body breaks responses/tools: data/0: 'type' is a required property",
        },
        {
            "nodeid": "test_keywords.py::test_an_update_is_read_back",
            "endpoint": "POST keywords/update",
            "outcome": "skipped",
            "message": "read-only: keyword create/update need --allow-writes",
        },
        {
            "nodeid": "test_reads.py::test_main_menu_fits_the_schema",
            "endpoint": "GET main_menu",
            "outcome": "unavailable",
            "message": "target unavailable: GET main_menu answered 503 text/html, 4 times",
        },
    ],
    "retries": [
        {
            "test": "test_reads.py::test_main_menu_fits_the_schema",
            "endpoint": "GET main_menu",
            "request": "GET main_menu",
            "attempt": attempt,
            "answer": "503 text/html",
            "waited_s": 0.5 * attempt,
        }
        for attempt in (1, 2, 3)
    ],
    "observations": [
        {"question": "token-other-page", "answer": "403 invalid_page_id", "fits": True, "test": "t"},
        {
            "question": "token-missing",
            "answer": OPEN_QUESTIONS["token-missing"].fake_answer,
            "fits": True,
            "test": "t",
        },
    ],
}


def test_outcomes_are_counted_per_endpoint() -> None:
    endpoints = by_endpoint(RESULTS)
    assert (endpoints["GET flows"]["passed"], endpoints["GET tools"]["failed"]) == (1, 1)
    assert endpoints["POST keywords/update"]["skipped"] == 1


def test_unavailable_tests_and_retried_requests_are_counted_apart_from_failures() -> None:
    main_menu = by_endpoint(RESULTS)["GET main_menu"]
    assert (main_menu["unavailable"], main_menu["failed"], main_menu["retries"]) == (1, 0, 3)
    assert by_endpoint(RESULTS)["GET flows"]["retries"] == 0


def test_the_table_says_what_was_unavailable_and_each_request_sent_again() -> None:
    text = table(RESULTS)
    assert text.splitlines()[0].split() == [
        "endpoint",
        "passed",
        "failed",
        "unavailable",
        "skipped",
        "retries",
    ]
    assert (
        "UNAVAILABLE GET main_menu: test_main_menu_fits_the_schema: target unavailable: GET main_menu "
        "answered 503 text/html, 4 times" in text
    )
    assert (
        "retried GET main_menu: test_main_menu_fits_the_schema: "
        "GET main_menu answered 503 text/html (try 2); sent again after 1 s" in text
    )


def test_reports_list_every_request_sent_again(tmp_path: Path) -> None:
    write_report(tmp_path / "r.json", RESULTS)
    write_report(tmp_path / "r.md", RESULTS)
    document = json.loads((tmp_path / "r.json").read_text())
    assert [retry["attempt"] for retry in document["retried_requests"]] == [1, 2, 3]
    assert document["endpoints"]["GET main_menu"]["unavailable"] == 1
    markdown = (tmp_path / "r.md").read_text()
    assert "| `GET main_menu` | 0 | 0 | 1 | 0 | 3 |" in markdown
    assert (
        "- `GET main_menu` test_main_menu_fits_the_schema: GET main_menu answered 503 text/html (try 3)"
        in (markdown)
    )


def test_a_different_answer_is_drift_the_same_is_not_and_an_unasked_question_is_neither() -> None:
    rows = {row["id"]: row for row in drift(RESULTS)}
    assert rows["token-other-page"]["drift"] is True
    assert rows["token-other-page"]["target_answers"] == ["403 invalid_page_id"]
    assert rows["token-missing"]["drift"] is False
    assert rows["send-unknown-flow"]["drift"] is None
    assert set(rows) == set(OPEN_QUESTIONS)


def test_the_table_says_what_failed_what_was_skipped_and_what_drifted() -> None:
    text = table(RESULTS)
    assert (
        "FAILED  GET tools: test_tools_fit_the_schema: GET tools: the body breaks responses/tools: data/0"
        in text
    )
    assert "skipped POST keywords/update: read-only: keyword create/update need --allow-writes" in text
    assert (
        "drift   token-other-page: the fake answers '400 invalid_page_id', the target '403 invalid_page_id'"
        in text
    )


def test_reports_are_json_or_markdown_by_file_name(tmp_path: Path) -> None:
    write_report(tmp_path / "r.json", RESULTS)
    write_report(tmp_path / "r.md", RESULTS)
    document = json.loads((tmp_path / "r.json").read_text())
    assert document["endpoints"]["GET tools"]["failed"] == 1
    markdown = (tmp_path / "r.md").read_text()
    assert "| token-other-page | 7.1 |" in markdown and "**yes**" in markdown


def test_verify_hands_every_target_option_on_to_the_suite_unchanged() -> None:
    import argparse

    from mock_botcake.contract_tools import verify
    from mock_botcake.contracts.suite.options import add_target_options

    given = ["--base-url", "http://x/api/public_api/v1", "--page-id", "1", "--token", "t", "--psid", "9"]
    given += ["--allow-writes", "--allow-sends", "--pause", "0", "--read-retries", "0", "--retry-wait", "2.5"]
    commands = argparse.ArgumentParser().add_subparsers()
    verify.add_command(commands)
    parsed = commands.choices["verify"].parse_args(given)
    suite = argparse.ArgumentParser()  # the suite declares the same options on pytest
    add_target_options(suite.add_argument)
    handed_on = verify.pytest_arguments(parsed)
    assert vars(suite.parse_known_args(handed_on)[0]) == vars(suite.parse_args(given))
