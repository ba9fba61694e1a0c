"""The domain store: every read and write of the fake's state goes through here.

Plain Python on ``sqlite3``, no Flask. Each public method is one atomic transaction (see
``database.py``), takes and returns plain dicts in the API's own item shapes, and raises a
``StoreError`` subclass, leaving the state unchanged, when it refuses.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import fidelity
from ..wire import schemas, strict_json
from ..wire.envelopes import timestamp
from .database import Database
from .errors import (
    AccountExists,
    AdAccountNotFound,
    BadFlowPath,
    FlowNotFound,
    IdsExhausted,
    InvalidAccount,
    InvalidSeed,
    KeywordNotFound,
    MarketingMessageNotFound,
    PageExists,
    PageNotFound,
    flow_unavailable,
)
from .kinds import (
    AD_ACCOUNTS,
    CUSTOM_AUDIENCES,
    DELETE_ORDER,
    FLOW_STATISTICS,
    FLOWS,
    FOLDERS,
    ICE_BREAKERS,
    KEYWORDS,
    KINDS,
    MAIN_MENU,
    MARKETING_INSIGHTS,
    MARKETING_MESSAGES,
    SENDS,
    STATISTIC_FIELDS,
    TOOLS,
    Kind,
)
from .rows import insert_rows, rows, rows_by_key
from .seeding import check_seed, export_page, insert_page
from .tokens import mint_token

STATE_FORMAT = "mock-botcake/state@1"
STATE_KEYS = frozenset({"format", "pages", "accounts"})
# The id space, decided once by the schemas (common.json "id"): every id and count the store makes stays
# within it, so each is an integer that a signed 64-bit column and any JSON reader hold exactly.
MAX_ID: int = schemas.definition("common", "id")["maximum"]


class Store:
    """The pages of the fake and everything on them."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.db = Database(path)
        self._start_state = self.db.copy()

    # --- whole state -------------------------------------------------------------------------

    def mark_start_state(self) -> None:
        """Remember the current state as the one ``reset`` returns to (call after seeding)."""
        self._start_state = self.db.copy()

    def start_from(self, copy: sqlite3.Connection) -> None:
        """Replace the state with ``copy`` (one of ``copy()``) and make it the one ``reset`` returns to."""
        self.db.restore(copy)
        self._start_state = copy

    def reset(self) -> None:
        """Go back to the state marked by ``mark_start_state``."""
        self.db.restore(self._start_state)

    def copy(self) -> sqlite3.Connection:
        """The whole state as an in-memory SQLite database, for ``start_from``."""
        return self.db.copy()

    @property
    def version(self) -> int:
        """Changes whenever the state may have changed (a write committed, or a restore)."""
        return self.db.version

    def export_state(self) -> dict[str, Any]:
        """The whole state as a JSON-ready document that ``import_state`` loads back unchanged."""
        with self.db.reading() as conn:
            page_ids = [row[0] for row in conn.execute("SELECT page_id FROM pages ORDER BY rowid")]
            return {
                "format": STATE_FORMAT,
                "pages": [export_page(conn, pid) for pid in page_ids],
                "accounts": _accounts(conn),
            }

    def import_state(self, state: dict[str, Any]) -> None:
        """Replace the whole state with an export; on a refusal nothing changes."""
        pages = state.get("pages") if isinstance(state, dict) else None
        accounts = state.get("accounts", []) if isinstance(state, dict) else None
        if not isinstance(pages, list) or not isinstance(accounts, list) or set(state) - STATE_KEYS:
            # The schema words what is wrong ("pages must be an array, not the integer 3").
            raise InvalidSeed(*schemas.problems("control/state", state))
        if state.get("format", STATE_FORMAT) != STATE_FORMAT:
            raise InvalidSeed(
                f"unknown state format {json.dumps(state.get('format'))}; expected {json.dumps(STATE_FORMAT)}"
            )
        with self.db.transaction() as conn:
            for table in DELETE_ORDER:
                conn.execute(f"DELETE FROM {table}")
            for index, page in enumerate(pages):
                try:
                    self._add_page(conn, page)
                except InvalidSeed as error:
                    raise InvalidSeed(*(f"pages[{index}]: {problem}" for problem in error.problems)) from None
            for index, account in enumerate(accounts):
                try:
                    _add_account(conn, account)
                except InvalidSeed as error:
                    problems = (f"accounts[{index}]: {problem}" for problem in error.problems)
                    raise InvalidSeed(*problems) from None

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
        token_timestamp = int(time.time())
        token = seed.get("access_token") or mint_token(page_id, token_timestamp)
        if conn.execute("SELECT 1 FROM pages WHERE access_token = ?", (token,)).fetchone():
            raise InvalidSeed("access_token is already the token of another page")
        _check_server_wide_ids(conn, seed)
        insert_page(conn, seed, token, token_timestamp)
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
                raise PageNotFound(f"page {page_id} does not exist")
            # A new timestamp makes a new token even for two rotations within one second.
            token_timestamp = max(int(time.time()), row[0] + 1)
            token = mint_token(page_id, token_timestamp)
            conn.execute(
                "UPDATE pages SET access_token = ?, token_timestamp = ? WHERE page_id = ?",
                (token, token_timestamp, page_id),
            )
            return token

    # --- flows and folders ---------------------------------------------------------------------

    def flow_tree(self, page_id: str) -> dict[str, list[dict[str, Any]]]:
        """Every folder and flow of the page, flat, linked by parent_id."""
        with self.db.reading() as conn:
            return {
                "folders": rows(conn, FOLDERS, "WHERE page_id = ?", (page_id,)),
                "flows": rows(conn, FLOWS, "WHERE page_id = ?", (page_id,)),
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
                "folders": rows(conn, FOLDERS, "WHERE page_id = ? AND parent_id IS ?", (page_id, parent)),
                "flows": rows(conn, FLOWS, "WHERE page_id = ? AND parent_id IS ?", (page_id, parent)),
            }

    def flow_statistics(self, page_id: str, flow_id: int) -> dict[str, int]:
        with self.db.reading() as conn:
            if not _flow_exists(conn, page_id, flow_id, include_removed=True):
                raise FlowNotFound(f"flow {flow_id} does not exist")
            counted = rows_by_key(
                conn, FLOW_STATISTICS, "WHERE page_id = ? AND flow_id = ?", (page_id, flow_id)
            )
        return counted.get(flow_id) or dict.fromkeys(STATISTIC_FIELDS, 0)

    def page_flow_statistics(self, page_id: str) -> dict[int, dict[str, int]]:
        """The statistics of every flow of the page that has any, by flow id (one read, for overviews)."""
        with self.db.reading() as conn:
            return rows_by_key(conn, FLOW_STATISTICS, "WHERE page_id = ?", (page_id,))

    # --- keywords ------------------------------------------------------------------------------

    def keywords(self, page_id: str) -> list[dict[str, Any]]:
        with self.db.reading() as conn:
            return rows(conn, KEYWORDS, "WHERE page_id = ?", (page_id,))

    def create_keyword(self, page_id: str) -> dict[str, Any]:
        """A new keyword with no flow; its id is unique across the whole server."""
        with self.db.transaction() as conn:
            new_id = _next_id(conn, "keywords")
            keyword = {"id": new_id, "flow_id": None, "is_activated": fidelity.NEW_KEYWORD_IS_ACTIVATED}
            insert_rows(conn, KEYWORDS, page_id, [keyword])
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
            return rows(conn, ICE_BREAKERS, "WHERE page_id = ?", (page_id,))

    def main_menu(self, page_id: str) -> list[dict[str, Any]]:
        with self.db.reading() as conn:
            return rows(conn, MAIN_MENU, "WHERE page_id = ?", (page_id,))

    def tools(self, page_id: str) -> list[dict[str, Any]]:
        with self.db.reading() as conn:
            return rows(conn, TOOLS, "WHERE page_id = ?", (page_id,))

    # --- any kind's items, a page of them at a time ------------------------------------------------

    def items_page(self, kind: Kind, page_id: str, page: int, per_page: int) -> list[dict[str, Any]]:
        """The ``page``-th (from 1) ``per_page`` items of ``kind`` on the page, in the order they came:
        what a paged list of the API answers (GET get_list_tag: ``items_page(TAGS, ...)``)."""
        with self.db.reading() as conn:
            offset = (page - 1) * per_page
            return rows(conn, kind, "WHERE page_id = ?", (page_id,), limit=per_page, offset=offset)

    # --- sends ---------------------------------------------------------------------------------

    def record_flow_send(self, page_id: str, psid: str, flow_id: int, payload: dict | None) -> None:
        """Record a send_flow and count it in the flow's ``sent`` statistic."""
        with self.db.transaction() as conn:
            _require_live_flow(conn, page_id, flow_id)
            # Saturating at the largest count: a seeded 2^63-1 stays an integer (SQLite would overflow
            # the sum into a float) and the send is still recorded.
            conn.execute(
                "INSERT INTO flow_statistics (page_id, flow_id, sent) VALUES (?, ?, 1)"
                " ON CONFLICT (page_id, flow_id) DO UPDATE SET sent = sent + (sent < ?)",
                (page_id, flow_id, MAX_ID),
            )
            _insert_send(conn, page_id, "flow", psid, flow_id=flow_id, payload=payload)

    def record_content_send(
        self, page_id: str, psid: str, data: dict, message_tag: str | None, payload: dict | None
    ) -> None:
        with self.db.transaction() as conn:
            _insert_send(conn, page_id, "content", psid, data=data, message_tag=message_tag, payload=payload)

    def sends(self, page_id: str, after: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
        """The page's sends in the order received; ``after`` a send id, at most ``limit`` of them."""
        with self.db.reading() as conn:
            _require_page(conn, page_id)
            return _sends_after(conn, page_id, after, limit=-1 if limit is None else limit)

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
            return _sends_after(conn, page_id, row[0] - 1)

    def clear_sends(self, page_id: str) -> None:
        with self.db.transaction() as conn:
            _require_page(conn, page_id)
            conn.execute("DELETE FROM sends WHERE page_id = ?", (page_id,))

    # --- Accounts (issue 19, h19c): a user-access-token and the pages it holds -------------------------

    def add_account(self, seed: dict[str, Any]) -> dict[str, str]:
        """Create an account from an account seed; answers its ``user_access_token``."""
        with self.db.transaction() as conn:
            return {"user_access_token": _add_account(conn, seed)}

    def accounts(self) -> list[dict[str, Any]]:
        """Every account with its token and page ids, in the order added."""
        with self.db.reading() as conn:
            return _accounts(conn)

    def is_account(self, user_access_token: str) -> bool:
        with self.db.reading() as conn:
            found = conn.execute(
                "SELECT 1 FROM accounts WHERE user_access_token = ?", (user_access_token,)
            ).fetchone()
        return found is not None

    def account_page_ids(self, user_access_token: str, page: int, per_page: int) -> list[str]:
        """The ``page``-th (from 1) ``per_page`` page ids of the account, in the order it got them."""
        with self.db.reading() as conn:
            found = conn.execute(
                "SELECT page_id FROM account_pages WHERE user_access_token = ?"
                " ORDER BY rowid LIMIT ? OFFSET ?",
                (user_access_token, per_page, (page - 1) * per_page),
            )
            return [row[0] for row in found]

    def account_page_tokens(
        self, user_access_token: str, page: int, per_page: int, page_id: str | None = None
    ) -> list[dict[str, str]]:
        """The account's pages (only ``page_id``, when given) with each page's current token."""
        with self.db.reading() as conn:
            found = conn.execute(
                "SELECT account_pages.page_id, pages.access_token FROM account_pages"
                " JOIN pages ON pages.page_id = account_pages.page_id"
                " WHERE user_access_token = ? AND (? IS NULL OR account_pages.page_id = ?)"
                " ORDER BY account_pages.rowid LIMIT ? OFFSET ?",
                (user_access_token, page_id, page_id, per_page, (page - 1) * per_page),
            )
            return [{"page_id": row[0], "public_token": row[1]} for row in found]

    # --- Marketing messages (issue 19, h19c): ad accounts, messages, custom audiences, sends -------------

    def ad_accounts(self, page_id: str) -> list[dict[str, Any]]:
        with self.db.reading() as conn:
            return rows(conn, AD_ACCOUNTS, "WHERE page_id = ?", (page_id,))

    def marketing_messages(
        self, page_id: str, ad_account_id: str, *, insights: bool = False
    ) -> list[dict[str, Any]]:
        """The ad account's marketing messages, newest first (S4), with their insights or without."""
        with self.db.reading() as conn:
            _require_ad_account(conn, page_id, ad_account_id)
            found = rows(conn, MARKETING_MESSAGES, _IN_AD_ACCOUNT, (page_id, ad_account_id))
        return [_marketing_message(page_id, message, insights) for message in reversed(found)]

    def marketing_message(
        self, page_id: str, ad_account_id: str, message_id: str, *, insights: bool = False
    ) -> dict[str, Any]:
        with self.db.reading() as conn:
            return _marketing_message(
                page_id, _message_row(conn, page_id, ad_account_id, message_id), insights
            )

    def create_marketing_message(
        self, page_id: str, ad_account_id: str, definition: dict[str, Any], now: datetime
    ) -> dict[str, Any]:
        """A new FREEFORM message, IN_PROCESS, from S4's message definition (fidelity.py: each default)."""
        with self.db.transaction() as conn:
            account = _require_ad_account(conn, page_id, ad_account_id)
            start = definition.get("start_date", int(now.timestamp()))
            end = definition.get("end_date", start + 30 * 24 * 3600)
            message = {
                "id": _next_meta_id(conn, MARKETING_MESSAGES, "id", FIRST_MESSAGE_ID),
                "ad_account_id": ad_account_id,
                "name": definition.get("name", "Marketing Message"),
                "message_type": "FREEFORM",
                "status": fidelity.NEW_MARKETING_MESSAGE_STATUS,
                "effective_status": fidelity.NEW_MARKETING_MESSAGE_STATUS,
                "currency": definition.get("currency", account.get("currency")),
                "budget": definition["budget"] * fidelity.MARKETING_BUDGET_FACTOR,
                "created_time": _meta_time(int(now.timestamp())),
                "start_time": _meta_time(start),
                "end_time": _meta_time(end),
            }
            insert_rows(conn, MARKETING_MESSAGES, page_id, [message])
            return _marketing_message(
                page_id, _message_row(conn, page_id, ad_account_id, message["id"]), False
            )

    def delete_marketing_message(self, page_id: str, ad_account_id: str, message_id: str) -> None:
        with self.db.transaction() as conn:
            _message_row(conn, page_id, ad_account_id, message_id)
            conn.execute("DELETE FROM marketing_messages WHERE page_id = ? AND id = ?", (page_id, message_id))

    def set_marketing_message_status(
        self, page_id: str, ad_account_id: str, message_id: str, new_status: str
    ) -> dict[str, Any]:
        """Store ``new_status``; the answer says IN_PROCESS, as Meta's does while it applies it (S4)."""
        with self.db.transaction() as conn:
            message = _message_row(conn, page_id, ad_account_id, message_id)
            conn.execute(
                "UPDATE marketing_messages SET status = ?, effective_status = ? WHERE page_id = ? AND id = ?",
                (new_status, new_status, page_id, message_id),
            )
        keys = ("id", "ad_account_id", "name", "message_type")
        answer = {"id": message_id, "page_id": page_id, **{key: message.get(key) for key in keys[1:]}}
        return {**answer, "status": fidelity.NEW_MARKETING_MESSAGE_STATUS}

    def custom_audiences(self, page_id: str, ad_account_id: str) -> list[dict[str, Any]]:
        """The ad account's custom audiences, newest first (S4)."""
        with self.db.reading() as conn:
            _require_ad_account(conn, page_id, ad_account_id)
            found = rows(conn, CUSTOM_AUDIENCES, _IN_AD_ACCOUNT, (page_id, ad_account_id))
        return [{"page_id": page_id, **audience} for audience in reversed(found)]

    def create_custom_audience(
        self, page_id: str, ad_account_id: str, name: str, description: str | None, now: datetime
    ) -> dict[str, Any]:
        with self.db.transaction() as conn:
            _require_ad_account(conn, page_id, ad_account_id)
            audience = {
                "ad_account_id": ad_account_id,
                "audience_id": _next_meta_id(conn, CUSTOM_AUDIENCES, "audience_id", FIRST_AUDIENCE_ID),
                "name": name,
                "description": description,
                "status": "READY",
                "tokens_count": 0,
                "inserted_at": _meta_time(int(now.timestamp())),
                "updated_at": _meta_time(int(now.timestamp())),
            }
            insert_rows(conn, CUSTOM_AUDIENCES, page_id, [audience])
        shown = ("ad_account_id", "audience_id", "name", "description", "status", "tokens_count")
        return {"page_id": page_id, **{key: audience[key] for key in shown if audience[key] is not None}}

    def require_ad_account(self, page_id: str, ad_account_id: str) -> None:
        """``AdAccountNotFound`` unless the page has that ad account (for endpoints that change nothing)."""
        with self.db.reading() as conn:
            _require_ad_account(conn, page_id, ad_account_id)

    def record_marketing_send(self, page_id: str, ad_account_id: str, body: dict[str, Any]) -> str:
        """Record a send_marketing_content of one of the ad account's messages; answers the send's id."""
        with self.db.transaction() as conn:
            _message_row(conn, page_id, ad_account_id, body["marketing_message_id"])
            recipient = body.get("psid") or body["subscription_token"]
            return str(_insert_send(conn, page_id, "marketing", recipient, data=body))


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
        raise PageNotFound(f"page {page_id} does not exist")


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
) -> int:
    send = {
        # Given explicitly: past the largest rowid SQLite would pick a random free one, out of order.
        "id": _next_id(conn, "sends"),
        "kind": kind,
        "psid": psid,
        "flow_id": flow_id,
        "data": data,
        "message_tag": message_tag,
        "payload": payload,
        "received_at": timestamp(datetime.now(UTC)),
    }
    insert_rows(conn, SENDS, page_id, [send])
    return send["id"]


