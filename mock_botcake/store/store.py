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
import uuid
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
    BadCustomerFields,
    BadFlowPath,
    BroadcastNotFound,
    CustomerNotFound,
    CustomFieldNotFound,
    FlowNotFound,
    IdsExhausted,
    InvalidAccount,
    InvalidSeed,
    KeywordNotFound,
    MarketingMessageNotFound,
    MediaNotFound,
    PageExists,
    PageNotFound,
    SequenceMessageNotFound,
    SequenceNotFound,
    StoreError,
    flow_unavailable,
)
from .kinds import (
    AD_ACCOUNTS,
    BROADCASTS,
    CUSTOM_AUDIENCES,
    CUSTOM_FIELDS,
    CUSTOMERS,
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
    MEDIA,
    MESSAGE_TEMPLATES,
    SENDS,
    SEQUENCES,
    STATISTIC_FIELDS,
    TAGS,
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

    def item(self, kind: Kind, page_id: str, identity: Any, missing: StoreError) -> dict[str, Any]:
        """The page's one item of ``kind`` whose ``kind.identity`` is ``identity``; raises ``missing``
        (the store error that names what was asked for) when there is none."""
        with self.db.reading() as conn:
            where = f"WHERE page_id = ? AND {kind.identity} = ?"
            found = rows(conn, kind, where, (page_id, identity), limit=1)
        if not found:
            raise missing
        return found[0]

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
            _know_customer(conn, page_id, psid)
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
        """Record a send_content; its customer becomes known and its actions apply to them."""
        with self.db.transaction() as conn:
            _insert_send(conn, page_id, "content", psid, data=data, message_tag=message_tag, payload=payload)
            _know_customer(conn, page_id, psid)
            _apply_actions(conn, page_id, psid, data.get("content", {}).get("actions", []))

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

    # --- customers, custom fields and tag statistics (issue 19) ----------------------------------

    def customers_page(self, page_id: str, page: int, per_page: int) -> list[dict[str, Any]]:
        """GET customer: the ``page``-th (from 1) ``per_page`` customers, in the order they became known."""
        with self.db.reading() as conn:
            found = rows(
                conn, CUSTOMERS, "WHERE page_id = ?", (page_id,), limit=per_page, offset=(page - 1) * per_page
            )
        return [_listed_customer(page_id, customer) for customer in found]

    def customers(self, page_id: str) -> list[dict[str, Any]]:
        """Every customer of the page as the fake keeps them: as listed, with custom_fields and tags."""
        with self.db.reading() as conn:
            _require_page(conn, page_id)
            return [
                _kept_customer(page_id, item)
                for item in rows(conn, CUSTOMERS, "WHERE page_id = ?", (page_id,))
            ]

    def customer(self, page_id: str, psid: str) -> dict[str, Any]:
        """One customer as ``customers`` shows them; ``CustomerNotFound`` for an unknown psid."""
        with self.db.reading() as conn:
            return _kept_customer(page_id, _require_customer(conn, page_id, psid))

    def customer_fields(self, page_id: str, psid: str) -> dict[str, Any]:
        """GET customer_fields: the customer's name and each custom field value, in the order first set."""
        with self.db.reading() as conn:
            customer = _require_customer(conn, page_id, psid)
        return {
            "customer_name": customer["full_name"],
            "data": [
                {"custom_field_id": int(field_id), "value": value}
                for field_id, value in customer["custom_fields"].items()
            ],
        }

    def set_customer_fields(self, page_id: str, psid: str, values: list[tuple[int | str, Any]]) -> None:
        """Set custom fields of the page on the customer, each (field id, value); all or nothing."""
        with self.db.transaction() as conn:
            customer = _require_customer(conn, page_id, psid)
            known = _custom_field_ids(conn, page_id)
            changes: dict[str, str] = {}
            for field_id, value in values:
                key = str(int(field_id))
                if int(key) not in known:
                    raise BadCustomerFields(f"custom field {key} does not exist")
                if key in changes:
                    raise BadCustomerFields(f"custom field {key} appears twice")
                changes[key] = field_value_text(value)
            _update_customer(conn, page_id, psid, custom_fields={**customer["custom_fields"], **changes})

    def customers_with_field(
        self, page_id: str, field_id: int, page: int, per_page: int
    ) -> list[dict[str, Any]]:
        """GET get_customers_field: the customers with a value for the field, ``page`` from 1."""
        with self.db.reading() as conn:
            found = rows(conn, CUSTOM_FIELDS, "WHERE page_id = ? AND id = ?", (page_id, field_id))
            if not found:
                raise CustomFieldNotFound(f"custom field {field_id} does not exist")
            customers = rows(
                conn,
                CUSTOMERS,
                "WHERE page_id = ? AND json_type(custom_fields, ?) IS NOT NULL",
                (page_id, f'$."{field_id}"'),
                limit=per_page,
                offset=(page - 1) * per_page,
            )
        return [
            {
                "custom_field_id": field_id,
                "custom_field_name": found[0]["name"],
                "customer_name": customer["full_name"],
                "value": customer["custom_fields"][str(field_id)],
            }
            for customer in customers
        ]

    def tags_and_custom_fields(self, page_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Every tag and every custom field of the page (for overviews, unpaged)."""
        with self.db.reading() as conn:
            return (
                rows(conn, TAGS, "WHERE page_id = ?", (page_id,)),
                rows(conn, CUSTOM_FIELDS, "WHERE page_id = ?", (page_id,)),
            )

    def tag_statistic(
        self, page_id: str, start: int, end: int, page: int, per_page: int
    ) -> list[dict[str, Any]]:
        """GET get_tag_statistic: for the ``page``-th tags of the page, how many customers carry each and
        were tagged within ``start``..``end`` (unix seconds); a tag of unknown time counts in any window."""
        with self.db.reading() as conn:
            tags = rows(
                conn, TAGS, "WHERE page_id = ?", (page_id,), limit=per_page, offset=(page - 1) * per_page
            )
            customers = rows(conn, CUSTOMERS, "WHERE page_id = ?", (page_id,))
        counts = dict.fromkeys((tag["id"] for tag in tags), 0)
        for customer in customers:
            times = customer.get("tagged_at") or {}
            for tag_id in customer["tags"]:
                moment = times.get(str(tag_id))
                if tag_id in counts and (moment is None or start <= moment <= end):
                    counts[tag_id] += 1
        return [{"tag_id": tag["id"], "tag_name": tag["name"], "count": counts[tag["id"]]} for tag in tags]

    # --- sequences, broadcasts and WhatsApp (templates, media) ------------------------------------

    def sequences(self, page_id: str) -> list[dict[str, Any]]:
        """The page's sequences as GET sequences/ lists them: id and name (their messages left out)."""
        with self.db.reading() as conn:
            found = rows(conn, SEQUENCES, "WHERE page_id = ?", (page_id,))
        return [{"id": sequence["id"], "name": sequence["name"]} for sequence in found]

    def sequence_statistics(self, page_id: str, sequence_id: int) -> list[dict[str, Any]]:
        """Each message of the sequence with its schedule and counts (its recipients left out)."""
        messages = self._sequence_messages(page_id, sequence_id)
        return [{key: value for key, value in message.items() if key != "recipients"} for message in messages]

    def sequence_message_recipients(
        self, page_id: str, sequence_id: int, message_id: int
    ) -> list[dict[str, Any]]:
        """The customers one message of the sequence went to."""
        for message in self._sequence_messages(page_id, sequence_id):
            if message["message_id"] == message_id:
                return message.get("recipients", [])
        raise SequenceMessageNotFound(f"message {message_id} is not a message of sequence {sequence_id}")

    def _sequence_messages(self, page_id: str, sequence_id: int) -> list[dict[str, Any]]:
        missing = SequenceNotFound(f"sequence {sequence_id} does not exist")
        return self.item(SEQUENCES, page_id, sequence_id, missing)["messages"]

    def broadcast_statistic(self, page_id: str, broadcast_id: str) -> dict[str, Any]:
        """A broadcast's counts; ``broadcast_id`` as the URL has it (a positive integer, or refused)."""
        missing = BroadcastNotFound(f"broadcast {broadcast_id} does not exist")
        found = self.item(BROADCASTS, page_id, _positive_id(broadcast_id), missing)
        return {key: value for key, value in found.items() if key != "id"}

    def message_templates(self, page_id: str, status: str | None = None) -> list[dict[str, Any]]:
        """The page's WhatsApp templates, only those of ``status`` when given."""
        with self.db.reading() as conn:
            if status is None:
                return rows(conn, MESSAGE_TEMPLATES, "WHERE page_id = ?", (page_id,))
            return rows(conn, MESSAGE_TEMPLATES, "WHERE page_id = ? AND status = ?", (page_id, status))

    def add_media(self, page_id: str, content_type: str, file_base64: str) -> str:
        """Keep an uploaded file; answers its attachment id, unique across the server."""
        with self.db.transaction() as conn:
            largest = conn.execute("SELECT max(id) FROM media").fetchone()[0] or 0
            new_id = max(largest, fidelity.FIRST_ATTACHMENT_ID - 1) + 1
            if new_id > fidelity.LARGEST_ATTACHMENT_ID:
                raise IdsExhausted(f"no attachment id is left: {fidelity.LARGEST_ATTACHMENT_ID} is in use")
            media = {"id": str(new_id), "content_type": content_type, "file": file_base64}
            insert_rows(conn, MEDIA, page_id, [media])
        return str(new_id)

    def media(self, page_id: str, media_id: str) -> dict[str, Any]:
        """A file uploaded to the page, by its attachment id: ``id``, ``content_type``, ``file`` (base64)."""
        missing = MediaNotFound(f"media {media_id} was not uploaded to this page")
        return self.item(MEDIA, page_id, _positive_id(media_id), missing)

    def media_list(self, page_id: str) -> list[dict[str, Any]]:
        """Every file uploaded to the page, oldest first."""
        with self.db.reading() as conn:
            _require_page(conn, page_id)
            return rows(conn, MEDIA, "WHERE page_id = ?", (page_id,))

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


def _positive_id(text: str) -> int:
    """An id of the URL or the query as the number it is, or 0, which is no item's id, when it cannot be
    one (``"abc"``, ``"-1"``, past the largest id)."""
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_ID))):
        return 0
    number = int(text)
    return number if number <= MAX_ID else 0


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


