"""Dropping the client's connection without an answer, or resetting it: the one place that knows each
server's way.

WSGI has no standard way to do it, so this asks the server behind the request:

- granian, through the RSGI bridge of ``mock-botcake serve`` (``serving/rsgi_bridge.py``): the socket belongs
  to granian's Rust side and RSGI has no call that closes a connection unanswered (a handler that
  returns without answering, or raises, gets a 500). The bridge puts the connection's two addresses
  under ``CONNECTION_KEY``; the process's open socket from that client to that port (a scan of
  ``/proc/self/fd``, Linux) is shut down, so the client reads end-of-file ("connection closed without
  response") and granian's own write fails quietly. Then ``ConnectionDropped`` is raised, which the
  bridge expects.
- waitress: the channel behind ``waitress.client_disconnected``
  owns the socket. It is shut down (the client reads end-of-file: "connection closed without
  response"), then waitress's own ``ClientDisconnected`` is raised, which waitress handles quietly by
  closing the channel without writing anything.
- werkzeug's development server: the socket is ``werkzeug.socket``; it is shut down likewise, then
  ``ConnectionDropped`` is raised, which werkzeug logs (with its traceback) on its way out.
- anything else, in-process calls through Flask's test client included: ``ConnectionDropped`` is
  raised out of the WSGI app, so the caller sees an exception where a network client would see a
  closed connection. A server that is neither of the above answers that exception as it answers any
  crash of an app (usually a bare 500): supporting it means adding its branch here.

A reset (``reset_connection``) finds the socket the same way and disconnects it so that the client
gets a TCP RST ("connection reset by peer") rather than end-of-file; in-process it raises
``ConnectionReset``, a ``ConnectionDropped``.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import socket
from collections.abc import Callable
from typing import Any, NoReturn

# The environ key under which the RSGI bridge gives a request's (local, peer) addresses, each
# ``(host, port)`` as the socket module writes them.
CONNECTION_KEY = "mock_botcake.connection"
# Set by serve's RSGI bridge: an Event set when the client hangs up (absent in-process), so that a
# delaying fault rule stops waiting for a client that is gone.
CLIENT_GONE_KEY = "mock_botcake.client_gone"


class ConnectionDropped(Exception):
    """A fault dropped the connection of a request that no real socket carries (e.g. a test client)."""


def drop_connection(environ: dict[str, Any]) -> NoReturn:
    """Close the request's connection without any answer; never returns."""
    _end_connection(environ, _shut, ConnectionDropped("connection dropped by a mock-botcake fault"))


class ConnectionReset(ConnectionDropped):
    """A fault reset the connection (a TCP RST) of a request that no real socket carries."""


def reset_connection(environ: dict[str, Any]) -> NoReturn:
    """Reset the request's connection (the client reads a TCP RST, "connection reset by peer"); never
    returns."""
    _end_connection(environ, _reset, ConnectionReset("connection reset by a mock-botcake fault"))


def _end_connection(
    environ: dict[str, Any], end: Callable[[socket.socket], None], raised: ConnectionDropped
) -> NoReturn:
    """End the request's socket with ``end`` under the server behind it, then raise what that server
    expects (``raised`` where no server is known)."""
    addresses = environ.get(CONNECTION_KEY)
    if addresses is not None:
        _end_socket_with(*addresses, end=end)
        raise raised
    waitress_check = environ.get("waitress.client_disconnected")
    channel = getattr(waitress_check, "__self__", None)
    if channel is not None and hasattr(channel, "socket"):
        # Imported here: this module must keep working under a server that is not waitress.
        from waitress.channel import ClientDisconnected

        end(channel.socket)
        raise ClientDisconnected(str(raised))
    werkzeug_socket = environ.get("werkzeug.socket")
    if isinstance(werkzeug_socket, socket.socket):
        end(werkzeug_socket)
    raise raised


# A struct sockaddr of family AF_UNSPEC (0), all zeros: connect() to it disconnects a TCP socket.
_UNSPECIFIED_ADDRESS = bytes(16)


def _reset(sock: socket.socket) -> None:
    """Send the peer a TCP RST now, whoever else holds the socket.

    A close with SO_LINGER 0 would reset only when the last descriptor closes, and the server holds
    one; on Linux a connect() to an AF_UNSPEC address disconnects the socket itself, which resets an
    open connection (tcp_disconnect). Python's ``connect`` wants an address of the socket's own family,
    so libc's is called. Where that fails (not Linux), the connection is shut as a drop shuts it.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        failed = libc.connect(sock.fileno(), _UNSPECIFIED_ADDRESS, len(_UNSPECIFIED_ADDRESS)) != 0
    except (OSError, AttributeError):
        failed = True
    if failed:
        _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # the client already went away: dropped either way
        sock.shutdown(socket.SHUT_RDWR)


def _end_socket_with(
    local: tuple[str, int], peer: tuple[str, int], end: Callable[[socket.socket], None]
) -> None:
    """Shut down (or otherwise ``end``) this process's TCP socket from ``local`` to ``peer``, if it is
    still open.

    Where there is no ``/proc`` (not Linux) nothing is shut: the bridge then ends the request with an
    empty 500 and ``connection: close``, the nearest it can come to a drop.
    """
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return
    for name in names:
        sock = _socket_copy(int(name))
        if sock is None:
            continue
        with sock, contextlib.suppress(OSError):
            # The local port, not the host: bound to 0.0.0.0, granian gives that as the local address.
            if sock.getsockname()[1] == local[1] and _same(sock.getpeername(), peer):
                end(sock)  # acts on the connection, whichever descriptor asks
                return


def _socket_copy(fd: int) -> socket.socket | None:
    """A socket object on a duplicate of ``fd`` (closing it leaves ``fd`` open), if ``fd`` is TCP."""
    try:
        copy = os.dup(fd)
    except OSError:
        return None  # closed meanwhile (the descriptor of the listing itself, for one)
    try:
        sock = socket.socket(fileno=copy)
    except OSError:
        os.close(copy)  # not a socket
        return None
    if sock.type != socket.SOCK_STREAM or sock.family not in (socket.AF_INET, socket.AF_INET6):
        sock.close()
        return None
    return sock


def _same(address: tuple[Any, ...], wanted: tuple[str, int]) -> bool:
    # An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d on one side and a.b.c.d on the other.
    return address[1] == wanted[1] and address[0].removeprefix("::ffff:") == wanted[0].removeprefix("::ffff:")
