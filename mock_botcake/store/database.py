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

# Bump when schema.sql changes, and add the step from the old version to MIGRATIONS when the old
# state can be carried over. A state file of another version is migrated or refused, never misread.
SCHEMA_VERSION = 1
# version N -> the SQL script that turns a version-N database into version N+1 (none needed yet).
MIGRATIONS: dict[int, str] = {}


class StateFileError(Exception):
    """The state file cannot be used (another schema version, or not a mock-botcake database)."""


class Database:
    """A SQLite database in memory (default) or in a file that survives restarts."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path else None
        self._lock = threading.RLock()
        self._conn = _connect(self.path or ":memory:")
        self._prepare_schema()
        # Bumped by every committed write and every restore: an answer computed at version N is still
        # true while the version is N (api/read_cache.py relies on it).
        self.version = 0

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
            self.version += 1

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Run the block's queries against one consistent state; a write in it fails loudly.

        Only ``transaction`` bumps ``version``, which the read cache trusts: a write slipped into a
        read would change the state while every cached answer still looked current. Inside a
        transaction (a write that reads first) the block is part of that write.
        """
        with self._lock:
            if self._conn.in_transaction:
                yield self._conn
                return
            self._conn.execute("PRAGMA query_only = ON")
            try:
                yield self._conn
            finally:
                self._conn.execute("PRAGMA query_only = OFF")

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
            self.version += 1

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
        if version == 0:
            raise StateFileError(
                f"{self.path} is not a mock-botcake state file (it has tables but no version)"
            )
        if version > SCHEMA_VERSION:
            raise StateFileError(
                f"{self.path} was written by a newer mock-botcake (state schema version {version}; this "
                f"one reads up to version {SCHEMA_VERSION}): run the version that wrote it, or export the "
                "state there (GET /_mock/state) and load that here with --seed"
            )
        self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Carry a state file of an older schema version forward, one version at a time, atomically."""
        missing = [step for step in range(version, SCHEMA_VERSION) if step not in MIGRATIONS]
        if missing:
            raise StateFileError(
                f"{self.path} holds state of schema version {version}, which this mock-botcake (version "
                f"{SCHEMA_VERSION}) cannot migrate; export it with the version that wrote it "
                "(GET /_mock/state) and load that with --seed, or start with a new --state-file"
            )
        script = "".join(MIGRATIONS[step] + ";\n" for step in range(version, SCHEMA_VERSION))
        # executescript commits first, so the whole migration is wrapped in one explicit transaction.
        try:
            self._conn.executescript(
                f"BEGIN IMMEDIATE;\n{script}PRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;"
            )
        except sqlite3.Error as error:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise StateFileError(
                f"{self.path}: migrating from schema version {version} failed: {error}"
            ) from None

    def is_empty(self) -> bool:
        with self.reading() as conn:
            return conn.execute("SELECT NOT EXISTS (SELECT 1 FROM pages)").fetchone()[0] == 1


def _connect(target: str) -> sqlite3.Connection:
    if target != ":memory:" and not Path(target).resolve().parent.is_dir():
        # SQLite would only say "unable to open database file"; the folder is what is missing.
        raise StateFileError(f"cannot create the state file {target}: its folder does not exist")
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
