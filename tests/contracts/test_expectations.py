"""The contract suite's expectations (contracts/suite/expect.py), each held to the answers it must pass
and to the answers it must fail, with the message ``mock-botcake verify`` prints.

The stand-in targets of test_verify_finds_broken_contracts.py prove the same end to end; these run in
milliseconds, so the mutation report (docs/mutants.md) can run them for every mutant of expect.py.
"""

from __future__ import annotations

import json
import re

import pytest
import requests
import responses

from mock_botcake.contracts.suite.expect import SHOWN_BODY_CHARS, answer_of, conforming, json_body, refused
from mock_botcake.wire import schemas

URL = "https://target.test/api/public_api/v1/pages/1/flows"
ERROR = {"success": False, "message": "invalid access-token"}
Failed = pytest.fail.Exception


def answer(
    status: int = 200, body: object = None, *, text: str | None = None, content_type: str | None = None
) -> requests.Response:
    """A real ``requests`` answer with this status and body (``body`` as JSON, or ``text`` as it is)."""
    with responses.RequestsMock() as mock:
        if text is None:
            mock.get(URL, json=body, status=status, content_type=content_type or "application/json")
        else:
            mock.get(URL, body=text, status=status, content_type=content_type)
        return requests.get(URL)


# --- json_body ------------------------------------------------------------------------------------


def test_json_body_answers_the_decoded_body():
    assert json_body(answer(body={"data": [1]}), "GET flows") == {"data": [1]}


def test_json_body_takes_a_json_content_type_with_parameters():
    sent = answer(text='{"a": 1}', content_type="application/json; charset=utf-8")
    assert json_body(sent, "GET flows") == {"a": 1}


def test_json_body_fails_on_another_content_type_naming_endpoint_status_and_type():
    sent = answer(503, text="<html>Down</html>", content_type="text/html")
    with pytest.raises(Failed) as failure:
        json_body(sent, "GET flows")
    expected = "GET flows: expected a JSON body, got HTTP 503 text/html: '<html>Down</html>'"
    assert str(failure.value) == expected


def test_json_body_fails_on_an_answer_without_content_type_saying_so():
    with pytest.raises(Failed) as failure:
        json_body(answer(502, text="Bad gateway"), "GET flows")
    expected = "GET flows: expected a JSON body, got HTTP 502 without Content-Type: 'Bad gateway'"
    assert str(failure.value) == expected


def test_json_body_fails_on_a_json_content_type_whose_body_does_not_parse():
    with pytest.raises(Failed) as failure:
        json_body(answer(text='{"data": [', content_type="application/json"), "GET flows")
    assert str(failure.value) == "GET flows: the body is not JSON: '{\"data\": ['"


def test_json_body_shows_only_the_start_of_a_long_body():
    long_body = "x" * (SHOWN_BODY_CHARS + 50)
    with pytest.raises(Failed) as failure:
        json_body(answer(text=long_body, content_type="text/plain"), "GET flows")
    assert str(failure.value).endswith(repr("x" * SHOWN_BODY_CHARS))


# --- conforming -----------------------------------------------------------------------------------


def test_conforming_answers_a_body_of_the_expected_status_that_fits_the_schema():
    assert conforming(answer(body={"success": True}), "POST send_flow", "responses/send") == {"success": True}


def test_conforming_takes_the_status_it_is_told():
    assert conforming(answer(201, {"success": True}), "POST x", "responses/send", status=201) == {
        "success": True
    }


@pytest.mark.parametrize("status", [201, 400, 500])
def test_conforming_fails_on_another_status_naming_both(status):
    with pytest.raises(Failed) as failure:
        conforming(answer(status, {"success": True}), "POST send_flow", "responses/send")
    assert str(failure.value).startswith(f"POST send_flow: expected HTTP 200, got {status}: ")


def test_conforming_fails_on_a_body_that_breaks_the_schema_naming_schema_and_problem():
    with pytest.raises(Failed) as failure:
        conforming(answer(body={"success": False}), "POST send_flow", "responses/send")
    message = str(failure.value)
    assert message.startswith("POST send_flow: the body breaks responses/send: ")
    assert "success is false; it must be true" in message


