"""Reading a request body as JSON and checking it against its schema in ``contracts/schemas``.

Bodies are read as JSON whatever their Content-Type (``curl -d`` says form-urlencoded). JSON that
Python would accept but a strict parser would not (NaN, Infinity, numbers beyond a double, duplicate
keys) is refused, so nothing the fake stores can fail to serialize later.
"""

from __future__ import annotations

import json
import math
from typing import Any

from flask import request

from .. import fidelity, schemas
from ..fidelity import Refusal
from .errors import ApiError

EMPTY = object()


def json_body(*, empty_means: Any = EMPTY) -> Any:
    """The request body parsed as JSON; ``empty_means`` is returned for an empty body when given."""
    raw = request.get_data(cache=True)
    # Only a body that is not there at all is "no body": whitespace is a body, and not JSON.
    if not raw:
        if empty_means is EMPTY:
            raise ApiError(fidelity.MALFORMED_JSON, ["the request body is empty"])
        return empty_means
    try:
        return json.loads(
            raw.decode("utf-8"),
            object_pairs_hook=_object_without_duplicate_keys,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
        )
    except UnicodeDecodeError:
        raise ApiError(fidelity.MALFORMED_JSON, ["the request body is not UTF-8"]) from None
    except RecursionError:
        raise ApiError(fidelity.MALFORMED_JSON, ["the request body is nested too deeply"]) from None
    except ValueError as error:
        raise ApiError(fidelity.MALFORMED_JSON, [str(error)]) from None


def validated(schema_name: str, document: Any, refusal: Refusal = fidelity.PARAMS_WRONG) -> dict[str, Any]:
    """``document`` if it satisfies the schema; otherwise the request is refused with ``refusal``."""
    problems = schemas.problems(schema_name, document)
    if problems:
        raise ApiError(refusal, problems)
    return document


def _object_without_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        seen: set[str] = set()
        duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise ValueError(f"duplicate key {json.dumps(duplicate)}")
    return document


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number {text[:40]} is out of range")
    return value
