"""Page access tokens shaped like the real ones: HS256 JWTs with payload ``{"timestamp", "id"}``.

Real Botcake tokens are page-scoped and never expire (S6, S8); clients such as S8 read the page id
back from the ``id`` claim, so the fake's tokens decode the same way. The fake recognises a token by
looking it up in the store, never by trusting its signature. Tokens it mints (a page added without
one, a rotation) are signed with a key drawn at random per process, so nobody can rebuild one from a
page id and a time; the demo pages carry fixed tokens of their own, public on purpose.
"""

from __future__ import annotations

import secrets

_SIGNING_KEY = secrets.token_bytes(32)


def mint_token(page_id: str, timestamp: int) -> str:
    """A token for ``page_id`` issued at ``timestamp`` (unix seconds), signed with this process's key."""
    # Imported here: PyJWT loads cryptography's x509 when that is installed, about a fifth of a
    # second that a start from a seed whose pages carry tokens never needs.
    import jwt

    return jwt.encode({"timestamp": timestamp, "id": page_id}, _SIGNING_KEY, algorithm="HS256")
