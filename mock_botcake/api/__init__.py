"""The Botcake public API: a module per group of endpoints, each declaring its operations on ``api``.

Importing this package imports every handler module, so that ``api.operations`` is complete.
"""

from __future__ import annotations

from . import flows, keywords, page_settings, sends, tags  # noqa: F401  (each declares its operations)
from .routes import TOKEN_REFUSALS, api

__all__ = ["TOKEN_REFUSALS", "api"]
