"""The request log of ``serve``: one line per request, written by a thread of its own in batches.

A write and flush of the terminal or pipe per request, made by the thread answering it, cost half of
the server's throughput on a cached read (benchmarks/README.md): the answering thread gave up the GIL
for a system call on every request. Here a request only appends its line to a list; the writer thread
takes all the lines waiting and writes them at once, so under load one system call carries many lines,
and on a quiet server each line still appears as soon as its request is answered.
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from typing import TextIO


class RequestLog:
    """Call it with a line; ``close()`` writes whatever is still waiting and stops the writer."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._waiting: list[str] = []
        self._closed = False
        self._start_writer()
        # serve's worker processes are forked, and a fork has no thread but the one that forked: each
        # worker starts a writer of its own.
        reference = weakref.ref(self)
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=lambda: (log := reference()) and log._start_writer())

    def _start_writer(self) -> None:
        self._changed = threading.Condition()
        self._writer = threading.Thread(target=self._write_until_closed, name="request-log", daemon=True)
        self._writer.start()

    def __call__(self, line: str) -> None:
        with self._changed:
            self._waiting.append(line)
            self._changed.notify()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify()
        self._writer.join(timeout=5)

    def _write_until_closed(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._waiting or self._closed)
                lines, self._waiting = self._waiting, []
                closed = self._closed
            if lines:
                self._write("".join(line + "\n" for line in lines))
            if closed:
                return

    def _write(self, text: str) -> None:
        # A closed or broken stream (serve piped into `head`) loses the log, never a request's answer.
        with contextlib.suppress(OSError, ValueError):
            self._stream.write(text)
            self._stream.flush()
