"""Page access tokens shaped like the real ones: HS256 JWTs with payload ``{"timestamp", "id"}``.

Real Botcake tokens are page-scoped and never expire (S6, S8); clients such as S8 read the page id
back from the ``id`` claim, so the fake's tokens decode the same way. The signing key is not a secret:
the fake recognises a token by looking it up in the store, never by trusting its signature.
"""

from __future__ import annotations

import jwt

SIGNING_KEY = "mock-botcake-not-a-secret-signing-key"


def mint_token(page_id: str, timestamp: int) -> str:
    """A token for ``page_id`` issued at ``timestamp`` (unix seconds); the same inputs give the same token."""
    return jwt.encode({"timestamp": timestamp, "id": page_id}, SIGNING_KEY, algorithm="HS256")