# --- customers, custom fields and tag statistics (issue 19) ----------------------------------------------

# The namespace of the ids the fake derives for customers seeded without one (fidelity: a uuid5).
CUSTOMER_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://mock-botcake.test/customers")


def derived_customer_id(page_id: str, psid: str) -> str:
    """The id of a customer that came without one: the same for the same page and psid, every time."""
    return str(uuid.uuid5(CUSTOMER_ID_NAMESPACE, f"{page_id}/{psid}"))


def field_value_text(value: Any) -> str:
    """A custom field value as the API answers it, always a string: a string as it is, any other value
    as its JSON text (true -> "true", 7 -> "7"; fidelity BAD_CUSTOMER_FIELDS)."""
    return value if isinstance(value, str) else strict_json.dumps(value)


def _listed_customer(page_id: str, customer: dict[str, Any]) -> dict[str, Any]:
    """A kept customer as GET customer lists it (S4's keys and order)."""
    return {
        "full_name": customer["full_name"],
        "id": customer.get("id") or derived_customer_id(page_id, customer["psid"]),
        "phone_number": customer["phone_number"],
        "psid": customer["psid"],
    }


def _kept_customer(page_id: str, customer: dict[str, Any]) -> dict[str, Any]:
    return {
        **_listed_customer(page_id, customer),
        "custom_fields": customer["custom_fields"],
        "tags": customer["tags"],
        "tagged_at": customer.get("tagged_at") or {},
    }


