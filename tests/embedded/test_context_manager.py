"""``with mock_botcake() as botcake``: the fixture's handle, outside pytest's fixtures; blocks nest, and
``requests`` is routed back as it was when a block ends, by an exception too."""

from __future__ import annotations

import subprocess
import sys

import pytest
import requests

from mock_botcake.embedded import Botcake, NoActiveBotcake, current_botcake, mock_botcake, serve_botcake

from .routing import FLOW, requests_is_routed, send_flow


def test_the_block_hands_over_the_fixtures_handle_at_the_real_url():
    with mock_botcake() as botcake:
        assert isinstance(botcake, Botcake)
        assert botcake.base_url == "https://botcake.io/api/public_api/v1"


def test_a_requests_call_to_botcake_io_reaches_the_blocks_fake():
    with mock_botcake() as botcake:
        page = botcake.add_page(flows=[FLOW])

        answer = send_flow(page, psid="c-1")

        assert answer.json() == {"success": True}
        botcake.assert_flow_sent(psid="c-1", flow_id=FLOW["id"], times=1)
        assert [entry["status"] for entry in botcake.requests] == [200]


def test_each_block_starts_from_its_seed_with_nothing_of_the_block_before():
    with mock_botcake() as first:
        send_flow(first.add_page(flows=[FLOW]))
    with mock_botcake() as second:
        assert second.pages == []
        assert second.requests == []


def test_the_demo_seed_gives_the_demo_pages():
    with mock_botcake(seed="demo") as botcake:
        page = botcake.page("113045297552223")

        flows = requests.get(page.url("flows"), headers=page.headers).json()["data"]

        assert any(flow["id"] == 1559 for flow in flows["flows"])


def test_a_seed_file_is_read_relative_to_the_working_folder(tmp_path, monkeypatch):
    (tmp_path / "shop.json").write_text('{"page_id": "1000", "name": "Seeded shop", "flows": []}')
    monkeypatch.chdir(tmp_path)

    with mock_botcake(seed="shop.json") as botcake:
        assert [page.page_id for page in botcake.pages] == ["1000"]


def test_a_seed_that_cannot_be_loaded_says_why_and_routes_nothing(tmp_path):
    from mock_botcake.embedded import SeedError

    with pytest.raises(SeedError, match=r"missing\.json"), mock_botcake(seed=tmp_path / "missing.json"):
        pass  # pragma: no cover - the block never starts

    assert not requests_is_routed()


def test_requests_is_routed_only_while_the_block_runs():
    assert not requests_is_routed()
    with mock_botcake():
        assert requests_is_routed()
    assert not requests_is_routed()


def test_an_exception_in_the_block_goes_on_and_requests_is_routed_back():
    with pytest.raises(ZeroDivisionError), mock_botcake():
        1 / 0  # noqa: B018 - the exception is the point

    assert not requests_is_routed()


def test_an_inner_block_answers_with_its_own_fake_then_the_outer_one_answers_again():
    with mock_botcake() as outer:
        outer_page = outer.add_page(page_id="1", flows=[FLOW])
        with mock_botcake() as inner:
            inner_page = inner.add_page(page_id="2", flows=[FLOW])
            assert send_flow(inner_page, psid="to-inner").json() == {"success": True}
            assert send_flow(outer_page).status_code == 401  # the inner fake has no page 1

        assert send_flow(outer_page, psid="to-outer").json() == {"success": True}

        outer.assert_flow_sent(psid="to-outer", times=1)
        outer.assert_flow_sent(psid="to-inner", times=0)
        inner.assert_flow_sent(psid="to-inner", times=1)
    assert not requests_is_routed()


def test_an_exception_leaving_an_inner_block_routes_back_to_the_outer_fake():
    with mock_botcake() as outer:
        page = outer.add_page(flows=[FLOW])
        with pytest.raises(RuntimeError, match="in the inner block"), mock_botcake():
            raise RuntimeError("in the inner block")

        assert send_flow(page).json() == {"success": True}
        assert current_botcake() is outer


def test_other_hosts_pass_through_to_the_network_inside_nested_blocks():
    # A live fake on 127.0.0.1 stands for "another host": requests must reach it for real.
    with serve_botcake() as elsewhere:
        health = elsewhere.root_url + "/_mock/health"
        with mock_botcake():
            with mock_botcake():
                assert requests.get(health, timeout=10).json() == {"status": "ok"}
            assert requests.get(health, timeout=10).json() == {"status": "ok"}


def test_the_handle_is_the_current_botcake_inside_the_block_only():
    with mock_botcake() as botcake:
        assert current_botcake() is botcake
    with pytest.raises(NoActiveBotcake, match="inside the decorated function or the with-block"):
        current_botcake()


def test_one_mock_object_can_open_a_block_inside_its_own_block():
    mock = mock_botcake()
    with mock as outer, mock as inner:
        assert inner is not outer
        assert current_botcake() is inner
    assert not requests_is_routed()


def test_the_fixtures_route_is_back_after_a_block_inside_a_botcake_test(botcake):
    page = botcake.add_page(flows=[FLOW])
    with mock_botcake():
        pass

    assert send_flow(page, psid="after").json() == {"success": True}
    botcake.assert_flow_sent(psid="after")


WITHOUT_RESPONSES = """
import sys
sys.modules["responses"] = None
from mock_botcake.embedded import mock_botcake
try:
    with mock_botcake():
        pass
except ImportError as error:
    print(error)
"""


def test_without_responses_the_block_says_what_to_install():
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_RESPONSES], capture_output=True, text=True, timeout=120, check=True
    )

    assert "pip install 'mock-botcake[inprocess]'" in done.stdout, done.stdout + done.stderr


def test_an_httpx_call_to_botcake_io_in_the_block_fails_at_once_pointing_at_serve_botcake():
    import httpx

    with mock_botcake(), pytest.raises(httpx.ConnectError, match=r"serve_botcake\(\)"):
        httpx.get("https://botcake.io/api/public_api/v1/pages/1/flows")
