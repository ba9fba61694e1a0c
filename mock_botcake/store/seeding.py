"""Turning a page seed (the shape of ``contracts/schemas/control/page_seed.json``) into rows and back.

A seed's structure is checked against its JSON Schema; what a schema cannot say (unique ids, parents
that exist, no folder inside itself) is checked here, before anything is written.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ..wire import schemas, strict_json
from .errors import InvalidSeed
from .rows import (
    STATISTIC_FIELDS,
    flow_rows,
    folder_rows,
    ice_breaker_rows,
    keyword_rows,
    menu_rows,
    send_rows,
    to_json_or_null,
    tool_rows,
)


def check_seed(seed: Any) -> None:
    """Raise ``InvalidSeed`` saying what is wrong, or return when ``seed`` can be loaded."""
    try:
        strict_json.check(seed)  # a seed handed over in Python has not been through strict_json.loads
    except strict_json.NotStrictJson as error:
        raise InvalidSeed(str(error)) from None
    problems = schemas.problems("control/page_seed", seed)
    if problems:
        raise InvalidSeed(*problems)
    folder_ids = _unique_ids(seed.get("folders", []), "folder")
    flow_ids = _unique_ids(seed.get("flows", []), "flow")
    for name in ("keywords", "ice_breakers", "main_menu", "tools", "sends"):
        _unique_ids(seed.get(name, []), name.rstrip("s").replace("_", " ") + " item")
    _check_folder_tree(seed.get("folders", []), folder_ids)
    for flow in seed.get("flows", []):
        parent = flow.get("parent_id")
        if parent is not None and parent not in folder_ids:
            raise InvalidSeed(f"flow {flow['id']}: parent_id {parent} is not a folder of this page")
    for flow_id in seed.get("flow_statistics", {}):
        if int(flow_id) not in flow_ids:
            raise InvalidSeed(f"flow_statistics: {flow_id} is not a flow of this page")


def _unique_ids(items: list[dict[str, Any]], what: str) -> set[int]:
    seen: set[int] = set()
    for item in items:
        if item["id"] in seen:
            raise InvalidSeed(f"{what} id {item['id']} appears twice")
        seen.add(item["id"])
    return seen


def _check_folder_tree(folders: list[dict[str, Any]], folder_ids: set[int]) -> None:
    parents = {folder["id"]: folder.get("parent_id") for folder in folders}
    for folder_id, parent in parents.items():
        if parent is not None and parent not in folder_ids:
            raise InvalidSeed(f"folder {folder_id}: parent_id {parent} is not a folder of this page")
    for start in parents:
        visited = {start}
        current = parents[start]
        while current is not None:
            if current in visited:
                raise InvalidSeed(f"folder {start} is inside itself (a parent_id cycle)")
            visited.add(current)
            current = parents[current]


def insert_page(
    conn: sqlite3.Connection, seed: dict[str, Any], access_token: str, token_timestamp: int
) -> None:
    """Write a checked seed as a new page."""
    page_id = seed["page_id"]
    conn.execute(
        "INSERT INTO pages (page_id, name, access_token, token_timestamp) VALUES (?, ?, ?, ?)",
        (page_id, seed.get("name", ""), access_token, token_timestamp),
    )
    conn.executemany(
        "INSERT INTO folders (page_id, id, name, parent_id) VALUES (?, ?, ?, ?)",
        [(page_id, f["id"], f["name"], f.get("parent_id")) for f in seed.get("folders", [])],
    )
    conn.executemany(
        "INSERT INTO flows (page_id, id, name, parent_id, is_removed) VALUES (?, ?, ?, ?, ?)",
        [
            (page_id, f["id"], f["name"], f.get("parent_id"), f.get("is_removed", False))
            for f in seed.get("flows", [])
        ],
    )
    conn.executemany(
        "INSERT INTO keywords (page_id, id, flow_id, is_activated) VALUES (?, ?, ?, ?)",
        [
            (page_id, k["id"], k.get("flow_id"), k.get("is_activated", False))
            for k in seed.get("keywords", [])
        ],
    )
    conn.executemany(
        "INSERT INTO ice_breakers (page_id, id, flow_id, title) VALUES (?, ?, ?, ?)",
        [(page_id, i["id"], i["flow_id"], i["title"]) for i in seed.get("ice_breakers", [])],
    )
    conn.executemany(
        "INSERT INTO main_menu (page_id, id, type, title, flow_id, url) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (page_id, m["id"], m["type"], m["title"], m.get("flow_id"), m.get("url"))
            for m in seed.get("main_menu", [])
        ],
    )
    conn.executemany(
        "INSERT INTO tools (page_id, id, name, type, is_published) VALUES (?, ?, ?, ?, ?)",
        [(page_id, t["id"], t["name"], t["type"], t["is_published"]) for t in seed.get("tools", [])],
    )
    conn.executemany(
        "INSERT INTO flow_statistics (page_id, flow_id, delivery, is_clicked, seen, sent, total_phone_number)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (page_id, int(flow_id), *(stats.get(field, 0) for field in STATISTIC_FIELDS))
            for flow_id, stats in seed.get("flow_statistics", {}).items()
        ],
    )
    conn.executemany(
        "INSERT INTO sends (id, page_id, kind, psid, flow_id, data, message_tag, payload, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                s["id"],
                page_id,
                s["kind"],
                s["psid"],
                s["flow_id"],
                to_json_or_null(s["data"]),
                s["message_tag"],
                to_json_or_null(s["payload"]),
                s["received_at"],
            )
            for s in seed.get("sends", [])
        ],
    )


def export_page(conn: sqlite3.Connection, page_id: str) -> dict[str, Any]:
    """The page as a seed that ``insert_page`` turns back into the same rows."""
    name, token = conn.execute(
        "SELECT name, access_token FROM pages WHERE page_id = ?", (page_id,)
    ).fetchone()
    return {
        "page_id": page_id,
        "name": name,
        "access_token": token,
        "folders": folder_rows(conn, "WHERE page_id = ?", (page_id,)),
        "flows": flow_rows(conn, "WHERE page_id = ?", (page_id,)),
        "keywords": keyword_rows(conn, page_id),
        "ice_breakers": ice_breaker_rows(conn, page_id),
        "main_menu": menu_rows(conn, page_id),
        "tools": tool_rows(conn, page_id),
        "flow_statistics": {
            str(row[0]): dict(zip(STATISTIC_FIELDS, row[1:], strict=True))
            for row in conn.execute(
                "SELECT flow_id, delivery, is_clicked, seen, sent, total_phone_number"
                " FROM flow_statistics WHERE page_id = ? ORDER BY rowid",
                (page_id,),
            )
        },
        "sends": send_rows(conn, page_id),
    }
