"""A PEP 3333 environ from the parts of a request, built the same way by every way into the fake.

Both `mock-botcake serve` (the RSGI bridge of ``serving/rsgi_bridge.py``) and the pytest plugin's in-process
calls (``embedded/wsgi_call.py``) build their environ here, so the app sees the same request
whichever way it came: the path percent-decoded into ``PATH_INFO`` as latin-1 text, headers as
``HTTP_*`` keys, and header names with underscores dropped, as waitress and nginx drop them (an
``access_token`` header is missing, never read as ``access-token``: docs/fidelity.md 7.2).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from typing import Any

# The keys that are the same for every request, copied into each environ.
_CONSTANT = {
    "SCRIPT_NAME": "",
    "wsgi.version": (1, 0),
    "wsgi.errors": sys.stderr,
    "wsgi.multiprocess": False,
    "wsgi.run_once": False,
}
_UNPREFIXED = ("CONTENT_TYPE", "CONTENT_LENGTH")


def build_environ(
    *,
    method: str,
    path: str,
    query: str,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    server: tuple[str, str],
    remote_addr: str,
    scheme: str = "http",
    protocol: str = "HTTP/1.1",
    multithread: bool = False,
) -> dict[str, Any]:
    """The environ of one request whose whole ``body`` has been read.

    ``path`` is already percent-decoded, as latin-1 text (each character one byte of the path);
    ``server`` is ``(name, port)``.
    """
    environ: dict[str, Any] = {
        **_CONSTANT,
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": server[0],
        "SERVER_PORT": server[1],
        "SERVER_PROTOCOL": protocol,
        "REMOTE_ADDR": remote_addr,
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(body),
        # The body is whole: with a Transfer-Encoding header werkzeug ignores CONTENT_LENGTH and, unless
        # told the input ends by itself, reads nothing at all (a chunked POST would arrive empty).
        "wsgi.input_terminated": True,
        "wsgi.multithread": multithread,
    }
    for name, value in headers:
        if "_" in name:
            continue  # dropped, as waitress and nginx drop them (fidelity 7.2)
        key = name.upper().replace("-", "_")
        key = key if key in _UNPREFIXED else f"HTTP_{key}"
        # A repeated header is one comma-separated value (RFC 9110 5.3), as waitress joins it.
        environ[key] = f"{environ[key]}, {value}" if key in environ else value
    # The body is whole (a chunked one included): say how long it is, so the app reads all of it.
    environ["CONTENT_LENGTH"] = str(len(body)) if body else environ.get("CONTENT_LENGTH", "")
    return environ
