"""GET ice_breaker, GET main_menu, GET tools."""

from __future__ import annotations


def test_ice_breaker_lists_the_pages_ice_breakers(call):
    assert call("GET", "ice_breaker").get_json() == {
        "data": [{"id": 648, "flow_id": 1559, "title": "What are your opening hours?"}],
        "success": True,
    }


def test_main_menu_lists_flow_items_with_flow_id_and_link_items_with_url(call):
    items = call("GET", "main_menu").get_json()["data"]
    assert items[0] == {"id": 1095, "title": "Talk to us", "type": "flow", "flow_id": 1560}
    assert items[1] == {"id": 1119, "title": "Our website", "type": "link", "url": "https://shop.example.com"}


def test_tools_lists_the_pages_growth_tools(call):
    body = call("GET", "tools").get_json()
    assert body["success"] is True
    assert [tool["id"] for tool in body["data"]] == [5570, 5573, 5641]
    assert body["data"][2] == {
        "id": 5641,
        "name": "teasdfasdf",
        "type": "facebook_ads_json",
        "is_published": False,
    }


def test_a_page_without_settings_answers_empty_lists(call, whatsapp):
    for endpoint in ("ice_breaker", "main_menu", "tools"):
        assert call("GET", endpoint, page=whatsapp).get_json()["data"] == []
