"""Every body the fake answers is built and encoded here: success envelopes, refusals, strict JSON.

Plain Python, no Flask, so that the app, its WSGI middlewares and serve's RSGI bridge all answer
through the same few functions. Nothing of a body's shape is written here: a success body takes its
``success`` flag and key order from its response schema (``contracts/schemas``), and a refusal is
the one error shape of ``responses/error.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any

from ..fidelity import Refusal
from . import schemas, strict_json

JSON_CONTENT_TYPE = "application/json"


def success_body(schema_name: str, fields: Mapping[str, Any] | list[Any]) -> dict[str, Any] | list[Any]:
    """``fields`` as the schema's answer: ``"success": true`` added where the schema has the flag, and
    the keys in the order of the schema's first example (the reference's own order). A list is answered
    as it is: a response schema that is a bare array (S4's GET customer) has no envelope."""
    if isinstance(fields, list):
        return fields
    order, has_success_flag = _envelope_of(schema_name)
    body = dict(fields)
    if has_success_flag:
        body.setdefault("success", True)
    ranked = {key: index for index, key in enumerate(order)}
    return dict(sorted(body.items(), key=lambda item: ranked.get(item[0], len(ranked))))


def refusal_body(refusal: Refusal, errors: list[str] | None = None) -> dict[str, Any]:
    """The API's one error shape: ``{"success": false, "message": ..., "errors": [...]}``."""
    body: dict[str, Any] = {"success": False, "message": refusal.message}
    if errors:
        body["errors"] = errors
    return body


def encode(body: Any) -> bytes:
    """``body`` as compact, strict UTF-8 JSON (``strict_json.dumps``) and a newline: every answer."""
    return strict_json.dumps(body).encode("utf-8") + b"\n"


def timestamp(moment: datetime) -> str:
    """A UTC moment as the fake writes every timestamp: ``2026-11-30T19:30:47.123Z``."""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@cache
def _envelope_of(schema_name: str) -> tuple[tuple[str, ...], bool]:
    schema = schemas.schema(schema_name)
    examples = schema.get("examples") or [{}]
    order = tuple(examples[0]) if isinstance(examples[0], dict) else ()
    # A schema of one shape says so in its properties; a schema of either shape (a success or, with the
    # same status, a refusal: GET broadcasts/{id}/statistic) by an example of a success.
    flag = schema.get("properties", {}).get("success", {}).get("const") is True or (
        "oneOf" in schema and any(isinstance(ex, dict) and ex.get("success") is True for ex in examples)
    )
    return order, flag
