"""Shared fixtures: a demo-seeded store, the app over it, and helpers that read as specifications."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from werkzeug.test import TestResponse

from mock_botcake.app import create_app
from mock_botcake.seeds import build_store
from mock_botcake.store import Store

from .helpers import API, SHOP_ID, WHATSAPP_ID, Page

# pytester runs the pytest plugin's own tests (tests/plugin/) in throwaway projects.
pytest_plugins = ["pytester"]

settings.register_profile(
    "ci", max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=40, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def store() -> Iterator[Store]:
    store, _ = build_store("demo")
    yield store
    store.db.close()


@pytest.fixture
def client(store: Store) -> FlaskClient:
    return create_app(store).test_client()


def _page(store: Store, page_id: str) -> Page:
    token = next(p["access_token"] for p in store.list_pages() if p["page_id"] == page_id)
    return Page(page_id, token)


@pytest.fixture
def shop(store: Store) -> Page:
    """The demo Messenger page, with the S1 folder tree 1561 > 1564, 1562 > 1566."""
    return _page(store, SHOP_ID)


@pytest.fixture
def whatsapp(store: Store) -> Page:
    return _page(store, WHATSAPP_ID)


Call = Callable[..., TestResponse]


@pytest.fixture
def call(client: FlaskClient, shop: Page) -> Call:
    """``call("GET", "flows")``: an API request to the shop page with its token, unless told otherwise."""

    def call(
        method: str,
        endpoint: str,
        *,
        page: Page = shop,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> TestResponse:
        sent_headers = {"access-token": page.token if token is None else token}
        if token == "":
            sent_headers = {}
        sent_headers.update(headers or {})
        return client.open(
            f"{API}/pages/{page.page_id}/{endpoint}", method=method, headers=sent_headers, **kwargs
        )

    return call
