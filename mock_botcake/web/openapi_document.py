"""``GET /openapi.json``, the fake's OpenAPI 3.1 document built once per process, and ``GET /``: where
to go from the root (the dashboard, the document, the docs) instead of a bare "not found"."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from .. import __version__, openapi
from .api import API_BASE
from .wsgi import CONTROL_PREFIX

blueprint = Blueprint("openapi", __name__)

DOCS = (
    "README.md of mock-botcake (the Quickstart, the control plane, the pytest plugin) and its docs/ "
    "folder; docs/other-languages.md for JavaScript, TypeScript and PHP"
)


@blueprint.get("/openapi.json")
def openapi_document() -> Response:
    return Response(openapi.openapi_json(), mimetype="application/json")


@blueprint.get("/")
def where_to_go() -> Response:
    return jsonify(
        {
            "service": "mock-botcake",
            "version": __version__,
            "api_base_url": API_BASE,
            "dashboard": CONTROL_PREFIX + "/ui",
            "openapi": "/openapi.json",
            "health": CONTROL_PREFIX + "/health",
            "docs": DOCS,
        }
    )