def _sends_after(conn: sqlite3.Connection, page_id: str, after: int, limit: int = -1) -> list[dict[str, Any]]:
    return rows(conn, SENDS, "WHERE page_id = ? AND id > ?", (page_id, after), limit=limit)


def _check_server_wide_ids(conn: sqlite3.Connection, seed: dict[str, Any]) -> None:
    """Refuse a seed whose items reuse an id that another page's items of a server-wide kind have."""
    for kind in KINDS:
        ids = [item["id"] for item in seed.get(kind.key, [])] if kind.server_wide_ids else []
        used = (
            ids
            and conn.execute(
                f"SELECT id FROM {kind.table} WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id", ids
            ).fetchone()
        )
        if used:
            raise InvalidSeed(f"{kind.what} id {used[0]} is already used by another page")


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    """One above the largest id of ``table`` (server-wide); ``IdsExhausted`` past the schemas' largest id."""
    largest = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
    if largest >= MAX_ID:
        raise IdsExhausted(f"no {table} id is left: the largest id ({MAX_ID}) is already in use")
    return largest + 1


def _fresh_page_id(conn: sqlite3.Connection) -> str:
    """A Facebook-like page id (15 digits) that no page has yet."""
    while True:
        candidate = str(100_000_000_000_000 + secrets.randbelow(900_000_000_000_000))
        if not conn.execute("SELECT 1 FROM pages WHERE page_id = ?", (candidate,)).fetchone():
            return candidate


