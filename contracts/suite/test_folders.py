"""Every folder of GET flows is reached by its path, and lists exactly its direct children."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_botcake.contracts.suite import pages
from mock_botcake.contracts.suite.expect import conforming
from mock_botcake.contracts.suite.target import FakeTarget, Target

ENDPOINT = "GET flows/{path}"
MAX_FOLDERS_READ = 30


def children_of(tree: dict[str, list[dict[str, Any]]], folder_id: int) -> dict[str, set[int]]:
    return {kind: {item["id"] for item in tree[kind] if item["parent_id"] == folder_id} for kind in tree}


def listed(answer: dict[str, Any]) -> dict[str, set[int]]:
    return {kind: {item["id"] for item in answer["data"][kind]} for kind in ("folders", "flows")}


def assert_every_folder_lists_its_children(target: Target) -> None:
    tree = pages.flow_tree(target)
    for folder in tree["folders"][:MAX_FOLDERS_READ]:
        literal = pages.path_literal(pages.folder_path(tree["folders"], folder["id"]))
        answer = conforming(target.get(f"flows/{literal}"), ENDPOINT, "responses/flows_by_path")
        expected = children_of(tree, folder["id"])
        assert listed(answer) == expected, (
            f"{ENDPOINT} {literal}: listed {listed(answer)}, GET flows says {expected}"
        )


@pytest.mark.endpoint(ENDPOINT)
def test_each_folder_of_the_page_lists_exactly_its_children(target: Target) -> None:
    if not pages.flow_tree(target)["folders"]:
        pytest.skip("the page has no folders")
    assert_every_folder_lists_its_children(target)


@st.composite
def folder_trees(draw: st.DrawFn) -> dict[str, Any]:
    """A page seed whose folders form a random forest, with flows scattered among them."""
    count = draw(st.integers(min_value=1, max_value=8))
    folders: list[dict[str, Any]] = []
    for index in range(count):
        parent = draw(st.sampled_from([None, *[folder["id"] for folder in folders]]))
        folders.append({"id": 100 + index, "name": f"folder {index}", "parent_id": parent})
    homes = st.sampled_from([None, *[folder["id"] for folder in folders]])
    flows = [
        {
            "id": 500 + index,
            "name": f"flow {index}",
            "parent_id": draw(homes),
            "is_removed": draw(st.booleans()),
        }
        for index in range(draw(st.integers(min_value=0, max_value=8)))
    ]
    return {"folders": draw(st.permutations(folders)), "flows": flows}


@pytest.mark.endpoint(ENDPOINT)
@given(seed=folder_trees())
def test_generated_folder_trees_are_reachable_folder_by_folder(
    fake: FakeTarget, seed: dict[str, Any]
) -> None:
    assert_every_folder_lists_its_children(fake.add_page(seed))
