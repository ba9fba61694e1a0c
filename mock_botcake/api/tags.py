"""GET get_list_tag: the page's customer tags, a page of them at a time."""

from __future__ import annotations

from typing import Any

from flask import request

from .. import fidelity
from ..web.answers import ApiError
from ..web.context import current_store
from ..web.queries import query_value
from ..wire import schemas
from .routes import api


@api.operation(
    "get",
    "/get_list_tag",
    "listTags",
    tag="tags",
    summary="The page's customer tags, 50 a page",
    response="responses/tags",
    query=("page_number",),
    refuses={fidelity.BAD_PAGE_NUMBER: "`page` is not a whole number from 1, with details in `errors`"},
    cached=True,
)
def list_tags(page_id: str) -> dict[str, Any]:
    return {"data": current_store().tags(page_id, page_number(), fidelity.TAGS_PER_PAGE)}


def page_number() -> int:
    """``?page=N`` (default 1), checked against ``common.json#/$defs/page_number``."""
    value = query_value(request.args.get("page", "1"))
    problems = schemas.problems("requests/paged_query", {"page": value})
    if problems:
        raise ApiError(fidelity.BAD_PAGE_NUMBER, problems)
    return int(value)
