"""Refusals say what is wrong in words: the reason first, the limit and the value, never a Python repr.

Each test is one JSON Schema keyword's wording (mock_botcake/wire/schema_wording.py), through
``schemas.problems`` on the project's own schemas, or on a one-keyword schema where none of ours has
that keyword; the last ones go through HTTP as a client meets them.
"""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator

from mock_botcake.wire import schemas
from mock_botcake.wire.schema_wording import place, word

from .helpers import SHOP_ID

TEXT = {"type": "text", "text": "m"}
BUTTON = {"type": "url", "title": "b", "url": "https://example.com"}
PYTHON_REPR = re.compile(r"'[^']*'|\{'|\[\{|None|True|False")


def send_content(messages: list) -> dict:
    return {"psid": "1", "data": {"version": "v2", "content": {"messages": messages}}}


def worded(schema: dict, document: object) -> list[str]:
    """The wording of a schema of one keyword (for keywords the project's schemas do not use)."""
    return [word(error) for error in Draft202012Validator(schema).iter_errors(document)]


def test_a_place_is_written_with_dots_and_indexes():
    assert place(["data", "content", "messages", 3, "text"]) == "data.content.messages[3].text"


def test_too_many_items_says_how_many_there_are_and_the_limit():
    assert schemas.problems("requests/send_content", send_content([TEXT] * 11)) == [
        "data.content.messages has 11 items; at most 10 are allowed"
    ]


def test_too_many_buttons_says_how_many_there_are_and_the_limit():
    message = {"type": "text", "text": "m", "buttons": [BUTTON] * 4}
    assert schemas.problems("requests/send_content", send_content([message])) == [
        "data.content.messages[0].buttons has 4 items; at most 3 are allowed"
    ]


def test_too_few_items_says_the_list_is_empty_and_the_minimum():
    assert schemas.problems("requests/send_content", send_content([])) == [
        "data.content.messages is empty; at least 1 is needed"
    ]


def test_a_wrong_type_says_the_type_wanted_and_the_value_sent():
    assert schemas.problems("control/paging_query", {"limit": "ten"}) == [
        'limit must be an integer, not the string "ten"'
    ]


def test_a_value_below_the_minimum_says_the_value_and_the_minimum():
    assert schemas.problems("control/paging_query", {"limit": -1}) == ["limit is -1; it must be at least 0"]


def test_a_value_above_the_maximum_says_the_value_and_the_maximum():
    assert schemas.problems("control/fault_rule", {"action": {"delay_ms": 60001}}) == [
        "action.delay_ms is 60001; it must be at most 60000"
    ]


def test_missing_keys_are_named_in_one_sentence():
    assert schemas.problems("requests/send_flow", {}) == ["psid and flow_id are required"]


def test_a_missing_key_inside_an_item_is_named_with_its_place():
    assert schemas.problems("control/page_seed", {"keywords": [{"flow_id": 1}]}) == [
        "keywords[0].id is required"
    ]


def test_an_unknown_key_is_named_with_the_keys_allowed():
    assert schemas.problems("control/paging_query", {"page": 2}) == [
        'the document has an unknown key "page"; the allowed keys are "after" and "limit"'
    ]


def test_a_value_outside_an_enum_lists_the_values_allowed():
    assert schemas.problems(
        "control/fault_rule", {"action": {"status": 500}, "match": {"method": "GETT"}}
    ) == ['match.method is "GETT"; it must be one of "GET", "POST", "PUT", "PATCH" or "DELETE"']


def test_a_wrong_constant_says_the_value_expected():
    document = {"psid": "1", "data": {"version": "v1", "content": {"messages": [TEXT]}}}
    assert schemas.problems("requests/send_content", document) == ['data.version is "v1"; it must be "v2"']


def test_a_pattern_mismatch_shows_the_value_and_the_pattern():
    assert schemas.problems("control/page_seed", {"page_id": "a/b"}) == [
        'page_id is "a/b", which does not have the expected form (the pattern ^[A-Za-z0-9_]{1,64}$)'
    ]


def test_a_string_too_short_says_its_length_and_the_minimum():
    assert schemas.problems("control/page_seed", {"access_token": "short"}) == [
        "access_token has 5 characters; at least 8 characters are needed"
    ]


def test_an_empty_string_says_it_is_empty():
    assert schemas.problems("control/fault_rule", {"action": {"status": 500}, "match": {"path": ""}}) == [
        "match.path is empty; at least 1 character is needed"
    ]


