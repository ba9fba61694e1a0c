"""The Botcake public API: a module per group of endpoints, each declaring its operations on ``api``.

Importing this package imports every module in it, so that ``api.operations`` is complete: a new
handler module needs no list to join.
"""

from __future__ import annotations

import importlib
import pkgutil

from .routes import TOKEN_REFUSALS, api

for _module in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["TOKEN_REFUSALS", "api"]