def test_conforming_lists_every_problem_separated_by_semicolons():
    body = {"success": True, "message": 7}
    problems = schemas.problems("responses/error", body)
    with pytest.raises(Failed) as failure:
        conforming(answer(body=body), "GET x", "responses/error")
    assert len(problems) >= 2
    assert str(failure.value) == "GET x: the body breaks responses/error: " + "; ".join(problems)


def test_conforming_fails_on_a_body_that_is_not_json():
    with pytest.raises(Failed, match="POST send_flow: expected a JSON body, got HTTP 200 text/html"):
        conforming(answer(text="<html/>", content_type="text/html"), "POST send_flow", "responses/send")


# --- refused --------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 404, 499])
def test_refused_takes_a_4xx_in_the_error_shape_and_answers_its_body(status):
    assert refused(answer(status, ERROR), "GET flows") == ERROR


def test_refused_takes_a_200_that_says_success_false():
    assert refused(answer(200, ERROR), "GET flows") == ERROR


@pytest.mark.parametrize("status", [500, 502, 503, 599])
def test_refused_fails_on_a_server_error_even_in_the_error_shape(status):
    with pytest.raises(Failed) as failure:
        refused(answer(status, ERROR), "GET flows with a forged token")
    assert str(failure.value) == (
        f"GET flows with a forged token: expected a refusal (4xx), got HTTP {status}: {json.dumps(ERROR)!r}"
    )


@pytest.mark.parametrize("status", [201, 202, 302, 399])
def test_refused_fails_on_any_other_success_or_redirect(status):
    with pytest.raises(Failed, match=re.escape(f"expected a refusal (4xx), got HTTP {status}")):
        refused(answer(status, ERROR), "GET flows")


def test_refused_fails_on_a_body_outside_the_error_shape_naming_the_status_and_schema():
    with pytest.raises(Failed) as failure:
        refused(answer(401, {"error": "unauthorized"}), "GET flows")
    message = str(failure.value)
    assert message.startswith("GET flows: HTTP 401, the body breaks responses/error: ")
    assert "success and message are required" in message


def test_refused_lists_every_problem_of_the_body_separated_by_semicolons():
    body = {"success": True, "message": 7}
    problems = schemas.problems("responses/error", body)
    with pytest.raises(Failed) as failure:
        refused(answer(401, body), "GET flows")
    assert len(problems) >= 2
    prefix = "GET flows: HTTP 401, the body breaks responses/error: "
    assert str(failure.value) == prefix + "; ".join(problems)


def test_refused_fails_on_a_200_that_says_success_true():
    with pytest.raises(Failed, match="GET flows: HTTP 200, the body breaks responses/error"):
        refused(answer(200, {"success": True}), "GET flows")


def test_refused_fails_on_a_refusal_that_is_not_json():
    with pytest.raises(Failed, match="GET flows: expected a JSON body, got HTTP 401 text/plain"):
        refused(answer(401, text="Unauthorized", content_type="text/plain"), "GET flows")


# --- answer_of ------------------------------------------------------------------------------------


def test_answer_of_a_success_is_its_status_and_success():
    assert answer_of(answer(200, {"success": True, "data": []})) == "200 success"


def test_answer_of_a_failure_is_its_status_and_message():
    assert answer_of(answer(400, {"success": False, "message": "invalid_page_id"})) == "400 invalid_page_id"


def test_answer_of_a_failure_without_a_string_message_is_its_status_and_content_type():
    assert answer_of(answer(400, {"success": False, "message": 7})) == "400 application/json"


def test_answer_of_json_without_success_is_its_status_and_content_type():
    assert answer_of(answer(200, {"data": []})) == "200 application/json"


def test_answer_of_a_json_list_is_its_status_and_content_type():
    assert answer_of(answer(200, [{"success": True}])) == "200 application/json"


def test_answer_of_html_is_its_status_and_content_type():
    assert answer_of(answer(502, text="<html/>", content_type="text/html")) == "502 text/html"


def test_answer_of_an_answer_without_content_type_says_so():
    assert answer_of(answer(502, text="Bad gateway")) == "502 without Content-Type"
