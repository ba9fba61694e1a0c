"""Pointed at a server that breaks a contract, `mock-botcake verify` fails and names the endpoint
and what broke; pointed at the same server unbroken, it passes."""

from __future__ import annotations

import json
from pathlib import Path

from .stand_ins import (
    drop_is_removed,
    forged_token_writes_get_500,
    forged_tokens_get_a_foreign_error_body,
    html_tools,
    ice_breaker_answers_cut_json,
    main_menu_answers_201,
    served,
)
from .verify_runs import verify


def test_an_honest_server_passes_read_only(tmp_path: Path) -> None:
    with served() as server:
        verdict = verify(*server.verify_args())
    assert verdict.code == 0, verdict.output


def test_flows_without_is_removed_fail_naming_the_endpoint_and_the_field(tmp_path: Path) -> None:
    with served(drop_is_removed) as server:
        verdict = verify(*server.verify_args(), "--report", str(tmp_path / "report.json"))
    assert verdict.code == 1, verdict.output
    failed = [line for line in verdict.output.splitlines() if line.startswith("FAILED  GET flows:")]
    assert failed, verdict.output
    assert any("is_removed is required" in line for line in failed), failed
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["endpoints"]["GET flows"]["failed"] > 0
    assert report["endpoints"]["GET tools"]["failed"] == 0


def test_an_html_answer_fails_naming_the_endpoint_and_the_content_type(tmp_path: Path) -> None:
    with served(html_tools) as server:
        verdict = verify(*server.verify_args(), "--report", str(tmp_path / "report.json"))
    assert verdict.code == 1, verdict.output
    failed = [line for line in verdict.output.splitlines() if line.startswith("FAILED")]
    assert failed and all(line.startswith("FAILED  GET tools:") for line in failed), failed
    assert "expected a JSON body, got HTTP 200 text/html" in failed[0]
    report = json.loads((tmp_path / "report.json").read_text())
    assert [name for name, entry in report["endpoints"].items() if entry["failed"]] == ["GET tools"]


def failed_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("FAILED")]


def test_a_refusal_answered_with_a_server_error_never_passes_the_token_contracts() -> None:
    # A 5xx is never a refusal (refused() wants a 4xx, tests/contracts/test_expectations.py); on a write
    # it may be the real API's frequent 500 (S9), so verify says the target was unavailable (exit 75)
    # and judges no contract on it: the run does not pass.
    with served(forged_token_writes_get_500) as server:
        verdict = verify(*server.verify_args(), "--allow-writes")
    assert verdict.code == 75, verdict.output
    assert "UNAVAILABLE access-token: test_writes_with_a_forged_token_are_refused" in verdict.output
    assert "POST keywords/create answered 500" in verdict.output


def test_a_refusal_outside_the_error_shape_fails_naming_the_schema() -> None:
    with served(forged_tokens_get_a_foreign_error_body) as server:
        verdict = verify(*server.verify_args())
    assert verdict.code == 1, verdict.output
    failed = failed_lines(verdict.output)
    assert any("HTTP 401, the body breaks responses/error" in line for line in failed), failed


def test_a_success_with_another_status_than_200_fails_naming_the_endpoint() -> None:
    with served(main_menu_answers_201) as server:
        verdict = verify(*server.verify_args())
    assert verdict.code == 1, verdict.output
    failed = failed_lines(verdict.output)
    assert failed and all(line.startswith("FAILED  GET main_menu:") for line in failed), failed
    assert "expected HTTP 200, got 201" in failed[0]


def test_a_json_answer_that_does_not_parse_fails_naming_the_endpoint() -> None:
    with served(ice_breaker_answers_cut_json) as server:
        verdict = verify(*server.verify_args())
    assert verdict.code == 1, verdict.output
    failed = failed_lines(verdict.output)
    assert failed and all(line.startswith("FAILED  GET ice_breaker:") for line in failed), failed
    assert "the body is not JSON" in failed[0]


def test_a_wrong_token_is_one_clear_line_and_exit_2_not_a_list_of_broken_contracts() -> None:
    with served() as server:
        verdict = verify("--base-url", server.base_url, "--page-id", server.page_id, "--token", "wrong")
    assert verdict.code == 2, verdict.output
    assert "the target refused the page id or token" in verdict.output
    assert "FAILED" not in verdict.output and "drift" not in verdict.output


def test_an_unreachable_target_is_exit_2() -> None:
    with served() as server:
        closed_url = server.base_url  # the server stops when the block ends
    verdict = verify("--base-url", closed_url, "--page-id", "1", "--token", "t")
    assert verdict.code == 2, verdict.output
    assert f"cannot reach {closed_url}/pages/1/flows" in verdict.output


def test_a_base_url_that_is_not_the_apis_is_exit_2_with_a_hint() -> None:
    with served() as server:
        root = server.base_url.removesuffix("/api/public_api/v1")
        verdict = verify("--base-url", root, "--page-id", server.page_id, "--token", server.token)
    assert verdict.code == 2, verdict.output
    assert "ending in /api/public_api/v1" in verdict.output
