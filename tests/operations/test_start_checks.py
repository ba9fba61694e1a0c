"""What `mock-botcake serve` refuses at start, each with one line naming the cause and exit 2.

A state file another server holds, one it cannot write or that is damaged, a folder it cannot write
in, and seed or faults files that are not strict JSON: all refused before the server answers anything,
never with a traceback and never by starting and then answering 500.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mock_botcake.store import Store

from ..helpers import unwritable
from ..servers import READY_TIMEOUT_S, start, stop


def refused_at_start(*args: str) -> str:
    """Run ``serve ARGS``; assert it exits 2 at once with one line and no traceback; answer the line."""
    result = subprocess.run(
        [sys.executable, "-m", "mock_botcake", "serve", "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=READY_TIMEOUT_S,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    """A state file holding the demo pages and a few hundred sends (several database pages)."""
    path = tmp_path / "state.sqlite3"
    store = Store(path)
    store.import_state(json.loads((Path(__file__).parents[2] / "mock_botcake/seeds/demo.json").read_text()))
    page_id = store.list_pages()[0]["page_id"]
    for n in range(300):
        store.record_content_send(page_id, f"psid-{n}", {"content": {"text": "x" * 200}}, None, None)
    store.db.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def test_a_second_server_on_the_same_state_file_is_refused_naming_the_file(state_file):
    first = start("--state-file", str(state_file))
    try:
        line = refused_at_start("--state-file", str(state_file))
    finally:
        stop(first)
    assert str(state_file) in line
    assert "in use by another mock-botcake server" in line


def test_a_read_only_state_file_is_refused_at_start(state_file):
    with unwritable(state_file):
        line = refused_at_start("--state-file", str(state_file))
    assert line == (
        f"mock-botcake: the state file {state_file} is read-only: mock-botcake writes every change to it"
    )


def test_a_state_file_damaged_in_the_middle_is_refused_at_start(state_file):
    size = state_file.stat().st_size
    with open(state_file, "r+b") as file:
        file.seek(size // 2)
        file.write(os.urandom(8192))
    line = refused_at_start("--state-file", str(state_file))
    assert str(state_file) in line
    assert "damaged" in line or "malformed" in line


def test_a_state_file_in_an_unwritable_folder_is_refused_naming_the_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    with unwritable(folder):
        line = refused_at_start("--state-file", str(folder / "state.sqlite3"))
    assert f"folder {folder} is not writable" in line


DEEP = "[" * 100_000 + "]" * 100_000
LONE_SURROGATE_SEED = '{"page_id": "1", "name": "\\ud800"}'
LONE_SURROGATE_RULES = '[{"match": {}, "action": {"status": 500, "body": {"m": "\\udfff"}}}]'


@pytest.mark.parametrize(
    ("option", "text"),
    [
        ("--seed", DEEP),
        ("--seed", LONE_SURROGATE_SEED),
        ("--seed", '{"page_id": "1", "name": 1e400}'),
        ("--faults", DEEP),
        ("--faults", LONE_SURROGATE_RULES),
    ],
    ids=["seed-100k-deep", "seed-lone-surrogate", "seed-1e400", "faults-100k-deep", "faults-lone-surrogate"],
)
def test_a_seed_or_faults_file_that_is_not_strict_json_is_one_line_and_exit_2(tmp_path, option, text):
    path = tmp_path / "input.json"
    path.write_text(text, encoding="utf-8")
    line = refused_at_start(option, str(path))
    assert str(path) in line
    assert "not readable JSON" in line


def test_an_address_file_in_a_missing_folder_is_refused_before_serving(tmp_path):
    address_file = tmp_path / "missing" / "address"
    line = refused_at_start("--address-file", str(address_file))
    assert f"--address-file {address_file}: the folder {address_file.parent} does not exist" in line
