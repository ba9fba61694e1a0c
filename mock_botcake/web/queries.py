"""The query string as its operation's schema judges it: the handler's ``query`` argument.

A query schema (``contracts/schemas/requests/*_query.json``, ``control/*_query.json``) is an object
schema whose properties are the parameters; a property of type integer is read as a number, any other
as text; a property's ``default`` fills in a parameter that was not sent. Parameters the schema does not
name are left out: ignored, as a real server ignores what it does not read.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import request

from ..fidelity import Refusal
from ..wire import schemas
from .answers import ApiError

# At most this many digits become a number (past any schema's maximum anyway): int() of thousands of
# digits is slow, and refused past 4,300.
MAX_DIGITS = 20


def query_value(raw: str) -> int | str:
    """ASCII digits, with a minus sign or not, become the integer a schema judges ("-1" is then below a
    minimum); anything else ("²", "ten", 5,000 digits) stays text and fails the schema's type."""
    digits = raw.removeprefix("-")
    if digits.isascii() and digits.isdigit() and len(digits) <= MAX_DIGITS:
        return int(raw)
    return raw


def checked_query(schema_name: str, refusal: Refusal) -> dict[str, Any]:
    """The request's query parameters named by the schema, with the schema's defaults for those not sent,
    refused with ``refusal`` (each problem in ``errors``) when they break the schema."""
    numbers, defaults = _query_shape(schema_name)
    query: dict[str, Any] = {}
    for name, raw in request.args.items():
        if name in numbers:
            query[name] = query_value(raw)
        elif name in defaults:
            query[name] = raw
    problems = schemas.problems(schema_name, query)
    if problems:
        raise ApiError(refusal, problems)
    return {**{name: value for name, value in defaults.items() if value is not None}, **query}


def query_names(schema_name: str) -> tuple[str, ...]:
    """The parameters a query schema names, in its order."""
    return tuple(schemas.schema(schema_name).get("properties", {}))


@cache
def _query_shape(schema_name: str) -> tuple[frozenset[str], dict[str, Any]]:
    """(the integer parameters, every parameter with its default or None)."""
    schema = schemas.schema(schema_name)
    numbers, defaults = set(), {}
    for name, prop in schema.get("properties", {}).items():
        resolved = schemas.resolve(schema_name, prop)
        if resolved.get("type") == "integer":
            numbers.add(name)
        defaults[name] = prop.get("default", resolved.get("default"))
    return frozenset(numbers), defaults
