"""A fake (a store and the app over it) started from a seed, and the pool of idle fakes behind
``mock_botcake()`` and ``serve_botcake()``.

Building an app costs about 30 ms; starting an idle one from a seed is a SQLite backup copy (about
0.15 ms for the demo state), so a block or a decorated test reuses a fake that no block holds any more.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from ..app import create_app
from ..store import Store
from .seeds import SeedCopies, resolve_seed


@dataclass
class Fake:
    """One fake: the store, and the app (API and control plane) over it."""

    store: Store
    app: Flask

    @classmethod
    def new(cls) -> Fake:
        store = Store()
        return cls(store, create_app(store))

    def start_from(self, seed_copy: sqlite3.Connection) -> None:
        """The state becomes the seed's (and what ``reset`` returns to), with no journal and no faults."""
        self.store.start_from(seed_copy)
        # The control plane's reset also clears what the app keeps beside the state (journal, faults).
        with self.app.test_client() as control:
            control.post("/_mock/reset")

    def close(self) -> None:
        self.store.db.close()


class FakePool:
    """Idle fakes and the seeds' copies, shared by every block of this process."""

    def __init__(self) -> None:
        self._idle: list[Fake] = []
        self._seeds = SeedCopies()
        self._lock = threading.Lock()

    @contextmanager
    def fake_from(self, seed: str | Path) -> Iterator[Fake]:
        """A fake no block is using, started from ``seed`` (``"demo"``, ``"empty"`` or a seed file, a path
        relative to the working folder); back in the pool when the block ends.

        A seed that cannot be loaded raises ``SeedError`` saying why.
        """
        with self._lock:
            seed_copy = self._seeds.copy_of(resolve_seed(str(seed), Path.cwd()))
            fake = self._idle.pop() if self._idle else None
        fake = fake or Fake.new()
        try:
            fake.start_from(seed_copy)
            yield fake
        finally:
            with self._lock:
                self._idle.append(fake)


POOL = FakePool()
