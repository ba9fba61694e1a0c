"""One page's token never reads, changes or learns of another page's data."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from mock_botcake.app import create_app
from mock_botcake.seeds import build_store

from ..helpers import API

PAGE_A = {
    "page_id": "111",
    "folders": [{"id": 10, "name": "a folder"}],
    "flows": [{"id": 11, "name": "a flow", "parent_id": 10}, {"id": 12, "name": "a root flow"}],
    "keywords": [{"id": 13, "flow_id": 11}],
    "ice_breakers": [{"id": 14, "flow_id": 11, "title": "a?"}],
    "main_menu": [{"id": 15, "title": "a", "type": "flow", "flow_id": 12}],
    "tools": [{"id": 16, "name": "a tool", "type": "qr_code", "is_published": True}],
    "flow_statistics": {"11": {"sent": 3}},
}
PAGE_B = {
    "page_id": "222000222",
    "folders": [{"id": 7000020, "name": "b-secret-folder"}],
    "flows": [
        {"id": 7000021, "name": "b-secret-flow", "parent_id": 7000020},
        {"id": 7000022, "name": "b-secret-root"},
    ],
    "keywords": [{"id": 7000029, "flow_id": 7000021}],
    "ice_breakers": [{"id": 7000024, "flow_id": 7000021, "title": "b?"}],
    "main_menu": [{"id": 7000025, "title": "b", "type": "flow", "flow_id": 7000022}],
    "tools": [{"id": 7000026, "name": "b-secret-tool", "type": "qr_code", "is_published": True}],
    "flow_statistics": {"7000021": {"sent": 7}},
}
# Keyword ids are one sequence for the whole server, as real database ids are, so a created keyword's
# id is not a secret; page B's own ids, names and page id are.
B_IDS_LIST = [7000020, 7000021, 7000022, 7000029, 7000024, 7000025, 7000026]
B_SECRETS = ["222000222", "b-secret", "b?", *map(str, B_IDS_LIST)]

B_IDS = st.sampled_from(B_IDS_LIST)
ANY_IDS = st.one_of(B_IDS, st.integers(1, 30))
TEXT = {"version": "v2", "content": {"messages": [{"type": "text", "text": "hi"}]}}

# Every operation page A's token can attempt, aimed at ids and paths of page B (or anywhere).
OPERATIONS = st.one_of(
    st.tuples(
        st.just("GET"), st.sampled_from(["flows", "keywords", "ice_breaker", "main_menu", "tools"]), st.none()
    ),
    st.tuples(st.just("GET"), st.builds("flows/[{}]".format, ANY_IDS), st.none()),
    st.tuples(st.just("GET"), st.builds("flows/[7000020,{}]".format, ANY_IDS), st.none()),
    st.tuples(st.just("GET"), st.builds("flows/{}/statistics".format, ANY_IDS), st.none()),
    st.tuples(st.just("GET"), st.builds("flows?path=[{}]".format, ANY_IDS), st.none()),
    st.tuples(st.just("POST"), st.just("keywords/create"), st.none()),
    st.tuples(
        st.just("POST"),
        st.just("keywords/update"),
        st.fixed_dictionaries({"keyword_id": ANY_IDS, "update": st.fixed_dictionaries({"flow_id": ANY_IDS})}),
    ),
    st.tuples(
        st.just("POST"),
        st.just("flows/send_flow"),
        st.fixed_dictionaries({"psid": st.just("1"), "flow_id": ANY_IDS}),
    ),
    st.tuples(
        st.just("POST"),
        st.just("flows/send_content"),
        st.fixed_dictionaries({"psid": st.just("1"), "data": st.just(TEXT)}),
    ),
)
TARGET_PAGE = st.sampled_from(["111", "222000222", "333"])


def fresh_app():
    store, _ = build_store("empty")
    token_a = store.add_page(PAGE_A)["access_token"]
    store.add_page(PAGE_B)
    store.mark_start_state()
    return store, create_app(store).test_client(), token_a


STORE, CLIENT, TOKEN_A = fresh_app()


def page_b_state():
    return next(page for page in STORE.export_state()["pages"] if page["page_id"] == "222000222")


@given(operation=OPERATIONS, url_page=TARGET_PAGE)
def test_page_as_token_never_reads_changes_or_reveals_page_b(operation, url_page):
    STORE.reset()
    method, endpoint, body = operation
    before = page_b_state()
    response = CLIENT.open(
        f"{API}/pages/{url_page}/{endpoint}", method=method, headers={"access-token": TOKEN_A}, json=body
    )
    assert page_b_state() == before
    text = json.dumps(response.get_json(), ensure_ascii=False)
    sent = endpoint + json.dumps(body)
    for secret in B_SECRETS:
        if secret in sent:
            continue  # the caller's own words may be echoed back in an error's details
        assert secret not in text, (method, endpoint, body, text)
