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
import os
import threading
import weakref
from collections import deque
from pathlib import Path
from typing import Any

from ..store.database import ProcessMutex, SharedCounter
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


class SharedEntries:
    """The journal's entries in two files shared by serve's worker processes, one JSON line each.

    A SQLite transaction per request cost more than a cached read itself; this costs a lock, a counter
    and one ``write``. Under one ``flock`` a writer takes the next id (a counter in shared memory, so
    ids grow across workers and across clears as the in-memory ids do) and appends its line; a reader
    takes the same lock, so it never sees a line half written or an id before a smaller one. When the
    current file holds ``size`` entries it becomes the previous one (the one before is dropped) and a
    new one starts, so the two hold at least the last ``size`` entries and at most twice that many.
    """

    def __init__(self, path: str | Path, size: int) -> None:
        self.size = size
        self._current, self._previous = f"{path}.current", f"{path}.previous"
        self._lock = threading.Lock()  # a process's threads share its flock: this keeps them apart
        self._mutex = ProcessMutex(f"{path}.writer")
        self._last_id = SharedCounter(f"{path}.ids")
        self._rotations = SharedCounter(f"{path}.rotations")
        self._in_current = SharedCounter(f"{path}.in-current")
        self._open()
        reference = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: (alive := reference()) and alive._after_fork())

    def _open(self) -> None:
        self._file = os.open(self._current, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._opened_at = self._rotations.value()

    def _after_fork(self) -> None:
        self._lock = threading.Lock()
        self._mutex.reopen()

    def record(self, entry: dict[str, Any]) -> None:
        # Encoded before the lock is taken, so that the other workers wait for a write, not for JSON:
        # the id goes in front of the entry's own keys once it is known.
        keys = json.dumps(entry, allow_nan=False).encode()[1:]  # '"method": ...}' without its '{'
        with self._lock, self._mutex:
            if self._opened_at != self._rotations.value():  # another worker rotated the files
                os.close(self._file)
                self._open()
            if self._in_current.value() >= self.size:
                self._rotate()
            self._last_id.bump()
            separator = b", " if entry else b""
            os.write(self._file, b'{"id": %d%s%s\n' % (self._last_id.value(), separator, keys))
            self._in_current.bump()

    def _rotate(self) -> None:
        os.replace(self._current, self._previous)
        os.close(self._file)
        self._rotations.bump()
        self._in_current.set(0)
        self._open()

    def entries(self, after: int, limit: int | None) -> list[dict[str, Any]]:
        with self._lock, self._mutex:
            lines = _lines(self._previous) + _lines(self._current)
            oldest_kept_after = self._last_id.value() - self.size
        found = []
        for line in lines:
            entry = json.loads(line)
            if entry["id"] > max(after, oldest_kept_after):
                found.append(entry)
        return found if limit is None else found[:limit]

    def clear(self) -> None:
        with self._lock, self._mutex:
            for path in (self._previous, self._current):
                with open(path, "w"):  # emptied; the workers' descriptors stay valid
                    pass
            self._in_current.set(0)


def _lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read().splitlines()
    except FileNotFoundError:
        return []


def body_for_journal(raw: bytes | None, cap_chars: int = BODY_CAP_CHARS) -> Any:
    """A body as the journal shows it: strict JSON parsed, else its text (cut at ``cap_chars``), else
    ``None``."""
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    if len(text) > cap_chars:
        return text[:cap_chars] + f"... ({len(raw)} bytes in all)"
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
