"""Keyword create and update: answers fit the schemas, reads see the writes, refusals change nothing.

Writes touch only keywords this suite created itself, so a real page's own keywords are never updated.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from mock_botcake.contracts.suite import bodies, pages
from mock_botcake.contracts.suite.expect import answer_of, conforming, refused
from mock_botcake.contracts.suite.plugin import Probe
from mock_botcake.contracts.suite.target import Target

CREATE = "POST keywords/create"
UPDATE = "POST keywords/update"


def create_keyword(writer: Target) -> dict[str, Any]:
    return conforming(writer.post("keywords/create"), CREATE, "responses/keyword_write")["keyword"]


@pytest.fixture(scope="module")
def own_keyword(writer: Target) -> dict[str, Any]:
    return create_keyword(writer)


@pytest.fixture(scope="module")
def live_flows(target: Target) -> list[int]:
    flow_ids = pages.live_flow_ids(pages.flow_tree(target))
    if not flow_ids:
        pytest.skip("the page has no live flow to point a keyword at")
    return flow_ids


@pytest.mark.endpoint(CREATE)
def test_a_created_keyword_is_new_empty_and_listed(writer: Target, probe: Probe) -> None:
    before = {keyword["id"] for keyword in pages.keywords(writer)}
    created = create_keyword(writer)
    assert created["id"] not in before, f"{CREATE}: id {created['id']} already existed"
    assert created["flow_id"] is None, f"{CREATE}: a new keyword has flow_id {created['flow_id']}"
    listed = {keyword["id"]: keyword for keyword in pages.keywords(writer)}
    assert created["id"] in listed, f"{CREATE}: keyword {created['id']} is not in GET keywords"
    probe("keyword-create-activated", str(listed[created["id"]]["is_activated"]).lower())


@pytest.mark.endpoint(CREATE)
@given(body=st.sampled_from(bodies.examples("requests/keywords_create")))
def test_create_accepts_the_documented_bodies(writer: Target, body: dict[str, Any]) -> None:
    conforming(writer.post("keywords/create", json=body), CREATE, "responses/keyword_write")


@pytest.mark.endpoint(UPDATE)
def test_an_update_is_read_back(writer: Target, own_keyword: dict, live_flows: list[int]) -> None:
    body = {"keyword_id": own_keyword["id"], "update": {"flow_id": live_flows[-1]}}
    answer = conforming(writer.post("keywords/update", json=body), UPDATE, "responses/keyword_write")
    assert answer["keyword"] == {"id": own_keyword["id"], "flow_id": live_flows[-1]}, f"{UPDATE}: {answer}"
    listed = {keyword["id"]: keyword for keyword in pages.keywords(writer)}
    assert listed[own_keyword["id"]]["flow_id"] == live_flows[-1], (
        f"{UPDATE}: GET keywords still says otherwise"
    )


@pytest.mark.endpoint(UPDATE)
def test_an_unknown_keyword_is_not_updated(writer: Target, live_flows: list[int], probe: Probe) -> None:
    before = pages.observable_state(writer)
    unknown = max([keyword["id"] for keyword in before["keywords"]], default=0) + 1000
    answer = writer.post(
        "keywords/update", json={"keyword_id": unknown, "update": {"flow_id": live_flows[0]}}
    )
    probe("keyword-update-unknown-keyword", answer_of(answer))
    assert pages.observable_state(writer) == before


@pytest.mark.endpoint(UPDATE)
def test_an_unknown_flow_is_not_set(writer: Target, own_keyword: dict, probe: Probe) -> None:
    before = pages.observable_state(writer)
    tree = pages.flow_tree(writer)
    unknown = max([item["id"] for item in tree["flows"] + tree["folders"]], default=0) + 1000
    answer = writer.post(
        "keywords/update", json={"keyword_id": own_keyword["id"], "update": {"flow_id": unknown}}
    )
    probe("keyword-update-unknown-flow", answer_of(answer))
    assert pages.observable_state(writer) == before


@pytest.mark.endpoint(UPDATE)
@given(data=st.data())
def test_generated_updates_succeed_exactly_when_valid_and_known(
    writer: Target, own_keyword: dict, live_flows: list[int], data: st.DataObject
) -> None:
    before = pages.observable_state(writer)
    others = {keyword["id"] for keyword in before["keywords"]} - {own_keyword["id"]}
    body = data.draw(
        bodies.keyword_update_bodies(own_keyword["id"], live_flows).filter(
            lambda body: not (isinstance(body.get("keyword_id"), int) and body["keyword_id"] in others)
        )
    )
    answer = writer.post("keywords/update", json=body)
    # Never another keyword of a real page: the filter keeps the suite to the keyword it created.
    valid = bodies.is_valid("requests/keywords_update", body)
    if valid and body["keyword_id"] == own_keyword["id"] and body["update"]["flow_id"] in live_flows:
        event("accepted")
        conforming(answer, UPDATE, "responses/keyword_write")
        return
    event("refused")
    refused(answer, f"{UPDATE} {body}")
    assert pages.observable_state(writer) == before, f"{UPDATE}: refused {body} but the page changed"
