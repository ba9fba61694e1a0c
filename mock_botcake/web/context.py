"""Where handlers find the store of the app serving the request."""

from __future__ import annotations

from flask import Flask, current_app

from ..store import Store

STORE_KEY = "mock_botcake.store"


def attach_store(app: Flask, store: Store) -> None:
    app.extensions[STORE_KEY] = store


def current_store() -> Store:
    return current_app.extensions[STORE_KEY]
