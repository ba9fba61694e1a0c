"""``with serve_botcake() as botcake``: a fake on a real HTTP server on a free port, from a thread, for
clients that do not go through ``requests``; the port is free again when the block ends."""

from __future__ import annotations

import json
import socket
import threading
import urllib.request
from types import SimpleNamespace

import httpx
import pytest

from mock_botcake.embedded import Botcake, ServerNotReady, current_botcake, serve_botcake
from mock_botcake.embedded.live import wait_until_answering
from mock_botcake.serving.server import PortUnavailable

from .routing import FLOW, requests_is_routed

# Straight to the server, whatever HTTP_PROXY the environment sets.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def post_json(url: str, body: dict, headers: dict[str, str]) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={**headers, "content-type": "application/json"}
    )
    with DIRECT.open(request, timeout=10) as answer:
        return answer.status, json.load(answer)


def port_of(botcake: Botcake) -> int:
    return int(botcake.root_url.rsplit(":", 1)[1])


def test_the_block_hands_over_the_handle_with_the_server_s_base_url():
    with serve_botcake() as botcake:
        assert botcake.base_url == f"{botcake.root_url}/api/public_api/v1"
        assert botcake.root_url.startswith("http://127.0.0.1:") and port_of(botcake) > 0


def test_a_real_http_client_sends_a_flow_the_handle_then_sees():
    with serve_botcake() as botcake:
        page = botcake.add_page(flows=[FLOW])

        status, body = post_json(page.url("flows/send_flow"), {"psid": "c-1", "flow_id": 1559}, page.headers)

        assert (status, body) == (200, {"success": True})
        botcake.assert_flow_sent(psid="c-1", flow_id=1559, times=1)


def test_httpx_reads_the_seeded_demo_pages():
    with serve_botcake(seed="demo") as botcake:
        page = botcake.page("113045297552223")

        with httpx.Client(base_url=botcake.base_url, headers=page.headers, trust_env=False) as client:
            flows = client.get(f"/pages/{page.page_id}/flows").json()["data"]["flows"]

        assert any(flow["id"] == 1559 for flow in flows)


def test_the_server_answers_requests_from_other_threads_at_once():
    with serve_botcake() as botcake:
        health = f"{botcake.root_url}/_mock/health"
        answers: list[int] = []

        def probe() -> None:
            with DIRECT.open(health, timeout=10) as answer:
                answers.append(answer.status)

        threads = [threading.Thread(target=probe) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)

        assert answers == [200] * 4


def test_requests_is_not_patched_by_a_live_block():
    with serve_botcake():
        assert not requests_is_routed()


def test_the_handle_is_the_current_botcake_while_the_block_runs():
    with serve_botcake() as botcake:
        assert current_botcake() is botcake


def test_each_block_starts_from_its_seed():
    with serve_botcake() as first:
        first.add_page()
    with serve_botcake() as second:
        assert second.pages == []


def refuses_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


def test_the_port_is_closed_and_free_again_once_the_block_ends():
    with serve_botcake() as botcake:
        port = port_of(botcake)
        with DIRECT.open(f"{botcake.root_url}/_mock/health", timeout=10) as answer:
            assert answer.status == 200

    assert refuses_connections(port)
    socket.create_server(("127.0.0.1", port)).close()  # bindable: nothing holds it


def test_an_exception_in_the_block_goes_on_and_the_port_is_freed():
    with pytest.raises(RuntimeError, match="client broke"), serve_botcake() as botcake:
        port = port_of(botcake)
        raise RuntimeError("client broke")

    assert refuses_connections(port)


def test_a_taken_port_is_refused_before_any_block_runs():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]

        with pytest.raises(PortUnavailable, match=str(port)), serve_botcake(port=port):
            pass  # pragma: no cover - the block never starts


def test_readiness_gives_up_with_the_reason_when_the_server_never_answers():
    # A socket that listens but is never served: each probe waits in its backlog until it times out.
    with socket.create_server(("127.0.0.1", 0)) as silent:
        server = SimpleNamespace(
            base_url=f"http://127.0.0.1:{silent.getsockname()[1]}", thread=threading.current_thread()
        )

        with pytest.raises(ServerNotReady, match=r"did not answer 200 within 0\.5 s"):
            wait_until_answering(server, within_s=0.5)


def test_readiness_stops_at_once_when_the_server_thread_has_ended():
    ended = threading.Thread(target=lambda: None)
    ended.start()
    ended.join()
    server = SimpleNamespace(base_url="http://127.0.0.1:9", thread=ended)

    with pytest.raises(ServerNotReady, match="thread ended"):
        wait_until_answering(server, within_s=30)