def _describe_folder(folder_id: int | None) -> str:
    return "the root" if folder_id is None else f"folder {folder_id}"


# --- Accounts (issue 19, h19c) -------------------------------------------------------------------------


def _add_account(conn: sqlite3.Connection, seed: Any) -> str:
    """Check an account seed and write it; answers its token. ``InvalidAccount`` and nothing written."""
    try:
        strict_json.check(seed)
    except strict_json.NotStrictJson as error:
        raise InvalidAccount(str(error)) from None
    problems = schemas.problems("control/account_seed", seed)
    if problems:
        raise InvalidAccount(*problems)
    page_ids = seed.get("page_ids", [])
    unknown = [page_id for page_id in page_ids if not _page_exists(conn, page_id)]
    if unknown:
        raise InvalidAccount(*(f"page_ids: {page_id} is not a page of the fake" for page_id in unknown))
    token = seed.get("user_access_token") or _fresh_user_token(conn)
    if conn.execute("SELECT 1 FROM accounts WHERE user_access_token = ?", (token,)).fetchone():
        raise AccountExists("an account with that user_access_token already exists")
    conn.execute("INSERT INTO accounts (user_access_token) VALUES (?)", (token,))
    conn.executemany(
        "INSERT INTO account_pages (user_access_token, page_id) VALUES (?, ?)",
        [(token, page_id) for page_id in page_ids],
    )
    return token


