"""Paths: slashes, unknown routes, flows by path given as a query, a bare id, or nonsense."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
import requests
from hypothesis import assume, given
from hypothesis import strategies as st

from mock_botcake.contracts.suite import pages
from mock_botcake.contracts.suite.expect import answer_of, conforming, refused
from mock_botcake.contracts.suite.plugin import Probe
from mock_botcake.contracts.suite.target import Target
from mock_botcake.wire import schemas

PATH_ENDPOINT = "GET flows/{path}"
PATH_PATTERN = schemas.definition("common", "flow_path")["pattern"]


@pytest.mark.endpoint("GET flows")
def test_a_trailing_slash_is_the_same_route(target: Target, probe: Probe) -> None:
    answer = target.get("flows/")
    probe("route-trailing-slash", answer_of(answer))


@pytest.mark.endpoint("GET flows")
def test_a_doubled_slash_is_the_same_route(target: Target, probe: Probe) -> None:
    url = target.url("flows").replace("/pages/", "//pages/")
    answer = target.send("GET", url, headers={"access-token": target.token}, name="GET v1//pages/.../flows")
    probe("route-double-slash", answer_of(answer))


@pytest.mark.endpoint("(routing)")
def test_the_misspelt_ketwords_route_is_recorded(target: Target, probe: Probe) -> None:
    probe("route-unknown", answer_of(target.get("ketwords")))


@pytest.mark.endpoint(PATH_ENDPOINT)
def test_a_path_given_as_a_query_parameter_is_recorded(target: Target, probe: Probe) -> None:
    tree = pages.flow_tree(target)
    if not tree["folders"]:
        pytest.skip("the page has no folders")
    folder = tree["folders"][0]
    path = pages.folder_path(tree["folders"], folder["id"])
    answer = target.get("flows", params={"path": pages.path_literal(path)})
    probe("flows-path-query", _what_was_listed(answer, tree, folder["id"]))


def _what_was_listed(answer: requests.Response, tree: dict, folder_id: int) -> str:
    """An error as it came, or which items a successful answer listed: the folder's children or all."""
    text = answer_of(answer)
    if text != "200 success" or schemas.problems("responses/flows_by_path", answer.json()):
        return text
    ids = {item["id"] for kind in ("folders", "flows") for item in answer.json()["data"][kind]}
    children = {
        item["id"] for kind in ("folders", "flows") for item in tree[kind] if item["parent_id"] == folder_id
    }
    everything = {item["id"] for kind in ("folders", "flows") for item in tree[kind]}
    return "children" if ids == children else "whole tree" if ids == everything else "something else"


@pytest.mark.endpoint(PATH_ENDPOINT)
def test_a_bare_flow_id_is_not_a_path(target: Target, probe: Probe) -> None:
    flows = pages.flow_tree(target)["flows"]
    if not flows:
        pytest.skip("the page has no flows")
    probe("flows-path-bare-id", answer_of(target.get(f"flows/{flows[0]['id']}")))


@pytest.mark.endpoint(PATH_ENDPOINT)
def test_an_unknown_folder_is_not_a_path(target: Target, probe: Probe) -> None:
    tree = pages.flow_tree(target)
    unknown = max([item["id"] for item in tree["folders"] + tree["flows"]], default=0) + 1
    probe("flows-path-unknown-folder", answer_of(target.get(f"flows/[{unknown}]")))


@pytest.mark.endpoint("GET flows/{flow_id}/statistics")
def test_statistics_of_an_unknown_flow_are_not_a_success(target: Target, probe: Probe) -> None:
    tree = pages.flow_tree(target)
    unknown = max([item["id"] for item in tree["folders"] + tree["flows"]], default=0) + 1
    probe("statistics-unknown-flow", answer_of(target.get(f"flows/{unknown}/statistics")))


malformed_paths = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40),
    st.lists(st.integers(min_value=-5, max_value=10**20), max_size=4).map(
        lambda ids: "(" + ",".join(map(str, ids))
    ),
    st.integers(min_value=1, max_value=10**6).map(str),
)


@pytest.mark.endpoint(PATH_ENDPOINT)
@given(literal=malformed_paths)
def test_malformed_paths_are_refused(target: Target, literal: str) -> None:
    assume(not re.fullmatch(PATH_PATTERN, literal) and literal.strip() not in ("", ".", ".."))
    answer = target.get("flows/" + quote(literal, safe=""))
    if target.is_fake:
        refused(answer, f"{PATH_ENDPOINT} {literal!r}")
    else:
        assert answer_of(answer) != "200 success", f"{PATH_ENDPOINT} {literal!r} answered a success"


@pytest.mark.endpoint(PATH_ENDPOINT)
@given(data=st.data())
def test_a_path_is_answered_only_when_it_chains_from_the_root(target: Target, data: st.DataObject) -> None:
    tree = pages.flow_tree(target)
    folders = tree["folders"]
    assume(folders)
    path = data.draw(st.lists(st.sampled_from([folder["id"] for folder in folders]), min_size=1, max_size=4))
    if not target.is_fake:
        # What a real server does with a broken chain is unknown (fidelity 7.3): ask only real paths.
        path = pages.folder_path(folders, path[-1])
    answer = target.get(f"flows/{pages.path_literal(path)}")
    if path == pages.folder_path(folders, path[-1]):
        conforming(answer, PATH_ENDPOINT, "responses/flows_by_path")
    else:
        refused(answer, f"{PATH_ENDPOINT} {path}")
