"""``mock_botcake()``: the in-process fake outside pytest, as moto's ``mock_aws`` is for AWS.

As a context manager it hands over the ``Botcake`` handle (the ``botcake`` fixture's); as a decorator
each call of the function, or each test of a class, runs against a fake of its own, started from the
seed. While it is active every ``requests`` call to https://botcake.io reaches the fake through the same
route as the fixture's (``inprocess.py``); other hosts pass through.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, overload

from .fake import Botcake

if TYPE_CHECKING:
    import unittest

Target = TypeVar("Target", bound=Callable[..., Any])

MISSING_RESPONSES = (
    "mock_botcake() serves requests' calls through the responses library, which is not installed: "
    "pip install 'mock-botcake[inprocess]' (serve_botcake() needs no more than mock-botcake)"
)
# The attribute of a decorated TestCase that holds the test's handle (``self.botcake``).
TEST_CASE_ATTRIBUTE = "botcake"

# The handles of the blocks running now, innermost last: ``current_botcake()`` answers the last.
_active: list[Botcake] = []


class NoActiveBotcake(LookupError):
    """``current_botcake()`` was called while no ``mock_botcake()`` or ``serve_botcake()`` was active."""


def current_botcake() -> Botcake:
    """The handle of the innermost active fake: how a decorated function reaches its fake."""
    if not _active:
        raise NoActiveBotcake(
            "no mock_botcake() or serve_botcake() is active: call current_botcake() inside the decorated "
            "function or the with-block"
        )
    return _active[-1]


@contextmanager
def activated(handle: Botcake) -> Iterator[Botcake]:
    """``handle`` is ``current_botcake()`` while the block runs."""
    _active.append(handle)
    try:
        yield handle
    finally:
        _active.remove(handle)


@contextmanager
def in_process_fake(seed: str | Path = "empty") -> Iterator[Botcake]:
    """A fake of its own, started from ``seed``, answering ``requests``' calls to botcake.io in-process."""
    try:
        from .inprocess import IN_PROCESS_ROOT, served_in_process
    except ImportError as error:
        if error.name != "responses":
            raise
        raise ImportError(MISSING_RESPONSES, name="responses") from None
    from .fakes import POOL

    with (
        POOL.fake_from(seed) as fake,
        served_in_process(fake.app),
        activated(Botcake(fake.app, IN_PROCESS_ROOT)) as handle,
    ):
        yield handle


class BotcakeMock:
    """What ``mock_botcake()`` answers: a context manager and a decorator of functions and classes."""

    def __init__(self, seed: str | Path = "empty") -> None:
        self.seed = seed
        self._blocks: list[Any] = []  # this object's open with-blocks, innermost last

    def __enter__(self) -> Botcake:
        block = in_process_fake(self.seed)
        handle = block.__enter__()
        self._blocks.append(block)
        return handle

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._blocks.pop().__exit__(kind, error, trace)

    @overload
    def __call__(self, target: type) -> type: ...
    @overload
    def __call__(self, target: Target) -> Target: ...

    def __call__(self, target: Any) -> Any:
        if isinstance(target, type):
            return self._decorate_class(target)
        if callable(target):
            return self._decorate_function(target)
        raise TypeError(f"mock_botcake() decorates a function or a class, not {target!r}")

    def _decorate_function(self, function: Target) -> Target:
        seed = self.seed
        if inspect.iscoroutinefunction(function):
            # The fake must stay active while the coroutine runs, not only while it is created.
            @functools.wraps(function)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with in_process_fake(seed):
                    return await function(*args, **kwargs)

            return run_async  # type: ignore[return-value]

        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            with in_process_fake(seed):
                return function(*args, **kwargs)

        return run  # type: ignore[return-value]

    def _decorate_class(self, klass: type) -> type:
        import unittest  # here, not at the top: importing the package (the pytest plugin does) stays cheap

        if issubclass(klass, unittest.TestCase):
            return self._decorate_test_case(klass)
        # A plain class (a script's, or one a runner collects): each test method is a decorated function.
        prefix = unittest.TestLoader.testMethodPrefix
        for name, member in list(vars(klass).items()):
            if name.startswith(prefix) and inspect.isfunction(member):
                setattr(klass, name, self._decorate_function(member))
        return klass

    def _decorate_test_case(self, klass: type[unittest.TestCase]) -> type[unittest.TestCase]:
        """Each test gets a fake of its own from ``setUp`` on, so that what ``setUp`` adds is there in the
        test; it ends after ``tearDown`` and the test's cleanups. ``self.botcake`` is its handle."""
        seed = self.seed
        set_up = klass.setUp

        @functools.wraps(set_up)
        def set_up_with_a_fake(test: unittest.TestCase) -> None:
            setattr(test, TEST_CASE_ATTRIBUTE, test.enterContext(in_process_fake(seed)))
            set_up(test)

        klass.setUp = set_up_with_a_fake  # type: ignore[method-assign]
        return klass


@overload
def mock_botcake(target: None = None, /, *, seed: str | Path = "empty") -> BotcakeMock: ...
@overload
def mock_botcake(target: Target, /, *, seed: str | Path = "empty") -> Target: ...


def mock_botcake(target: Any = None, /, *, seed: str | Path = "empty") -> Any:
    """Route ``requests``' calls to https://botcake.io into a fake of this process, outside pytest.

    ``with mock_botcake() as botcake:`` gives the handle of the ``botcake`` fixture. ``@mock_botcake()``
    (or ``@mock_botcake``) on a function runs each call against a fake of its own (``current_botcake()``
    is its handle); on a ``unittest.TestCase`` each test gets one from ``setUp`` to its cleanups, as
    ``self.botcake``. ``seed``: ``"empty"`` (no pages), ``"demo"`` or a seed file (relative to the
    working folder).
    """
    if isinstance(target, str | Path):
        raise TypeError(f"give the seed by name: mock_botcake(seed={str(target)!r})")
    mock = BotcakeMock(seed)
    return mock if target is None else mock(target)
