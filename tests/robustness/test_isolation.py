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
    # sequences, broadcasts and WhatsApp
    "sequences": [
        {
            "id": 7000040,
            "name": "b-secret-sequence",
            "messages": [
                {
                    "delivery": 1,
                    "is_clicked": 0,
                    "message_id": 7000041,
                    "name": "b-secret-message",
                    "schedule": {
                        "after": 1,
                        "after_type": "day",
                        "sending_time_end": "22",
                        "sending_time_start": "8",
                        "sending_time_type": "anytime",
                        "sending_time_weekdays": [1],
                        "time_type": "time",
                    },
                    "seen": 0,
                    "sends": 1,
                    "total_phone_number": 0,
                    "recipients": [
                        {
                            "delivery": True,
                            "fullname": "b-secret-customer",
                            "has_phone_number": None,
                            "is_clicked": False,
                            "phone_number": [],
                            "psid": "b-secret-psid",
                            "seen": False,
                        }
                    ],
                }
            ],
        }
    ],
    "broadcasts": [{"id": 7000042, "total_count": 7000043}],
    "message_templates": [
        {
            "category": "UTILITY",
            "components": [],
            "id": "7000044",
            "language": "en",
            "message_send_ttl_seconds": None,
            "name": "b-secret-template",
            "parameter_format": None,
            "status": "APPROVED",
            "waba_id": "7000045",
        }
    ],
    "media": [{"id": "7000046", "content_type": "image/png", "file": "Yi1zZWNyZXQtZmlsZQ=="}],
}
# Keyword ids are one sequence for the whole server, as real database ids are, so a created keyword's
# id is not a secret; page B's own ids, names and page id are.
B_IDS_LIST = [
    7000020,
    7000021,
    7000022,
    7000029,
    7000024,
    7000025,
    7000026,
    7000040,
    7000041,
    7000042,
    7000046,
]
B_SECRETS = ["222000222", "b-secret", "b?", "7000043", "7000044", "7000045", *map(str, B_IDS_LIST)]

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
    # sequences, broadcasts and WhatsApp
    st.tuples(
        st.just("GET"),
        st.sampled_from(["sequences/", "message_templates", "message_templates/sync"]),
        st.none(),
    ),
    st.tuples(st.just("GET"), st.builds("sequences/{}/statistics".format, ANY_IDS), st.none()),
    st.tuples(st.just("GET"), st.builds("sequences/7000040/statistics/{}".format, ANY_IDS), st.none()),
    st.tuples(st.just("GET"), st.builds("broadcasts/{}/statistic".format, ANY_IDS), st.none()),
    st.tuples(
        st.just("GET"),
        st.builds("retrieve_media_url?mime_type=image/png&media_id={}".format, ANY_IDS),
        st.none(),
    ),
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
