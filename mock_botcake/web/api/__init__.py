"""The Botcake public API: one blueprint per group of endpoints, all under one page prefix.

Every route here sits behind the page-token check of ``web/auth.py``.
"""

from __future__ import annotations

from flask import Blueprint

from ..auth import require_page_token
from . import flows, keywords, page_settings, sends

API_BASE = "/api/public_api/v1"


def api_blueprint() -> Blueprint:
    pages = Blueprint("api", __name__, url_prefix=API_BASE + "/pages/<page_id>")
    pages.before_request(require_page_token)
    for module in (flows, keywords, page_settings, sends):
        pages.register_blueprint(module.blueprint)
    return pages
