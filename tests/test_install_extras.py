"""What each install brings: serve without test tools, the fixtures from the `pytest` extra.

An environment without ``responses`` is made by blocking its import in a fresh interpreter (what a
serve-only install plus a separately installed pytest looks like to the pytest11 entry point).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WITHOUT_RESPONSES = (
    "import sys; sys.modules['responses'] = None; import pytest; sys.exit(pytest.main(sys.argv[1:]))"
)
TESTS = """
def test_in_process(botcake):
    pass

def test_live(botcake_server):
    import urllib.request
    root = botcake_server.base_url.rsplit("/api", 1)[0]
    assert urllib.request.urlopen(root + "/_mock/health").status == 200
"""


def extras() -> dict[str, list[str]]:
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]


def names(requirements: list[str]) -> set[str]:
    return {requirement.split(">")[0].split("[")[0].split(";")[0].strip() for requirement in requirements}


def test_the_base_install_carries_no_test_tool():
    base = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert not names(base) & {"pytest", "hypothesis", "responses", "schemathesis", "playwright"}


def test_the_pytest_extra_brings_what_the_fixtures_import():
    assert {"pytest", "responses"} <= names(extras()["pytest"])


def test_the_verify_extra_brings_what_the_contract_suite_imports():
    assert {"pytest", "hypothesis", "requests"} <= names(extras()["verify"])


def test_the_test_extra_holds_both_others():
    assert "mock-botcake[pytest,verify]" in extras()["test"]


def test_without_responses_the_live_fixture_works_and_the_in_process_one_says_what_to_install(tmp_path):
    (tmp_path / "test_fixtures.py").write_text(TESTS)
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_RESPONSES, "-q", "-p", "no:cacheprovider", "test_fixtures.py"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert "1 passed, 1 error" in done.stdout, done.stdout + done.stderr
    assert "the botcake fixture needs responses" in done.stdout
    assert "pip install 'mock-botcake[pytest]'" in done.stdout


def test_the_inprocess_extra_brings_what_mock_botcake_outside_pytest_imports():
    assert "responses" in names(extras()["inprocess"])
