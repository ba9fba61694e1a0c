"""The request journal: the last N API requests the fake answered, for tests and the dashboard to read.

Plain Python, no Flask: a bounded deque behind a lock, so that a busy server keeps only the newest
entries and every thread can append while another reads. Ids grow for the life of the process (a
clear does not restart them), so a reader polling with ``after=ID`` never sees an entry twice.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

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

    def record(self, entry: dict[str, Any]) -> None:
        """Append ``entry`` (every field but ``id``), giving it the next id."""
        if self.size == 0:
            return
        with self._lock:
            self._last_id += 1
            self._entries.append({"id": self._last_id, **entry})

    def entries(self, after: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
        """Entries with an id above ``after``, oldest first, at most ``limit`` of them (paging forward,
        as the sends of the control plane do)."""
        with self._lock:
            found = [entry for entry in self._entries if entry["id"] > after]
        return found if limit is None else found[:limit]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


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
