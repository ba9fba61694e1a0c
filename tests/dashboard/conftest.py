"""A real ``mock-botcake serve`` and a headless Chromium (see chromium.py) driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from ..helpers import API, SHOP_ID
from ..servers import Served, start, stop
from .chromium import NoChromium, find_chromium

# Flags that keep Chromium quiet, offline and sandbox-free (CI runs as root in a container).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's `expect` waits up to this long for a condition: generous for a slow shared machine,
# while a passing check returns as soon as it holds.
WAIT_MS = 10_000


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        try:
            executable = find_chromium(playwright.chromium)
        except NoChromium as error:
            if os.environ.get("CI"):
                pytest.fail(f"{error} (.ci/setup.d/40-chromium.sh installs one)")
            pytest.skip(str(error))
        # launch() gives Chromium a fresh temporary user-data dir; each test also opens its own
        # context (below), so no cookie, storage or permission leaks from one test to the next.
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    server = start("--seed", "demo")
    yield server
    stop(server)


@pytest.fixture
def fake(served: Served) -> Iterator[Fake]:
    """The served fake, back at its demo state before each test."""
    requests.post(f"{served.root}/_mock/reset", timeout=5).raise_for_status()
    yield Fake(served)


@pytest.fixture
def page(browser: Any, fake: Fake) -> Iterator[Any]:
    """A fresh browser tab (own context) with every dialog and window.alert call recorded."""
    # Light, whatever the machine prefers: the README's screenshot should not change colour by host.
    context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme="light")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=fake.root)
    context.add_init_script(
        "window.__alerts = [];"
        "for (const name of ['alert', 'confirm', 'prompt'])"
        "  window[name] = (...args) => { window.__alerts.push([name, ...args].join(' ')); };"
    )
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()


class Fake:
    """The test's hands on the served fake: the API with the shop's token, and the control plane."""

    def __init__(self, served: Served) -> None:
        self.root = served.root
        self.shop_token = served.token_of(SHOP_ID)

    def api(
        self,
        endpoint: str,
        body: dict[str, Any],
        page_id: str = SHOP_ID,
        token: str | None = None,
        expect_status: int = 200,
    ) -> None:
        response = requests.post(
            f"{self.root}{API}/pages/{page_id}/{endpoint}",
            json=body,
            headers={"access-token": token or self.shop_token},
            timeout=5,
        )
        assert response.status_code == expect_status, response.text

    def send_flow(self, psid: str, flow_id: int, **kwargs: Any) -> None:
        self.api("flows/send_flow", {"psid": psid, "flow_id": flow_id}, **kwargs)

    def send_content(self, psid: str, content: dict[str, Any], **kwargs: Any) -> None:
        self.api(
            "flows/send_content", {"psid": psid, "data": {"version": "v2", "content": content}}, **kwargs
        )

    def add_fault(self, rule: dict[str, Any]) -> None:
        response = requests.post(f"{self.root}/_mock/faults", json=rule, timeout=5)
        assert response.status_code == 201, response.text

    def add_page(self, seed: dict[str, Any]) -> dict[str, str]:
        response = requests.post(f"{self.root}/_mock/pages", json=seed, timeout=5)
        assert response.status_code == 201, response.text
        return response.json()
