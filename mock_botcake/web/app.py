"""The app factory: one Flask app serving the Botcake API and the control plane over one store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from .. import fidelity, strict_json
from ..faults import FaultBook
from ..journal import DEFAULT_SIZE, Journal
from ..store import Store
from .admin import AdminGate
from .api import api_blueprint
from .context import attach_operations, attach_store
from .control import blueprint as control_blueprint
from .control_operations import blueprint as control_operations_blueprint
from .converters import IdConverter
from .dashboard import blueprint as dashboard_blueprint
from .errors import register_error_handlers
from .faulting import Faulting
from .openapi_document import blueprint as openapi_blueprint
from .paths import SlashTolerantPaths
from .read_cache import ReadCache
from .recording import RequestRecorder


class StrictJsonProvider(DefaultJSONProvider):
    """Flask's JSON written by ``strict_json.dumps``: never NaN or Infinity, always encodable as UTF-8."""

    sort_keys = False  # keep the key order of the reference's examples
    ensure_ascii = False
    compact = True

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        kwargs.setdefault("default", self.default)
        kwargs.setdefault("ensure_ascii", self.ensure_ascii)
        kwargs.setdefault("sort_keys", self.sort_keys)
        return strict_json.dumps(obj, **kwargs)


def create_app(
    store: Store,
    *,
    journal_size: int = DEFAULT_SIZE,
    fault_rules: Sequence[dict[str, Any]] = (),
    admin_token: str | None = None,
    log: Callable[[str], None] | None = None,
) -> Flask:
    """A WSGI app over ``store``; serve it with any WSGI server, or call it in-process.

    ``journal_size``: API requests kept for ``GET /_mock/requests`` (0: none). ``fault_rules``: rules
    (``contracts/schemas/control/fault_rule.json``, already validated) in force from the start and
    after each reset. ``admin_token``: required on every ``/_mock`` path but health. ``log``: called
    with one line per API or control request.
    """
    app = Flask("mock_botcake")
    app.config["MAX_CONTENT_LENGTH"] = fidelity.MAX_BODY_BYTES
    app.json = StrictJsonProvider(app)
    app.url_map.converters["id"] = IdConverter
    app.url_map.strict_slashes = False
    journal = Journal(journal_size)
    faults = FaultBook(list(fault_rules))
    attach_store(app, store)
    attach_operations(app, journal, faults)
    app.register_blueprint(api_blueprint())
    app.register_blueprint(control_blueprint)
    app.register_blueprint(control_operations_blueprint)
    app.register_blueprint(openapi_blueprint)
    app.register_blueprint(dashboard_blueprint)
    register_error_handlers(app)
    # Outermost first: slashes normalised, then timed and journaled, then the admin gate, then faults,
    # then repeated reads answered from memory (so they are journaled and faulted like any other).
    wsgi = Faulting(ReadCache(app.wsgi_app, lambda: store.version), faults)
    if admin_token is not None:
        wsgi = AdminGate(wsgi, admin_token)
    app.wsgi_app = SlashTolerantPaths(RequestRecorder(wsgi, journal, log))  # type: ignore[method-assign]
    return app
