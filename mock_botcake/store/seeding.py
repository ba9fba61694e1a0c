"""Turning a page seed (the shape of ``contracts/schemas/control/page_seed.json``) into rows and back.

A seed's structure is checked against its JSON Schema; what a schema cannot say (unique ids, parents
that exist, no folder inside itself) is checked here, before anything is written.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ..wire import schemas, strict_json
from .errors import InvalidSeed
from .kinds import KINDS, Kind
from .rows import insert_rows, rows, rows_by_key


def check_seed(seed: Any) -> None:
    """Raise ``InvalidSeed`` saying what is wrong, or return when ``seed`` can be loaded."""
    try:
        strict_json.check(seed)  # a seed handed over in Python has not been through strict_json.loads
    except strict_json.NotStrictJson as error:
        raise InvalidSeed(str(error)) from None
    problems = schemas.problems("control/page_seed", seed)
    if problems:
        raise InvalidSeed(*problems)
    ids = {kind.key: _unique_ids(seed_items(kind, seed), kind) for kind in KINDS if not kind.keyed_by}
    _check_folder_tree(seed.get("folders", []), ids["folders"])
    for flow in seed.get("flows", []):
        parent = flow.get("parent_id")
        if parent is not None and parent not in ids["folders"]:
            raise InvalidSeed(f"flow {flow['id']}: parent_id {parent} is not a folder of this page")
    for flow_id in seed.get("flow_statistics", {}):
        if int(flow_id) not in ids["flows"]:
            raise InvalidSeed(f"flow_statistics: {flow_id} is not a flow of this page")
    _check_customers(seed.get("customers", []), ids["tags"], ids["custom_fields"])
    _check_sequence_messages(seed.get("sequences", []))


def _check_sequence_messages(sequences: list[dict[str, Any]]) -> None:
    """A message id names one message of its sequence (its statistics and recipients are read by it)."""
    for sequence in sequences:
        seen: set[int] = set()
        for message in sequence.get("messages", []):
            if message["message_id"] in seen:
                where = f"sequence {sequence['id']}"
                raise InvalidSeed(f"{where}: message_id {message['message_id']} appears twice")
            seen.add(message["message_id"])


def _check_customers(customers: list[dict[str, Any]], tag_ids: set[int], field_ids: set[int]) -> None:
    """Each customer's tags and field values name tags and custom fields of the same seed."""
    for customer in customers:
        psid = customer["psid"]
        for tag_id in customer.get("tags", []):
            if tag_id not in tag_ids:
                raise InvalidSeed(f"customer {psid}: tag {tag_id} is not a tag of this page")
        for field_id in customer.get("custom_fields", {}):
            if int(field_id) not in field_ids:
                raise InvalidSeed(
                    f"customer {psid}: custom field {field_id} is not a custom field of this page"
                )
        for tag_id in customer.get("tagged_at", {}):
            if int(tag_id) not in customer.get("tags", []):
                raise InvalidSeed(
                    f"customer {psid}: tagged_at names tag {tag_id}, which the customer does not carry"
                )


def _unique_ids(items: list[dict[str, Any]], kind: Kind) -> set[Any]:
    seen: set[Any] = set()
    for item in items:
        key = item[kind.identity]
        if key in seen:
            raise InvalidSeed(f"{kind.what} {kind.identity} {key} appears twice")
        seen.add(key)
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
    for kind in KINDS:
        insert_rows(conn, kind, page_id, seed_items(kind, seed))


def seed_items(kind: Kind, seed: dict[str, Any]) -> list[dict[str, Any]]:
    """The seed's items of ``kind`` as a list, a keyed kind's key put back into each item."""
    if kind.keyed_by:
        # A JSON object's key is a string; the schema allows only digits there.
        return [{kind.keyed_by: int(key), **value} for key, value in seed.get(kind.key, {}).items()]
    if kind.section:
        return seed.get(kind.section, {}).get(kind.key, [])
    return seed.get(kind.key, [])


def export_page(conn: sqlite3.Connection, page_id: str) -> dict[str, Any]:
    """The page as a seed that ``insert_page`` turns back into the same rows."""
    name, token = conn.execute(
        "SELECT name, access_token FROM pages WHERE page_id = ?", (page_id,)
    ).fetchone()
    page: dict[str, Any] = {"page_id": page_id, "name": name, "access_token": token}
    for kind in KINDS:
        if kind.keyed_by:
            items = rows_by_key(conn, kind, "WHERE page_id = ?", (page_id,))
            page[kind.key] = {str(key): item for key, item in items.items()}
        elif kind.section:
            page.setdefault(kind.section, {})[kind.key] = rows(conn, kind, "WHERE page_id = ?", (page_id,))
        else:
            page[kind.key] = rows(conn, kind, "WHERE page_id = ?", (page_id,))
    return page
