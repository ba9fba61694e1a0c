"""GET get_list_tag: the page's customer tags, a page of them at a time."""

from __future__ import annotations

from typing import Any

from .. import fidelity
from ..store.kinds import TAGS
from ..web.context import current_store
from .routes import api


@api.operation(
    "get",
    "/get_list_tag",
    "listTags",
    tag="tags",
    summary="The page's customer tags, 50 a page",
    response="responses/tags",
    query="requests/paged_query",
    bad_query=fidelity.BAD_PAGE_NUMBER,
    cached=True,
)
def list_tags(page_id: str, query: dict[str, Any]) -> dict[str, Any]:
    return {"data": current_store().items_page(TAGS, page_id, query["page"], fidelity.TAGS_PER_PAGE)}
