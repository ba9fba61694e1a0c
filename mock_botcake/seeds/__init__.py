"""Where a server's first state comes from: the built-in ``demo`` or ``empty`` seed, or a JSON file.

A seed file is a state export (``{"format": ..., "pages": [...]}``, what ``GET /_mock/state`` gives)
or a single page (what ``POST /_mock/pages`` takes, and what ``mock-botcake snapshot`` writes).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..store import STATE_FORMAT, Store
from ..wire import strict_json

BUILT_IN_SEEDS = ("demo", "empty")
BUILT_IN_SEED_FOLDER = Path(__file__).parent


class SeedFileError(Exception):
    """The seed cannot be read; the message says why, for a person."""


def load_seed(spec: str) -> dict[str, Any]:
    """The state document of a built-in seed name or a seed file path."""
    if spec in BUILT_IN_SEEDS:
        return json.loads((BUILT_IN_SEED_FOLDER / f"{spec}.json").read_text("utf-8"))
    path = Path(spec)
    try:
        document = strict_json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise SeedFileError(f"seed file {spec} does not exist (built-in seeds: demo, empty)") from None
    except (OSError, UnicodeDecodeError, strict_json.NotStrictJson) as error:
        raise SeedFileError(f"seed file {spec} is not readable JSON: {error}") from None
    return as_state(document)


def as_state(document: Any) -> dict[str, Any]:
    """A state document, wrapping a single page seed in one."""
    if isinstance(document, dict) and "pages" in document:
        return document
    return {"format": STATE_FORMAT, "pages": [document]}


def build_store(seed: str = "demo", state_file: str | Path | None = None) -> tuple[Store, bool]:
    """A store holding the seed, or the state file's own state when it has one.

    Answers the store and whether it resumed an existing state file (the seed is then not loaded).
    """
    store = Store(state_file)
    resumed = state_file is not None and not store.db.is_empty()
    if not resumed:
        store.import_state(load_seed(seed))
    store.mark_start_state()
    return store, resumed
