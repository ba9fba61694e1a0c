"""Dribbling an answer's body: the head at once, then the body in pieces spread over a given time.

WSGI has no way to say "send this piece now, that one later" beyond yielding pieces from the answer's
iterable, which a server sends as they come (or not: some buffer). So the one who answers asks the
server behind the request:

- serve's RSGI bridge (``serving/rsgi_bridge.py``) sets ``DRIBBLES_KEY`` in the environ: it sends the
  pieces itself, with the event loop's pauses, without a thread sleeping. The answer then comes whole,
  with ``DRIBBLE_KEY`` set to how long to spread it over.
- any other server, in-process calls included, gets an iterable that sleeps before each piece: a
  server that sends pieces as they come dribbles them; one that collects the body first (the pytest
  plugin's in-process route) answers it late, whole.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

# Set by a server that dribbles a body itself (serve's bridge).
DRIBBLES_KEY = "mock_botcake.dribbles"
# Set by the one who answers, under such a server: the seconds to spread the answer's body over.
DRIBBLE_KEY = "mock_botcake.dribble"
# The pieces a body is cut into (fewer for a body shorter than that many bytes).
DRIBBLE_PIECES = 10


def pieces_of(body: bytes) -> list[bytes]:
    """``body`` in at most ``DRIBBLE_PIECES`` pieces of about the same size, none empty."""
    if not body:
        return [body]
    size = -(-len(body) // min(DRIBBLE_PIECES, len(body)))  # rounded up, so that the pieces hold it all
    return [body[start : start + size] for start in range(0, len(body), size)]


def dribbled(body: bytes, seconds: float, gone: threading.Event | None = None) -> Iterator[bytes]:
    """``body`` piece by piece, each after its share of ``seconds``; stops when ``gone`` is set (the
    client hung up)."""
    pieces = pieces_of(body)
    pause = seconds / len(pieces)
    for piece in pieces:
        if gone is None:
            time.sleep(pause)
        elif gone.wait(pause):
            return
        yield piece