def _accounts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    accounts: dict[str, list[str]] = {
        row[0]: [] for row in conn.execute("SELECT user_access_token FROM accounts ORDER BY rowid")
    }
    for token, page_id in conn.execute("SELECT user_access_token, page_id FROM account_pages ORDER BY rowid"):
        accounts[token].append(page_id)
    return [{"user_access_token": token, "page_ids": page_ids} for token, page_ids in accounts.items()]


def _page_exists(conn: sqlite3.Connection, page_id: str) -> bool:
    return conn.execute("SELECT 1 FROM pages WHERE page_id = ?", (page_id,)).fetchone() is not None


def _fresh_user_token(conn: sqlite3.Connection) -> str:
    """A random token no account has yet (the real format is not recorded: fidelity.py)."""
    while True:
        candidate = "uat_" + secrets.token_urlsafe(32)
        if not conn.execute("SELECT 1 FROM accounts WHERE user_access_token = ?", (candidate,)).fetchone():
            return candidate


# --- Marketing messages (issue 19, h19c) ---------------------------------------------------------------

_IN_AD_ACCOUNT = "WHERE page_id = ? AND ad_account_id = ?"
# The first id the fake gives a new message or audience when the server has none: S4's example ids.
FIRST_MESSAGE_ID = 120210000000000000
FIRST_AUDIENCE_ID = 23856980000000000


