"""The SQLite connection under the store: one lock, atomic transactions, snapshot and restore.

One connection serves every thread, behind one lock, so each store operation is a single atomic
transaction and every read sees a consistent state: no lost updates, no duplicate ids. SQLite's backup
API copies the whole database for snapshots, which takes microseconds for a test-sized state.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Bump when schema.sql changes; a state file of another version is refused, never misread.
SCHEMA_VERSION = 1


class StateFileError(Exception):
    """The state file cannot be used (another schema version, or not a mock-botcake database)."""


class Database:
    """A SQLite database in memory (default) or in a file that survives restarts."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path else None
        self._lock = threading.RLock()
        self._conn = _connect(self.path or ":memory:")
        self._prepare_schema()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block as one atomic write: all of it is committed, or none of it on an exception."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Run the block's queries against one consistent state."""
        with self._lock:
            yield self._conn

    def snapshot(self) -> sqlite3.Connection:
        """A copy of the whole database, in memory."""
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        with self._lock:
            self._conn.backup(copy)
        return copy

    def restore(self, snapshot: sqlite3.Connection) -> None:
        """Replace the whole database with ``snapshot``, in one step."""
        with self._lock:
            snapshot.backup(self._conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _prepare_schema(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        tables = self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version == 0 and tables == 0:
            schema = (Path(__file__).parent / "schema.sql").read_text("utf-8")
            self._conn.executescript(schema)
            self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            return
        raise StateFileError(
            f"{self.path} holds state of schema version {version}, but this mock-botcake reads "
            f"version {SCHEMA_VERSION}; export it with the version that wrote it "
            "(GET /_mock/state) and load that with --seed, or start with a new --state-file"
        )

    def is_empty(self) -> bool:
        with self.reading() as conn:
            return conn.execute("SELECT NOT EXISTS (SELECT 1 FROM pages)").fetchone()[0] == 1


def _connect(target: str) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        if target != ":memory:":
            # WAL keeps every committed write on disk even when the process is killed mid-stream.
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise StateFileError(f"{target} is not a mock-botcake state file: {error}") from error
    return conn
