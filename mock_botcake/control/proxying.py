"""The recording proxy (``serve --proxy URL``): API requests answered by the real Botcake API, journaled.

WSGI middleware in the place of the fake's own API: each API request (``/api/...``) goes to the real
API at the proxy's base URL followed by the request's own path and query, with the client's own
headers (its ``access-token`` or ``user-access-token``) but the hop-by-hop ones; the client gets the
real status, headers and body. The journal (``recording.py``) keeps each exchange like any other
request, marked ``proxied``, with the real answer's body, which ``mock-botcake record`` turns into a
seed. The control plane (``/_mock``) stays the fake's own.

Nobody gets messaged by accident: a write or a send (``Operation.side_effect``, read from the
operations' declarations through the app's own routing) is refused here, never forwarded, unless the
proxy was told to allow it. A request that matches no declared operation is forwarded when its
method only reads (GET, HEAD), and is otherwise taken for a send, the strictest.

It sits inside the fault middleware, so a fault rule can still fail or delay a request before it is
forwarded; and it is plain blocking I/O, so the server runs each API request in a thread of its own
while a proxy is in force (``serving/server.py``).
"""

from __future__ import annotations

import queue
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map

from ..fidelity import Refusal
from ..web.answers import REFUSAL_KEY
from ..web.operations import READ, SEND, WRITE, OperationGroup
from ..web.wsgi import StartResponse, WSGIApp, json_answer, status_line
from ..wire import strict_json
from ..wire.envelopes import refusal_body
from ..wire.urls import is_api_path
from .journal import body_for_journal

if TYPE_CHECKING:
    import requests

# In ``app.extensions``: the proxy's settings, for the server to know that API requests block.
PROXY_KEY = "mock_botcake.proxy"
# In the WSGI environ: the journal entry's proxy fields (``proxied``, ``answer``), set by this middleware.
PROXIED_KEY = "mock_botcake.proxied"
DEFAULT_TIMEOUT_S = 30.0
# The real answer's body is what a recording is for, so the journal keeps far more of it than of a
# request body (journal.BODY_CAP_CHARS); past this it keeps the start, and `record` skips it.
ANSWER_CAP_CHARS = 1024 * 1024
# RFC 9110 7.6.1's hop-by-hop headers, and those the forwarding request sets itself (Host, the length,
# and Accept-Encoding: requests asks only for the encodings it can decode, and decodes them).
NOT_FORWARDED = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "accept-encoding",
    }
)
# The real answer's headers not passed back: hop-by-hop ones, and those that describe the body as it
# came over the wire (it reaches the client decoded, with a length of its own).
NOT_PASSED_BACK = NOT_FORWARDED | {"content-encoding"}
# What a path keeps unescaped when it is put back into a URL (RFC 3986 pchar and "/").
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_METHODS_THAT_READ = ("GET", "HEAD")


@dataclass(frozen=True)
class ProxySettings:
    """Where the real API is (its root: the API path is appended) and what may be forwarded there."""

    base_url: str
    allow_writes: bool = False
    allow_sends: bool = False
    timeout_s: float = DEFAULT_TIMEOUT_S

    def allows(self, effect: str) -> bool:
        allowed = {READ: True, WRITE: self.allow_writes, SEND: self.allow_sends}
        return allowed.get(effect, False)


class OperationEffects:
    """The side effect of a request: its operation's, found by the app's own routing, else by its method."""

    def __init__(self, url_map: Map, groups: Iterable[OperationGroup]) -> None:
        self.url_map = url_map
        # Flask's endpoint of an operation: its group's blueprint name, a dot, its operation id.
        self.by_endpoint = {
            f"{group.name}.{operation.operation_id}": operation.side_effect
            for group in groups
            for operation in group.operations
        }

    def of(self, method: str, path: str) -> str:
        try:
            endpoint, _ = self.url_map.bind("localhost").match(path, method=method)
        except HTTPException:  # no route, another method's route, or a redirect: no operation matched
            endpoint = None
        if endpoint in self.by_endpoint:
            return self.by_endpoint[endpoint]
        return READ if method in _METHODS_THAT_READ else SEND


