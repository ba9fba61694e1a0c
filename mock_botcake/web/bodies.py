"""Reading a request body as JSON and checking it against its schema in ``contracts/schemas``.

Bodies are read as JSON whatever their Content-Type (``curl -d`` says form-urlencoded). JSON that
Python would accept but a strict parser would not (NaN, Infinity, numbers beyond a double, duplicate
keys, lone surrogates, nesting past ``strict_json.MAX_DEPTH``) is refused by ``strict_json.loads``, so
nothing the fake stores can fail to serialize later.
"""

from __future__ import annotations

import base64
from typing import Any

from flask import request

from .. import fidelity
from ..fidelity import Refusal
from ..wire import schemas, strict_json
from .answers import ApiError

EMPTY = object()  # json_body's "no default": an absent body is refused
_ABSENT = object()
NO_BODY = "the request body is empty"

JSON = "application/json"
FORM = "multipart/form-data"
NOT_A_FORM = "the request body is not multipart/form-data"

# What a required body that is not there at all gets, unless its operation declares otherwise.
EMPTY_BODY = fidelity.MALFORMED_JSON
# The refusal ``json_body`` gives, with when (added to the documentation of every operation with a body).
BAD_JSON = {fidelity.MALFORMED_JSON: "a body that is not strict JSON"}


def checked_body(schema_name: str, *, required: bool, empty: Refusal, refusal: Refusal | None) -> Any:
    """The request body as strict JSON satisfying ``schema_name``: refused with ``empty`` when required
    and not there at all, with ``refusal`` when it breaks the schema (not checked when ``refusal`` is
    None: the store judges it); ``{}`` when absent and optional."""
    body = json_body(empty_means=_ABSENT if required else {})
    if body is _ABSENT:
        raise ApiError(empty, [NO_BODY])
    return body if refusal is None else validated(schema_name, body, refusal)


def json_body(*, empty_means: Any = EMPTY) -> Any:
    """The request body parsed as JSON; ``empty_means`` is returned for an empty body when given."""
    raw = request.get_data(cache=True)
    # Only a body that is not there at all is "no body": whitespace is a body, and not JSON.
    if not raw:
        if empty_means is EMPTY:
            raise ApiError(fidelity.MALFORMED_JSON, [NO_BODY])
        return empty_means
    try:
        return strict_json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ApiError(fidelity.MALFORMED_JSON, ["the request body is not UTF-8"]) from None
    except strict_json.NotStrictJson as error:
        raise ApiError(fidelity.MALFORMED_JSON, [str(error)]) from None


def validated(schema_name: str, document: Any, refusal: Refusal = fidelity.PARAMS_WRONG) -> dict[str, Any]:
    """``document`` if it satisfies the schema; otherwise the request is refused with ``refusal``."""
    problems = schemas.problems(schema_name, document)
    if problems:
        raise ApiError(refusal, problems)
    return document


def checked_form(schema_name: str, refusal: Refusal) -> dict[str, str]:
    """A multipart/form-data body as the document its schema judges: each text field as its text, each
    file part as its bytes in base64 (the form in one JSON-ready dict, a file as a seed keeps it);
    refused with ``refusal`` when it is not a form or breaks the schema. A property of the schema with a
    ``contentMediaType`` is a file part, any other a text field: a text field under a file's name (or a
    file under a text field's) is not that field. Werkzeug parses the form within the app's
    MAX_CONTENT_LENGTH (1 MiB), so a file is never bigger than that in memory."""
    if request.mimetype != FORM:
        raise ApiError(refusal, [NOT_A_FORM])
    files = _file_fields(schema_name)
    # A part whose name Werkzeug cannot read (``name="a.\\"``) comes as the key None: no field of any
    # schema, and no key a JSON document can hold, so it is left out.
    document = {
        name: value for name, value in request.form.items() if isinstance(name, str) and name not in files
    }
    for name, part in request.files.items():
        if name in files:
            document[name] = base64.b64encode(part.read()).decode("ascii")
    return validated(schema_name, document, refusal)


def _file_fields(schema_name: str) -> frozenset[str]:
    properties = schemas.schema(schema_name).get("properties", {})
    return frozenset(name for name, prop in properties.items() if "contentMediaType" in prop)
