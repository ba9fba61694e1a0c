"""What the dashboard shows, read from the store into plain dicts that the templates only lay out.

No HTML here: the templates (templates/dashboard/ beside this module) draw these structures and Jinja
escapes every string in them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from ...store import PageNotFound, Store
from ...store.kinds import STATISTIC_FIELDS
from ...wire import strict_json
from ...wire.urls import API_BASE

# The live view keeps the page light: older sends and requests stay readable through
# GET /_mock/pages/<id>/sends and GET /_mock/requests.
SENDS_SHOWN_PER_PAGE = 200
REQUESTS_SHOWN = 50
# Customers shown per page (the first ones, in the order they became known); all: GET customer?page=N.
CUSTOMERS_SHOWN = 200


def pages_view(store: Store) -> list[dict[str, Any]]:
    """Every page with its tree, keywords, statistics and conversations."""
    views = []
    for page in store.list_pages():
        try:
            views.append(_page_view(store, page))
        except PageNotFound:
            continue  # replaced by a PUT /_mock/state between two reads: the next poll shows the new state
    return views


def _page_view(store: Store, page: dict[str, str]) -> dict[str, Any]:
    page_id = page["page_id"]
    tree = store.flow_tree(page_id)
    flow_names = {flow["id"]: flow["name"] for flow in tree["flows"]}
    statistics = store.page_flow_statistics(page_id)
    # One more than shown, to know whether older sends were left out.
    sends = store.latest_sends(page_id, SENDS_SHOWN_PER_PAGE + 1)
    capped = len(sends) > SENDS_SHOWN_PER_PAGE
    sends = sends[-SENDS_SHOWN_PER_PAGE:]
    return {
        **page,
        "tree": flow_tree(tree["folders"], tree["flows"]),
        "flow_count": len(tree["flows"]),
        "keywords": [
            {**keyword, "flow_name": flow_names.get(keyword["flow_id"])}
            for keyword in store.keywords(page_id)
        ],
        "statistics": [
            {**flow, **statistics.get(flow["id"], dict.fromkeys(STATISTIC_FIELDS, 0))}
            for flow in tree["flows"]
        ],
        "conversations": conversations(sends, flow_names),
        "send_count": len(sends),
        "sends_capped": capped,
        "flow_names": flow_names,
        **customers_view(store, page_id),
    }


def customers_view(store: Store, page_id: str) -> dict[str, Any]:
    """The page's first customers, each with its tags and custom field values by name."""
    tags, fields = store.tags_and_custom_fields(page_id)
    tag_names = {tag["id"]: tag["name"] for tag in tags}
    field_names = {str(field["id"]): field["name"] for field in fields}
    customers = store.customers(page_id)
    return {
        "customers": [
            {
                **customer,
                "tags": [{"id": tag_id, "name": tag_names.get(tag_id, "?")} for tag_id in customer["tags"]],
                "fields": [
                    {"id": field_id, "name": field_names.get(field_id, "?"), "value": value}
                    for field_id, value in customer["custom_fields"].items()
                ],
            }
            for customer in customers[:CUSTOMERS_SHOWN]
        ],
        "customer_count": len(customers),
    }


