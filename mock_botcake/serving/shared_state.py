"""One state for every worker of ``serve --workers N``: the store, the journal and the fault rules in files.

Called in the serve process before granian forks its workers (``server.run_server``), so each worker
starts with the same app on the same files and opens its own connections to them
(``os.register_at_fork`` in ``store/database.py``). What each part keeps across workers:

- the store: the state file itself (``--state-file``), else a scratch copy of the in-memory state;
  every write is one SQLite transaction on it, one writer at a time, so reset (one restore) and
  ``PUT /_mock/state`` (one transaction) are seen whole or not at all by every worker, and a rotated
  token is refused by the next request any worker answers. ``Database.version`` counts every
  worker's commits (a counter in shared memory, bumped before a write's answer goes out), so each
  worker's read cache (``api/read_cache.py``) drops an answer as soon as any worker has written.
- the request journal and the fault rules (with their counts and random sequences): a scratch SQLite
  file each (``control/journal.py``, ``control/faults.py``), so that a journal write never empties
  the read caches.

Scratch files go to a new folder in ``/dev/shm`` where there is one (memory, no disk writes), else in
the temporary folder, and are removed when serve ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from ..control.context import FAULTS_KEY, JOURNAL_KEY
from ..web.context import STORE_KEY


def share(app: Any) -> str:
    """Move what the workers must share into files; answers the scratch folder (``forget`` it after).

    An app without a store, journal or fault book (any WSGI app but the fake's) has nothing to share.
    """
    folder = tempfile.mkdtemp(prefix="mock-botcake-", dir=_memory_folder())
    parts = getattr(app, "extensions", {})
    if STORE_KEY in parts:
        parts[STORE_KEY].db.share(os.path.join(folder, "state.sqlite3"))
    if JOURNAL_KEY in parts:
        parts[JOURNAL_KEY].share(os.path.join(folder, "journal.sqlite3"))
    if FAULTS_KEY in parts:
        parts[FAULTS_KEY].share(os.path.join(folder, "faults.sqlite3"))
    return folder


def forget(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _memory_folder() -> str | None:
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None
