"""The item kinds declared in store/kinds.py: true to the schemas, and enough to read and write any kind."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from mock_botcake.api import api
from mock_botcake.store import InvalidSeed, Store
from mock_botcake.store.database import Database
from mock_botcake.store.kinds import (
    BOOLEAN,
    DELETE_ORDER,
    JSON_TEXT,
    KINDS,
    PAGE_LISTS,
    PAGES_TABLE,
    STATISTIC_FIELDS,
    Column,
    Kind,
    create_table,
    when_set,
)
from mock_botcake.store.rows import insert_rows, rows
from mock_botcake.store.seeding import check_seed
from mock_botcake.wire import schemas

from ..helpers import SHOP_ID

LIST_KINDS = [kind for kind in KINDS if not kind.keyed_by]


def resolved(reference: str, within: str) -> dict[str, Any]:
    """The schema a ``$ref`` of schema ``within`` points at (``../common.json#/$defs/keyword``)."""
    document, _, pointer = reference.partition("#")
    name = document.removeprefix("../").removesuffix(".json") if document else within
    return schemas.definition(name, pointer.removeprefix("/$defs/"))


def seed_item_schema(kind: Kind) -> dict[str, Any]:
    properties = schemas.schema("control/page_seed")["properties"]
    if kind.section:  # a list inside an object of the seed (``marketing``)
        properties = properties[kind.section]["properties"]
    entry = properties[kind.key]
    items = entry["additionalProperties"] if kind.keyed_by else entry["items"]
    return resolved(items["$ref"], "control/page_seed")


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.key)
def test_each_kind_holds_exactly_the_keys_its_seed_schema_has(kind):
    declared = {column.key for column in kind.value_columns}
    assert declared == set(seed_item_schema(kind)["properties"])


def test_the_statistic_fields_are_the_statistics_the_api_answers():
    assert set(STATISTIC_FIELDS) == set(schemas.definition("common", "statistics")["required"])


@pytest.mark.parametrize(("key", "endpoint"), PAGE_LISTS.items())
def test_each_page_list_is_read_from_a_get_of_the_api_answering_its_items(key, endpoint):
    kind = next(kind for kind in KINDS if kind.key == key)
    (operation,) = [op for op in api.operations if op.method == "get" and op.path.endswith(f"/{endpoint}")]
    data = schemas.schema(operation.response)["properties"]["data"]
    assert set(resolved(data["items"]["$ref"], operation.response)["properties"]) == set(kind.keys)


def test_the_tables_are_emptied_children_first():
    with Database().reading() as conn:
        for position, table in enumerate(DELETE_ORDER):
            referenced = {row[2] for row in conn.execute(f"PRAGMA foreign_key_list({table})")}
            assert referenced <= set(DELETE_ORDER[position + 1 :]), table


# The keys of a page in a state export, as they were when each kind came.
EXPORTED_KEYS = [
    "page_id",
    "name",
    "access_token",
    "folders",
    "flows",
    "keywords",
    "ice_breakers",
    "main_menu",
    "tools",
    "flow_statistics",
    "sends",
    "tags",
    "custom_fields",
    "customers",
    "sequences",
    "broadcasts",
    "message_templates",
    "media",
    "marketing",  # the section of the ad accounts, marketing messages and custom audiences
]


def test_the_state_export_keeps_its_key_order(store):
    # A kind added later comes last: the keys exports had before keep their order.
    page = store.export_state()["pages"][0]
    assert list(page)[: len(EXPORTED_KEYS)] == EXPORTED_KEYS


def test_the_export_of_a_page_loads_back_as_the_same_page(store):
    store.record_flow_send(SHOP_ID, "1", 1559, {"ref": ["é", 1]})
    store.record_content_send(SHOP_ID, "2", {"messages": []}, "CONFIRMED_EVENT_UPDATE", None)
    exported = store.export_state()
    again = Store()
    again.import_state(exported)
    assert again.export_state() == exported


@pytest.mark.parametrize("kind", LIST_KINDS, ids=lambda kind: kind.key)
def test_a_seed_repeating_an_id_is_refused_naming_the_kind(store, kind):
    store.record_flow_send(SHOP_ID, "1", 1559, None)  # so that there is a send to repeat
    item = _an_item_of(kind, store)
    seed = _section(kind, {kind.key: [item, item]})  # ids are checked before what they refer to
    with pytest.raises(
        InvalidSeed, match=f"^{kind.what} {kind.identity} {item[kind.identity]} appears twice$"
    ):
        check_seed(seed)


def _an_item_of(kind: Kind, store: Store) -> dict[str, Any]:
    """The example of the kind's seed schema, else the first item of the demo seed."""
    examples = seed_item_schema(kind).get("examples")
    if examples:
        return examples[0]
    return next(_items(page, kind)[0] for page in store.export_state()["pages"] if _items(page, kind))


def _items(page: dict, kind) -> list:
    return (page.get(kind.section, {}) if kind.section else page).get(kind.key, [])


def _section(kind, seed: dict) -> dict:
    return {kind.section: seed} if kind.section else seed


def test_a_seed_reusing_a_send_id_of_another_page_is_refused_naming_it(store):
    store.record_flow_send(SHOP_ID, "1", 1559, None)
    send = store.sends(SHOP_ID)[-1]
    before = store.export_state()
    with pytest.raises(InvalidSeed, match=f"^send item id {send['id']} is already used by another page$"):
        store.add_page({"page_id": "777", "sends": [send]})
    assert store.export_state() == before


NOTES = Kind(
    "notes",
    "notes",
    "note",
    (
        Column("id", "INTEGER NOT NULL"),
        Column("done", "INTEGER NOT NULL", BOOLEAN, default=False),
        Column("body", "TEXT", JSON_TEXT),
        Column("url", "TEXT", shown=when_set),
    ),
)


@pytest.fixture
def notes() -> sqlite3.Connection:
    """A database with a page and an empty table of a kind declared here only."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(f"{PAGES_TABLE}\n{create_table(NOTES)}")
    conn.execute("INSERT INTO pages VALUES ('1', 'a page', 'token', 0)")
    return conn


def test_a_declared_kind_reads_back_what_was_written_in_insertion_order(notes):
    insert_rows(notes, NOTES, "1", [{"id": 9, "body": {"a": [1]}}, {"id": 2, "done": True, "url": "u"}])
    assert rows(notes, NOTES, "WHERE page_id = ?", ("1",)) == [
        {"id": 9, "done": False, "body": {"a": [1]}},
        {"id": 2, "done": True, "body": None, "url": "u"},
    ]


def test_a_declared_kind_reads_at_most_the_limit(notes):
    insert_rows(notes, NOTES, "1", [{"id": n} for n in (3, 1, 2)])
    assert [note["id"] for note in rows(notes, NOTES, "", (), limit=2)] == [3, 1]
