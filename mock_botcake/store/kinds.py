"""Every kind of item the fake keeps, declared once: its seed key, table, columns and how each converts.

A page seed (``contracts/schemas/control/page_seed.json``) and the state export hold one list per kind
under ``Kind.key``; the kind's table holds one row per item, in the order the items came (rowid, the
order the API lists them in, fidelity 7.10). The JSON Schemas stay the truth of the wire shapes; this
module only says where each key lives in SQLite. Everything else is derived from these declarations:

- the tables (``schema_script``, run on a new database) with their keys, foreign keys and indexes;
- the readers and writers (``rows.py``: ``rows``, ``rows_by_key``, ``insert_rows``);
- the seed's unique-id checks and the state export (``seeding.py``), the order ``import_state``
  empties the tables in (``DELETE_ORDER``);
- what ``mock-botcake snapshot`` reads from a real page (``PAGE_LISTS``), and ``STATISTIC_FIELDS``.

To add a kind: its schemas under ``contracts/``, one ``Kind`` in ``KINDS`` below (a new table, so
bump ``SCHEMA_VERSION``), the ``Store`` methods that read and change it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..wire import strict_json

# The version of the tables below, kept in a state file: bump it when they change. A file of another
# version is refused (database.py), never misread.
SCHEMA_VERSION = 4

# The table every kind hangs from; a page is a seed itself, not an item of one.
PAGES_TABLE = """CREATE TABLE pages (
    page_id         TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    access_token    TEXT NOT NULL UNIQUE,
    token_timestamp INTEGER NOT NULL
);"""
# An account (a user of Botcake, S4's user-access-token) holds pages: it spans pages, so it is no item of
# one (no Kind); a state export lists the accounts under its own top-level key, after the pages.
ACCOUNT_TABLES = """CREATE TABLE accounts (
    user_access_token TEXT PRIMARY KEY
);
CREATE TABLE account_pages (
    user_access_token TEXT NOT NULL REFERENCES accounts (user_access_token) ON DELETE CASCADE,
    page_id           TEXT NOT NULL REFERENCES pages (page_id) ON DELETE CASCADE,
    PRIMARY KEY (user_access_token, page_id)
);"""
# The column that ties an item to its page, and the usual key: ids are the API's own, unique per page.
ON_A_PAGE = "TEXT NOT NULL REFERENCES pages (page_id) ON DELETE CASCADE"
KEYED_PER_PAGE = ("PRIMARY KEY (page_id, id)",)


@dataclass(frozen=True)
class Conversion:
    """How a value goes from JSON into its SQLite column and back."""

    to_sql: Callable[[Any], Any]
    from_sql: Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def to_json_or_null(value: Any) -> str | None:
    return None if value is None else strict_json.dumps(value)


def _from_json_or_null(text: str | None) -> Any:
    return None if text is None else json.loads(text)


PLAIN = Conversion(_same, _same)
BOOLEAN = Conversion(_same, bool)  # sqlite3 stores True/False as 1/0
JSON_TEXT = Conversion(to_json_or_null, _from_json_or_null)  # any JSON value (or null) as text


def always(value: Any, item: Mapping[str, Any]) -> bool:
    return True


def when_set(value: Any, item: Mapping[str, Any]) -> bool:
    return value is not None


@dataclass(frozen=True)
class Column:
    """One key of an item and the column of the same name that holds it."""

    key: str  # the item's JSON key and the column's name
    sql: str  # the column's SQL type and constraints
    conversion: Conversion = PLAIN
    default: Any = None  # written when a seed leaves the key out (the schema says which keys it may)
    # Whether an item read back shows the key, given its value and the whole item.
    shown: Callable[[Any, Mapping[str, Any]], bool] = always


@dataclass(frozen=True, eq=False)  # each kind is one object: hashed by identity, for rows.py's caches
class Kind:
    """One kind of item: a list under ``key`` in a seed and a table of rows, one per item."""

    key: str  # the seed's and the state export's key
    table: str
    what: str  # an item in a message: "folder id 1 appears twice"
    columns: tuple[Column, ...]  # in the key order of an item as the API answers it
    page_column: str = ON_A_PAGE
    constraints: tuple[str, ...] = KEYED_PER_PAGE
    indexes: Mapping[str, str] = field(default_factory=dict)  # name -> its columns
    # The GET of the public API that answers the page's list (relative to the page); a real page's
    # items are read from it by ``mock-botcake snapshot``.
    endpoint: str | None = None
    # A seed holds these items as an object keyed by this column (a string of digits) instead of a list.
    keyed_by: str | None = None
    # Ids unique across every page (the table's own primary key), not per page.
    server_wide_ids: bool = False
    # The key no two items of a page share, which a seed's check names ("customer psid 1 appears twice").
    identity: str = "id"
    # The seed's object the list sits in (``{"marketing": {"messages": [...]}}``), when not at its top.
    section: str | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    @property
    def value_columns(self) -> tuple[Column, ...]:
        """The columns of an item's value: all of them, or all but the key of a keyed kind."""
        return tuple(column for column in self.columns if column.key != self.keyed_by)


