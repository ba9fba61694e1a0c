"""WSGI middleware answering a repeated API read from memory while the store has not changed.

Clients and test suites ask the same GET again and again (poll the flows, read the keywords back); the
answer only changes when the state does. Each answer is kept with the store's version at the moment
the read began (``Store.version``, bumped by every committed write and every restore, of any of
serve's workers: ``Database.version``), and served again only while the version is still that one,
so a cached answer is never staler than a fresh one: a write that lands while a read is being
answered changes the version, and that answer is never reused.

Only the answers of operations declared ``cached=True`` are kept (``web/operations.py`` marks such a
request in its environ). What such an operation answers depends on the path, the query string and the
``access-token`` header alone, so those three are the key; ``tests/api/test_read_cache.py`` holds
every cached operation to that, and ``Database.reading`` refuses a write, so a read cannot change the
state behind the cache's back. Only 200 answers are kept, within a byte budget that counts each entry
whole (its key, its body and its headers), so that reads with huge unique
query strings cannot grow it past the budget either; when it is spent the cache starts afresh. The
middleware sits inside the request recorder and the fault middleware: a cached answer is journaled,
logged and subject to fault rules like any other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from ..web.answers import REFUSAL_KEY
from ..web.operations import CACHEABLE_KEY
from ..web.wsgi import StartResponse, WSGIApp, run_to_completion
from ..wire.urls import is_api_path

# Bytes of answer bodies kept at once. The demo page's largest read is ~2 KB; a page of 100,000 flows
# answers 10 MB for its whole tree, which is never kept (MAX_ENTRY_BYTES), so that it cannot push out
# everything else.
BUDGET_BYTES = 8 * 1024 * 1024
MAX_ENTRY_BYTES = 256 * 1024
# What an entry costs beyond the lengths of its strings: the Python objects around them (measured: a
# little under 1 KiB for a tuple key, an answer tuple and a header list), so tiny entries count too.
ENTRY_OVERHEAD_BYTES = 1024

_Key = tuple[str, str, str | None]
# version, status line, headers, body, and the refusal's message when it was one (answers.REFUSAL_KEY)
_Answer = tuple[int, str, list[tuple[str, str]], bytes, str | None]


class ReadCache:
    """Serves an API GET from memory when the same read was answered at the store's current version."""

    def __init__(self, app: WSGIApp, version: Callable[[], int]) -> None:
        self.app = app
        self.version = version
        self.budget_bytes = BUDGET_BYTES
        self._answers: dict[_Key, _Answer] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") != "GET" or not is_api_path(path):
            return self.app(environ, start_response)
        key = (path, environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCESS_TOKEN"))
        version = self.version()  # read before answering: see the module's docstring
        kept = self._answers.get(key)
        if kept is not None and kept[0] == version:
            if kept[4] is not None:
                environ[REFUSAL_KEY] = kept[4]  # a refusal with HTTP 200 is journaled as one, cached or not
            start_response(kept[1], list(kept[2]))
            return [kept[3]]
        status, headers, body = run_to_completion(self.app, environ)
        answer = (version, status, headers, body, environ.get(REFUSAL_KEY))
        cacheable = environ.get(CACHEABLE_KEY) and status.startswith("200 ")
        if cacheable and _entry_bytes(key, answer) <= MAX_ENTRY_BYTES:
            self._keep(key, answer)
        start_response(status, headers)
        return [body]

    def _keep(self, key: _Key, answer: _Answer) -> None:
        size = _entry_bytes(key, answer)
        with self._lock:
            replaced = self._answers.pop(key, None)
            if replaced is not None:
                self._bytes -= _entry_bytes(key, replaced)
            if self._bytes + size > self.budget_bytes:
                self._answers.clear()
                self._bytes = 0
            self._answers[key] = answer
            self._bytes += size


def _entry_bytes(key: _Key, answer: _Answer) -> int:
    """About the memory one entry holds: every string of its key and answer, and the objects around them."""
    strings = sum(len(part or "") for part in key) + len(answer[1]) + len(answer[4] or "")
    strings += sum(len(name) + len(value) for name, value in answer[2])
    return strings + len(answer[3]) + ENTRY_OVERHEAD_BYTES
