"""GET ice_breaker, GET main_menu, GET tools: read-only page settings."""

from __future__ import annotations

from typing import Any

from ..web.context import current_store
from .routes import api


@api.operation(
    "get",
    "/ice_breaker",
    "getIceBreakers",
    tag="page settings",
    summary="The page's ice breakers",
    response="responses/ice_breaker",
    cached=True,
)
def ice_breakers(page_id: str) -> dict[str, Any]:
    return {"data": current_store().ice_breakers(page_id)}


@api.operation(
    "get",
    "/main_menu",
    "getMainMenu",
    tag="page settings",
    summary="The page's persistent menu",
    response="responses/main_menu",
    cached=True,
)
def main_menu(page_id: str) -> dict[str, Any]:
    return {"data": current_store().main_menu(page_id)}


@api.operation(
    "get",
    "/tools",
    "listTools",
    tag="page settings",
    summary="The page's growth tools",
    response="responses/tools",
    cached=True,
)
def tools(page_id: str) -> dict[str, Any]:
    return {"data": current_store().tools(page_id)}