def _count(key: str) -> Column:
    return Column(key, "INTEGER NOT NULL DEFAULT 0", default=0)


def _set_or_a_flow_item(value: Any, item: Mapping[str, Any]) -> bool:
    # A persistent-menu item of type flow always carries flow_id (null or not); a link only when set.
    return value is not None or item["type"] == "flow"


FOLDERS = Kind(
    key="folders",
    table="folders",
    what="folder",
    columns=(
        Column("id", "INTEGER NOT NULL"),
        Column("name", "TEXT NOT NULL"),
        Column("parent_id", "INTEGER"),
    ),
    indexes={"folders_by_parent": "page_id, parent_id"},
)
FLOWS = Kind(
    key="flows",
    table="flows",
    what="flow",
    columns=(
        Column("id", "INTEGER NOT NULL"),
        Column("name", "TEXT NOT NULL"),
        Column("parent_id", "INTEGER"),
        Column("is_removed", "INTEGER NOT NULL", BOOLEAN, default=False),
    ),
    indexes={"flows_by_parent": "page_id, parent_id"},
)
KEYWORDS = Kind(
    key="keywords",
    table="keywords",
    what="keyword item",
    columns=(
        Column("id", "INTEGER NOT NULL"),
        Column("flow_id", "INTEGER"),
        Column("is_activated", "INTEGER NOT NULL", BOOLEAN, default=False),
    ),
    indexes={"keywords_by_id": "id"},  # new keyword ids are unique across pages: max(id) + 1
    endpoint="keywords",
)
ICE_BREAKERS = Kind(
    key="ice_breakers",
    table="ice_breakers",
    what="ice breaker item",
    columns=(
        Column("id", "INTEGER NOT NULL"),
        Column("flow_id", "INTEGER"),
        Column("title", "TEXT NOT NULL"),
    ),
    endpoint="ice_breaker",
)
MAIN_MENU = Kind(
    key="main_menu",
    table="main_menu",
    what="main menu item",
    columns=(
        Column("id", "INTEGER NOT NULL"),
        Column("title", "TEXT NOT NULL"),
        Column("type", "TEXT NOT NULL"),
        Column("flow_id", "INTEGER", shown=_set_or_a_flow_item),
        Column("url", "TEXT", shown=when_set),
    ),
    endpoint="main_menu",
)
TOOLS = Kind(
    key="tools",
    table="tools",
    what="tool item",
    columns=(
        Column("id", "INTEGER NOT NULL"),
        Column("name", "TEXT NOT NULL"),
        Column("type", "TEXT NOT NULL"),
        Column("is_published", "INTEGER NOT NULL", BOOLEAN),
    ),
    endpoint="tools",
)
TAGS = Kind(
    key="tags",
    table="tags",
    what="tag item",
    columns=(
        Column("id", "INTEGER NOT NULL"),
        Column("name", "TEXT NOT NULL"),
        Column("pancake_tag_id", "INTEGER"),
    ),
    # Not captured through `endpoint`: get_list_tag answers 50 at a time (snapshot.py pages it).
)
FLOW_STATISTICS = Kind(
    key="flow_statistics",
    table="flow_statistics",
    what="flow statistics",
    columns=(
        Column("flow_id", "INTEGER NOT NULL"),
        _count("delivery"),
        _count("is_clicked"),
        _count("seen"),
        _count("sent"),
        _count("total_phone_number"),
    ),
    # Statistics go with their flow (a flow is never deleted alone today, but its numbers would be).
    page_column="TEXT NOT NULL",
    constraints=(
        "PRIMARY KEY (page_id, flow_id)",
        "FOREIGN KEY (page_id, flow_id) REFERENCES flows (page_id, id) ON DELETE CASCADE",
    ),
    keyed_by="flow_id",
)
SENDS = Kind(
    key="sends",
    table="sends",
    what="send item",
    columns=(
        Column("id", "INTEGER PRIMARY KEY"),  # the rowid: a new send takes the next id of the server
        Column("kind", "TEXT NOT NULL"),
        Column("psid", "TEXT NOT NULL"),
        Column("flow_id", "INTEGER"),
        Column("data", "TEXT", JSON_TEXT),
        Column("message_tag", "TEXT"),
        Column("payload", "TEXT", JSON_TEXT),
        Column("received_at", "TEXT NOT NULL"),
    ),
    constraints=(),
    indexes={"sends_by_page": "page_id, id"},
    server_wide_ids=True,
)