def test_a_string_too_long_says_its_length_and_the_maximum():
    assert worded({"maxLength": 3}, "abcd") == ["the document has 4 characters; at most 3 are allowed"]


def test_an_empty_object_says_how_many_keys_are_needed():
    assert schemas.problems("control/fault_rule", {"action": {}}) == [
        "action is empty; at least 1 key is needed"
    ]


def test_a_forbidden_value_says_which_values_are_forbidden():
    assert schemas.problems("control/fault_rule", {"action": {"status": 204}}) == [
        "action.status is 204; it must not be 204 or 304"
    ]


def test_a_forbidden_combination_names_the_keys_and_never_the_schema():
    problems = schemas.problems("control/fault_rule", {"action": {"drop_connection": True, "status": 500}})
    assert problems == ["action cannot have status or body together with the keys it has"]


def test_a_forbidden_shape_with_a_comment_in_the_schema_gives_that_reason():
    assert schemas.problems("control/fault_rule", {"action": {"drop_connection": False}}) == [
        "action is not allowed as it is: drop_connection: false alone does nothing, yet would fire and "
        "shadow the rules after it."
    ]


def test_any_of_lists_what_each_alternative_wanted_without_the_schema():
    assert worded({"anyOf": [{"type": "integer"}, {"type": "null"}]}, "7") == [
        'the document must be an integer or null, not the string "7"'
    ]


def test_one_of_lists_what_each_alternative_wanted_without_the_schema():
    assert worded({"oneOf": [{"const": "a"}, {"required": ["b"]}]}, {}) == [
        'the document must be "a" or an object with b, not an object'
    ]


def test_an_invalid_format_names_the_format():
    # Formats are asserted only with a format checker, as schemas.validator() builds them.
    checker = Draft202012Validator.FORMAT_CHECKER
    errors = Draft202012Validator({"format": "date-time"}, format_checker=checker).iter_errors("yesterday")
    assert [word(error) for error in errors] == [
        'the document is "yesterday", which is not a valid date-time'
    ]


def test_duplicate_items_are_named_as_such():
    assert worded({"uniqueItems": True}, [1, 1]) == [
        "the document has the same item more than once; every item must be different"
    ]


def test_a_keyword_without_a_wording_of_its_own_still_gets_words():
    assert worded({"multipleOf": 5}, 7) == ["the document is 7, which breaks the schema's rule multipleOf"]


def test_a_long_value_is_cut_short_as_json():
    problems = schemas.problems("control/paging_query", {"limit": "x" * 500})
    assert problems == ['limit must be an integer, not the string "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...']


@pytest.mark.parametrize(
    "document",
    [
        send_content([TEXT] * 11),
        send_content([{"type": "text", "text": "m", "buttons": [BUTTON] * 4}]),
        send_content([{"type": "cards", "elements": [{"title": None}]}]),
        {"psid": None, "flow_id": [1, {"a": True}]},
        [],
    ],
)
def test_no_message_carries_a_python_repr(document):
    problems = schemas.problems("requests/send_content", document)
    assert problems
    assert not [problem for problem in problems if PYTHON_REPR.search(problem)], problems


def test_a_negative_query_limit_is_refused_with_its_minimum(client):
    response = client.get(f"/_mock/pages/{SHOP_ID}/sends?limit=-1")
    assert (response.status_code, response.get_json()["errors"]) == (
        400,
        ["limit is -1; it must be at least 0"],
    )


def test_a_state_whose_pages_is_not_a_list_says_so_and_changes_nothing(client):
    before = client.get("/_mock/state").get_json()
    response = client.put("/_mock/state", json={"pages": 3})
    assert response.status_code == 400
    assert response.get_json()["errors"] == ["pages must be an array, not the integer 3"]
    assert client.get("/_mock/state").get_json() == before


def said(response) -> str:
    """Everything a refusal says, message and errors, as one text."""
    body = response.get_json()
    return " ".join([body["message"], *body.get("errors", [])])


def test_an_unknown_state_format_is_quoted_as_json(client):
    response = client.put("/_mock/state", json={"format": "v9", "pages": []})
    assert response.status_code == 400
    assert 'unknown state format "v9"; expected "mock-botcake/state@1"' in said(response)


def test_a_duplicate_key_is_quoted_as_json(call):
    response = call("POST", "flows/send_flow", data='{"psid": "1", "psid": "2", "flow_id": 1}')
    assert 'duplicate key "psid"' in said(response)


def test_a_bad_flow_path_is_quoted_as_json(call):
    response = call("GET", "flows?path=[1,x]")
    assert 'path is "[1,x]"' in said(response)
