"""The SQLite connection under the store: one lock, atomic transactions, copy and restore.

One connection serves every thread, behind one lock, so each store operation is a single atomic
transaction and every read sees a consistent state: no lost updates, no duplicate ids. SQLite's backup
API copies the whole database (``copy``, ``restore``), which takes microseconds for a test-sized state.

Under ``serve --workers N`` the database is ``share``d: a file every worker process opens (each its own
connection after the fork), writes one process at a time (``ProcessMutex``), each read one read
transaction, and ``version`` counting the other processes' commits too.

A state file is checked before it is used: one server per file (an exclusive ``flock`` on it, held
until the database is closed, so a second server on the same file is refused rather than reading stale
state and accepting rotated tokens), writable (the file and its folder, where SQLite keeps its WAL),
and whole (``PRAGMA quick_check``). Each failure is a ``StateFileError`` with one line that says why.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import sqlite3
import struct
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock, so no guard against a second server on the same file
    fcntl = None  # type: ignore[assignment]

# A state file of another SCHEMA_VERSION is refused, never misread.
from .kinds import SCHEMA_VERSION, schema_script


class WriteInsideRead(sqlite3.OperationalError):
    """A block of ``Database.reading`` changed rows: undone, since the read cache would not know."""


class StateFileError(Exception):
    """The state file cannot be used (another schema version, or not a mock-botcake database)."""


class Database:
    """A SQLite database in memory (default) or in a file that survives restarts."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path else None
        self.closed = False
        self._lock = threading.RLock()
        self._file_lock = _lock_state_file(self.path) if self.path else None
        try:
            self._conn = _connect(self.path or ":memory:")
        except BaseException:
            self._release_file_lock()
            raise
        try:
            self._prepare_schema()
            if self.path:
                _check_usable(self._conn, self.path)
        except BaseException:
            self.close()
            raise
        # Bumped by every committed write and every restore of this process (see ``version``).
        self._commits = 0
        # Set by ``share``: other processes write the same file (serve's workers), one at a time.
        self.shared = False
        self._scratch = False
        self._mutex: ProcessMutex | contextlib.nullcontext[None] = contextlib.nullcontext()
        self._shared_commits: SharedCounter | None = None
        # A connection must not cross a fork (SQLite's own rule): serve's worker processes each open
        # their own on the same file (see _reconnect_in_child).
        _reconnect_in_child_processes(self)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block as one atomic write: all of it is committed, or none of it on an exception."""
        with self._lock, self._mutex:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            self._count_commit()

    @property
    def version(self) -> int:
        """Changes whenever the state may have changed: an answer computed at version N is still true
        while the version is N (api/read_cache.py relies on it).

        Shared, it counts the commits of every process on the file: a counter in shared memory that
        each commit bumps before its answer goes out (reading it costs no system call).
        """
        if self._shared_commits is None:
            return self._commits
        return self._shared_commits.value()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Run the block's queries against one consistent state; a write in it is undone and fails loudly.

        Only ``transaction`` bumps ``version``, which the read cache trusts: a write slipped into a
        read would change the state while every cached answer still looked current. Inside a
        transaction (a write that reads first) the block is part of that write. Shared, the block is
        one read transaction, so that a write of another process cannot land between its queries.
        """
        with self._lock:
            if self._conn.in_transaction:
                yield self._conn
                return
            # One read transaction, and a count of changed rows to tell a write by. Not PRAGMA
            # query_only: switching it on and off made SQLite prepare every statement again, and a
            # send that follows its token check took four times as long.
            self._conn.execute("BEGIN")
            changes_before = self._conn.total_changes
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            if self._conn.total_changes != changes_before:
                self._conn.execute("ROLLBACK")
                raise WriteInsideRead("a write inside Database.reading() was undone: write in transaction()")
            self._conn.execute("COMMIT")

    def share(self, path: str | Path) -> None:
        """Make the database one that other processes open too (serve's workers, once forked).

        In memory, the state is first copied into a new file at ``path`` (never durable: it is
        scratch space for the workers, so SQLite does not sync it); a state file is shared as it is.
        """
        with self._lock:
            if self.path is None:
                target = _connect(str(path))
                target.execute("PRAGMA synchronous = OFF")
                self._conn.backup(target)
                self._conn.close()
                self._conn, self.path, self._scratch = target, str(path), True
            self._mutex = ProcessMutex(self.path + ".writer")
            self._shared_commits = SharedCounter(self.path + ".commits")
            self.shared = True

    def copy(self) -> sqlite3.Connection:
        """A copy of the whole database, in memory."""
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        with self._lock:
            self._conn.backup(copy)
        return copy

    def restore(self, copy: sqlite3.Connection) -> None:
        """Replace the whole database with ``copy`` (one of ``copy()``), in one step."""
        with self._lock, self._mutex:
            copy.backup(self._conn)
            self._count_commit()

    def _count_commit(self) -> None:
        self._commits += 1
        if self._shared_commits is not None:
            self._shared_commits.bump()  # under the ProcessMutex, still

    def close(self) -> None:
        with self._lock:
            self.closed = True
            self._conn.close()
            self._release_file_lock()

    def _release_file_lock(self) -> None:
        # Closed after SQLite's own connection: closing any descriptor of the file drops the POSIX
        # locks SQLite holds on it in this process.
        if self._file_lock is not None:
            os.close(self._file_lock)
            self._file_lock = None

    def _prepare_schema(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        tables = self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version == 0 and tables == 0:
            self._conn.executescript(schema_script())
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
        raise StateFileError(
            f"{self.path} holds state of schema version {version}, which this mock-botcake (version "
            f"{SCHEMA_VERSION}) cannot migrate; export it with the version that wrote it "
            "(GET /_mock/state) and load that with --seed, or start with a new --state-file"
        )

    def reconnect_after_fork(self) -> None:
        """In a forked child: a connection of its own on the same file, and a lock of its own.

        The inherited connection is kept, unused: closing it would close its descriptor of the file,
        which drops every POSIX lock this process holds on the file, the new connection's included
        (SQLite's warning about fork). An in-memory database is the child's own copy already.
        """
        self._lock = threading.RLock()
        if self.path is None:
            return
        self._inherited = self._conn
        self._conn = _connect(self.path)
        if self._scratch:
            self._conn.execute("PRAGMA synchronous = OFF")
        if isinstance(self._mutex, ProcessMutex):
            self._mutex.reopen()

    def is_empty(self) -> bool:
        with self.reading() as conn:
            return conn.execute("SELECT NOT EXISTS (SELECT 1 FROM pages)").fetchone()[0] == 1


class SharedCounter:
    """A 64-bit counter in a small file that every process maps: read without a system call.

    Bumped only by a holder of the ``ProcessMutex`` that guards what it counts. A forked process
    shares the mapping as it is.
    """

    _FORMAT = struct.Struct("=Q")

    def __init__(self, path: str) -> None:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(descriptor).st_size < self._FORMAT.size:
                os.ftruncate(descriptor, self._FORMAT.size)
            self._map = mmap.mmap(descriptor, self._FORMAT.size)
        finally:
            os.close(descriptor)

    def value(self) -> int:
        return self._FORMAT.unpack_from(self._map)[0]

    def bump(self) -> None:
        self._FORMAT.pack_into(self._map, 0, self.value() + 1)

    def set(self, value: int) -> None:
        self._FORMAT.pack_into(self._map, 0, value)


class ProcessMutex:
    """One writer at a time across processes: an exclusive ``flock`` on a file beside the database.

    SQLite alone would make a writer that finds the file locked sleep and retry (its busy handler:
    a millisecond or more each time); ``flock`` wakes the next writer as soon as the lock is free.
    Each process needs a descriptor of its own (``reopen`` after a fork): two processes holding the
    same open file would not exclude each other.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def reopen(self) -> None:
        os.close(self._descriptor)
        self._descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)

    def __enter__(self) -> None:
        fcntl.flock(self._descriptor, fcntl.LOCK_EX)

    def __exit__(self, *exc_info: object) -> None:
        fcntl.flock(self._descriptor, fcntl.LOCK_UN)


class ScratchDatabase:
    """A SQLite file that serve's worker processes share for what need not survive the server.

    The fault rules (``control/faults.py``) keep their state in one when serve runs several workers.
    Not synced to disk; one writer at a time (``ProcessMutex``); each forked worker opens its own
    connection.
    """

    def __init__(self, path: str | Path, schema: str) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._conn = _connect(self.path)
        self._conn.execute("PRAGMA synchronous = OFF")
        self._conn.executescript(schema)
        self._mutex = ProcessMutex(self.path + ".writer")
        reference = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: (alive := reference()) and alive._reopen())

    def _reopen(self) -> None:
        self._lock = threading.RLock()
        self._inherited = self._conn  # kept, never closed: see Database.reconnect_after_fork
        self._conn = _connect(self.path)
        self._conn.execute("PRAGMA synchronous = OFF")
        self._mutex.reopen()

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """The block as one write transaction, no other process writing meanwhile."""
        with self._lock, self._mutex:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The block's queries against one state (one read transaction)."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")


def _reconnect_in_child_processes(database: Database) -> None:
    reference = weakref.ref(database)

    def reconnect() -> None:
        alive = reference()
        if alive is not None and not alive.closed:
            alive.reconnect_after_fork()

    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=reconnect)


def _lock_state_file(path: str) -> int:
    """An open descriptor of the state file (created if need be) holding an exclusive ``flock`` on it."""
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        # SQLite would only say "unable to open database file"; the folder is what is missing.
        raise StateFileError(f"cannot create the state file {path}: its folder does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StateFileError(
            f"cannot use the state file {path}: its folder {folder} is not writable (SQLite keeps its "
            "write-ahead log beside the file)"
        )
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError as error:
        raise StateFileError(f"cannot open the state file {path}: {error.strerror}") from None
    if fcntl is not None:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            raise StateFileError(
                f"the state file {path} is in use by another mock-botcake server (one server per state file)"
            ) from None
    return descriptor


def _check_usable(conn: sqlite3.Connection, path: str) -> None:
    """Refuse a state file that cannot be written or is damaged, before the server answers anything."""
    if not os.access(path, os.W_OK):
        raise StateFileError(f"the state file {path} is read-only: mock-botcake writes every change to it")
    try:
        conn.execute("BEGIN IMMEDIATE")  # takes the write lock: fails on a file SQLite cannot write
        conn.execute("ROLLBACK")
        # One row may hold several lines ("*** in database main ***\nPage 34: ..."): the message is one line.
        rows = conn.execute("PRAGMA quick_check(3)")
        problems = [line.strip() for row in rows for line in row[0].splitlines() if line.strip()]
    except sqlite3.DatabaseError as error:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise StateFileError(f"the state file {path} cannot be used: {error}") from None
    if problems != ["ok"]:
        raise StateFileError(
            f"the state file {path} is damaged (SQLite's quick_check: {'; '.join(problems)}); "
            "start with a new --state-file"
        )


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
