"""The store's reads for overviews (the dashboard): the latest sends, every flow's statistics at once."""

from __future__ import annotations

import pytest

from mock_botcake.store import PageNotFound

from ..helpers import SHOP_ID, WHATSAPP_ID


def test_latest_sends_are_the_last_ones_oldest_first(store):
    for n in range(5):
        store.record_flow_send(SHOP_ID, str(n), 1559, None)
    ids = [send["id"] for send in store.sends(SHOP_ID)][-5:]
    store.record_flow_send(WHATSAPP_ID, "x", store.flow_tree(WHATSAPP_ID)["flows"][0]["id"], None)
    assert [send["id"] for send in store.latest_sends(SHOP_ID, 3)] == ids[2:]
    assert [send["id"] for send in store.latest_sends(SHOP_ID, 50)] == ids


def test_latest_sends_of_a_page_without_sends_is_empty(store):
    assert store.latest_sends(SHOP_ID, 10) == []


def test_latest_sends_of_an_unknown_page_is_refused(store):
    with pytest.raises(PageNotFound):
        store.latest_sends("nope", 10)


def test_page_flow_statistics_are_the_per_flow_statistics_of_every_counted_flow(store):
    store.record_flow_send(SHOP_ID, "1", 1565, None)
    every = store.page_flow_statistics(SHOP_ID)
    assert every
    assert every[1565]["sent"] == 1
    for flow_id, statistics in every.items():
        assert statistics == store.flow_statistics(SHOP_ID, flow_id)