# --- Customers and custom fields (issue 19) ----------------------------------------------------------
CUSTOM_FIELDS = Kind(
    key="custom_fields",
    table="custom_fields",
    what="custom field",
    columns=(
        Column("description", "TEXT NOT NULL", default=""),
        Column("id", "INTEGER NOT NULL"),
        Column("name", "TEXT NOT NULL"),
        Column("type", "INTEGER NOT NULL", default=0),
    ),
    # Not captured through `endpoint`: GET custom_fields answers 50 at a time (snapshot.py pages it).
)
CUSTOMERS = Kind(
    key="customers",
    table="customers",
    what="customer",
    columns=(
        Column("full_name", "TEXT NOT NULL", default=""),
        # None until a seed gives one: the API then shows an id derived from the page and psid.
        Column("id", "TEXT", shown=when_set),
        Column("phone_number", "TEXT NOT NULL", JSON_TEXT, default=()),
        Column("psid", "TEXT NOT NULL"),
        # By custom field id (a string of digits, as JSON keys are): its value, in the order first set.
        Column("custom_fields", "TEXT NOT NULL", JSON_TEXT, default={}),
        Column("tags", "TEXT NOT NULL", JSON_TEXT, default=()),  # tag ids, in the order put on
        Column("tagged_at", "TEXT", JSON_TEXT, shown=when_set),  # tag id -> unix seconds, when known
    ),
    constraints=("PRIMARY KEY (page_id, psid)",),
    identity="psid",
)
# --- sequences, broadcasts and WhatsApp (templates, media) ---------------------------------------------


def _base64_to_bytes(text: str | None) -> bytes | None:
    # The seed schema's pattern admits only well-formed base64, so this never fails on a checked seed.
    return None if text is None else base64.b64decode(text, validate=True)


def _bytes_to_base64(blob: bytes | None) -> str | None:
    return None if blob is None else base64.b64encode(blob).decode("ascii")


# A file's bytes: a BLOB in SQLite, base64 text in a seed and the state export.
BASE64_BLOB = Conversion(_base64_to_bytes, _bytes_to_base64)
# An id the API answers as a string of digits, kept as an INTEGER so that the next one is max + 1.
DIGITS_ID = Conversion(int, str)

SEQUENCES = Kind(
    key="sequences",
    table="sequences",
    what="sequence",
    columns=(
        Column("id", "INTEGER NOT NULL"),
        Column("name", "TEXT"),
        # Each message as GET sequences/{id}/statistics answers it, with its `recipients` (the answer
        # of GET sequences/{id}/statistics/{message_id}): read whole, never changed by the API.
        Column("messages", "TEXT NOT NULL", JSON_TEXT, default=[]),
    ),
    # Not listed by PAGE_LISTS: `mock-botcake snapshot` reads them with their statistics.
)
BROADCASTS = Kind(
    key="broadcasts",
    table="broadcasts",
    what="broadcast",
    columns=(
        Column("id", "INTEGER NOT NULL"),
        _count("total_count"),
        _count("delivery"),
        _count("seen"),
        _count("is_clicked"),
        _count("total_phone_number"),
        _count("failed"),
        # What a WhatsApp Business page adds (S4's second example): shown only when seeded.
        Column("total_orders", "INTEGER", shown=when_set),
        Column("total_revenue", "NUMERIC", shown=when_set),
        Column("currency", "TEXT", shown=when_set),
        Column("total_replied", "INTEGER", shown=when_set),
        Column("total_amount", "NUMERIC", shown=when_set),
    ),
)
MESSAGE_TEMPLATES = Kind(
    key="message_templates",
    table="message_templates",
    what="message template",
    columns=(
        Column("category", "TEXT NOT NULL"),
        Column("components", "TEXT NOT NULL", JSON_TEXT),
        Column("id", "TEXT NOT NULL"),
        Column("language", "TEXT NOT NULL"),
        Column("message_send_ttl_seconds", "INTEGER"),
        Column("name", "TEXT NOT NULL"),
        Column("parameter_format", "TEXT"),
        Column("status", "TEXT NOT NULL"),
        Column("waba_id", "TEXT"),
    ),
    indexes={"message_templates_by_status": "page_id, status"},
)
MEDIA = Kind(
    key="media",
    table="media",
    what="media",
    columns=(
        Column("id", "INTEGER NOT NULL", DIGITS_ID),  # the attachment_id of upload_media
        Column("content_type", "TEXT NOT NULL"),
        Column("file", "BLOB NOT NULL", BASE64_BLOB),
    ),
)
# --- Marketing messages (issue 19, h19c): a page's Meta ad accounts, marketing messages and custom
# audiences, in S4's item shapes, all under a page seed's "marketing" object. An item's S4 key page_id is
# the page itself, so it is no column: the API adds it, and a seed's page_id is left unread.
NULLABLE_BOOLEAN = Conversion(_same, lambda value: None if value is None else bool(value))
MARKETING = "marketing"


