"""Properties of fault rules over generated rules of every kind (precise matches, scenarios): a fault that
answers or drops before the handler never changes state; one after the write never loses it; a request
no rule fires on is answered as usual."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mock_botcake.app import create_app
from mock_botcake.seeds import build_store
from mock_botcake.web.drop import ConnectionDropped
from mock_botcake.wire.schemas import problems

from ..helpers import API, SHOP_ID, WHATSAPP_ID

SEND = {"psid": "42", "flow_id": 1559}
# Network faults that send no answer of the app's, so the handler never runs before them.
NO_ANSWER = ("empty", "reset", "malformed")

matches = st.fixed_dictionaries(
    {},
    optional={
        "method": st.sampled_from(["GET", "POST", "DELETE"]),
        "path": st.sampled_from(["*", "flows/*", "flows/send_flow", "flows/send_*", "keywords/*", "tools"]),
        "page_id": st.sampled_from([SHOP_ID, WHATSAPP_ID]),
        "query": st.sampled_from([{}, {"page": "*"}]),
        "headers": st.sampled_from([{}, {"Content-Type": "application/json*"}, {"x-absent": "*"}]),
        "body": st.sampled_from([{}, {"psid": "42"}, {"psid": "43"}, {"payload": {"a": 1}}]),
    },
)
answers = st.fixed_dictionaries(
    {},
    optional={
        "status": st.integers(200, 599),
        "body": st.one_of(st.none(), st.integers(), st.text(max_size=5), st.just({"success": False})),
        "delay_ms": st.sampled_from([0, 1]),
        "drop_connection": st.booleans(),
        "fault": st.sampled_from(["empty", "malformed", "reset", "truncated", "slow"]),
    },
).filter(bool)
scenarios = st.fixed_dictionaries(
    {"responses": st.lists(st.one_of(answers, st.just({"pass": True})), min_size=1, max_size=3)},
    optional={"after_last": st.sampled_from(["repeat", "pass"])},
)
actions = st.one_of(answers, scenarios)
rules = st.fixed_dictionaries(
    {"action": actions},
    optional={
        "match": matches,
        "times": st.integers(1, 3),
        "probability": st.floats(0, 1),
        "seed": st.integers(0, 2**32),
        "after_write": st.booleans(),
    },
).filter(lambda rule: not problems("control/fault_rule", rule))  # the schema decides what a rule is


def send_with(rule: dict) -> tuple[list[dict], int, object, int]:
    """Send one flow under ``rule``; answers the sends before it, the status (0: dropped), the body
    and how many times the rule fired."""
    assert problems("control/fault_rule", rule) == []
    store, _ = build_store("demo")
    token = next(p["access_token"] for p in store.list_pages() if p["page_id"] == SHOP_ID)
    client = create_app(store, fault_rules=[rule]).test_client()
    try:
        response = client.post(
            f"{API}/pages/{SHOP_ID}/flows/send_flow", headers={"access-token": token}, json=SEND
        )
        status, body = response.status_code, response.get_json(silent=True)  # None: not JSON
    except ConnectionDropped:
        status, body = 0, None
    fired = client.get("/_mock/faults").get_json()["faults"][0]["fired"]
    sends = store.sends(SHOP_ID)
    store.db.close()
    return sends, status, body, fired


def first_answer(action: dict) -> dict:
    """What the first request a rule fires on gets: the action, or its scenario's first answer."""
    return action["responses"][0] if "responses" in action else action


@given(rules)
def test_a_fault_before_the_handler_never_changes_state_and_after_write_never_loses_the_write(rule):
    sends, status, body, fired = send_with(rule)
    action = first_answer(rule["action"])
    replaces_the_answer = (
        action.get("drop_connection")
        or "status" in action
        or "body" in action
        or action.get("fault") in NO_ANSWER
    )
    if not fired:
        assert (status, body, len(sends)) == (200, {"success": True}, 1)
    elif rule.get("after_write") or not replaces_the_answer:
        assert len(sends) == 1  # the write happened: after_write, or a delay that lets the request through
    else:
        assert sends == []


@given(rules)
def test_a_fired_rule_answers_what_its_action_says(rule):
    _, status, body, fired = send_with(rule)
    action = first_answer(rule["action"])
    if not fired:
        return
    if action.get("drop_connection") or action.get("fault") in ("empty", "reset"):
        assert status == 0
    elif action.get("fault") == "malformed":
        assert (status, body) == (200, None)
    elif "status" in action or "body" in action:
        assert status == action.get("status", 500)
        if action.get("fault") != "truncated":  # its body is cut short: test_network_faults.py
            assert body == action.get("body", {"success": False, "message": "fault injected by mock-botcake"})
    else:
        assert status == 200
        if action.get("fault") != "truncated":
            assert body == {"success": True}
