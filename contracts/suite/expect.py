"""Assertions that name what broke: the endpoint, the status, and each field the schema refuses.

Their messages are what ``mock-botcake verify`` prints per endpoint, so each says in one line which
endpoint answered what, and which part of the body breaks which schema.
"""

from __future__ import annotations

from typing import Any, NoReturn

import pytest
import requests

from mock_botcake.wire import schemas

SHOWN_BODY_CHARS = 120


def broken(message: str) -> NoReturn:
    pytest.fail(message, pytrace=False)


def json_body(response: requests.Response, endpoint: str) -> Any:
    """The decoded JSON body, or a failure saying what came instead."""
    content_type = response.headers.get("Content-Type", "")
    if not content_type.startswith("application/json"):
        broken(
            f"{endpoint}: expected a JSON body, got HTTP {response.status_code} "
            f"{content_type or 'without Content-Type'}: {response.text[:SHOWN_BODY_CHARS]!r}"
        )
    try:
        return response.json()
    except ValueError:
        broken(f"{endpoint}: the body is not JSON: {response.text[:SHOWN_BODY_CHARS]!r}")


def conforming(response: requests.Response, endpoint: str, schema: str, status: int = 200) -> Any:
    """The body of an answer with ``status`` that fits ``schema`` (a name under contracts/schemas)."""
    if response.status_code != status:
        broken(
            f"{endpoint}: expected HTTP {status}, got {response.status_code}: "
            f"{response.text[:SHOWN_BODY_CHARS]!r}"
        )
    body = json_body(response, endpoint)
    problems = schemas.problems(schema, body)
    if problems:
        broken(f"{endpoint}: the body breaks {schema}: " + "; ".join(problems))
    return body


def refused(response: requests.Response, endpoint: str) -> dict[str, Any]:
    """An error in the API's shape: a 4xx (or a 200 saying ``success: false``) with a body fitting
    ``responses/error``."""
    status = response.status_code
    if not (400 <= status < 500 or status == 200):
        broken(
            f"{endpoint}: expected a refusal (4xx), got HTTP {status}: {response.text[:SHOWN_BODY_CHARS]!r}"
        )
    body = json_body(response, endpoint)
    problems = schemas.problems("responses/error", body)
    if problems:
        broken(f"{endpoint}: HTTP {status}, the body breaks responses/error: " + "; ".join(problems))
    return body


def answer_of(response: requests.Response) -> str:
    """An answer as the open-question table writes it: ``"400 invalid_page_id"``, ``"200 success"``,
    or the status and Content-Type of anything that is not the API's JSON shape."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("success") is True:
        return f"{response.status_code} success"
    if isinstance(body, dict) and body.get("success") is False and isinstance(body.get("message"), str):
        return f"{response.status_code} {body['message']}"
    return f"{response.status_code} {response.headers.get('Content-Type') or 'without Content-Type'}"