def flow_tree(folders: list[dict[str, Any]], flows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The flat folder and flow lists as nested nodes: folders first, then flows, in API order."""
    children: dict[int | None, list[dict[str, Any]]] = {}
    for folder in folders:
        children.setdefault(folder["parent_id"], []).append({"kind": "folder", **folder})
    for flow in flows:
        children.setdefault(flow["parent_id"], []).append({"kind": "flow", **flow})

    # Level by level with a list of levels to fill, not recursion: a seed may nest folders thousands deep.
    root: list[dict[str, Any]] = []
    pending: list[tuple[int | None, list[dict[str, Any]]]] = [(None, root)]
    expanded: set[int] = set()
    while pending:
        parent, level = pending.pop()
        for node in children.get(parent, []):
            if node["kind"] == "folder":
                node = {**node, "children": []}
                # Seeds check parents, but a cycle must never hang the page: each folder opens once.
                if node["id"] not in expanded:
                    expanded.add(node["id"])
                    pending.append((node["id"], node["children"]))
            level.append(node)
        level.sort(key=lambda node: node["kind"] != "folder")
    return root


def tree_lines(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The nested nodes of ``flow_tree`` as a flat list the template draws without recursing.

    Each item is a node (``kind`` folder or flow) or a mark: ``open`` and ``close`` a level (``<ul>``),
    ``end_folder`` after a folder's children (``</li>``).
    """
    lines: list[dict[str, Any]] = [{"kind": "open"}]
    levels = [iter(nodes)]
    while levels:
        node = next(levels[-1], None)
        if node is None:
            levels.pop()
            lines.append({"kind": "close"})
            if levels:
                lines.append({"kind": "end_folder"})
            continue
        lines.append(node)
        if node["kind"] == "folder":
            if node["children"]:
                lines.append({"kind": "open"})
                levels.append(iter(node["children"]))
            else:
                lines.append({"kind": "end_folder"})
    return lines


def conversations(sends: Iterable[dict[str, Any]], flow_names: dict[int, str]) -> list[dict[str, Any]]:
    """Sends grouped by psid, the conversation with the latest send first, each in the order sent."""
    by_psid: dict[str, list[dict[str, Any]]] = {}
    for send in sends:
        by_psid.setdefault(send["psid"], []).append(_send_view(send, flow_names))
    ordered = sorted(by_psid.items(), key=lambda item: item[1][-1]["id"], reverse=True)
    return [{"psid": psid, "sends": items} for psid, items in ordered]


def _send_view(send: dict[str, Any], flow_names: dict[int, str]) -> dict[str, Any]:
    view = {**send, "time": send["received_at"][11:19]}
    if send["kind"] == "flow":
        view["flow_name"] = flow_names.get(send["flow_id"], "?")
    else:
        content = (send["data"] or {}).get("content")
        view["content"] = content if isinstance(content, dict) else {}
    return view


def journal_view(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The newest requests first, with the path shortened to what follows the API's base."""
    return [
        {**entry, "short_path": _short_path(entry.get("path"))}
        for entry in reversed(entries[-REQUESTS_SHOWN:])
    ]


def _short_path(path: Any) -> str:
    text = str(path or "")
    return text[len(API_BASE) :] if text.startswith(API_BASE + "/") else text


def faults_view(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each rule as three short phrases: which requests, what happens, how often."""
    return [
        {
            "id": rule.get("id"),
            "name": rule.get("name"),
            "fired": rule.get("fired", 0),
            "matches": _fault_matches(rule.get("match") or {}),
            "does": _fault_action(rule.get("action") or {}, rule.get("after_write", False)),
            "often": _fault_frequency(rule),
        }
        for rule in rules
    ]


def _fault_matches(match: dict[str, Any]) -> str:
    parts = [match.get("method", ""), match.get("path", "")]
    if "page_id" in match:
        parts.append(f"on page {match['page_id']}")
    for key in ("query", "headers", "body"):
        if key in match:
            parts.append(f"with {key} {json_text(match[key])}")
    return " ".join(str(part) for part in parts if part) or "every API request"


def _fault_action(action: dict[str, Any], after_write: bool) -> str:
    if "responses" in action:
        answers = "; ".join(_fault_answer(answer) for answer in action["responses"])
        then = "the real answer" if action.get("after_last") == "pass" else "the last again"
        text = f"in turn: {answers}; then {then}"
    else:
        text = _fault_answer(action)
    return text + (" after the write" if after_write else "")


# How the dashboard shows each network fault of a rule (action.fault).
NETWORK_FAULT_WORDS = {
    "empty": "close the connection without a byte",
    "malformed": "answer 200 with a body that is not JSON",
    "reset": "reset the connection",
}


def _fault_answer(action: dict[str, Any]) -> str:
    if action.get("pass"):
        return "answer as usual"
    if action.get("fault") == "slow":
        return f"dribble the answer over {action['delay_ms']} ms"
    parts = []
    if action.get("delay_ms"):
        parts.append(f"wait {action['delay_ms']} ms")
    if action.get("drop_connection"):
        parts.append("drop the connection")
    elif action.get("fault") in NETWORK_FAULT_WORDS:
        parts.append(NETWORK_FAULT_WORDS[action["fault"]])
    elif "status" in action or "body" in action:
        answer = f"answer {action.get('status', 500)}"
        if "body" in action:
            answer += " " + json_text(action["body"])
        parts.append(answer)
    if action.get("fault") == "truncated":
        parts.append("cut the answer short of its Content-Length")
    return ", then ".join(parts) or "answer as usual"


def _fault_frequency(rule: dict[str, Any]) -> str:
    parts = []
    if "times" in rule:
        parts.append("once" if rule["times"] == 1 else f"at most {rule['times']} times")
    if "probability" in rule:
        parts.append(f"p = {rule['probability']}")
    if "seed" in rule:
        parts.append(f"seed {rule['seed']}")
    return ", ".join(parts) or "always"


def dicts(value: Any) -> list[dict[str, Any]]:
    """The objects of a list, for drawing content that a seed may have shaped in any way."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def json_text(value: Any) -> str:
    """``value`` as readable JSON text (the template escapes it like any other string)."""
    return strict_json.dumps(value, separators=(", ", ": "))


def safe_url(url: Any) -> str | None:
    """``url`` when a link may point at it (http/https); None for javascript:, data: and the like."""
    return url if _scheme(url) in ("http", "https") else None


def safe_image_url(url: Any) -> str | None:
    """``url`` when an <img> may load it: http/https, or an inline ``data:image/...`` (runs no script)."""
    if _scheme(url) == "data":
        return url if url.strip()[5:].lower().startswith("image/") else None
    return safe_url(url)


def _scheme(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    try:
        return urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
