"""Small servers for pointing ``mock-botcake verify`` at: the fake served in a thread, optionally
wrapped to break one contract or to record every request it gets."""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from mock_botcake.app import create_app
from mock_botcake.seeds import build_store

from ..helpers import API, SHOP_ID

# werkzeug logs each request: hundreds of lines that say nothing a failing assertion would not.
logging.getLogger("werkzeug").setLevel(logging.WARNING)

WsgiApp = Callable[[dict, Callable], Iterable[bytes]]


@dataclass(frozen=True)
class Running:
    base_url: str
    page_id: str
    token: str

    def verify_args(self) -> list[str]:
        return ["--base-url", self.base_url, "--page-id", self.page_id, "--token", self.token]


@contextmanager
def served(wrap: Callable[[WsgiApp], WsgiApp] = lambda app: app) -> Iterator[Running]:
    """The demo fake, wrapped by ``wrap``, on a free port until the block ends."""
    store, _ = build_store("demo")
    token = next(page["access_token"] for page in store.list_pages() if page["page_id"] == SHOP_ID)
    server = make_server("127.0.0.1", 0, wrap(create_app(store)), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Running(f"http://127.0.0.1:{server.server_port}{API}", SHOP_ID, token)
    finally:
        server.shutdown()
        thread.join()
        store.db.close()


def rewrite_json(app: WsgiApp, applies: Callable[[Request], bool], change: Callable[[Any], Any]) -> WsgiApp:
    """Answers of requests where ``applies`` holds get their JSON body passed through ``change``."""

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        request = Request(environ)
        response = Response.from_app(app, environ)
        if applies(request) and response.mimetype == "application/json":
            response.set_data(json.dumps(change(response.get_json())))
        return response(environ, start_response)

    return wrapped


def drop_is_removed(app: WsgiApp) -> WsgiApp:
    """GET flows answers its flows without ``is_removed``."""

    def change(body: Any) -> Any:
        for flow in body.get("data", {}).get("flows", []):
            flow.pop("is_removed", None)
        return body

    return rewrite_json(
        app, lambda request: request.method == "GET" and request.path.endswith("/flows"), change
    )


def html_tools(app: WsgiApp) -> WsgiApp:
    """GET tools answers 200 with an HTML page, as a proxy's maintenance page would."""

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if Request(environ).path.endswith("/tools"):
            page = Response("<html><body>Down for maintenance</body></html>", 200, mimetype="text/html")
            return page(environ, start_response)
        return app(environ, start_response)

    return wrapped


@dataclass
class Recorder:
    """Keeps the method, path and JSON body (or None) of every request, in order."""

    requests: list[tuple[str, str, Any]] = field(default_factory=list)

    def wrap(self, app: WsgiApp) -> WsgiApp:
        def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
            request = Request(environ)
            body = request.get_data()
            # The body was read here: hand the app a fresh stream holding the same bytes.
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            try:
                parsed = json.loads(body) if body else None
            except ValueError:
                parsed = body
            self.requests.append((request.method, request.path, parsed))
            return app(environ, start_response)

        return wrapped

    def methods(self) -> set[str]:
        return {method for method, _, _ in self.requests}

    def posts_to(self, suffix: str) -> list[Any]:
        return [body for method, path, body in self.requests if method == "POST" and path.endswith(suffix)]


def rewrite_answer(
    app: WsgiApp, applies: Callable[[Request, Response], bool], change: Callable[[Response], None]
) -> WsgiApp:
    """Answers where ``applies(request, response)`` holds are passed through ``change`` before they leave."""

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        request = Request(environ)
        response = Response.from_app(app, environ)
        if applies(request, response):
            change(response)
        return response(environ, start_response)

    return wrapped


def forged_token_writes_get_500(app: WsgiApp) -> WsgiApp:
    """A write with a forged token is refused with HTTP 500 (the body still in the error shape), as a
    crashing auth layer would: a POST's 401 becomes a 500. Reads keep their 401, so the open question
    on forged tokens (asked with GETs) still sees a refusal and only ``refused()`` can notice."""

    def to_500(response: Response) -> None:
        response.status_code = 500

    return rewrite_answer(
        app, lambda request, response: request.method == "POST" and response.status_code == 401, to_500
    )


def forged_tokens_get_a_foreign_error_body(app: WsgiApp) -> WsgiApp:
    """A forged token is refused with 401 but a body outside the API's error shape: ``{"error": ...}``."""

    def foreign_body(response: Response) -> None:
        response.set_data(json.dumps({"error": "unauthorized"}))

    return rewrite_answer(app, lambda request, response: response.status_code == 401, foreign_body)


def main_menu_answers_201(app: WsgiApp) -> WsgiApp:
    """GET main_menu answers its (valid) body with HTTP 201 instead of 200; its refusals are untouched."""

    def to_201(response: Response) -> None:
        response.status_code = 201

    return rewrite_answer(app, lambda request, response: answered(request, response, "/main_menu"), to_201)


def ice_breaker_answers_cut_json(app: WsgiApp) -> WsgiApp:
    """GET ice_breaker answers application/json with only the first half of its body; its refusals are
    untouched."""

    def cut(response: Response) -> None:
        body = response.get_data()
        response.set_data(body[: len(body) // 2])

    return rewrite_answer(app, lambda request, response: answered(request, response, "/ice_breaker"), cut)


def answered(request: Request, response: Response, path_suffix: str) -> bool:
    """A successful answer to a request whose path ends in ``path_suffix``."""
    return request.path.endswith(path_suffix) and response.status_code == 200
