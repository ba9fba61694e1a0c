"""The request journal: the last N API requests the fake answered, for tests and the dashboard to read.

Plain Python, no Flask: a bounded deque behind a lock, so that a busy server keeps only the newest
entries and every thread can append while another reads. Ids grow for the life of the process (a
clear does not restart them), so a reader polling with ``after=ID`` never sees an entry twice.

Under ``serve --workers N`` the entries live in a file the worker processes share (``share``,
``SharedEntries``): whichever worker answers ``GET /_mock/requests`` sees every request answered
before, by any worker, with ids in the order they were recorded.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from pathlib import Path
from typing import Any

from ..store.database import ScratchDatabase
from ..wire import strict_json

DEFAULT_SIZE = 1000
# A body longer than this is kept as the start of its text: enough to recognise it, not a memory sink.
BODY_CAP_CHARS = 16 * 1024
# A query string is kept up to this many characters: 1,000 entries of 200 KB queries would be 200 MB.
QUERY_CAP_CHARS = 2 * 1024


class Journal:
    """At most ``size`` entries, oldest dropped first; ``size=0`` records nothing."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        if size < 0:
            raise ValueError("the journal size cannot be negative")
        self.size = size
        self._entries: deque[dict[str, Any]] = deque(maxlen=size)
        self._lock = threading.Lock()
        self._last_id = 0
        self._shared: SharedEntries | None = None

    def share(self, path: str | Path) -> None:
        """From now on keep the entries in a file at ``path`` (before serve forks its workers)."""
        if self.size == 0:
            return
        with self._lock:
            self._shared = SharedEntries(path, self.size)
            for entry in self._entries:
                self._shared.record({key: value for key, value in entry.items() if key != "id"})

    def record(self, entry: dict[str, Any]) -> None:
        """Append ``entry`` (every field but ``id``), giving it the next id."""
        if self.size == 0:
            return
        if self._shared is not None:
            self._shared.record(entry)
            return
        with self._lock:
            self._last_id += 1
            self._entries.append({"id": self._last_id, **entry})

    def entries(self, after: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
        """Entries with an id above ``after``, oldest first, at most ``limit`` of them (paging forward,
        as the sends of the control plane do)."""
        if self._shared is not None:
            return self._shared.entries(after, limit)
        with self._lock:
            found = [entry for entry in self._entries if entry["id"] > after]
        return found if limit is None else found[:limit]

    def clear(self) -> None:
        if self._shared is not None:
            self._shared.clear()
        with self._lock:
            self._entries.clear()


# Trimming the oldest entries every this many records, not on each: between trims a few more than
# ``size`` rows are kept, and reads skip them.
_TRIM_EVERY = 64
_ENTRIES_TABLE = (
    "CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY AUTOINCREMENT, entry TEXT NOT NULL);"
)


class SharedEntries:
    """The journal's entries in a SQLite file shared by serve's worker processes; ids from SQLite's
    AUTOINCREMENT, so they grow across workers and across clears as the in-memory ids do."""

    def __init__(self, path: str | Path, size: int) -> None:
        self.size = size
        self.db = ScratchDatabase(path, _ENTRIES_TABLE)

    def record(self, entry: dict[str, Any]) -> None:
        text = json.dumps(entry, ensure_ascii=False, allow_nan=False)
        with self.db.writing() as conn:
            new_id = conn.execute("INSERT INTO entries (entry) VALUES (?)", (text,)).lastrowid or 0
            if new_id % _TRIM_EVERY == 0:
                conn.execute("DELETE FROM entries WHERE id <= ?", (new_id - self.size,))

    def entries(self, after: int, limit: int | None) -> list[dict[str, Any]]:
        with self.db.reading() as conn:
            last = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'entries'").fetchone()
            oldest_kept_after = (last[0] if last else 0) - self.size
            rows = conn.execute(
                "SELECT id, entry FROM entries WHERE id > ? ORDER BY id LIMIT ?",
                (max(after, oldest_kept_after), -1 if limit is None else limit),
            ).fetchall()
        return [{"id": entry_id, **json.loads(text)} for entry_id, text in rows]

    def clear(self) -> None:
        with self.db.writing() as conn:
            conn.execute("DELETE FROM entries")


def body_for_journal(raw: bytes | None) -> Any:
    """The body as the journal shows it: strict JSON parsed, else its text (cut at the cap), else ``None``."""
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    if len(text) > BODY_CAP_CHARS:
        return text[:BODY_CAP_CHARS] + f"... ({len(raw)} bytes in all)"
    try:
        return strict_json.loads(text)
    except strict_json.NotStrictJson:
        # NaN, 1e400, a lone surrogate or deep nesting would make the journal's own answer fail or be
        # invalid JSON: such a body is kept as its text (which ``decode`` has made plain UTF-8).
        return text


def query_for_journal(query: str) -> str:
    """The query string as the journal shows it: whole, or its start when it is past the cap."""
    if len(query) <= QUERY_CAP_CHARS:
        return query
    return query[:QUERY_CAP_CHARS] + f"... ({len(query)} characters in all)"


def token_hint(token: str | None) -> str | None:
    """Enough of a token to tell tokens apart in a log, never enough to use it: ``…`` + last 4."""
    if not token:
        return None
    return "…" + token[-4:]
