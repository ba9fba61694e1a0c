"""The app factory: one Flask app serving the Botcake API and the control plane over one store.

The API (``mock_botcake.api``) and the control plane (``mock_botcake.control``) each declare their
operations on a group; here each group becomes a blueprint, and the WSGI middlewares are wrapped
around the app in the order a request meets them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import Flask

from . import fidelity
from .api import api
from .api.accounts import accounts
from .api.read_cache import ReadCache
from .contract_tools.openapi_route import blueprint as openapi_blueprint
from .control import control
from .control.admin import AdminGate
from .control.context import attach_operations
from .control.dashboard.routes import blueprint as dashboard_blueprint
from .control.faulting import Faulting
from .control.faults import FaultBook
from .control.journal import DEFAULT_SIZE, Journal
from .control.proxying import PROXY_KEY, OperationEffects, ProxySettings, RecordingProxy
from .control.recording import RequestRecorder
from .store import Store
from .web.answers import register_error_handlers
from .web.context import attach_store
from .web.converters import DigitsConverter, IdConverter, NameIdConverter
from .web.parameters import PARAMETERS
from .web.paths import SlashTolerantPaths

GROUPS = (api, accounts, control)


def create_app(
    store: Store,
    *,
    journal_size: int = DEFAULT_SIZE,
    fault_rules: Sequence[dict[str, Any]] = (),
    admin_token: str | None = None,
    log: Callable[[str], None] | None = None,
    proxy: ProxySettings | None = None,
) -> Flask:
    """A WSGI app over ``store``; serve it with any WSGI server, or call it in-process.

    ``journal_size``: API requests kept for ``GET /_mock/requests`` (0: none). ``fault_rules``: rules
    (``contracts/schemas/control/fault_rule.json``, already validated) in force from the start and
    after each reset. ``admin_token``: required on every ``/_mock`` path but health. ``log``: called
    with one line per API or control request. ``proxy``: answer API requests from the real API there
    instead (``control/proxying.py``), journaled with its answers.
    """
    app = Flask("mock_botcake", static_folder=None)  # no /static: the dashboard serves its own files
    app.config["MAX_CONTENT_LENGTH"] = fidelity.MAX_BODY_BYTES
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["name_id"] = NameIdConverter
    app.url_map.converters["digits"] = DigitsConverter
    app.url_map.strict_slashes = False
    journal = Journal(journal_size)
    faults = FaultBook(list(fault_rules))
    attach_store(app, store)
    attach_operations(app, journal, faults)
    for group in GROUPS:
        app.register_blueprint(group.blueprint(PARAMETERS))
    app.register_blueprint(openapi_blueprint)
    app.register_blueprint(dashboard_blueprint)
    register_error_handlers(app)
    # Outermost first: slashes normalised, then timed and journaled, then the admin gate, then faults,
    # then (under --proxy) the real API, else repeated reads answered from memory (so they are journaled
    # and faulted like any other).
    wsgi = ReadCache(app.wsgi_app, lambda: store.version)
    if proxy is not None:
        app.extensions[PROXY_KEY] = proxy
        effects = OperationEffects(app.url_map, (api, accounts))
        wsgi = RecordingProxy(wsgi, proxy, effects)
    wsgi = Faulting(wsgi, faults)
    if admin_token is not None:
        open_paths = {op.path for op in control.operations if not op.admin}
        wsgi = AdminGate(wsgi, admin_token, open_paths)
    app.wsgi_app = SlashTolerantPaths(RequestRecorder(wsgi, journal, log))  # type: ignore[method-assign]
    return app
