"""The suite's pytest plugin: which target, what it may do to it, and what each test found.

Options (each also read from the environment):

    --base-url URL      BOTCAKE_BASE_URL   e.g. https://botcake.io/api/public_api/v1; without it the
                                           suite starts a fake of its own (mock-botcake serve)
    --page-id ID        BOTCAKE_PAGE_ID    the page every test reads
    --token TOKEN       BOTCAKE_TOKEN      that page's access-token
    --allow-writes                         may create and update keywords on the target
    --allow-sends                          may send (with --psid only)
    --psid PSID         BOTCAKE_PSID       the test subscriber every send goes to
    --user-token TOKEN  BOTCAKE_USER_TOKEN an account's user-access-token: the integration_page checks
                                           (read-only) run only with it
    --pause SECONDS     BOTCAKE_PAUSE      between two requests (default 0.5 with --base-url, else 0)
    --read-retries N    BOTCAKE_READ_RETRIES  a GET tried again after a transient answer (default 3)
    --retry-wait SECONDS BOTCAKE_RETRY_WAIT  before the first retry, doubled each time (default 1)

Against the fake everything is allowed and the control plane (/_mock/) may be used; against any
other target only the public API is used, and only with GET unless the flags above say otherwise.

Against a target the suite did not start, a test that got only transient answers (5xx, 429, a timeout,
a dropped connection; a GET after its retries) is neither passed nor failed but "unavailable": skipped
with a reason starting "target unavailable: ", and the run's exit status is ``TARGET_UNAVAILABLE``
when no contract broke.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from mock_botcake.contracts.suite.options import (
    DEFAULT_PAUSE_S,
    DEFAULT_READ_RETRIES,
    DEFAULT_RETRY_WAIT_S,
    ENVIRONMENT,
    TARGET_UNAVAILABLE,
    add_target_options,
    retries,
    seconds,
)
from mock_botcake.contracts.suite.target import UNAVAILABLE, FakeTarget, Patience, Retry, Target, start_fake
from mock_botcake.fidelity import OPEN_QUESTIONS

ENDPOINT_MARKER = "endpoint"

# Deterministic and bounded: the same run twice asks the same questions, and the whole suite against
# the fake stays well under a minute. Nothing is kept in a .hypothesis folder of the caller's cwd.
_COMMON = {
    "derandomize": True,
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}
settings.register_profile("contract-suite-fake", max_examples=25, **_COMMON)
settings.register_profile("contract-suite-remote", max_examples=8, **_COMMON)


def pytest_addoption(parser: pytest.Parser) -> None:
    add_target_options(parser.getgroup("botcake contract suite").addoption)


@dataclass(frozen=True)
class Permissions:
    remote: bool
    writes: bool
    sends: bool
    psid: str | None


def permissions(config: pytest.Config) -> Permissions:
    base_url = _option(config, "base_url")
    if base_url is None:
        return Permissions(remote=False, writes=True, sends=True, psid=None)
    psid = _option(config, "psid")
    return Permissions(
        remote=True,
        writes=bool(config.getoption("allow_writes")),
        sends=bool(config.getoption("allow_sends")) and psid is not None,
        psid=psid,
    )


def _option(config: pytest.Config, name: str) -> str | None:
    return config.getoption(name) or os.environ.get(ENVIRONMENT[name]) or None


def _number(config: pytest.Config, name: str, parse: Callable[[str], Any], default: Any) -> Any:
    """A numeric option: given, else its environment variable, else ``default`` (0 is a value given)."""
    given = config.getoption(name)
    if given is not None:
        return given
    text = os.environ.get(ENVIRONMENT[name])
    if not text:
        return default
    try:
        return parse(text)
    except (ValueError, argparse.ArgumentTypeError) as error:
        raise pytest.UsageError(f"{ENVIRONMENT[name]}={text!r}: {error}") from None


def patience(config: pytest.Config, on_retry: Callable[[Retry], None]) -> Patience:
    """Gentle and patient with a target the suite did not start; no pause, and every answer judged,
    with the fake it starts itself."""
    if not permissions(config).remote:
        return Patience(pause_s=_number(config, "pause", seconds, 0.0))
    return Patience(
        pause_s=_number(config, "pause", seconds, DEFAULT_PAUSE_S),
        read_retries=_number(config, "read_retries", retries, DEFAULT_READ_RETRIES),
        retry_wait_s=_number(config, "retry_wait", seconds, DEFAULT_RETRY_WAIT_S),
        excuses_transient=True,
        on_retry=on_retry,
    )


@dataclass
class TestOutcome:
    nodeid: str
    endpoint: str
    outcome: str  # passed, failed, unavailable or skipped
    message: str = ""


@dataclass
class Observation:
    question: str
    answer: str
    fits: bool
    test: str


@dataclass(eq=False)  # pluggy keeps plugins in sets: hashed by identity
class ContractRecorder:
    """Collects each test's outcome by endpoint and every open-question answer of the run.

    ``mock-botcake verify`` passes its own instance to ``pytest.main``; a plain pytest run gets one
    from ``pytest_configure``.
    """

    outcomes: dict[str, TestOutcome] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)
    retries: list[dict[str, Any]] = field(default_factory=list)
    endpoints: dict[str, str] = field(default_factory=dict)
    target: dict[str, Any] = field(default_factory=dict)
    running: str = ""

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            marker = item.get_closest_marker(ENDPOINT_MARKER)
            self.endpoints[item.nodeid] = marker.args[0] if marker else "(other)"

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        self.running = nodeid

    def record_retry(self, retry: Retry) -> None:
        """A request of the running test (or of the fixtures it set up) that is being sent again."""
        test = self.running
        self.retries.append({"test": test, "endpoint": self.endpoints.get(test, "(other)"), **asdict(retry)})

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        endpoint = self.endpoints.get(report.nodeid, "(other)")
        known = self.outcomes.get(report.nodeid)
        # One line per test: its call's outcome, unless setup or teardown failed or skipped it.
        if (report.when == "call" or report.outcome != "passed") and (
            known is None or known.outcome == "passed"
        ):
            reason = _short_reason(report)
            outcome = "unavailable" if report.skipped and reason.startswith(UNAVAILABLE) else report.outcome
            self.outcomes[report.nodeid] = TestOutcome(report.nodeid, endpoint, outcome, reason)

    def unavailable(self) -> int:
        return sum(outcome.outcome == "unavailable" for outcome in self.outcomes.values())

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        # Only when nothing else went wrong: a broken contract (1) or a usage error wins.
        if session.exitstatus == pytest.ExitCode.OK and self.unavailable():
            session.exitstatus = TARGET_UNAVAILABLE

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.unavailable():
            terminalreporter.write_line(
                f"{self.unavailable()} test(s): target unavailable (only transient answers), "
                f"{len(self.retries)} request(s) retried"
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "tests": [asdict(outcome) for outcome in self.outcomes.values()],
            "observations": [asdict(observation) for observation in self.observations],
            "retries": list(self.retries),
        }


def _short_reason(report: pytest.TestReport) -> str:
    if report.passed:
        return ""
    if report.skipped and isinstance(report.longrepr, tuple):
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return text.removeprefix("Failed: ").strip()


_RECORDER = pytest.StashKey[ContractRecorder]()
_PATIENCE = pytest.StashKey[Patience]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{ENDPOINT_MARKER}(name): the API endpoint a contract test is about")
    recorder = next(
        (plugin for plugin in config.pluginmanager.get_plugins() if isinstance(plugin, ContractRecorder)),
        None,
    )
    if recorder is None:
        recorder = ContractRecorder()
        config.pluginmanager.register(recorder, "botcake-contract-recorder")
    config.stash[_RECORDER] = recorder
    allowed = permissions(config)
    settings.load_profile("contract-suite-remote" if allowed.remote else "contract-suite-fake")
    courtesy = patience(config, recorder.record_retry)
    config.stash[_PATIENCE] = courtesy
    recorder.target = {
        "base_url": _option(config, "base_url") or "(a fake started by the suite)",
        "page_id": _option(config, "page_id"),
        "writes": allowed.writes,
        "sends": allowed.sends,
        "pause_s": courtesy.pause_s,
        "read_retries": courtesy.read_retries,
    }


@pytest.fixture(scope="session")
def allowed(pytestconfig: pytest.Config) -> Permissions:
    return permissions(pytestconfig)


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config, allowed: Permissions) -> Iterator[Target]:
    """The server under test: the one named by --base-url, or a fake started for this run."""
    if not allowed.remote:
        fake = start_fake()
        fake.patience = pytestconfig.stash[_PATIENCE]
        pytestconfig.stash[_RECORDER].target["page_id"] = fake.page_id
        yield fake
        fake.stop()
        return
    page_id, token = _option(pytestconfig, "page_id"), _option(pytestconfig, "token")
    if not page_id or not token:
        raise pytest.UsageError("--base-url needs --page-id and --token (or BOTCAKE_PAGE_ID, BOTCAKE_TOKEN)")
    yield Target(_option(pytestconfig, "base_url"), page_id, token, patience=pytestconfig.stash[_PATIENCE])


@pytest.fixture(scope="session")
def fake(target: Target) -> FakeTarget:
    """The fake's control plane; tests that need it are skipped against any other target."""
    if not isinstance(target, FakeTarget):
        pytest.skip("needs the control plane of a fake the suite starts itself; --base-url: public API only")
    return target


