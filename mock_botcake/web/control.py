"""The control plane under ``/_mock/``: seed pages, read what was sent, reset, export and import state.

No page token here: this is the test's own side of the fake. Errors use the API's error shape.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from .. import schemas
from ..fidelity import Refusal
from ..store import InvalidSeed, PageExists, PageNotFound
from .bodies import json_body
from .context import current_faults, current_journal, current_store
from .errors import ApiError

blueprint = Blueprint("control", __name__, url_prefix="/_mock")

PAGE_NOT_FOUND = Refusal(404, "page not found")
BAD_QUERY = Refusal(400, "invalid query parameter")
# What is wrong goes in "errors", one problem each, as for a fault rule or a query.
INVALID_SEED = Refusal(400, "invalid seed")
INVALID_STATE = Refusal(400, "invalid state")


@blueprint.get("/health")
def health() -> ResponseReturnValue:
    return jsonify({"status": "ok"})


@blueprint.get("/pages")
def list_pages() -> ResponseReturnValue:
    return jsonify({"pages": current_store().list_pages()})


@blueprint.post("/pages")
def add_page() -> ResponseReturnValue:
    seed = json_body(empty_means={})
    try:
        credentials = current_store().add_page(seed)
    except PageExists as error:
        raise ApiError(Refusal(409, str(error))) from None
    except InvalidSeed as error:
        raise ApiError(INVALID_SEED, error.problems) from None
    return jsonify(credentials), 201


@blueprint.post("/pages/<page_id>/rotate_token")
def rotate_token(page_id: str) -> ResponseReturnValue:
    try:
        return jsonify({"access_token": current_store().rotate_token(page_id)})
    except PageNotFound:
        raise ApiError(PAGE_NOT_FOUND) from None


@blueprint.get("/pages/<page_id>/sends")
def list_sends(page_id: str) -> ResponseReturnValue:
    after, limit = paging_args()
    try:
        return jsonify({"sends": current_store().sends(page_id, after=after, limit=limit)})
    except PageNotFound:
        raise ApiError(PAGE_NOT_FOUND) from None


@blueprint.delete("/pages/<page_id>/sends")
def clear_sends(page_id: str) -> ResponseReturnValue:
    try:
        current_store().clear_sends(page_id)
    except PageNotFound:
        raise ApiError(PAGE_NOT_FOUND) from None
    return jsonify({"sends": []})


@blueprint.post("/reset")
def reset() -> ResponseReturnValue:
    current_store().reset()
    current_journal().clear()
    current_faults().reset()
    return jsonify({"status": "reset"})


@blueprint.get("/state")
def export_state() -> ResponseReturnValue:
    return jsonify(current_store().export_state())


@blueprint.put("/state")
def import_state() -> ResponseReturnValue:
    try:
        current_store().import_state(json_body())
    except InvalidSeed as error:
        raise ApiError(INVALID_STATE, error.problems) from None
    return jsonify(current_store().export_state())


def paging_args() -> tuple[int, int | None]:
    """``?after=ID&limit=N`` checked against ``control/sends_query.json``: (after, limit or None)."""
    query: dict[str, int | str] = {}
    for name in ("after", "limit"):
        raw = request.args.get(name)
        if raw is not None:
            # Query values are text. ASCII digits, with a minus sign or not, become the integer the
            # schema judges ("-1" is then below its minimum); anything else ("²", "ten") stays text
            # and fails the schema's type.
            digits = raw.removeprefix("-")
            query[name] = int(raw) if digits.isascii() and digits.isdigit() else raw
    problems = schemas.problems("control/sends_query", query)
    if problems:
        raise ApiError(BAD_QUERY, problems)
    after = query.get("after", 0)
    limit = query.get("limit")
    return int(after), None if limit is None else int(limit)
