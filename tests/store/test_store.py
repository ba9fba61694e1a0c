"""The domain store on its own: atomic writes, copies of the state, a durable state file, concurrent use."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from mock_botcake.seeds import build_store, load_seed
from mock_botcake.store import CustomerNotFound, FlowNotFound, StateFileError, Store
from mock_botcake.store.database import SCHEMA_VERSION
from mock_botcake.store.kinds import CUSTOMERS

from ..helpers import SHOP_ID, WHATSAPP_ID, unwritable


def test_a_refused_write_leaves_no_trace(store):
    before = store.export_state()
    with pytest.raises(FlowNotFound):
        store.record_flow_send(SHOP_ID, "1", 424242, None)
    assert store.export_state() == before


def test_starting_from_a_copy_brings_back_exactly_that_state(store):
    copy = store.copy()
    before = store.export_state()
    store.create_keyword(SHOP_ID)
    store.record_flow_send(SHOP_ID, "1", 1559, {"a": 1})
    store.start_from(copy)
    assert store.export_state() == before


def test_reset_after_starting_from_a_copy_returns_to_that_copy(store):
    store.create_keyword(SHOP_ID)
    copy = store.copy()
    expected = store.export_state()
    store.start_from(copy)
    store.record_flow_send(SHOP_ID, "1", 1559, None)
    store.reset()
    assert store.export_state() == expected


def test_reset_returns_to_the_marked_start_state(store):
    before = store.export_state()
    store.create_keyword(SHOP_ID)
    store.reset()
    assert store.export_state() == before


def test_a_state_file_keeps_every_write_across_a_restart(tmp_path):
    path = tmp_path / "state.sqlite3"
    store, resumed = build_store("demo", path)
    assert resumed is False
    keyword = store.create_keyword(SHOP_ID)
    store.record_flow_send(SHOP_ID, "1", 1559, None)
    expected = store.export_state()
    store.db.close()

    reopened, resumed = build_store("empty", path)
    assert resumed is True
    assert reopened.export_state() == expected
    assert keyword in [{"flow_id": k["flow_id"], "id": k["id"]} for k in reopened.keywords(SHOP_ID)]


def test_reset_of_a_file_backed_store_returns_to_the_state_at_start(tmp_path):
    store, _ = build_store("demo", tmp_path / "state.sqlite3")
    before = store.export_state()
    store.create_keyword(SHOP_ID)
    store.reset()
    assert store.export_state() == before
    store.create_keyword(SHOP_ID)  # the file is still writable after a restore


def test_a_state_file_of_another_schema_version_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE pages (page_id TEXT)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StateFileError, match=f"schema version {SCHEMA_VERSION + 1}"):
        Store(path)


def test_a_file_that_is_not_a_database_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("these are not the droids" * 100)
    with pytest.raises(StateFileError, match="not a mock-botcake state file"):
        Store(path)


def test_concurrent_keyword_creates_get_unique_ids_and_all_persist(store):
    created: list[int] = []
    lock = threading.Lock()

    def create_many():
        for _ in range(100):
            new_id = store.create_keyword(SHOP_ID)["id"]
            with lock:
                created.append(new_id)

    threads = [threading.Thread(target=create_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(created)) == 800
    assert set(created) <= {k["id"] for k in store.keywords(SHOP_ID)}


def test_concurrent_sends_are_all_counted_in_the_statistics(store):
    before = store.flow_statistics(SHOP_ID, 1560)["sent"]

    def send_many():
        for n in range(50):
            store.record_flow_send(SHOP_ID, str(n), 1560, None)

    threads = [threading.Thread(target=send_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.flow_statistics(SHOP_ID, 1560)["sent"] == before + 400
    assert len(store.sends(SHOP_ID)) == 400


def test_the_demo_seed_loads_two_pages():
    assert len(load_seed("demo")["pages"]) == 2


def test_a_write_inside_a_read_fails_loudly_instead_of_passing_the_read_cache_by(store):
    with pytest.raises(sqlite3.OperationalError), store.db.reading() as conn:
        conn.execute("DELETE FROM keywords")
    assert store.keywords(SHOP_ID)


def test_the_store_still_writes_after_a_write_inside_a_read_was_refused(store):
    with contextlib.suppress(sqlite3.OperationalError), store.db.reading() as conn:
        conn.execute("DELETE FROM keywords")
    store.create_keyword(SHOP_ID)


def demo_state_file(folder: Path) -> Path:
    """A closed state file holding the demo pages, its write-ahead log folded into it."""
    path = folder / "state.sqlite3"
    store, _ = build_store("demo", path)
    store.db.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def overwritten(path: Path, offset: int, length: int) -> Path:
    with open(path, "r+b") as file:
        file.seek(offset)
        file.write(b"\xff" * length)
    return path


def test_a_new_state_file_is_created_readable_by_all_and_writable_by_its_owner_only(tmp_path):
    umask = os.umask(0)
    os.umask(umask)
    Store(tmp_path / "state.sqlite3").db.close()
    assert stat.S_IMODE((tmp_path / "state.sqlite3").stat().st_mode) == 0o644 & ~umask


def test_a_second_store_on_a_state_file_in_use_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "state.sqlite3"
    first = Store(path)
    try:
        with pytest.raises(StateFileError) as refusal:
            Store(path)
    finally:
        first.db.close()
    assert str(refusal.value) == (
        f"the state file {path} is in use by another mock-botcake server (one server per state file)"
    )


def test_a_state_file_is_free_again_once_the_store_holding_it_is_closed(tmp_path):
    Store(tmp_path / "state.sqlite3").db.close()
    Store(tmp_path / "state.sqlite3").db.close()


def test_a_read_only_state_file_is_refused_naming_the_file(tmp_path):
    path = demo_state_file(tmp_path)
    with unwritable(path), pytest.raises(StateFileError) as refusal:
        Store(path)
    assert str(refusal.value) == f"the state file {path} is read-only: mock-botcake writes every change to it"


def test_a_state_file_in_an_unwritable_folder_is_refused_naming_the_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    with unwritable(folder), pytest.raises(StateFileError) as refusal:
        Store(folder / "state.sqlite3")
    assert str(refusal.value) == (
        f"cannot use the state file {folder / 'state.sqlite3'}: its folder {folder} is not writable (SQLite "
        "keeps its write-ahead log beside the file)"
    )


def test_a_state_file_with_a_damaged_table_is_refused_with_what_sqlite_found(tmp_path):
    path = overwritten(demo_state_file(tmp_path), offset=8192, length=100)
    with pytest.raises(StateFileError) as refusal:
        Store(path)
    message = str(refusal.value)
    assert message.startswith(f"the state file {path} is damaged (SQLite's quick_check: *** in database main")
    assert message.endswith("); start with a new --state-file")


def test_a_state_file_whose_pages_cannot_be_read_is_refused_naming_the_file(tmp_path):
    path = overwritten(demo_state_file(tmp_path), offset=4096, length=4096)
    with pytest.raises(StateFileError) as refusal:
        Store(path)
    assert str(refusal.value) == f"the state file {path} cannot be used: database disk image is malformed"


def test_a_state_file_path_naming_a_folder_is_refused_saying_why(tmp_path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(StateFileError) as refusal:
        Store(tmp_path / "folder")
    assert str(refusal.value) == f"cannot open the state file {tmp_path / 'folder'}: Is a directory"


def test_one_item_is_read_by_its_kinds_identity(store):
    customer = store.item(CUSTOMERS, SHOP_ID, "6370813943019801", CustomerNotFound("unused"))
    assert customer["full_name"] == "Vũ Trọng Hiệu"


def test_an_item_that_is_not_there_raises_the_error_it_was_given(store):
    with pytest.raises(CustomerNotFound, match=r"^no customer 42$"):
        store.item(CUSTOMERS, SHOP_ID, "42", CustomerNotFound("no customer 42"))


def test_an_item_of_another_page_is_not_there(store):
    with pytest.raises(CustomerNotFound):
        store.item(CUSTOMERS, WHATSAPP_ID, "6370813943019801", CustomerNotFound("elsewhere"))