def _find_customer(conn: sqlite3.Connection, page_id: str, psid: str) -> dict[str, Any] | None:
    found = rows(conn, CUSTOMERS, "WHERE page_id = ? AND psid = ?", (page_id, psid))
    return found[0] if found else None


def _require_customer(conn: sqlite3.Connection, page_id: str, psid: str) -> dict[str, Any]:
    customer = _find_customer(conn, page_id, psid)
    if customer is None:
        raise CustomerNotFound(f"customer {psid} does not exist")
    return customer


def _custom_field_ids(conn: sqlite3.Connection, page_id: str) -> set[int]:
    return {row[0] for row in conn.execute("SELECT id FROM custom_fields WHERE page_id = ?", (page_id,))}


def _tag_ids(conn: sqlite3.Connection, page_id: str) -> set[int]:
    return {row[0] for row in conn.execute("SELECT id FROM tags WHERE page_id = ?", (page_id,))}


def _update_customer(conn: sqlite3.Connection, page_id: str, psid: str, **values: Any) -> None:
    """Write ``values`` (keys of CUSTOMERS' columns) on the customer."""
    columns = {column.key: column for column in CUSTOMERS.columns}
    assignments = ", ".join(f"{key} = ?" for key in values)
    converted = [columns[key].conversion.to_sql(value) for key, value in values.items()]
    conn.execute(
        f"UPDATE customers SET {assignments} WHERE page_id = ? AND psid = ?", (*converted, page_id, psid)
    )


def _know_customer(conn: sqlite3.Connection, page_id: str, psid: str) -> None:
    """A send to ``psid`` makes the customer known to the page (fidelity NEW_CUSTOMER_FULL_NAME)."""
    known = conn.execute("SELECT 1 FROM customers WHERE page_id = ? AND psid = ?", (page_id, psid)).fetchone()
    if known is None:  # (not _find_customer: every send asks, and reading the whole row cost a third of it)
        insert_rows(conn, CUSTOMERS, page_id, [{"psid": psid, "full_name": fidelity.NEW_CUSTOMER_FULL_NAME}])


def _apply_actions(conn: sqlite3.Connection, page_id: str, psid: str, actions: list[dict[str, Any]]) -> None:
    """send_content's add_tag, remove_tag and set_custom_field on the customer; an action naming a tag or
    field the page does not have is ignored (fidelity: send_content does not check its ids)."""
    if not actions:
        return
    customer = _require_customer(conn, page_id, psid)
    tags, fields = list(customer["tags"]), dict(customer["custom_fields"])
    tagged_at = dict(customer.get("tagged_at") or {})
    page_tags, page_fields = _tag_ids(conn, page_id), _custom_field_ids(conn, page_id)
    for action in actions:
        if action["action"] == "set_custom_field" and int(action["action_id"]) in page_fields:
            fields[str(int(action["action_id"]))] = field_value_text(action["action_value"])
        elif action["action"] in ("add_tag", "remove_tag") and int(action["tag_id"]) in page_tags:
            tag_id = int(action["tag_id"])
            if action["action"] == "add_tag" and tag_id not in tags:
                tags.append(tag_id)
                tagged_at[str(tag_id)] = int(time.time())
            elif action["action"] == "remove_tag" and tag_id in tags:
                tags.remove(tag_id)
                tagged_at.pop(str(tag_id), None)
    _update_customer(conn, page_id, psid, tags=tags, custom_fields=fields, tagged_at=tagged_at or None)


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
