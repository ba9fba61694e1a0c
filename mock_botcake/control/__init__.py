"""The control plane under ``/_mock``: a module per group of operations, declared on ``control``.

Importing this package imports every route module, so that ``control.operations`` is complete.
"""

from __future__ import annotations

from . import accounts, fault_routes, journal_routes, media, pages  # noqa: F401  (each declares its operations)
from .routes import control

__all__ = ["control"]
