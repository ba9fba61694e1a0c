"""``GET /openapi.json``, the fake's OpenAPI 3.1 document built once per process, and ``GET /``: where
to go from the root (the dashboard, the document, the docs) instead of a bare "not found"."""

from __future__ import annotations

from flask import Blueprint, Response

from .. import __version__
from ..web.answers import json_response
from ..wire.urls import API_BASE, CONTROL_PREFIX, DASHBOARD_PREFIX
from . import openapi

blueprint = Blueprint("openapi", __name__)

DOCUMENT_PATH = "/openapi.json"
DOCS = (
    "README.md of mock-botcake (the Quickstart, the control plane, the pytest plugin) and its docs/ "
    "folder; docs/other-languages.md for JavaScript, TypeScript and PHP"
)


@blueprint.get(DOCUMENT_PATH)
def openapi_document() -> Response:
    return Response(openapi.openapi_json(), mimetype="application/json")


@blueprint.get("/")
def where_to_go() -> Response:
    return json_response(
        {
            "service": "mock-botcake",
            "version": __version__,
            "api_base_url": API_BASE,
            "dashboard": DASHBOARD_PREFIX,
            "openapi": DOCUMENT_PATH,
            "health": CONTROL_PREFIX + "/health",
            "docs": DOCS,
        }
    )
