"""The server under test: a base URL, a page and its token, spoken to over real HTTP with requests.

``Target`` is the public API only. ``FakeTarget`` adds the fake's control plane (seeding pages,
reading recorded sends); tests that need it ask for it and are skipped against any other target.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from typing import Any

import requests

from mock_botcake.serving.launch import READY_TIMEOUT_S, launch

TIMEOUT_S = 30
API_PATH = "/api/public_api/v1"
DEMO_PAGE_ID = "113045297552223"


@dataclass
class Target:
    """A Botcake-compatible API: ``base_url`` ends with ``/api/public_api/v1``."""

    base_url: str
    page_id: str
    token: str
    session: requests.Session = field(default_factory=requests.Session, repr=False)

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
        **kwargs: Any,
    ) -> requests.Response:
        """``target.request("GET", "flows")``: the page's token in ``access-token`` unless told otherwise."""
        sent = {"access-token": self.token if token is None else token}
        sent.update(headers or {})
        return self.session.request(
            method, self.url(endpoint, page_id), headers=sent, timeout=TIMEOUT_S, **kwargs
        )

    def get(self, endpoint: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", endpoint, **kwargs)

    def post(self, endpoint: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", endpoint, **kwargs)


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
        return Target(self.base_url, created["page_id"], created["access_token"], self.session)

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
