"""GET ice_breaker, GET main_menu, GET tools: read-only page settings."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..context import current_store

blueprint = Blueprint("page_settings", __name__)


@blueprint.get("/ice_breaker")
def ice_breakers(page_id: str) -> ResponseReturnValue:
    return jsonify({"data": current_store().ice_breakers(page_id), "success": True})


@blueprint.get("/main_menu")
def main_menu(page_id: str) -> ResponseReturnValue:
    return jsonify({"data": current_store().main_menu(page_id), "success": True})


@blueprint.get("/tools")
def tools(page_id: str) -> ResponseReturnValue:
    return jsonify({"success": True, "data": current_store().tools(page_id)})
