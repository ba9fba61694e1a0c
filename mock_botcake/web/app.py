"""The app factory: one Flask app serving the Botcake API and the control plane over one store."""

from __future__ import annotations

from flask import Flask

from .. import fidelity
from ..store import Store
from .api import api_blueprint
from .context import attach_store
from .control import blueprint as control_blueprint
from .converters import IdConverter
from .dashboard import blueprint as dashboard_blueprint
from .errors import register_error_handlers
from .openapi_document import blueprint as openapi_blueprint
from .paths import SlashTolerantPaths


def create_app(store: Store) -> Flask:
    """A WSGI app over ``store``; serve it with any WSGI server, or call it in-process."""
    app = Flask("mock_botcake")
    app.config["MAX_CONTENT_LENGTH"] = fidelity.MAX_BODY_BYTES
    app.json.sort_keys = False  # keep the key order of the reference's examples
    app.json.ensure_ascii = False
    app.json.compact = True
    app.url_map.converters["id"] = IdConverter
    app.url_map.strict_slashes = False
    attach_store(app, store)
    app.register_blueprint(api_blueprint())
    app.register_blueprint(control_blueprint)
    app.register_blueprint(openapi_blueprint)
    app.register_blueprint(dashboard_blueprint)
    register_error_handlers(app)
    app.wsgi_app = SlashTolerantPaths(app.wsgi_app)  # type: ignore[method-assign]
    return app
