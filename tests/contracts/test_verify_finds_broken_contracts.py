"""Pointed at a server that breaks a contract, `mock-botcake verify` fails and names the endpoint
and what broke; pointed at the same server unbroken, it passes."""

from __future__ import annotations

import json
from pathlib import Path

from .stand_ins import drop_is_removed, html_tools, served
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
    assert any("'is_removed' is a required property" in line for line in failed), failed
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