class RecordingProxy:
    """Forwards API requests to the real API (or refuses writes and sends); anything else goes to ``app``."""

    def __init__(self, app: WSGIApp, settings: ProxySettings, effects: OperationEffects) -> None:
        self.app = app
        self.settings = settings
        self.effects = effects
        # Idle sessions, each with its pooled connections to the real API: a request takes one (or makes
        # one) and gives it back, so no two threads share a session and connections are kept alive.
        self._idle_sessions: queue.SimpleQueue[requests.Session] = queue.SimpleQueue()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not is_api_path(path):
            return self.app(environ, start_response)
        method = environ.get("REQUEST_METHOD", "")
        effect = self.effects.of(method, path)
        if not self.settings.allows(effect):
            environ[PROXIED_KEY] = {"proxied": False, "answer": None}
            return _refuse(environ, start_response, _not_allowed(method, path, effect))
        return self._forward(environ, start_response, method, path)

    def _forward(
        self, environ: dict[str, Any], start_response: StartResponse, method: str, path: str
    ) -> Iterable[bytes]:
        import requests  # here: `serve` without --proxy never needs it

        session = self._session()
        try:
            answer = session.request(
                method,
                self._url(path, environ.get("QUERY_STRING", "")),
                headers=forwarded_headers(environ),
                data=environ["wsgi.input"].read() or None,
                timeout=self.settings.timeout_s,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            environ[PROXIED_KEY] = {"proxied": True, "answer": None}
            return _refuse(environ, start_response, self._unreachable(error))
        finally:
            self._idle_sessions.put(session)
        body = answer.content
        environ[PROXIED_KEY] = {"proxied": True, "answer": answer_for_journal(body)}
        refusal = _refusal_message(body)
        if refusal is not None:
            environ[REFUSAL_KEY] = refusal
        headers = [(name, v) for name, v in answer.headers.items() if name.lower() not in NOT_PASSED_BACK]
        start_response(status_line(answer.status_code), [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def _url(self, path: str, query: str) -> str:
        # PATH_INFO holds the path's bytes as latin-1 characters (PEP 3333): escaped back as they came.
        url = self.settings.base_url.rstrip("/") + quote(path.encode("latin-1"), safe=_PATH_SAFE)
        return f"{url}?{query}" if query else url

    def _session(self) -> requests.Session:
        import requests

        try:
            return self._idle_sessions.get_nowait()
        except queue.Empty:
            return requests.Session()

    def _unreachable(self, error: Exception) -> Refusal:
        reason = type(error).__name__
        return Refusal(502, f"the real API at {self.settings.base_url} did not answer: {reason}")


def forwarded_headers(environ: dict[str, Any]) -> dict[str, str]:
    """The request's headers as the client sent them (the environ's ``HTTP_*`` keys), but hop-by-hop ones."""
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            name = key[5:].replace("_", "-").lower()
        elif key == "CONTENT_TYPE":
            name = "content-type"
        else:
            continue
        if name not in NOT_FORWARDED and value:
            # Latin-1 text (PEP 3333), which requests sends as the very bytes the client sent.
            headers[name] = value
    return headers


def answer_for_journal(raw: bytes) -> Any:
    """The real answer's body as the journal keeps it: a request body's form, with a larger cap."""
    return body_for_journal(raw, ANSWER_CAP_CHARS)


def _refusal_message(raw: bytes) -> str | None:
    """The message of a real refusal (``{"success": false, "message": ...}``), for the journal."""
    try:
        body = strict_json.loads(raw.decode("utf-8", errors="replace"))
    except strict_json.NotStrictJson:
        return None
    if isinstance(body, dict) and body.get("success") is False and isinstance(body.get("message"), str):
        return body["message"]
    return None


def _not_allowed(method: str, path: str, effect: str) -> Refusal:
    flag = "--allow-sends" if effect == SEND else "--allow-writes"
    return Refusal(
        403,
        f"{method} {path} is a {effect}: the recording proxy forwards {effect}s to the real API only when "
        f"serve is started with {flag} (nobody is messaged or changed by accident)",
    )


def _refuse(environ: dict[str, Any], start_response: StartResponse, refusal: Refusal) -> list[bytes]:
    environ[REFUSAL_KEY] = refusal.message
    return json_answer(start_response, refusal.status, refusal_body(refusal))
