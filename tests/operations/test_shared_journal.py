"""The journal shared by serve's workers (``Journal.share``) keeps what the in-memory journal keeps."""

from __future__ import annotations

import os

import pytest

from mock_botcake.control.journal import Journal


def entry(number: int) -> dict:
    return {"method": "GET", "path": f"/p/{number}", "body": {"n": number, "text": "é\n"}, "token": "…AnvA"}


@pytest.fixture
def journals(tmp_path) -> tuple[Journal, Journal]:
    alone, shared = Journal(5), Journal(5)
    shared.share(tmp_path / "journal")
    return alone, shared


def test_a_shared_journal_keeps_the_last_size_entries_with_the_same_ids(journals):
    alone, shared = journals
    for number in range(1, 13):
        alone.record(entry(number))
        shared.record(entry(number))
        assert shared.entries() == alone.entries()
    assert [kept["id"] for kept in shared.entries()] == [8, 9, 10, 11, 12]


def test_a_shared_journal_pages_forward_as_the_in_memory_one(journals):
    alone, shared = journals
    for number in range(1, 9):
        alone.record(entry(number))
        shared.record(entry(number))
    assert shared.entries(after=5, limit=2) == alone.entries(after=5, limit=2)
    assert shared.entries(after=1) == alone.entries(after=1)


def test_a_cleared_shared_journal_is_empty_and_its_ids_go_on_growing(journals):
    alone, shared = journals
    for number in range(1, 8):
        alone.record(entry(number))
        shared.record(entry(number))
    alone.clear()
    shared.clear()
    assert shared.entries() == []
    alone.record(entry(8))
    shared.record(entry(8))
    assert shared.entries() == alone.entries() == [{"id": 8, **entry(8)}]


def test_a_forked_worker_appends_to_the_files_another_worker_rotated(journals):
    _, shared = journals
    shared.record(entry(1))
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's coverage is not collected
        for number in range(2, 9):  # past the size: the child rotates the files
            shared.record(entry(number))
        os._exit(0)
    assert os.waitpid(child, 0)[1] == 0
    shared.record(entry(9))
    assert [kept["id"] for kept in shared.entries()] == [5, 6, 7, 8, 9]