def _require_ad_account(conn: sqlite3.Connection, page_id: str, ad_account_id: str) -> dict[str, Any]:
    found = rows(conn, AD_ACCOUNTS, "WHERE page_id = ? AND id = ?", (page_id, ad_account_id))
    if not found:
        raise AdAccountNotFound(f"ad account {ad_account_id} is not one of the page's")
    return found[0]


def _message_row(
    conn: sqlite3.Connection, page_id: str, ad_account_id: str, message_id: str
) -> dict[str, Any]:
    _require_ad_account(conn, page_id, ad_account_id)
    found = rows(
        conn, MARKETING_MESSAGES, _IN_AD_ACCOUNT + " AND id = ?", (page_id, ad_account_id, message_id)
    )
    if not found:
        raise MarketingMessageNotFound(
            f"marketing message {message_id} is not one of ad account {ad_account_id}'s"
        )
    return found[0]


def _marketing_message(page_id: str, message: dict[str, Any], insights: bool) -> dict[str, Any]:
    """A stored message as S4 answers it: its page first, its delivery insights only when asked for."""
    shown = {key: value for key, value in message.items() if insights or key not in MARKETING_INSIGHTS}
    return {"id": shown.pop("id"), "page_id": page_id, **shown}


def _next_meta_id(conn: sqlite3.Connection, kind: Kind, column: str, first: int) -> str:
    """One above the largest numeric id of ``kind`` on the server (Meta's ids are server-wide)."""
    largest = conn.execute(f"SELECT max(CAST({column} AS INTEGER)) FROM {kind.table}").fetchone()[0]
    if (largest or 0) >= MAX_ID:  # SQLite's CAST stops at the largest 64-bit integer
        raise IdsExhausted(f"no {kind.what} id is left: a seeded id is {MAX_ID} or more")
    return str(max(largest or 0, first - 1) + 1)


def _meta_time(unix: int) -> str:
    """A unix time as S4's answers write it: ``2026-04-10T03:21:00Z``."""
    return datetime.fromtimestamp(unix, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