@pytest.fixture(scope="session")
def writer(target: Target, allowed: Permissions) -> Target:
    """The target, for tests that create or update keywords: skipped unless writes are allowed."""
    if not allowed.writes:
        pytest.skip("read-only: keyword create/update need --allow-writes")
    return target


@pytest.fixture(scope="session")
def psid(target: Target, allowed: Permissions) -> str:
    """The subscriber every send goes to: skipped unless sends are allowed."""
    if not allowed.sends:
        pytest.skip("no sends: they need --allow-sends and --psid of a test subscriber")
    return allowed.psid or "contract-suite-subscriber"


@pytest.fixture(scope="session")
def user_token(target: Target, pytestconfig: pytest.Config) -> str:
    """An account's user-access-token for the integration_page checks: the demo account's on the fake,
    else --user-token; skipped without one."""
    if isinstance(target, FakeTarget):
        answer = target.control("GET", "accounts")
        answer.raise_for_status()
        return answer.json()["accounts"][0]["user_access_token"]
    token = _option(pytestconfig, "user_token")
    if token is None:
        pytest.skip("no account checks: they need --user-token, an account's user-access-token")
    return token


Probe = Callable[[str, str], None]


@pytest.fixture
def record_observation(request: pytest.FixtureRequest) -> Probe:
    """``record_observation(question_id, answer)``: keep what the target answered to an open question."""
    recorder = request.config.stash[_RECORDER]

    def record(question_id: str, answer: str) -> None:
        fits = OPEN_QUESTIONS[question_id].real_target.accepts(answer)
        recorder.observations.append(Observation(question_id, answer, fits, request.node.nodeid))

    return record


@pytest.fixture
def probe(record_observation: Probe, target: Target) -> Probe:
    """Record an answer to an open question, then hold it to the fake's own answer (on the fake) or
    to what the question's ``real_target`` accepts (anywhere else); both are in fidelity.OPEN_QUESTIONS."""

    def check(question_id: str, answer: str) -> None:
        record_observation(question_id, answer)
        question = OPEN_QUESTIONS[question_id]
        if target.is_fake:
            assert answer == question.fake_answer, f"{question_id}: the fake answered {answer!r}"
            return
        allowed = question.real_target
        if not allowed.accepts(answer):
            pytest.fail(
                f"{question_id} ({question.summary}): answered {answer!r}; expected {allowed.description}",
                False,
            )

    return check
