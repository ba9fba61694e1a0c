"""Rows in and out in the API's own item shapes, for any kind of ``kinds.py``.

Shared by the store's reads and writes, the seeds and the state export: no SQL here names a column.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from .kinds import Kind


def rows(
    conn: sqlite3.Connection, kind: Kind, where: str, args: tuple[Any, ...], *, limit: int = -1
) -> list[dict[str, Any]]:
    """The items of ``kind`` that ``where`` selects, in insertion order (fidelity 7.10); at most ``limit``."""
    names = ", ".join(kind.keys)
    query = f"SELECT {names} FROM {kind.table} {where} ORDER BY rowid LIMIT ?"
    return [_item(kind, row) for row in conn.execute(query, (*args, limit))]


def rows_by_key(
    conn: sqlite3.Connection, kind: Kind, where: str, args: tuple[Any, ...]
) -> dict[Any, dict[str, Any]]:
    """The items of a keyed kind (``Kind.keyed_by``) that ``where`` selects, each under its key."""
    return {item.pop(kind.keyed_by): item for item in rows(conn, kind, where, args)}


def insert_rows(
    conn: sqlite3.Connection, kind: Kind, page_id: str, items: Iterable[Mapping[str, Any]]
) -> None:
    """Write ``items`` of ``kind`` on the page, in order; a key left out takes its column's default."""
    names = ", ".join(kind.keys)
    places = ", ".join("?" * (len(kind.columns) + 1))
    conn.executemany(
        f"INSERT INTO {kind.table} (page_id, {names}) VALUES ({places})",
        [
            (
                page_id,
                *(column.conversion.to_sql(item.get(column.key, column.default)) for column in kind.columns),
            )
            for item in items
        ],
    )


def _item(kind: Kind, row: tuple[Any, ...]) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for column, stored in zip(kind.columns, row, strict=True):
        value = column.conversion.from_sql(stored)
        if column.shown(value, item):
            item[column.key] = value
    return item
