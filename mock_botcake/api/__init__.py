"""The Botcake public API: a module per group of endpoints, each declaring its operations on ``api``.

Importing this package imports every module in it, so that ``api.operations`` is complete: a new
handler module needs no list to join.
"""

from __future__ import annotations

import importlib
import pkgutil

from .routes import TOKEN_REFUSALS, api

# The modules of the API Reference page's 11 endpoints come first, in its order, so that the docs' tables
# and the OpenAPI document list those first; every other module follows by name.
REFERENCE_MODULES = ("flows", "keywords", "page_settings", "sends")


def _reference_first(name: str) -> tuple[int, str]:
    return (REFERENCE_MODULES.index(name) if name in REFERENCE_MODULES else len(REFERENCE_MODULES), name)


for _name in sorted((module.name for module in pkgutil.iter_modules(__path__)), key=_reference_first):
    importlib.import_module(f"{__name__}.{_name}")

__all__ = ["TOKEN_REFUSALS", "api"]
