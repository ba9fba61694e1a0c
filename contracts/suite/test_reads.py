"""Every read endpoint answers 200 with a body that fits its response schema."""

from __future__ import annotations

import pytest

from mock_botcake.contracts.suite import pages
from mock_botcake.contracts.suite.expect import conforming
from mock_botcake.contracts.suite.target import Target


@pytest.mark.endpoint("GET flows")
def test_flows_fit_the_schema(target: Target) -> None:
    conforming(target.get("flows"), "GET flows", "responses/flows")


@pytest.mark.endpoint("GET flows")
def test_every_parent_of_the_flow_tree_is_a_folder_of_the_page(target: Target) -> None:
    tree = pages.flow_tree(target)
    folder_ids = {folder["id"] for folder in tree["folders"]}
    orphans = [
        item["id"] for item in tree["folders"] + tree["flows"] if item["parent_id"] not in folder_ids | {None}
    ]
    assert not orphans, f"GET flows: items whose parent_id is not a folder of the page: {orphans}"


@pytest.mark.endpoint("GET keywords")
def test_keywords_fit_the_schema(target: Target) -> None:
    conforming(target.get("keywords"), "GET keywords", "responses/keywords")


@pytest.mark.endpoint("GET ice_breaker")
def test_ice_breakers_fit_the_schema(target: Target) -> None:
    conforming(target.get("ice_breaker"), "GET ice_breaker", "responses/ice_breaker")


@pytest.mark.endpoint("GET main_menu")
def test_main_menu_fits_the_schema(target: Target) -> None:
    conforming(target.get("main_menu"), "GET main_menu", "responses/main_menu")


@pytest.mark.endpoint("GET tools")
def test_tools_fit_the_schema(target: Target) -> None:
    conforming(target.get("tools"), "GET tools", "responses/tools")


@pytest.mark.endpoint("GET flows/{flow_id}/statistics")
def test_statistics_of_every_live_flow_fit_the_schema(target: Target) -> None:
    flow_ids = pages.live_flow_ids(pages.flow_tree(target))[: pages.MAX_FLOWS_READ]
    if not flow_ids:
        pytest.skip("the page has no live flows")
    for flow_id in flow_ids:
        pages.statistics(target, flow_id)


@pytest.mark.endpoint("GET get_list_tag")
def test_tags_fit_the_schema(target: Target) -> None:
    conforming(target.get("get_list_tag"), "GET get_list_tag", "responses/tags")
