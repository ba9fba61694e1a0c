"""The admin token (``serve --admin-token``): WSGI middleware guarding every ``/_mock`` path.

A control request passes with ``Authorization: Bearer TOKEN``, or with the cookie that
``/_mock/ui?admin_token=TOKEN`` sets for the dashboard (HttpOnly, SameSite=Strict, so another site
can neither read it nor make a browser send it). ``/_mock/health`` stays open for container health
checks. Tokens are compared with ``hmac.compare_digest`` so that timing reveals nothing of them.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs

from ..fidelity import Refusal
from ..web.wsgi import StartResponse, WSGIApp, json_answer, status_line
from ..wire.envelopes import refusal_body
from ..wire.urls import CONTROL_PREFIX, DASHBOARD_PREFIX, is_control_path

UI_PATH = DASHBOARD_PREFIX
COOKIE = "mock_botcake_admin"
QUERY_TOKEN = "admin_token"
ADMIN_TOKEN_REQUIRED = Refusal(401, "admin token required: send Authorization: Bearer <token>")


class AdminGate:
    """Refuses control-plane requests without the admin token (401, the API's error shape)."""

    def __init__(self, app: WSGIApp, token: str, open_paths: set[str]) -> None:
        self.app = app
        self._token = token.encode("utf-8")
        self.open_paths = open_paths  # the control operations declared admin=False (health)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not is_control_path(path) or path in self.open_paths:
            return self.app(environ, start_response)
        offered = parse_qs(environ.get("QUERY_STRING", "")).get(QUERY_TOKEN)
        if path == UI_PATH and offered:
            return self._log_in(offered[-1], environ, start_response)
        if self._authorized(environ):
            return self.app(environ, start_response)
        return _refuse(environ, start_response)

    def _log_in(
        self, offered: str, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        """Trade the token in the URL for the cookie, and send the browser on to the bare URL."""
        if not self._matches(offered):
            return _refuse(environ, start_response)
        cookie = f"{COOKIE}={self._token.decode()}; Path={CONTROL_PREFIX}; HttpOnly; SameSite=Strict"
        headers = [("Location", UI_PATH), ("Set-Cookie", cookie), ("Cache-Control", "no-store")]
        return json_answer(start_response, 303, {"status": "signed in"}, headers)

    def _authorized(self, environ: dict[str, Any]) -> bool:
        scheme, _, credentials = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() == "bearer" and self._matches(credentials.strip()):
            return True
        return any(self._matches(value) for value in _cookie_values(environ.get("HTTP_COOKIE", "")))

    def _matches(self, offered: str) -> bool:
        return hmac.compare_digest(offered.encode("utf-8", "surrogateescape"), self._token)


def _cookie_values(header: str) -> list[str]:
    """Every value of the admin cookie in a Cookie header, read pair by pair (RFC 6265 5.4).

    Not ``http.cookies``: it stops at the first pair it cannot parse, so any odd cookie that another
    app on localhost set before ours would hide the admin cookie.
    """
    values = []
    for pair in header.split(";"):
        name, equals, value = pair.partition("=")
        if equals and name.strip() == COOKIE:
            values.append(value.strip().removeprefix('"').removesuffix('"'))
    return values


def _refuse(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    if environ.get("PATH_INFO", "") == UI_PATH and "text/html" in environ.get("HTTP_ACCEPT", ""):
        return _browser_hint(start_response)
    return json_answer(
        start_response,
        ADMIN_TOKEN_REQUIRED.status,
        refusal_body(ADMIN_TOKEN_REQUIRED),
        [("WWW-Authenticate", "Bearer")],
    )


# A person opening the dashboard gets a page saying how to get in; any other client keeps the JSON 401.
BROWSER_HINT = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mock-botcake: admin token required</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; line-height: 1.5">
<h1>Admin token required</h1>
<p>This mock-botcake was started with an admin token (<code>serve --admin-token TOKEN</code> or
<code>MOCK_BOTCAKE_ADMIN_TOKEN</code>), so its dashboard and control plane are closed without it.</p>
<p>Open <code>{UI_PATH}?{QUERY_TOKEN}=TOKEN</code> once, with that token: the browser then keeps a
cookie for the dashboard and is sent on to <code>{UI_PATH}</code>, without the token in the address.</p>
<p>Other clients send <code>Authorization: Bearer TOKEN</code>. <code>{CONTROL_PREFIX}/health</code> needs no
token. More in SECURITY.md of mock-botcake.</p>
</body></html>
""".encode()


def _browser_hint(start_response: StartResponse) -> Iterable[bytes]:
    start_response(
        status_line(401),
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(BROWSER_HINT))),
            ("WWW-Authenticate", "Bearer"),
            ("Cache-Control", "no-store"),
        ],
    )
    return [BROWSER_HINT]