def _optional(key: str, sql: str = "TEXT", conversion: Conversion = PLAIN) -> Column:
    return Column(key, sql, conversion, shown=when_set)


AD_ACCOUNTS = Kind(
    key="ad_accounts",
    section=MARKETING,
    table="marketing_ad_accounts",
    what="ad account",
    columns=(
        Column("id", "TEXT NOT NULL"),
        _optional("name"),
        _optional("currency"),
        _optional("account_status", "INTEGER"),
        _optional("disable_reason", "INTEGER"),
        _optional("business_country_code"),
        _optional("user_id"),
        _optional("is_shared", "INTEGER", NULLABLE_BOOLEAN),
    ),
)
# What GET statistics (and GET messages?get_insights=true) merges into a message (S4).
MARKETING_INSIGHTS: tuple[str, ...] = (
    "marketing_messages_delivered",
    "marketing_messages_link_btn_click",
    "marketing_messages_spend",
    "marketing_messages_read_rate",
    "marketing_messages_link_btn_click_rate",
    "marketing_messages_cost_per_link_btn_click",
    "marketing_messages_cost_per_delivered",
    "date_start",
    "date_stop",
)
MARKETING_MESSAGES = Kind(
    key="messages",
    section=MARKETING,
    table="marketing_messages",
    what="marketing message",
    columns=(
        Column("id", "TEXT NOT NULL"),
        Column("ad_account_id", "TEXT NOT NULL"),
        _optional("name"),
        _optional("message_type"),
        _optional("status"),
        _optional("effective_status"),
        _optional("currency"),
        _optional("budget", "NUMERIC"),
        _optional("created_time"),
        _optional("start_time"),
        _optional("end_time"),
        _optional("campaign_id"),
        _optional("message_set_id"),
        _optional("creative", "TEXT", JSON_TEXT),
        *(_optional(key, "TEXT" if key.startswith("date_") else "NUMERIC") for key in MARKETING_INSIGHTS),
    ),
)
CUSTOM_AUDIENCES = Kind(
    key="custom_audiences",
    section=MARKETING,
    table="marketing_custom_audiences",
    what="custom audience",
    columns=(
        Column("ad_account_id", "TEXT NOT NULL"),
        Column("audience_id", "TEXT NOT NULL"),
        Column("name", "TEXT NOT NULL"),
        _optional("description"),
        _optional("approximate_count_lower_bound", "INTEGER"),
        _optional("approximate_count_upper_bound", "INTEGER"),
        _optional("status"),
        _optional("tokens_count", "INTEGER"),
        _optional("inserted_at"),
        _optional("updated_at"),
    ),
    constraints=("PRIMARY KEY (page_id, audience_id)",),
    identity="audience_id",
)

# In the order of a seed's and the state export's keys; a kind comes after the kinds it refers to.
KINDS: tuple[Kind, ...] = (
    FOLDERS,
    FLOWS,
    KEYWORDS,
    ICE_BREAKERS,
    MAIN_MENU,
    TOOLS,
    FLOW_STATISTICS,
    SENDS,
    TAGS,
    # Customers, custom fields and tag statistics (issue 19):
    CUSTOM_FIELDS,
    CUSTOMERS,
    SEQUENCES,
    BROADCASTS,
    MESSAGE_TEMPLATES,
    MEDIA,
    AD_ACCOUNTS,
    MARKETING_MESSAGES,
    CUSTOM_AUDIENCES,
)

# Children before parents, so that no row is left pointing at a deleted one.
DELETE_ORDER: tuple[str, ...] = (
    "account_pages",
    "accounts",
    *(kind.table for kind in reversed(KINDS)),
    "pages",
)

# The page's lists that a GET of the public API answers as they are: seed key -> endpoint.
PAGE_LISTS: dict[str, str] = {kind.key: kind.endpoint for kind in KINDS if kind.endpoint}

STATISTIC_FIELDS: tuple[str, ...] = tuple(column.key for column in FLOW_STATISTICS.value_columns)


def schema_script() -> str:
    """The SQL that creates every table and index of a new database."""
    parts = [PAGES_TABLE]
    for kind in KINDS:
        parts.append(create_table(kind))
        parts.extend(f"CREATE INDEX {name} ON {kind.table} ({on});" for name, on in kind.indexes.items())
    parts.append(ACCOUNT_TABLES)
    return "\n".join(parts) + "\n"


def create_table(kind: Kind) -> str:
    """The ``CREATE TABLE`` of ``kind``: its page column, its columns in order, its constraints."""
    lines = [
        f"page_id {kind.page_column}",
        *(f"{column.key} {column.sql}" for column in kind.columns),
        *kind.constraints,
    ]
    return f"CREATE TABLE {kind.table} (\n    " + ",\n    ".join(lines) + "\n);"
