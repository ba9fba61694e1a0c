"""``mock-botcake verify``: run the installed contract suite against a target and say what broke.

Without ``--base-url`` the suite starts a fake of its own (and so checks the fake against its own
contracts). The suite is ``mock_botcake.contracts.suite``, run in this process by ``pytest.main``
with its own ``pytest.ini``; a ``ContractRecorder`` collects the outcome of each test by endpoint.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..contracts import suite
from ..contracts.suite.options import ENVIRONMENT, TARGET_UNAVAILABLE, add_target_options, as_arguments
from .verify_report import table, write_report

SUITE_FOLDER = Path(suite.__file__).parent
# verify's exit statuses. From pytest: 0 all passed (or skipped), 1 some test failed; the suite's plugin
# turns a 0 into TARGET_UNAVAILABLE (75) when some test got only transient answers (5xx, 429, timeouts);
# pytest's other codes (2-5: interrupted, internal or usage error, no tests) are not a verdict.
PASSED = 0
CONTRACT_BROKEN = 1
CANNOT_VERIFY = 2


def add_command(commands: Any) -> None:
    """Register ``verify`` on the ``mock-botcake`` subcommands."""
    verify = commands.add_parser(
        "verify",
        help="run the contract suite against a Botcake API (default: a fake it starts)",
        description="Run the contract suite. Read-only unless --allow-writes / --allow-sends --psid say "
        "otherwise. URL, page id, token, psid and user token may also come from BOTCAKE_BASE_URL, "
        "BOTCAKE_PAGE_ID, BOTCAKE_TOKEN, BOTCAKE_PSID and BOTCAKE_USER_TOKEN (the integration_page checks "
        "run only with a user token). Exit status: 0 every contract held, 1 a contract is broken, "
        f"2 cannot verify, {TARGET_UNAVAILABLE} the target was unavailable (a test got only 5xx, 429, "
        "timeouts or dropped connections, after the retries of a GET) and nothing broke.",
    )
    add_target_options(verify.add_argument)
    verify.add_argument("--junit-xml", metavar="FILE", help="also write JUnit XML")
    verify.add_argument(
        "--report",
        metavar="FILE",
        action="append",
        default=[],
        help="write a report: FILE.md Markdown, else JSON",
    )
    verify.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    problem = _usage_problem(args) or _unreachable_target(args)
    if problem:
        print(f"mock-botcake verify: {problem}", file=sys.stderr)
        return CANNOT_VERIFY
    with tempfile.TemporaryDirectory(prefix="mock-botcake-verify-") as scratch:
        # Hypothesis would otherwise leave a .hypothesis folder in whatever folder verify ran from.
        os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", scratch)
        code, results = _run_suite(pytest_arguments(args))
    print()
    print(table(results))
    for report in args.report:
        write_report(Path(report), results)
    return {PASSED: PASSED, CONTRACT_BROKEN: CONTRACT_BROKEN, TARGET_UNAVAILABLE: TARGET_UNAVAILABLE}.get(
        code, CANNOT_VERIFY
    )


# The only plugins the suite runs with, loaded by name: Hypothesis' own (its entry point's name), and
# the suite's (pytest.ini). Whatever else the user's environment has installed stays out.
SUITE_PLUGINS = ("hypothesispytest",)


def _run_suite(arguments: list[str]) -> tuple[int, dict[str, Any]]:
    import pytest

    from ..contracts.suite.plugin import ContractRecorder

    recorder = ContractRecorder()
    with isolated_from_user_plugins():
        code = pytest.main(arguments, plugins=[recorder])
    return int(code), recorder.as_dict()


@contextmanager
def isolated_from_user_plugins() -> Iterator[None]:
    """No pytest plugin loads by itself while the suite runs (the user's own would print into its
    output, or change how it runs): PYTEST_DISABLE_PLUGIN_AUTOLOAD, and no PYTEST_PLUGINS/PYTEST_ADDOPTS."""
    saved = {name: os.environ.get(name) for name in ISOLATION}
    os.environ.update({name: value for name, value in ISOLATION.items() if value is not None})
    for name in [name for name, value in ISOLATION.items() if value is None]:
        os.environ.pop(name, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


ISOLATION = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTEST_PLUGINS": None, "PYTEST_ADDOPTS": None}


def pytest_arguments(args: argparse.Namespace) -> list[str]:
    arguments = [
        str(SUITE_FOLDER),
        "-c",
        str(SUITE_FOLDER / "pytest.ini"),
        "--rootdir",
        str(SUITE_FOLDER),
        "-q",
        "--tb=line",
        "-rN",
        # hypothesis is imported before pytest could rewrite it: a warning about us, not the target.
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",
    ]
    for plugin in SUITE_PLUGINS:
        arguments += ["-p", plugin]
    arguments += as_arguments(args)
    if args.junit_xml:
        arguments += ["--junit-xml", args.junit_xml]
    return arguments


def _unreachable_target(args: argparse.Namespace) -> str | None:
    """Why the target cannot be verified at all (not reached, token refused, wrong base URL), or None.

    One GET of the page's flows before the suite: without it, a typo in the URL or a stale token
    would read as dozens of broken contracts and, worse, as drift on the open questions.
    """
    import requests

    def value(name: str) -> str | None:
        return getattr(args, name) or os.environ.get(ENVIRONMENT[name])

    base_url = value("base_url")
    if not base_url:
        return None  # the suite starts a fake of its own
    url = f"{base_url.rstrip('/')}/pages/{value('page_id')}/flows"
    try:
        answer = requests.get(url, headers={"access-token": value("token") or ""}, timeout=15)
    except requests.RequestException as error:
        return f"cannot reach {url}: {error}"
    about_credentials = "token" in answer.text.lower() or "invalid_page_id" in answer.text
    if answer.status_code in (401, 403) or (400 <= answer.status_code < 500 and about_credentials):
        return (
            f"the target refused the page id or token (GET {url}: HTTP {answer.status_code} "
            f"{answer.text[:200]!r}); check --page-id and --token"
        )
    if answer.status_code == 404:
        return f"GET {url} is 404: is the base URL the API's, ending in /api/public_api/v1?"
    return None


def _usage_problem(args: argparse.Namespace) -> str | None:
    def given(name: str) -> bool:
        return bool(getattr(args, name) or os.environ.get(ENVIRONMENT[name]))

    if given("base_url") and not (given("page_id") and given("token")):
        return "--base-url needs --page-id and --token (or BOTCAKE_PAGE_ID and BOTCAKE_TOKEN)"
    if args.allow_sends and not given("psid"):
        return "--allow-sends needs --psid, the test subscriber every send goes to"
    return None
