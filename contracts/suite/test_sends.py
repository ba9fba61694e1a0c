"""send_flow and send_content: valid bodies are accepted, everything else is refused and changes nothing.

Every send goes to one subscriber: ``--psid`` against a real target (with ``--allow-sends``).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import currently_in_test_context, event, given
from hypothesis import strategies as st

from mock_botcake.contracts.suite import bodies, pages
from mock_botcake.contracts.suite.expect import answer_of, conforming, refused
from mock_botcake.contracts.suite.plugin import Probe
from mock_botcake.contracts.suite.target import FakeTarget, Target

SEND_FLOW = "POST flows/send_flow"
SEND_CONTENT = "POST flows/send_content"


@pytest.fixture(scope="module")
def live_flows(target: Target) -> list[int]:
    flow_ids = pages.live_flow_ids(pages.flow_tree(target))
    if not flow_ids:
        pytest.skip("the page has no live flow to send")
    return flow_ids


def sends_seen(target: Target) -> int | None:
    """How many sends the fake recorded; None on a real target, which does not say."""
    return target.sends_count() if isinstance(target, FakeTarget) else None


def check_send(target: Target, endpoint: str, body: dict[str, Any], expect_success: bool) -> None:
    if currently_in_test_context():
        event("accepted" if expect_success else "refused")
    before, recorded = pages.observable_state(target), sends_seen(target)
    answer = target.post(endpoint.removeprefix("POST "), json=body)
    if expect_success:
        conforming(answer, endpoint, "responses/send")
        if recorded is not None:
            assert sends_seen(target) == recorded + 1, f"{endpoint}: accepted but not recorded"
        return
    refused(answer, f"{endpoint} {body}")
    if target.is_fake:
        assert answer.status_code == 400, f"{endpoint}: refused with {answer.status_code}"
    assert pages.observable_state(target) == before, f"{endpoint}: refused {body} but the page changed"
    assert sends_seen(target) == recorded, f"{endpoint}: refused {body} but a send was recorded"


@pytest.mark.endpoint(SEND_FLOW)
def test_a_flow_is_sent(target: Target, psid: str, live_flows: list[int]) -> None:
    check_send(target, SEND_FLOW, {"psid": psid, "flow_id": live_flows[0]}, expect_success=True)


@pytest.mark.endpoint(SEND_FLOW)
@given(data=st.data())
def test_generated_flow_sends_succeed_exactly_when_valid_and_known(
    target: Target, psid: str, live_flows: list[int], data: st.DataObject
) -> None:
    body = data.draw(bodies.send_flow_bodies(psid, live_flows))
    valid = bodies.is_valid("requests/send_flow", body) and body["flow_id"] in live_flows
    check_send(target, SEND_FLOW, body, expect_success=valid)


@pytest.mark.endpoint(SEND_FLOW)
def test_a_send_without_flow_id_is_refused(target: Target, psid: str, probe: Probe) -> None:
    answer = target.post("flows/send_flow", json={"psid": psid})
    probe("send-params-wrong", answer_of(answer))


@pytest.mark.endpoint(SEND_FLOW)
def test_a_send_without_a_body_is_refused(target: Target, psid: str, probe: Probe) -> None:
    probe("send-empty-body", answer_of(target.post("flows/send_flow")))


@pytest.mark.endpoint(SEND_FLOW)
def test_a_send_of_a_removed_flow_is_recorded(target: Target, psid: str, probe: Probe) -> None:
    removed = [flow["id"] for flow in pages.flow_tree(target)["flows"] if flow["is_removed"]]
    if not removed:
        pytest.skip("the page lists no removed flow")
    probe(
        "send-removed-flow",
        answer_of(target.post("flows/send_flow", json={"psid": psid, "flow_id": removed[0]})),
    )


@pytest.mark.endpoint(SEND_FLOW)
def test_a_send_of_an_unknown_flow_is_refused(target: Target, psid: str, probe: Probe) -> None:
    tree = pages.flow_tree(target)
    unknown = max([item["id"] for item in tree["flows"] + tree["folders"]], default=0) + 1000
    answer = target.post("flows/send_flow", json={"psid": psid, "flow_id": unknown})
    probe("send-unknown-flow", answer_of(answer))


@pytest.mark.endpoint(SEND_CONTENT)
@given(body=st.sampled_from(bodies.examples("requests/send_content")))
def test_the_documented_contents_are_sent(target: Target, psid: str, body: dict[str, Any]) -> None:
    check_send(target, SEND_CONTENT, {**body, "psid": psid}, expect_success=True)


@pytest.mark.endpoint(SEND_CONTENT)
@given(data=st.data())
def test_generated_contents_succeed_exactly_when_valid(
    target: Target, psid: str, data: st.DataObject
) -> None:
    body = data.draw(bodies.send_content_bodies(psid))
    check_send(target, SEND_CONTENT, body, expect_success=bodies.is_valid("requests/send_content", body))


@pytest.mark.endpoint(SEND_CONTENT)
def test_four_buttons_on_one_message_are_recorded(target: Target, psid: str, probe: Probe) -> None:
    body = copy.deepcopy(bodies.examples("requests/send_content")[0])
    button = {"type": "url", "title": "Open", "url": "https://example.com"}
    body["psid"] = psid
    body["data"]["content"]["messages"][0]["buttons"] = [button] * 4
    probe("send-button-limit", answer_of(target.post("flows/send_content", json=body)))


@pytest.mark.endpoint(SEND_CONTENT)
def test_a_flow_button_to_a_flow_the_page_does_not_have_is_recorded(
    target: Target, psid: str, probe: Probe
) -> None:
    tree = pages.flow_tree(target)
    unknown = max([item["id"] for item in tree["flows"] + tree["folders"]], default=0) + 1000
    message = {
        "type": "text",
        "text": "Pick one",
        "buttons": [{"type": "flow", "title": "See", "flow_id": unknown}],
    }
    body = {"psid": psid, "data": {"version": "v2", "content": {"messages": [message]}}}
    probe("send-content-unknown-flow-button", answer_of(target.post("flows/send_content", json=body)))


@pytest.mark.endpoint(SEND_CONTENT)
def test_a_retired_message_tag_is_recorded(target: Target, psid: str, probe: Probe) -> None:
    body = {
        **bodies.examples("requests/send_content")[0],
        "psid": psid,
        "message_tag": "POST_PURCHASE_UPDATE",
    }
    probe("message-tag-retired", answer_of(target.post("flows/send_content", json=body)))
