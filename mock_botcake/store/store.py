"""The domain store: every read and write of the fake's state goes through here.

Plain Python on ``sqlite3``, no Flask. Each public method is one atomic transaction (see
``database.py``), takes and returns plain dicts in the API's own item shapes, and raises a
``StoreError`` subclass, leaving the state unchanged, when it refuses.
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import fidelity
from ..wire.envelopes import timestamp
from .database import Database
from .errors import (
    BadFlowPath,
    FlowNotFound,
    InvalidSeed,
    KeywordNotFound,
    PageExists,
    PageNotFound,
    flow_unavailable,
)
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
from .seeding import check_seed, export_page, insert_page
from .tokens import mint_token

STATE_FORMAT = "mock-botcake/state@1"


class Store:
    """The pages of the fake and everything on them."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.db = Database(path)
        self._start_state = self.db.snapshot()

    # --- whole state -------------------------------------------------------------------------

    def mark_start_state(self) -> None:
        """Remember the current state as the one ``reset`` returns to (call after seeding)."""
        self._start_state = self.db.snapshot()

    def start_from(self, snapshot: sqlite3.Connection) -> None:
        """Replace the state with ``snapshot`` and make it the one ``reset`` returns to."""
        self.db.restore(snapshot)
        self._start_state = snapshot

    def reset(self) -> None:
        """Go back to the state marked by ``mark_start_state``."""
        self.db.restore(self._start_state)

    def snapshot(self) -> sqlite3.Connection:
        return self.db.snapshot()

    @property
    def version(self) -> int:
        """Changes whenever the state may have changed (a write committed, or a restore)."""
        return self.db.version

    def restore(self, snapshot: sqlite3.Connection) -> None:
        self.db.restore(snapshot)

    def export_state(self) -> dict[str, Any]:
        """The whole state as a JSON-ready document that ``import_state`` loads back unchanged."""
        with self.db.reading() as conn:
            page_ids = [row[0] for row in conn.execute("SELECT page_id FROM pages ORDER BY rowid")]
            return {"format": STATE_FORMAT, "pages": [export_page(conn, pid) for pid in page_ids]}

    def import_state(self, state: dict[str, Any]) -> None:
        """Replace the whole state with an export; on a refusal nothing changes."""
        pages = state.get("pages") if isinstance(state, dict) else None
        if not isinstance(pages, list) or set(state) - {"format", "pages"}:
            raise InvalidSeed('a state must be an object {"format": ..., "pages": [...]}')
        if state.get("format", STATE_FORMAT) != STATE_FORMAT:
            raise InvalidSeed(f"unknown state format {state.get('format')!r}; expected {STATE_FORMAT!r}")
        with self.db.transaction() as conn:
            for table in (
                "sends",
                "flow_statistics",
                "keywords",
                "ice_breakers",
                "main_menu",
                "tools",
                "flows",
                "folders",
                "pages",
            ):
                conn.execute(f"DELETE FROM {table}")
            for index, page in enumerate(pages):
                try:
                    self._add_page(conn, page)
                except InvalidSeed as error:
                    raise InvalidSeed(*(f"pages/{index}: {problem}" for problem in error.problems)) from None

    # --- pages and tokens ----------------------------------------------------------------------

    def add_page(self, seed: dict[str, Any]) -> dict[str, str]:
        """Create a page from a seed; answers its ``page_id`` and ``access_token``."""
        with self.db.transaction() as conn:
            return self._add_page(conn, seed)

    def _add_page(self, conn: sqlite3.Connection, seed: Any) -> dict[str, str]:
        check_seed(seed)
        seed = dict(seed)
        seed.setdefault("page_id", _fresh_page_id(conn))
        page_id = seed["page_id"]
        if conn.execute("SELECT 1 FROM pages WHERE page_id = ?", (page_id,)).fetchone():
            raise PageExists(f"page {page_id} already exists")
        timestamp = int(time.time())
        token = seed.get("access_token") or mint_token(page_id, timestamp)
        if conn.execute("SELECT 1 FROM pages WHERE access_token = ?", (token,)).fetchone():
            raise InvalidSeed("access_token is already the token of another page")
        if (
            seed.get("sends")
            and conn.execute(
                f"SELECT 1 FROM sends WHERE id IN ({','.join('?' * len(seed['sends']))})",
                [send["id"] for send in seed["sends"]],
            ).fetchone()
        ):
            raise InvalidSeed("a send id is already used by another page")
        insert_page(conn, seed, token, timestamp)
        return {"page_id": page_id, "access_token": token}

    def list_pages(self) -> list[dict[str, str]]:
        with self.db.reading() as conn:
            return [
                {"page_id": row[0], "name": row[1], "access_token": row[2]}
                for row in conn.execute("SELECT page_id, name, access_token FROM pages ORDER BY rowid")
            ]

    def page_of_token(self, token: str) -> str | None:
        """The page a token belongs to, or None for an unknown (or rotated-away) token."""
        with self.db.reading() as conn:
            row = conn.execute("SELECT page_id FROM pages WHERE access_token = ?", (token,)).fetchone()
        return row[0] if row else None

    def rotate_token(self, page_id: str) -> str:
        """Give the page a new token; the old one stops working at once."""
        with self.db.transaction() as conn:
            row = conn.execute("SELECT token_timestamp FROM pages WHERE page_id = ?", (page_id,)).fetchone()
            if row is None:
                raise PageNotFound(page_id)
            # A new timestamp makes a new token even for two rotations within one second.
            timestamp = max(int(time.time()), row[0] + 1)
            token = mint_token(page_id, timestamp)
            conn.execute(
                "UPDATE pages SET access_token = ?, token_timestamp = ? WHERE page_id = ?",
                (token, timestamp, page_id),
            )
            return token

    # --- flows and folders ---------------------------------------------------------------------

    def flow_tree(self, page_id: str) -> dict[str, list[dict[str, Any]]]:
        """Every folder and flow of the page, flat, linked by parent_id."""
        with self.db.reading() as conn:
            return {
                "folders": folder_rows(conn, "WHERE page_id = ?", (page_id,)),
                "flows": flow_rows(conn, "WHERE page_id = ?", (page_id,)),
            }

    def folder_children(self, page_id: str, path: list[int]) -> dict[str, list[dict[str, Any]]]:
        """The direct children of the last folder of ``path``; ``[]`` is the root level.

        The ids must form a chain from the root: each folder's parent is the one before it.
        """
        with self.db.reading() as conn:
            parent: int | None = None
            for folder_id in path:
                row = conn.execute(
                    "SELECT parent_id FROM folders WHERE page_id = ? AND id = ?", (page_id, folder_id)
                ).fetchone()
                if row is None:
                    raise BadFlowPath(f"folder {folder_id} does not exist")
                if row[0] != parent:
                    raise BadFlowPath(f"folder {folder_id} is not inside {_describe_folder(parent)}")
                parent = folder_id
            return {
                "folders": folder_rows(conn, "WHERE page_id = ? AND parent_id IS ?", (page_id, parent)),
                "flows": flow_rows(conn, "WHERE page_id = ? AND parent_id IS ?", (page_id, parent)),
            }

    def flow_statistics(self, page_id: str, flow_id: int) -> dict[str, int]:
        with self.db.reading() as conn:
            if not _flow_exists(conn, page_id, flow_id, include_removed=True):
                raise FlowNotFound(f"flow {flow_id} does not exist")
            row = conn.execute(
                "SELECT delivery, is_clicked, seen, sent, total_phone_number FROM flow_statistics"
                " WHERE page_id = ? AND flow_id = ?",
                (page_id, flow_id),
            ).fetchone()
        return dict(zip(STATISTIC_FIELDS, row or (0,) * len(STATISTIC_FIELDS), strict=True))

    def page_flow_statistics(self, page_id: str) -> dict[int, dict[str, int]]:
        """The statistics of every flow of the page that has any, by flow id (one read, for overviews)."""
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT flow_id, delivery, is_clicked, seen, sent, total_phone_number FROM flow_statistics"
                " WHERE page_id = ?",
                (page_id,),
            ).fetchall()
        return {row[0]: dict(zip(STATISTIC_FIELDS, row[1:], strict=True)) for row in rows}

    # --- keywords ------------------------------------------------------------------------------

    def keywords(self, page_id: str) -> list[dict[str, Any]]:
        with self.db.reading() as conn:
            return keyword_rows(conn, page_id)

    def create_keyword(self, page_id: str) -> dict[str, Any]:
        """A new keyword with no flow; its id is unique across the whole server."""
        with self.db.transaction() as conn:
            new_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM keywords").fetchone()[0]
            conn.execute(
                "INSERT INTO keywords (page_id, id, flow_id, is_activated) VALUES (?, ?, NULL, ?)",
                (page_id, new_id, fidelity.NEW_KEYWORD_IS_ACTIVATED),
            )
        return {"flow_id": None, "id": new_id}

    def update_keyword(self, page_id: str, keyword_id: int, flow_id: int) -> dict[str, Any]:
        """Point a keyword of the page at a flow of the page."""
        with self.db.transaction() as conn:
            if not conn.execute(
                "SELECT 1 FROM keywords WHERE page_id = ? AND id = ?", (page_id, keyword_id)
            ).fetchone():
                raise KeywordNotFound(f"keyword {keyword_id} does not exist")
            _require_live_flow(conn, page_id, flow_id)
            conn.execute(
                "UPDATE keywords SET flow_id = ? WHERE page_id = ? AND id = ?", (flow_id, page_id, keyword_id)
            )
        return {"flow_id": flow_id, "id": keyword_id}

    # --- page settings -------------------------------------------------------------------------

    def ice_breakers(self, page_id: str) -> list[dict[str, Any]]:
        with self.db.reading() as conn:
            return ice_breaker_rows(conn, page_id)

    def main_menu(self, page_id: str) -> list[dict[str, Any]]:
        with self.db.reading() as conn:
            return menu_rows(conn, page_id)

    def tools(self, page_id: str) -> list[dict[str, Any]]:
        with self.db.reading() as conn:
            return tool_rows(conn, page_id)

    # --- sends ---------------------------------------------------------------------------------

    def record_flow_send(self, page_id: str, psid: str, flow_id: int, payload: dict | None) -> dict[str, Any]:
        """Record a send_flow and count it in the flow's ``sent`` statistic."""
        with self.db.transaction() as conn:
            _require_live_flow(conn, page_id, flow_id)
            conn.execute(
                "INSERT INTO flow_statistics (page_id, flow_id, sent) VALUES (?, ?, 1)"
                " ON CONFLICT (page_id, flow_id) DO UPDATE SET sent = sent + 1",
                (page_id, flow_id),
            )
            return _insert_send(conn, page_id, "flow", psid, flow_id=flow_id, payload=payload)

    def record_content_send(
        self, page_id: str, psid: str, data: dict, message_tag: str | None, payload: dict | None
    ) -> dict[str, Any]:
        with self.db.transaction() as conn:
            return _insert_send(
                conn, page_id, "content", psid, data=data, message_tag=message_tag, payload=payload
            )

    def sends(self, page_id: str, after: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
        """The page's sends in the order received; ``after`` a send id, at most ``limit`` of them."""
        with self.db.reading() as conn:
            _require_page(conn, page_id)
            return send_rows(conn, page_id, after=after, limit=-1 if limit is None else limit)

    def latest_sends(self, page_id: str, limit: int) -> list[dict[str, Any]]:
        """The page's last ``limit`` sends, oldest first (a live view's window, whatever was sent before)."""
        with self.db.reading() as conn:
            _require_page(conn, page_id)
            row = conn.execute(
                "SELECT min(id) FROM (SELECT id FROM sends WHERE page_id = ? ORDER BY id DESC LIMIT ?)",
                (page_id, limit),
            ).fetchone()
            if row[0] is None:
                return []
            return send_rows(conn, page_id, after=row[0] - 1)

    def clear_sends(self, page_id: str) -> None:
        with self.db.transaction() as conn:
            _require_page(conn, page_id)
            conn.execute("DELETE FROM sends WHERE page_id = ?", (page_id,))


def _flow_exists(conn: sqlite3.Connection, page_id: str, flow_id: int, *, include_removed: bool) -> bool:
    row = conn.execute(
        "SELECT is_removed FROM flows WHERE page_id = ? AND id = ?", (page_id, flow_id)
    ).fetchone()
    return row is not None and (include_removed or not row[0])


def _require_live_flow(conn: sqlite3.Connection, page_id: str, flow_id: int) -> None:
    """A flow that can be sent or pointed at: on the page and not removed."""
    if not _flow_exists(conn, page_id, flow_id, include_removed=False):
        raise flow_unavailable(flow_id)


def _require_page(conn: sqlite3.Connection, page_id: str) -> None:
    if not conn.execute("SELECT 1 FROM pages WHERE page_id = ?", (page_id,)).fetchone():
        raise PageNotFound(page_id)


def _insert_send(
    conn: sqlite3.Connection,
    page_id: str,
    kind: str,
    psid: str,
    *,
    flow_id: int | None = None,
    data: dict | None = None,
    message_tag: str | None = None,
    payload: dict | None = None,
) -> dict[str, Any]:
    received_at = timestamp(datetime.now(UTC))
    send_id = conn.execute(
        "INSERT INTO sends (page_id, kind, psid, flow_id, data, message_tag, payload, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            page_id,
            kind,
            psid,
            flow_id,
            to_json_or_null(data),
            message_tag,
            to_json_or_null(payload),
            received_at,
        ),
    ).lastrowid
    return {
        "id": send_id,
        "kind": kind,
        "psid": psid,
        "flow_id": flow_id,
        "data": data,
        "message_tag": message_tag,
        "payload": payload,
        "received_at": received_at,
    }


def _fresh_page_id(conn: sqlite3.Connection) -> str:
    """A Facebook-like page id (15 digits) that no page has yet."""
    while True:
        candidate = str(100_000_000_000_000 + secrets.randbelow(900_000_000_000_000))
        if not conn.execute("SELECT 1 FROM pages WHERE page_id = ?", (candidate,)).fetchone():
            return candidate


def _describe_folder(folder_id: int | None) -> str:
    return "the root" if folder_id is None else f"folder {folder_id}"
