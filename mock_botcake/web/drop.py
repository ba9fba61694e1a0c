"""Dropping the client's connection without an answer: the one place that knows each server's way.

WSGI has no standard way to do it, so this asks the server behind the request:

- waitress (what ``mock-botcake serve`` runs): the channel behind ``waitress.client_disconnected``
  owns the socket. It is shut down (the client reads end-of-file: "connection closed without
  response"), then waitress's own ``ClientDisconnected`` is raised, which waitress handles quietly by
  closing the channel without writing anything.
- werkzeug's development server: the socket is ``werkzeug.socket``; it is shut down likewise, then
  ``ConnectionDropped`` is raised, which werkzeug logs (with its traceback) on its way out.
- anything else, in-process calls through Flask's test client included: ``ConnectionDropped`` is
  raised out of the WSGI app, so the caller sees an exception where a network client would see a
  closed connection. A server that is neither of the above answers that exception as it answers any
  crash of an app (usually a bare 500): supporting it means adding its branch here.
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any, NoReturn


class ConnectionDropped(Exception):
    """A fault dropped the connection of a request that no real socket carries (e.g. a test client)."""


def drop_connection(environ: dict[str, Any]) -> NoReturn:
    """Close the request's connection without any answer; never returns."""
    waitress_check = environ.get("waitress.client_disconnected")
    channel = getattr(waitress_check, "__self__", None)
    if channel is not None and hasattr(channel, "socket"):
        # Imported here: this module must keep working under a server that is not waitress.
        from waitress.channel import ClientDisconnected

        _shut(channel.socket)
        raise ClientDisconnected("connection dropped by a mock-botcake fault")
    werkzeug_socket = environ.get("werkzeug.socket")
    if isinstance(werkzeug_socket, socket.socket):
        _shut(werkzeug_socket)
    raise ConnectionDropped("connection dropped by a mock-botcake fault")


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # the client already went away: dropped either way
        sock.shutdown(socket.SHUT_RDWR)
