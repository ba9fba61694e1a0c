"""``@mock_botcake()`` on a function: each call runs against a fake of its own, reached through
``current_botcake()``; ``requests`` is routed only while the call runs."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from mock_botcake.embedded import current_botcake, mock_botcake

from .routing import FLOW, requests_is_routed, send_flow


def test_a_decorated_function_sends_through_its_fake():
    @mock_botcake()
    def order_paid() -> dict:
        page = current_botcake().add_page(flows=[FLOW])
        answer = send_flow(page, psid="c-1").json()
        current_botcake().assert_flow_sent(psid="c-1", times=1)
        return answer

    assert order_paid() == {"success": True}


def test_each_call_starts_from_the_seed():
    @mock_botcake()
    def add_a_page_and_count() -> int:
        current_botcake().add_page()
        return len(current_botcake().pages)

    assert [add_a_page_and_count(), add_a_page_and_count()] == [1, 1]


def test_the_decorator_takes_the_seed():
    @mock_botcake(seed="demo")
    def page_ids() -> list[str]:
        return [page.page_id for page in current_botcake().pages]

    assert "113045297552223" in page_ids()


def test_the_decorator_works_without_parentheses_as_moto_s_does():
    @mock_botcake
    def routed() -> bool:
        return requests_is_routed()

    assert routed() is True


def test_the_decorated_function_keeps_its_name_arguments_and_answer():
    @mock_botcake()
    def greet(name: str, *, punctuation: str = "!") -> str:
        """Says hello."""
        return f"hello {name}{punctuation}"

    assert greet("Ann", punctuation="?") == "hello Ann?"
    assert (greet.__name__, greet.__doc__) == ("greet", "Says hello.")


def test_an_exception_in_the_function_goes_on_and_requests_is_routed_back():
    @mock_botcake()
    def fails() -> None:
        raise ValueError("no luck")

    with pytest.raises(ValueError, match="no luck"):
        fails()

    assert not requests_is_routed()


def test_a_decorated_coroutine_function_keeps_its_fake_while_it_runs():
    @mock_botcake()
    async def routed_after_a_pause() -> bool:
        await asyncio.sleep(0)  # a real await: the fake must outlive the coroutine's creation
        return requests_is_routed()

    # In a thread of its own: a test run earlier in this process may leave an event loop running here.
    with ThreadPoolExecutor(max_workers=1) as thread:
        assert thread.submit(asyncio.run, routed_after_a_pause()).result(timeout=30) is True
    assert not requests_is_routed()


def test_a_seed_given_without_its_name_is_refused_with_how_to_give_it():
    with pytest.raises(TypeError, match=r"mock_botcake\(seed='demo'\)"):
        mock_botcake("demo")


def test_something_neither_a_function_nor_a_class_is_refused():
    with pytest.raises(TypeError, match="decorates a function or a class"):
        mock_botcake()(42)
