"""The fixtures ``botcake`` (in-process, through ``responses``) and ``botcake_server`` (a live server).

Loaded by pytest through the ``pytest11`` entry point. Both fixtures share one design: a fake (store +
app) built once per session (per xdist worker), started from a copy of the test's seed before each
test, handed to the test as a ``Botcake``. Heavy imports wait until a fixture is used, so merely
having mock-botcake installed costs other test suites nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ..embedded.fake import Botcake
    from ..embedded.fakes import Fake
    from ..embedded.seeds import SeedCopies
    from ..serving.server import BackgroundServer

FIXTURES = ("botcake", "botcake_server")
MISSING_EXTRA = (
    "install mock-botcake with its pytest extra: pip install 'mock-botcake[pytest]' (see docs/pytest.md)"
)
SEED_OPTION = "--botcake-seed"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("botcake", "mock-botcake fixtures")
    group.addoption(
        SEED_OPTION,
        metavar="demo|empty|FILE",
        help="state the botcake fixtures start each test from (default: the ini value, else empty)",
    )
    parser.addini("botcake_seed", "default seed of the botcake fixtures: demo, empty or a file path")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "botcake_seed(seed): start this test's botcake fixture from 'demo', 'empty' or a seed file "
        "(a path relative to the test module's folder)",
    )


@pytest.fixture(scope="session")
def _botcake_seeds() -> Iterator[SeedCopies]:
    from ..embedded.seeds import SeedCopies

    seeds = SeedCopies()
    yield seeds
    seeds.close()


@pytest.fixture(scope="session")
def _botcake_in_process_fake() -> Iterator[Fake]:
    from ..embedded.fakes import Fake

    fake = Fake.new()
    yield fake
    fake.close()


@pytest.fixture(scope="session")
def _botcake_live_fake() -> Iterator[tuple[Fake, BackgroundServer]]:
    from ..embedded.fakes import Fake
    from ..serving.server import serve_in_background

    fake = Fake.new()
    server = serve_in_background(fake.app)
    yield fake, server
    server.stop()
    fake.close()


@pytest.fixture
def botcake(
    request: pytest.FixtureRequest, _botcake_in_process_fake: Fake, _botcake_seeds: Any
) -> Iterator[Botcake]:
    """A Botcake fake answering every ``requests`` call to https://botcake.io in-process.

    Calls to other hosts pass through; the test's own ``responses`` mocks keep working beside it.
    """
    from ..embedded.fake import Botcake

    try:
        from ..embedded.inprocess import IN_PROCESS_ROOT, served_in_process
    except ImportError as error:
        pytest.fail(f"the botcake fixture needs {error.name}: {MISSING_EXTRA}", pytrace=False)

    fake = _botcake_in_process_fake
    _start_test(request, fake, _botcake_seeds)
    with served_in_process(fake.app):
        yield Botcake(fake.app, IN_PROCESS_ROOT)


@pytest.fixture
def botcake_server(
    request: pytest.FixtureRequest, _botcake_live_fake: tuple[Fake, BackgroundServer], _botcake_seeds: Any
) -> Botcake:
    """A Botcake fake on a real HTTP server at ``botcake_server.base_url``, for any client.

    One server per session (per xdist worker), reset to the test's seed before each test.
    """
    from ..embedded.fake import Botcake

    fake, server = _botcake_live_fake
    _start_test(request, fake, _botcake_seeds)
    return Botcake(fake.app, server.base_url)


def _start_test(request: pytest.FixtureRequest, fake: Fake, seeds: SeedCopies) -> None:
    from ..embedded.seeds import SeedError

    spec = _seed_of(request)
    try:
        start = seeds.copy_of(spec)
    except SeedError as error:
        problem = str(error)
    else:
        problem = None
    if problem is not None:  # failed outside the except block, so the report shows the reason once
        pytest.fail(f"botcake seed: {problem}", pytrace=False)
    fake.start_from(start)


def _seed_of(request: pytest.FixtureRequest) -> str:
    from ..embedded.seeds import DEFAULT_SEED, resolve_seed

    marker = request.node.get_closest_marker("botcake_seed")
    if marker is not None:
        if len(marker.args) != 1 or not isinstance(marker.args[0], str | Path):
            pytest.fail("@pytest.mark.botcake_seed takes one seed: 'demo', 'empty' or a file path", False)
        return resolve_seed(str(marker.args[0]), Path(request.node.path).parent)
    return _default_seed(request.config) or DEFAULT_SEED


def _default_seed(config: pytest.Config) -> str | None:
    """The run's default seed: ``--botcake-seed`` (a path relative to where pytest was started, as
    any command-line path), else the ini value (a path relative to the ini file's folder)."""
    from ..embedded.seeds import resolve_seed

    option = config.getoption(SEED_OPTION)
    if option:
        return resolve_seed(option, config.invocation_params.dir)
    configured = config.getini("botcake_seed")
    if configured:
        return resolve_seed(configured, config.inipath.parent if config.inipath else config.rootpath)
    return None


def pytest_sessionstart(session: pytest.Session) -> None:
    """A run-wide seed that cannot be loaded stops the run at once, instead of failing every test."""
    spec = _default_seed(session.config)
    if spec is None:
        return
    from ..embedded.seeds import SeedError, load_seed_copy

    try:
        load_seed_copy(spec).close()
    except SeedError as error:
        raise pytest.UsageError(f"botcake seed: {error}") from None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failing test that used a botcake fixture shows what the fake received."""
    report = yield
    if report.failed and call.when == "call":
        for name in FIXTURES:
            fake = getattr(item, "funcargs", {}).get(name)
            if fake is not None:
                report.sections.append((f"{name}: what the fake received", _activity(fake)))
    return report


def _activity(fake: Botcake) -> str:
    try:
        return fake.describe_activity()
    except Exception as error:  # a report must never break the run; say what went wrong instead
        return f"(could not read the fake: {error!r})"
