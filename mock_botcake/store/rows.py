"""Reading rows back in the API's own item shapes; shared by the API reads and the state export."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..wire import strict_json

STATISTIC_FIELDS = ("delivery", "is_clicked", "seen", "sent", "total_phone_number")


def folder_rows(conn: sqlite3.Connection, where: str, args: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [
        {"id": row[0], "name": row[1], "parent_id": row[2]}
        for row in conn.execute(f"SELECT id, name, parent_id FROM folders {where} ORDER BY rowid", args)
    ]


def flow_rows(conn: sqlite3.Connection, where: str, args: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [
        {"id": row[0], "name": row[1], "parent_id": row[2], "is_removed": bool(row[3])}
        for row in conn.execute(
            f"SELECT id, name, parent_id, is_removed FROM flows {where} ORDER BY rowid", args
        )
    ]


def keyword_rows(conn: sqlite3.Connection, page_id: str) -> list[dict[str, Any]]:
    return [
        {"id": row[0], "flow_id": row[1], "is_activated": bool(row[2])}
        for row in conn.execute(
            "SELECT id, flow_id, is_activated FROM keywords WHERE page_id = ? ORDER BY rowid", (page_id,)
        )
    ]


def ice_breaker_rows(conn: sqlite3.Connection, page_id: str) -> list[dict[str, Any]]:
    return [
        {"id": row[0], "flow_id": row[1], "title": row[2]}
        for row in conn.execute(
            "SELECT id, flow_id, title FROM ice_breakers WHERE page_id = ? ORDER BY rowid", (page_id,)
        )
    ]


def menu_rows(conn: sqlite3.Connection, page_id: str) -> list[dict[str, Any]]:
    items = []
    for item_id, kind, title, flow_id, url in conn.execute(
        "SELECT id, type, title, flow_id, url FROM main_menu WHERE page_id = ? ORDER BY rowid", (page_id,)
    ):
        item: dict[str, Any] = {"id": item_id, "title": title, "type": kind}
        if kind == "flow" or flow_id is not None:
            item["flow_id"] = flow_id
        if url is not None:
            item["url"] = url
        items.append(item)
    return items


def tool_rows(conn: sqlite3.Connection, page_id: str) -> list[dict[str, Any]]:
    return [
        {"id": row[0], "name": row[1], "type": row[2], "is_published": bool(row[3])}
        for row in conn.execute(
            "SELECT id, name, type, is_published FROM tools WHERE page_id = ? ORDER BY rowid", (page_id,)
        )
    ]


def send_rows(
    conn: sqlite3.Connection, page_id: str, after: int = 0, limit: int = -1
) -> list[dict[str, Any]]:
    return [
        {
            "id": row[0],
            "kind": row[1],
            "psid": row[2],
            "flow_id": row[3],
            "data": _from_json_or_null(row[4]),
            "message_tag": row[5],
            "payload": _from_json_or_null(row[6]),
            "received_at": row[7],
        }
        for row in conn.execute(
            "SELECT id, kind, psid, flow_id, data, message_tag, payload, received_at FROM sends"
            " WHERE page_id = ? AND id > ? ORDER BY id LIMIT ?",
            (page_id, after, limit),
        )
    ]


def to_json_or_null(value: Any) -> str | None:
    return None if value is None else strict_json.dumps(value)


def _from_json_or_null(text: str | None) -> Any:
    return None if text is None else json.loads(text)
