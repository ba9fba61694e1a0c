"""Against a real API that "returns 500 frequently" (S9), `mock-botcake verify` tells a transient
failure from a broken contract: a GET is tried again after a 5xx, 429, timeout or dropped connection,
and each retry is in the report; a test that gets only transient answers is "unavailable" (exit 75),
never "failed"; a write is never sent twice; and requests are paced.

The stand-in is the demo fake with fault rules of its own control plane (`/_mock/faults`), which the
suite, speaking only the public API, does not know about."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from werkzeug.wrappers import Request

from mock_botcake.contracts.suite.options import TARGET_UNAVAILABLE

from .stand_ins import Running, WsgiApp, served
from .verify_runs import Verdict, verify

PAUSE_S = 0.05


@dataclass
class Arrivals:
    """When each API request reached the stand-in (time.monotonic, the clock the suite paces with)."""

    requests: list[tuple[float, str, str]] = field(default_factory=list)

    def wrap(self, app: WsgiApp) -> WsgiApp:
        def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
            request = Request(environ)
            if "/_mock/" not in request.path:
                self.requests.append((time.monotonic(), request.method, request.path))
            return app(environ, start_response)

        return wrapped

    def gaps(self) -> list[float]:
        times = [at for at, _, _ in self.requests]
        return [later - earlier for earlier, later in itertools.pairwise(times)]


def add_fault(server: Running, rule: dict[str, Any]) -> None:
    root = server.base_url.removesuffix("/api/public_api/v1")
    requests.post(f"{root}/_mock/faults", json=rule, timeout=10).raise_for_status()


@dataclass(frozen=True)
class Run:
    verdict: Verdict
    report: dict
    markdown: str
    arrivals: Arrivals


def run_with_faults(folder: Path, rules: list[dict[str, Any]], *flags: str) -> Run:
    arrivals = Arrivals()
    with served(arrivals.wrap) as server:
        for rule in rules:
            add_fault(server, rule)
        verdict = verify(*server.verify_args(), *flags, "--report", "r.json", "--report", "r.md", cwd=folder)
    return Run(verdict, json.loads((folder / "r.json").read_text()), (folder / "r.md").read_text(), arrivals)


@pytest.fixture(scope="module")
def recovering(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """GET tools answers 503 twice, GET ice_breaker's connection drops once; then both recover."""
    rules = [
        {"match": {"method": "GET", "path": "tools"}, "action": {"status": 503}, "times": 2},
        {"match": {"method": "GET", "path": "ice_breaker"}, "action": {"drop_connection": True}, "times": 1},
    ]
    flags = ("--pause", str(PAUSE_S), "--retry-wait", "0.01")
    return run_with_faults(tmp_path_factory.mktemp("recovering"), rules, *flags)


@pytest.fixture(scope="module")
def down(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """GET main_menu always answers 503; the first keywords/create answers 500."""
    rules = [
        {"match": {"method": "GET", "path": "main_menu"}, "action": {"status": 503}},
        {"match": {"method": "POST", "path": "keywords/create"}, "action": {"status": 500}, "times": 1},
    ]
    flags = ("--allow-writes", "--read-retries", "2")
    return run_with_faults(tmp_path_factory.mktemp("down"), rules, *flags)


def test_a_read_that_fails_twice_then_answers_passes(recovering: Run) -> None:
    assert recovering.verdict.code == 0, recovering.verdict.output
    assert "FAILED" not in recovering.verdict.output and "UNAVAILABLE" not in recovering.verdict.output
    assert recovering.report["endpoints"]["GET tools"]["passed"] > 0


def test_each_retry_is_in_the_report_with_the_answer_that_caused_it(recovering: Run) -> None:
    retried = recovering.report["retried_requests"]
    tools = [retry for retry in retried if retry["request"] == "GET tools"]
    assert [(retry["attempt"], retry["answer"].split()[0]) for retry in tools] == [(1, "503"), (2, "503")]
    dropped = [retry for retry in retried if retry["request"] == "GET ice_breaker"]
    assert [retry["answer"].split(":")[0] for retry in dropped] == ["ConnectionError"]
    assert len(retried) == 3, retried
    assert sum(entry["retries"] for entry in recovering.report["endpoints"].values()) == 3
    assert recovering.verdict.output.count("retried ") == 3
    assert "## Requests sent again after a transient answer" in recovering.markdown


def test_requests_to_a_real_target_are_paced(recovering: Run) -> None:
    gaps = recovering.arrivals.gaps()
    assert len(gaps) > 20
    assert min(gaps) >= PAUSE_S, sorted(gaps)[:5]


def test_a_read_that_stays_down_is_unavailable_not_a_broken_contract(down: Run) -> None:
    assert down.verdict.code == TARGET_UNAVAILABLE, down.verdict.output
    assert "FAILED" not in down.verdict.output
    main_menu = down.report["endpoints"]["GET main_menu"]
    assert (main_menu["unavailable"], main_menu["failed"], main_menu["passed"]) == (1, 0, 0)
    assert "UNAVAILABLE GET main_menu: test_main_menu_fits_the_schema: target unavailable: GET main_menu" in (
        down.verdict.output
    )


def test_a_read_that_stays_down_was_tried_the_number_of_retries_more(down: Run) -> None:
    retried = down.report["retried_requests"]
    reads = [retry for retry in retried if retry["test"] == "test_main_menu_fits_the_schema"]
    assert [retry["attempt"] for retry in reads] == [1, 2]


def test_a_write_answered_500_is_unavailable_and_never_sent_twice(down: Run) -> None:
    create = down.report["endpoints"]["POST keywords/create"]
    assert create["failed"] == 0 and create["unavailable"] == 1, create
    assert any("(a POST is never sent twice)" in test["message"] for test in create["tests"])
    assert not [retry for retry in down.report["retried_requests"] if retry["request"].startswith("POST")]
