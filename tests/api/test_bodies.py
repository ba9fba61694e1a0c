"""Hostile and malformed request bodies: a clear JSON error and an unchanged state, never a 500."""

from __future__ import annotations

import pytest

from mock_botcake import fidelity

from ..helpers import assert_refused, state_unchanged

MALFORMED = [
    b"{",
    b'{"psid": "1", "flow_id": 1559',
    b"not json",
    b'{"psid": "1", "flow_id": NaN}',
    b'{"psid": "1", "flow_id": Infinity}',
    b'{"psid": "1", "flow_id": 1e400}',
    b'{"psid": "1", "psid": "2", "flow_id": 1559}',
    b'{"psid": "\xff\xfe", "flow_id": 1559}',
    b"[" * 10_000 + b"]" * 10_000,
    b'{"psid": "1", "flow_id": 1559, "payload": ' + b'{"a":' * 10_000 + b"1" + b"}" * 10_001,
]


@pytest.mark.parametrize(
    "raw",
    MALFORMED,
    ids=[
        "open-brace",
        "truncated",
        "text",
        "nan",
        "infinity",
        "1e400",
        "duplicate-key",
        "invalid-utf8",
        "deep-array",
        "deep-payload",
    ],
)
def test_a_malformed_body_is_refused_with_400_and_changes_nothing(call, store, raw):
    with state_unchanged(store):
        response = call("POST", "flows/send_flow", data=raw)
    assert_refused(response, 400, "request body is not valid JSON")
    assert response.get_json()["errors"]


def test_a_body_with_a_nul_byte_in_a_string_is_accepted_and_recorded_verbatim(call, client, shop):
    call("POST", "flows/send_flow", json={"psid": "1\u0000", "flow_id": 1559})
    assert client.get(f"/_mock/pages/{shop.page_id}/sends").get_json()["sends"][0]["psid"] == "1\u0000"


def test_a_body_over_the_size_limit_is_refused_with_413(call, store):
    oversized = b'{"psid": "1", "flow_id": 1559, "payload": {"x": "' + b"a" * fidelity.MAX_BODY_BYTES + b'"}}'
    with state_unchanged(store):
        response = call("POST", "flows/send_flow", data=oversized)
    assert_refused(response, 413, "request body is too large")


def test_a_huge_integer_id_is_refused_as_wrong_params(call, store):
    with state_unchanged(store):
        response = call("POST", "flows/send_flow", data=b'{"psid": "1", "flow_id": 9223372036854775808}')
    assert_refused(response, 400, "your params wrong")


def test_an_integral_float_id_is_accepted_as_that_integer(call, client, shop):
    assert call("POST", "flows/send_flow", data=b'{"psid": "1", "flow_id": 1559.0}').status_code == 200
    assert client.get(f"/_mock/pages/{shop.page_id}/sends").get_json()["sends"][0]["flow_id"] == 1559


def test_a_number_of_thousands_of_digits_is_refused_in_words_not_pythons(call):
    response = call("POST", "flows/send_flow", data='{"psid": "1", "flow_id": ' + "9" * 5000 + "}")
    assert_refused(response, 400, "request body is not valid JSON")
    assert response.get_json()["errors"] == ["number of 5000 digits is out of range"]
