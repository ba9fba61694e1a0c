"""Rows in and out in the API's own item shapes, for any kind of ``kinds.py``.

Shared by the store's reads and writes, the seeds and the state export: no SQL here names a column.
Each kind's statements and row reader are built once, on first use.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from .kinds import PLAIN, Kind, always


def rows(
    conn: sqlite3.Connection,
    kind: Kind,
    where: str,
    args: tuple[Any, ...],
    *,
    limit: int = -1,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The items of ``kind`` that ``where`` selects, in insertion order (fidelity 7.10): at most
    ``limit`` of them, after the first ``offset``."""
    item = _reader(kind)
    query = f"{_select(kind)} {where} ORDER BY rowid LIMIT ? OFFSET ?"
    return [item(row) for row in conn.execute(query, (*args, limit, offset))]


def rows_by_key(
    conn: sqlite3.Connection, kind: Kind, where: str, args: tuple[Any, ...]
) -> dict[Any, dict[str, Any]]:
    """The items of a keyed kind (``Kind.keyed_by``) that ``where`` selects, each under its key."""
    return {item.pop(kind.keyed_by): item for item in rows(conn, kind, where, args)}


def insert_rows(
    conn: sqlite3.Connection, kind: Kind, page_id: str, items: Iterable[Mapping[str, Any]]
) -> None:
    """Write ``items`` of ``kind`` on the page, in order; a key left out takes its column's default."""
    columns = kind.columns
    conn.executemany(
        _insert(kind),
        [
            (page_id, *(column.conversion.to_sql(item.get(column.key, column.default)) for column in columns))
            for item in items
        ],
    )


@cache
def _select(kind: Kind) -> str:
    return f"SELECT {', '.join(kind.keys)} FROM {kind.table}"


@cache
def _insert(kind: Kind) -> str:
    places = ", ".join("?" * (len(kind.columns) + 1))
    return f"INSERT INTO {kind.table} (page_id, {', '.join(kind.keys)}) VALUES ({places})"


@cache
def _reader(kind: Kind) -> Callable[[tuple[Any, ...]], dict[str, Any]]:
    """A row of ``kind``'s select as an item: only the columns that need it converted or left out."""
    keys = kind.keys
    conversions = [
        (column.key, column.conversion.from_sql) for column in kind.columns if column.conversion is not PLAIN
    ]
    optional = [(column.key, column.shown) for column in kind.columns if column.shown is not always]

    def item(row: tuple[Any, ...]) -> dict[str, Any]:
        found = dict(zip(keys, row))  # noqa: B905  (a select of exactly these keys)
        for key, convert in conversions:
            found[key] = convert(found[key])
        for key, shown in optional:
            if not shown(found[key], found):
                del found[key]
        return found

    return item
