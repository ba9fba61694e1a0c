"""Every path and query parameter of the fake's operations, by the name operations refer to it by."""

from __future__ import annotations

from .operations import Parameter

PARAMETERS: dict[str, Parameter] = {
    "page_id": Parameter("path", "page_id", True, "common#page_id", "The page the request is about."),
    "flow_id": Parameter("path", "flow_id", True, "common#id", "A flow of the page.", converter="id"),
    "flow_path": Parameter(
        "path",
        "path",
        True,
        "common#flow_path",
        "The folder path as a JSON-array literal like `[1561,1564]` (percent-encoded or raw): folder ids "
        "from the root down, each the parent of the next; `[]` is the root level.",
    ),
    "flow_path_query": Parameter(
        "query",
        "path",
        False,
        "common#flow_path",
        "The same folder path as `flows/{path}` takes, e.g. `?path=[1561,1564]`.",
    ),
    "page_number": Parameter(
        "query", "page", False, "common#page_number", "Which page of the list, from 1 (the default)."
    ),
    "after": Parameter("query", "after", False, "control/sends_query#after", "Only sends with a larger id."),
    "limit": Parameter("query", "limit", False, "control/sends_query#limit", "At most this many sends."),
    "requests_after": Parameter(
        "query",
        "after",
        False,
        "control/sends_query#after",
        "Only requests with a larger id (the id of the last one already seen).",
    ),
    "requests_limit": Parameter(
        "query",
        "limit",
        False,
        "control/sends_query#limit",
        "At most this many requests (the oldest of those after `after`).",
    ),
}
