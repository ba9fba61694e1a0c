"""`serving.server.serve_in_background`: the app on granian in a thread, for in-process fixtures."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator

import pytest
import requests

from mock_botcake.app import create_app
from mock_botcake.serving.server import BackgroundServer, PortUnavailable, new_event_loop, serve_in_background
from mock_botcake.store import Store

from .helpers import API, SHOP_ID


@pytest.fixture
def background(store: Store) -> Iterator[BackgroundServer]:
    served = serve_in_background(create_app(store))
    yield served
    served.stop()


def test_it_serves_on_a_free_port_that_it_reports(background):
    assert background.port > 0
    assert background.base_url == f"http://127.0.0.1:{background.port}"
    assert requests.get(f"{background.base_url}/_mock/health", timeout=5).json() == {"status": "ok"}


def test_it_serves_the_same_store_the_caller_holds(background, store, shop):
    response = requests.post(
        f"{background.base_url}{API}/pages/{SHOP_ID}/keywords/create",
        headers={"access-token": shop.token},
        timeout=5,
    )
    assert response.status_code == 200
    assert response.json()["keyword"]["id"] in [keyword["id"] for keyword in store.keywords(SHOP_ID)]


def test_stop_closes_the_port_and_ends_the_thread_even_with_a_connection_open(background):
    session = requests.Session()  # keeps its connection alive after the request
    assert session.get(f"{background.base_url}/_mock/health", timeout=5).ok
    background.stop()
    assert not background.thread.is_alive()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{background.base_url}/_mock/health", timeout=5)


def test_a_taken_port_is_refused_with_port_unavailable(store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortUnavailable, match=f"cannot listen on 127.0.0.1:{port}"):
            serve_in_background(create_app(store), port=port)


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop is not built for Windows")
def test_it_runs_on_uvloop_where_uvloop_is_installed(background):
    import uvloop

    assert isinstance(background.loop, uvloop.Loop)


def test_without_uvloop_it_falls_back_to_asyncios_own_loop(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvloop", None)  # what `import uvloop` meets where it is missing
    loop = new_event_loop()
    try:
        assert type(loop).__module__.startswith("asyncio")
    finally:
        loop.close()
