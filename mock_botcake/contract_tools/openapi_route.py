"""``GET /openapi.json``: the fake's OpenAPI 3.1 document, built once per process."""

from __future__ import annotations

from flask import Blueprint, Response

from . import openapi

blueprint = Blueprint("openapi", __name__)


@blueprint.get("/openapi.json")
def openapi_document() -> Response:
    return Response(openapi.openapi_json(), mimetype="application/json")
