"""How the Flask app answers: JSON bodies from ``wire/envelopes.py``, and every failure as a refusal.

A handler refuses by raising ``ApiError``; an HTTP error of Flask's own (404, 405, 413) and any bug
become the same JSON shape, never HTML and never a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, has_request_context, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from .. import fidelity
from ..fidelity import Refusal
from ..wire.envelopes import JSON_CONTENT_TYPE, encode, refusal_body
from ..wire.urls import is_api_path

log = logging.getLogger(__name__)
# Set in the WSGI environ of a request the app refused: the refusal's message, for the request journal,
# which must tell a refusal from a success even when both are HTTP 200 (S4's "Invalid broadcast_id").
REFUSAL_KEY = "mock_botcake.refusal"
# A create when a seed already holds the largest id (common.json "id"): the fake's own limit, not Botcake's.
IDS_EXHAUSTED = Refusal(409, "no id left for a new item")


class ApiError(Exception):
    """Raised by a handler to refuse a request; becomes the JSON error response."""

    def __init__(self, refusal: Refusal, errors: list[str] | None = None) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal
        self.errors = errors or []


def json_response(body: Any, status: int = 200) -> Response:
    return Response(encode(body), status=status, content_type=JSON_CONTENT_TYPE)


def refusal_response(refusal: Refusal, errors: list[str] | None = None) -> Response:
    if has_request_context():
        request.environ[REFUSAL_KEY] = refusal.message
    return json_response(refusal_body(refusal, errors), refusal.status)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        return refusal_response(error.refusal, error.errors)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        return refusal_response(_refusal_for(error))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        # A bug in the fake: say so in JSON and keep the traceback in the server log only.
        log.exception("unhandled error on %s %s", request.method, request.path)
        return refusal_response(Refusal(500, f"internal error in mock-botcake: {type(error).__name__}"))


def _refusal_for(error: HTTPException) -> Refusal:
    if isinstance(error, RequestEntityTooLarge):
        return fidelity.BODY_TOO_LARGE
    if isinstance(error, MethodNotAllowed) and is_api_path(request.path):
        return fidelity.WRONG_METHOD_ON_API
    if error.code == 404:
        return fidelity.UNKNOWN_ROUTE
    return Refusal(error.code or 500, (error.name or "error").lower())
