"""Which state a test starts from: ``@pytest.mark.botcake_seed``, ``--botcake-seed``, or no pages.

Each seed is loaded once per session into an in-memory SQLite database; starting a test from it is a
SQLite backup copy, which is why a per-test reset costs well under a millisecond.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..seeds import BUILT_IN_SEEDS, SeedFileError, load_seed
from ..store import InvalidSeed, Store

DEFAULT_SEED = "empty"


class SeedError(Exception):
    """A seed named by a marker or option cannot be loaded; the message says why."""


def resolve_seed(spec: str, relative_to: Path) -> str:
    """A built-in seed name as it is; a file path made absolute against ``relative_to``."""
    if spec in BUILT_IN_SEEDS:
        return spec
    return str((relative_to / spec).resolve())


class SeedCopies:
    """The copy of each seed used in this session, built the first time a test asks for it."""

    def __init__(self) -> None:
        self._copies: dict[str, sqlite3.Connection] = {}

    def copy_of(self, spec: str) -> sqlite3.Connection:
        if spec not in self._copies:
            self._copies[spec] = load_seed_copy(spec)
        return self._copies[spec]

    def close(self) -> None:
        for copy in self._copies.values():
            copy.close()
        self._copies.clear()


def load_seed_copy(spec: str) -> sqlite3.Connection:
    """The seed ``spec`` loaded into a fresh store, as an in-memory SQLite copy of its state."""
    store = Store()
    try:
        store.import_state(load_seed(spec))
    except SeedFileError as error:
        raise SeedError(str(error)) from None
    except InvalidSeed as error:
        raise SeedError(f"seed {spec} is not valid: {error}") from None
    try:
        return store.copy()
    finally:
        store.db.close()
