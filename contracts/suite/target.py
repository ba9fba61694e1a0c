"""The server under test: a base URL, a page and its token, spoken to over real HTTP with requests.

``Target`` is the public API only. ``FakeTarget`` adds the fake's control plane (seeding pages,
reading recorded sends); tests that need it ask for it and are skipped against any other target.

Every request of a test goes through ``Target.send``, which applies the target's ``Patience``: against
a target the suite did not start, a pause before each request, a GET tried again after a transient
answer (5xx, 429, a timeout, a dropped connection), and no verdict on a transient answer: the test
ends "target unavailable" (a skip whose reason starts with ``UNAVAILABLE``) instead of failing.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from mock_botcake.contracts.suite.expect import answer_of
from mock_botcake.serving.launch import READY_TIMEOUT_S, launch

TIMEOUT_S = 30
API_PATH = "/api/public_api/v1"
DEMO_PAGE_ID = "113045297552223"
# The start of the skip reason of a test that got only transient answers: the report counts these apart.
UNAVAILABLE = "target unavailable: "
# Idempotent reads: the only requests sent twice. A write or a send may have happened before its
# answer was lost, so it is never repeated.
READ_METHODS = frozenset({"GET", "HEAD"})
TRANSIENT_ERRORS = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


@dataclass(frozen=True)
class Retry:
    """A request sent again: ``"GET flows"``, the how-manieth transient answer, what it was, the wait."""

    request: str
    attempt: int
    answer: str
    waited_s: float


def _ignore(retry: Retry) -> None:
    return None


@dataclass
class Patience:
    """How the suite treats a target: the pause between requests, the retries of a read, and whether a
    transient answer is excused (a target the suite did not start) or judged like any other.

    The fake the suite starts itself is judged on every answer: a 5xx from it is a bug of the fake.
    """

    pause_s: float = 0.0
    read_retries: int = 0
    retry_wait_s: float = 0.0
    excuses_transient: bool = False
    on_retry: Callable[[Retry], None] = _ignore
    _last_answer_at: float | None = field(default=None, repr=False)

    def wait_turn(self, at_least_s: float = 0.0) -> None:
        """Sleep until ``pause_s`` (or ``at_least_s``, if longer) has passed since the last answer."""
        if self._last_answer_at is None:
            return
        remaining = self._last_answer_at + max(self.pause_s, at_least_s) - time.monotonic()
        if remaining > 0:
            time.sleep(remaining)

    def answered(self) -> None:
        self._last_answer_at = time.monotonic()

    def retries_for(self, method: str) -> int:
        return self.read_retries if self.excuses_transient and method.upper() in READ_METHODS else 0

    def backoff_s(self, attempt: int) -> float:
        """The wait before retry number ``attempt`` (1 for the first): doubled each time."""
        return self.retry_wait_s * 2 ** (attempt - 1)


def is_transient(answer: requests.Response | Exception) -> bool:
    if isinstance(answer, Exception):
        return True
    return answer.status_code == 429 or answer.status_code >= 500


def _described(answer: requests.Response | Exception) -> str:
    if isinstance(answer, Exception):
        return f"{type(answer).__name__}: {str(answer)[:120]}"
    return answer_of(answer)


@dataclass
class Target:
    """A Botcake-compatible API: ``base_url`` ends with ``/api/public_api/v1``."""

    base_url: str
    page_id: str
    token: str
    session: requests.Session = field(default_factory=requests.Session, repr=False)
    patience: Patience = field(default_factory=Patience, repr=False)

    is_fake = False

    def url(self, endpoint: str, page_id: str | None = None) -> str:
        return f"{self.base_url.rstrip('/')}/pages/{page_id or self.page_id}/{endpoint}"

    def request(
        self,
        method: str,
        endpoint: str,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        page_id: str | None = None,
        with_token: bool = True,
        **kwargs: Any,
    ) -> requests.Response:
        """``target.request("GET", "flows")``: the page's token in ``access-token`` unless told otherwise;
        ``with_token=False`` sends no ``access-token`` header at all."""
        sent = {"access-token": self.token if token is None else token} if with_token else {}
        sent.update(headers or {})
        url = self.url(endpoint, page_id)
        return self.send(method, url, headers=sent, name=f"{method} {endpoint}", **kwargs)

    def send(self, method: str, url: str, *, name: str | None = None, **kwargs: Any) -> requests.Response:
        """One request as the target's ``Patience`` says: paced, and a read tried again after a transient
        answer; against a target the suite did not start, only transient answers skip the test as
        unavailable (a contract is judged only on an answer that is not transient)."""
        name = name or f"{method} {url}"
        patience = self.patience
        retries = patience.retries_for(method)
        for attempt in range(retries + 1):
            patience.wait_turn(at_least_s=patience.backoff_s(attempt) if attempt else 0.0)
            answer = self._once(method, url, **kwargs)
            if not is_transient(answer) or not patience.excuses_transient:
                if isinstance(answer, Exception):
                    raise answer
                return answer
            if attempt < retries:
                waits = max(patience.pause_s, patience.backoff_s(attempt + 1))
                patience.on_retry(Retry(name, attempt + 1, _described(answer), waits))
        if method.upper() in READ_METHODS:
            pytest.skip(f"{UNAVAILABLE}{name} answered {_described(answer)}, {retries + 1} times")
        pytest.skip(f"{UNAVAILABLE}{name} answered {_described(answer)} (a {method} is never sent twice)")

    def _once(self, method: str, url: str, **kwargs: Any) -> requests.Response | Exception:
        try:
            return self.session.request(method, url, timeout=TIMEOUT_S, **kwargs)
        except TRANSIENT_ERRORS as error:
            return error
        finally:
            self.patience.answered()

    def get(self, endpoint: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", endpoint, **kwargs)

    def post(self, endpoint: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", endpoint, **kwargs)

    def account_request(
        self, method: str, endpoint: str, user_token: str | None, **kwargs: Any
    ) -> requests.Response:
        """``target.account_request("GET", "list_page_id", token)``: an integration_page endpoint (under
        the API base, not a page) with ``user-access-token``; ``None`` sends no such header at all."""
        headers = {} if user_token is None else {"user-access-token": user_token}
        url = f"{self.base_url.rstrip('/')}/integration_page/{endpoint}"
        return self.send(method, url, headers=headers, name=f"{method} integration_page/{endpoint}", **kwargs)


@dataclass
class FakeTarget(Target):
    """A ``mock-botcake serve`` this suite started: the public API plus ``/_mock/``."""

    root: str = ""
    process: subprocess.Popen[str] | None = field(default=None, repr=False)

    is_fake = True

    def control(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, f"{self.root}/_mock/{path}", timeout=TIMEOUT_S, **kwargs)

    def sends_count(self, page_id: str | None = None) -> int:
        answer = self.control("GET", f"pages/{page_id or self.page_id}/sends")
        answer.raise_for_status()
        return len(answer.json()["sends"])

    def add_page(self, seed: dict[str, Any]) -> Target:
        """A new page on the fake, as a target of its own."""
        answer = self.control("POST", "pages", json=seed)
        assert answer.status_code == 201, answer.text
        created = answer.json()
        return Target(self.base_url, created["page_id"], created["access_token"], self.session, self.patience)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=READY_TIMEOUT_S)


def start_fake() -> FakeTarget:
    """``mock-botcake serve --port 0 --seed demo`` in a subprocess, ready to answer."""
    served = launch("--seed", "demo")
    session = requests.Session()
    pages = session.get(f"{served.root}/_mock/pages", timeout=TIMEOUT_S).json()["pages"]
    token = next(page["access_token"] for page in pages if page["page_id"] == DEMO_PAGE_ID)
    return FakeTarget(
        served.root + API_PATH, DEMO_PAGE_ID, token, session, root=served.root, process=served.process
    )
