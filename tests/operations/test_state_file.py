"""--state-file: acknowledged writes survive kill -9; a state file of another schema version is refused."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import requests

from mock_botcake.store import StateFileError, Store, database

from ..helpers import API, SHOP_ID
from ..servers import READY_TIMEOUT_S, start, stop

PAGE = f"{API}/pages/{SHOP_ID}"
FLOWS = (1559, 1560)
ACKNOWLEDGED_BEFORE_KILL = 60


class WriteStream(threading.Thread):
    """Creates keywords, points each at a flow once, and sends flows, until the server goes away.

    Each keyword is updated once only, so an acknowledged update is the keyword's last word: an
    unacknowledged write that did land later cannot make a correct server look wrong.
    """

    def __init__(self, root: str, token: str) -> None:
        super().__init__(daemon=True)
        self.root, self.session = root, requests.Session()
        self.session.headers["access-token"] = token
        self.created: list[int] = []
        self.updated: dict[int, int] = {}
        self.sent: list[str] = []

    @property
    def acknowledged(self) -> int:
        return len(self.created) + len(self.updated) + len(self.sent)

    def run(self) -> None:
        try:
            for n in range(100_000):
                self._one_round(n)
        except requests.RequestException:
            return  # killed: the stream ends here

    def _one_round(self, n: int) -> None:
        created = self.session.post(f"{self.root}{PAGE}/keywords/create", timeout=5)
        if created.ok:
            keyword_id = created.json()["keyword"]["id"]
            self.created.append(keyword_id)
            flow_id = FLOWS[n % 2]
            update = {"keyword_id": keyword_id, "update": {"flow_id": flow_id}}
            if self.session.post(f"{self.root}{PAGE}/keywords/update", json=update, timeout=5).ok:
                self.updated[keyword_id] = flow_id
        psid = f"psid-{n}"
        send = {"psid": psid, "flow_id": FLOWS[n % 2]}
        if self.session.post(f"{self.root}{PAGE}/flows/send_flow", json=send, timeout=5).ok:
            self.sent.append(psid)


def test_every_acknowledged_write_survives_kill_9_mid_stream(tmp_path):
    state = tmp_path / "state.sqlite3"
    first = start("--state-file", str(state), "--quiet")
    stream = WriteStream(first.root, first.token_of(SHOP_ID))
    stream.start()
    deadline = time.monotonic() + READY_TIMEOUT_S
    while stream.acknowledged < ACKNOWLEDGED_BEFORE_KILL and time.monotonic() < deadline:
        time.sleep(0.01)  # watching the client thread, not waiting for a server
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=READY_TIMEOUT_S)
    stream.join(timeout=READY_TIMEOUT_S)
    assert stream.acknowledged >= ACKNOWLEDGED_BEFORE_KILL

    with sqlite3.connect(state) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    second = start("--state-file", str(state), "--quiet")
    try:
        assert "resumed from the state file" in second.banner
        headers = {"access-token": second.token_of(SHOP_ID)}
        keywords = requests.get(f"{second.root}{PAGE}/keywords", headers=headers, timeout=5).json()["data"]
        sends = requests.get(f"{second.root}/_mock/pages/{SHOP_ID}/sends", timeout=5).json()["sends"]
    finally:
        stop(second)
    flow_of = {keyword["id"]: keyword["flow_id"] for keyword in keywords}
    assert set(stream.created) <= set(flow_of)
    assert {k: flow_of[k] for k in stream.updated} == stream.updated
    assert set(stream.sent) <= {send["psid"] for send in sends}


def test_the_state_file_runs_in_wal_mode(tmp_path):
    store = Store(tmp_path / "state.sqlite3")
    with store.db.reading() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        # NORMAL in WAL mode: each commit is in the OS before the answer goes out, so a killed process
        # loses nothing it acknowledged (a power cut could lose the last commits; see the README).
        assert conn.execute("PRAGMA synchronous").fetchone() == (1,)
    store.db.close()


def state_file_of_version(path, version: int) -> None:
    store = Store(path)
    store.add_page({"page_id": "555", "name": "kept"})
    store.db.close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {version}")


def test_a_state_file_from_a_newer_version_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "state.sqlite3"
    state_file_of_version(path, database.SCHEMA_VERSION + 1)
    before = path.read_bytes()
    with pytest.raises(StateFileError, match="written by a newer mock-botcake"):
        Store(path)
    assert path.read_bytes() == before


def test_a_state_file_from_an_older_version_is_refused_unchanged(tmp_path, monkeypatch):
    path = tmp_path / "state.sqlite3"
    state_file_of_version(path, database.SCHEMA_VERSION)
    before = path.read_bytes()
    monkeypatch.setattr(database, "SCHEMA_VERSION", database.SCHEMA_VERSION + 1)
    with pytest.raises(StateFileError, match="cannot migrate"):
        Store(path)
    assert path.read_bytes() == before


def test_serve_refuses_a_newer_state_file_with_exit_2_and_no_traceback(tmp_path):
    path = tmp_path / "state.sqlite3"
    state_file_of_version(path, database.SCHEMA_VERSION + 1)
    result = subprocess.run(
        [sys.executable, "-m", "mock_botcake", "serve", "--port", "0", "--state-file", str(path)],
        capture_output=True,
        text=True,
        timeout=READY_TIMEOUT_S,
    )
    assert result.returncode == 2
    assert "written by a newer mock-botcake" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_state_file_in_a_missing_folder_is_refused_naming_the_folder(tmp_path):
    with pytest.raises(StateFileError, match="its folder does not exist"):
        Store(tmp_path / "no-such-folder" / "state.sqlite3")
    assert not (tmp_path / "no-such-folder").exists()
