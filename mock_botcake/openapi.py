"""The OpenAPI 3.1 document of the fake, built from the JSON Schemas of ``contracts/schemas``.

Nothing of the wire format is written here: every request body, response body and parameter schema is
a schema file (or one of its ``$defs``) bundled into ``components/schemas``, with each cross-file
``$ref`` rewritten to point there, so that the document stands alone. What this module adds is what
JSON Schema cannot say: the paths, methods, parameters, statuses, the ``access-token`` security scheme
and the links between operations that a stateful client (or fuzzer) can follow.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urldefrag, urljoin

from . import __version__, fidelity, schemas
from .web import admin, control, control_operations
from .web import errors as web_errors
from .web.api import API_BASE

OPENAPI_VERSION = "3.1.0"
SECURITY_SCHEME = "accessToken"
ADMIN_SECURITY_SCHEME = "adminToken"
PAGE = API_BASE + "/pages/{page_id}"
API_TAGS = ("flows", "keywords", "page settings", "sends")
CONTROL_TAG = "control plane"
_DEFS_PREFIX = "/$defs/"


# --- statuses every operation of a group can answer -------------------------------------------------

TOKEN_REFUSALS = (
    f"`{fidelity.MISSING_TOKEN.message}`, `{fidelity.TOKEN_IN_QUERY.message}` (a token in the query "
    f"string) or `{fidelity.TOKEN_FOR_OTHER_PAGE.message}` (a valid token of another page)"
)
UNKNOWN_TOKEN = f"`{fidelity.UNKNOWN_TOKEN.message}`: the token is no page's current token"
NO_ROUTE = (
    f"`{fidelity.UNKNOWN_ROUTE.message}`: no such route, e.g. a path segment holding an encoded `/` "
    "or an id too large for 64 bits"
)
TOO_LARGE = f"`{fidelity.BODY_TOO_LARGE.message}`: the body is over {fidelity.MAX_BODY_BYTES} bytes"
BAD_JSON = f"`{fidelity.MALFORMED_JSON.message}`, with details in `errors`"
PAGE_NOT_FOUND = f"`{control.PAGE_NOT_FOUND.message}`, or {NO_ROUTE}"
ADMIN_REFUSAL = f"`{admin.ADMIN_TOKEN_REQUIRED}`: only when serve runs with --admin-token"
BAD_PAGING = f"`{control.BAD_QUERY.message}`: `after` or `limit` is not a non-negative integer"
PARAMS_WRONG = f"`{fidelity.PARAMS_WRONG.message}`, with each wrong field in `errors`"
NO_ID_LEFT = (
    f"`{web_errors.IDS_EXHAUSTED.message}`: a seed already holds the largest id (a limit of the fake alone)"
)


@dataclass(frozen=True)
class Operation:
    """One path and method of the fake; schema names are paths under ``contracts/schemas``."""

    method: str
    path: str
    operation_id: str
    tag: str
    summary: str
    success: dict[int, str]
    errors: dict[int, str] = field(default_factory=dict)
    parameters: tuple[str, ...] = ()
    request: str | None = None
    request_required: bool = True
    description: str = ""
    links: dict[str, dict[str, Any]] = field(default_factory=dict)


def _api(
    method: str,
    path: str,
    operation_id: str,
    tag: str,
    summary: str,
    success: str,
    *,
    bad_request: str = "",
    errors: dict[int, str] | None = None,
    **more: Any,
) -> Operation:
    """An API operation: behind the page token, so it can always answer 400, 401 and 404."""
    refusals = {
        400: "; ".join(part for part in (bad_request, TOKEN_REFUSALS) if part),
        401: UNKNOWN_TOKEN,
        404: NO_ROUTE,
        **(errors or {}),
    }
    if method == "post":
        refusals[413] = TOO_LARGE
    parameters = ("page_id", *more.pop("parameters", ()))
    return Operation(
        method,
        PAGE + path,
        operation_id,
        tag,
        summary,
        {200: success},
        dict(sorted(refusals.items())),
        parameters,
        **more,
    )


def _control(
    method: str, path: str, operation_id: str, summary: str, success: dict[int, str], **more: Any
) -> Operation:
    """A control-plane operation: behind the admin token when the server has one (health never is)."""
    if "/_mock" + path not in admin.OPEN_PATHS:
        more["errors"] = dict(sorted({**more.get("errors", {}), 401: ADMIN_REFUSAL}.items()))
    return Operation(method, "/_mock" + path, operation_id, CONTROL_TAG, summary, success, **more)


OPERATIONS: tuple[Operation, ...] = (
    _api(
        "get",
        "/flows",
        "listFlows",
        "flows",
        "Every folder and flow of the page",
        "responses/flows",
        parameters=("flow_path_query",),
        bad_request=f"`{fidelity.BAD_FLOW_PATH.message}` (only with `?path=`)",
        description="Flat, linked by `parent_id`. With `?path=[a,b]` it answers what `flows/{path}` does.",
        links={
            "statisticsOfFirstFlow": {
                "operationId": "getFlowStatistics",
                "parameters": {"path.flow_id": "$response.body#/data/flows/0/id"},
            }
        },
    ),
    _api(
        "get",
        "/flows/{path}",
        "listFlowsByPath",
        "flows",
        "The direct children of a folder",
        "responses/flows_by_path",
        parameters=("flow_path",),
        bad_request=(
            f"`{fidelity.BAD_FLOW_PATH.message}`: a malformed path, a bare id, an unknown folder or a broken "
            "chain, with details in `errors`"
        ),
    ),
    _api(
        "get",
        "/flows/{flow_id}/statistics",
        "getFlowStatistics",
        "flows",
        "Delivery statistics of a flow",
        "responses/flow_statistics",
        parameters=("flow_id",),
        errors={404: f"`{fidelity.UNKNOWN_FLOW_STATISTICS.message}`, or " + NO_ROUTE},
    ),
    _api("get", "/keywords", "listKeywords", "keywords", "Every keyword of the page", "responses/keywords"),
    _api(
        "post",
        "/keywords/create",
        "createKeyword",
        "keywords",
        "Create an empty, inactive keyword",
        "responses/keyword_write",
        request="requests/keywords_create",
        request_required=False,
        bad_request=BAD_JSON,
        errors={409: NO_ID_LEFT},
        links={
            "updateTheNewKeyword": {
                "operationId": "updateKeyword",
                "requestBody": {"keyword_id": "$response.body#/keyword/id"},
            }
        },
    ),
    _api(
        "post",
        "/keywords/update",
        "updateKeyword",
        "keywords",
        "Point a keyword at a flow",
        "responses/keyword_write",
        request="requests/keywords_update",
        bad_request=(
            f"{PARAMS_WRONG}; `{fidelity.UNKNOWN_KEYWORD_ON_UPDATE.message}`; "
            f"`{fidelity.UNKNOWN_FLOW_ON_UPDATE.message}` (unknown or removed); {BAD_JSON}"
        ),
    ),
    _api(
        "get",
        "/ice_breaker",
        "getIceBreakers",
        "page settings",
        "The page's ice breakers",
        "responses/ice_breaker",
    ),
    _api(
        "get",
        "/main_menu",
        "getMainMenu",
        "page settings",
        "The page's persistent menu",
        "responses/main_menu",
    ),
    _api("get", "/tools", "listTools", "page settings", "The page's growth tools", "responses/tools"),
    _api(
        "post",
        "/flows/send_flow",
        "sendFlow",
        "sends",
        "Send a flow to a customer (recorded, not delivered)",
        "responses/send",
        request="requests/send_flow",
        bad_request=f"{PARAMS_WRONG} (an unknown or removed flow too); {BAD_JSON}",
        errors={409: NO_ID_LEFT},
    ),
    _api(
        "post",
        "/flows/send_content",
        "sendContent",
        "sends",
        "Send Dynamic Block v2 content to a customer (recorded, not delivered)",
        "responses/send",
        request="requests/send_content",
        bad_request=f"{PARAMS_WRONG}; {BAD_JSON}",
        errors={409: NO_ID_LEFT},
    ),
    _control("get", "/health", "health", "Is the fake up?", {200: "control/health"}),
    _control("get", "/pages", "listPages", "Every page with its name and token", {200: "control/pages"}),
    _control(
        "post",
        "/pages",
        "addPage",
        "Add a page from a seed (every key optional)",
        {201: "control/page_credentials"},
        request="control/page_seed",
        request_required=False,
        errors={
            400: f"`invalid seed`, each problem in `errors`; {BAD_JSON}",
            409: "`page ... already exists`",
            413: TOO_LARGE,
        },
        links={
            "sendsOfTheNewPage": {
                "operationId": "listSends",
                "parameters": {"path.page_id": "$response.body#/page_id"},
            },
        },
    ),
    _control(
        "post",
        "/pages/{page_id}/rotate_token",
        "rotateToken",
        "Give a page a new token; the old one stops working",
        {200: "control/token"},
        parameters=("page_id",),
        errors={404: PAGE_NOT_FOUND},
    ),
    _control(
        "get",
        "/pages/{page_id}/sends",
        "listSends",
        "The page's recorded sends, in the order received",
        {200: "control/sends"},
        parameters=("page_id", "after", "limit"),
        errors={
            400: BAD_PAGING,
            404: PAGE_NOT_FOUND,
        },
    ),
    _control(
        "delete",
        "/pages/{page_id}/sends",
        "clearSends",
        "Forget the page's recorded sends",
        {200: "control/sends"},
        parameters=("page_id",),
        errors={404: PAGE_NOT_FOUND},
    ),
    _control(
        "post",
        "/reset",
        "reset",
        "Back to the state the server started with",
        {200: "control/reset"},
    ),
    _control(
        "get",
        "/state",
        "exportState",
        "The whole state (the seed-file format)",
        {200: "control/state"},
    ),
    _control(
        "put",
        "/state",
        "importState",
        "Replace the whole state; answers the new state",
        {200: "control/state"},
        request="control/state",
        errors={400: f"`invalid state`, each problem in `errors`; {BAD_JSON}", 413: TOO_LARGE},
    ),
    _control(
        "get",
        "/requests",
        "listRequests",
        "The request journal: the latest API requests, oldest first",
        {200: "control/requests"},
        parameters=("requests_after", "requests_limit"),
        errors={400: BAD_PAGING},
    ),
    _control("delete", "/requests", "clearRequests", "Empty the request journal", {200: "control/requests"}),
    _control(
        "get", "/faults", "listFaults", "Every fault rule, with how often it fired", {200: "control/faults"}
    ),
    _control(
        "post",
        "/faults",
        "addFault",
        "Add a fault rule for API requests",
        {201: "control/fault"},
        request="control/fault_rule",
        errors={
            400: f"`{control_operations.INVALID_FAULT_RULE.message}` with details in `errors`; {BAD_JSON}",
            413: TOO_LARGE,
        },
    ),
    _control("delete", "/faults", "clearFaults", "Remove every fault rule", {200: "control/faults"}),
)

# Parameters by name: (in, name, required, schema name with an optional #definition, description).
PARAMETERS: dict[str, tuple[str, str, bool, str, str]] = {
    "page_id": ("path", "page_id", True, "common#page_id", "The page the request is about."),
    "flow_id": ("path", "flow_id", True, "common#id", "A flow of the page."),
    "flow_path": (
        "path",
        "path",
        True,
        "common#flow_path",
        "The folder path as a JSON-array literal like `[1561,1564]` (percent-encoded or raw): folder ids "
        "from the root down, each the parent of the next; `[]` is the root level.",
    ),
    "flow_path_query": (
        "query",
        "path",
        False,
        "common#flow_path",
        "The same folder path as `flows/{path}` takes, e.g. `?path=[1561,1564]`.",
    ),
    "after": ("query", "after", False, "control/sends_query#after", "Only sends with a larger id."),
    "limit": ("query", "limit", False, "control/sends_query#limit", "At most this many sends."),
    "requests_after": (
        "query",
        "after",
        False,
        "control/sends_query#after",
        "Only requests with a larger id (the id of the last one already seen).",
    ),
    "requests_limit": (
        "query",
        "limit",
        False,
        "control/sends_query#limit",
        "At most this many requests (the oldest of those after `after`).",
    ),
}


# --- the document -----------------------------------------------------------------------------------


@cache
def openapi_json() -> str:
    """The document as compact JSON, built once per process."""
    return json.dumps(build_document(), ensure_ascii=False, separators=(",", ":"))


def build_document() -> dict[str, Any]:
    """A fresh OpenAPI 3.1 document (a plain dict) for the fake's API and control plane."""
    files = schemas.schema_files()
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Botcake public API (mock-botcake)",
            "version": __version__,
            "description": (
                "The Botcake public API as mock-botcake fakes it, built from the JSON Schemas of "
                "contracts/schemas. The API paths are those of https://botcake.io; where the real "
                "behaviour is unknown the fake's documented guess (docs/fidelity.md) is described. "
                "The control plane under /_mock/ exists only in the fake."
            ),
        },
        "servers": [{"url": "/", "description": "wherever this document was served from"}],
        "tags": [{"name": tag} for tag in API_TAGS]
        + [
            {
                "name": CONTROL_TAG,
                "description": (
                    "The fake's own side: seed, inspect, reset, journal, faults. No page token; the "
                    "admin token when serve runs with --admin-token (health stays open)."
                ),
            }
        ],
        "paths": _paths(files),
        "components": {
            "schemas": bundled_schemas(files),
            "parameters": {name: _parameter(*spec) for name, spec in PARAMETERS.items()},
            "securitySchemes": {
                SECURITY_SCHEME: {
                    "type": "apiKey",
                    "in": "header",
                    "name": "access-token",
                    "description": "The page's token (a JWT in Botcake); it opens that page only.",
                },
                ADMIN_SECURITY_SCHEME: {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "serve --admin-token: needed on every /_mock path but health.",
                },
            },
        },
    }


def _paths(files: dict[str, Any]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for operation in OPERATIONS:
        paths.setdefault(operation.path, {})[operation.method] = _operation(operation, files)
    return paths


def _operation(op: Operation, files: dict[str, Any]) -> dict[str, Any]:
    document: dict[str, Any] = {"operationId": op.operation_id, "tags": [op.tag], "summary": op.summary}
    if op.description:
        document["description"] = op.description
    document["security"] = _security(op)
    if op.parameters:
        document["parameters"] = [{"$ref": f"#/components/parameters/{name}"} for name in op.parameters]
    if op.request:
        document["requestBody"] = {
            "required": op.request_required,
            "content": _json_content(op.request, files),
        }
    responses = {
        str(status): {"description": "Success", "content": _json_content(schema, files)}
        for status, schema in op.success.items()
    }
    for status, why in op.errors.items():
        # No media examples here: error.json's are other refusals' messages; the description names them.
        error = _json_content("responses/error", files, with_examples=False)
        responses[str(status)] = {"description": why, "content": error}
    for status, response in responses.items():
        if op.links and int(status) in op.success:
            response["links"] = copy.deepcopy(op.links)
    document["responses"] = responses
    return document


def _security(op: Operation) -> list[dict[str, list[str]]]:
    if op.tag != CONTROL_TAG:
        return [{SECURITY_SCHEME: []}]
    if 401 in op.errors:
        return [{}, {ADMIN_SECURITY_SCHEME: []}]  # the admin token is needed only when serve has one
    return []


def _json_content(schema_name: str, files: dict[str, Any], *, with_examples: bool = True) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": {"$ref": _component_ref(schema_name)}}
    examples = files[schema_name].get("examples", []) if with_examples else []
    if examples:
        # Copies: YAML would otherwise write a value shared by two responses as an anchor and alias.
        media["examples"] = {
            f"example{n}": {"value": copy.deepcopy(value)} for n, value in enumerate(examples, 1)
        }
    return {"application/json": media}


def _parameter(where: str, name: str, required: bool, schema: str, description: str) -> dict[str, Any]:
    file, _, definition = schema.partition("#")
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": {"$ref": _component_ref(file, definition)},
    }


# --- bundling the schema files into components/schemas -------------------------------------------


def component_name(schema_name: str, definition: str = "") -> str:
    """``("common", "id")`` -> ``common.id``; ``("requests/send_flow", "")`` -> ``requests.send_flow``."""
    name = schema_name.replace("/", ".")
    return f"{name}.{definition}" if definition else name


def _component_ref(schema_name: str, definition: str = "") -> str:
    return "#/components/schemas/" + component_name(schema_name, definition)


def bundled_schemas(files: dict[str, Any]) -> dict[str, Any]:
    """Every schema file and each of its ``$defs`` as a component, its ``$ref``s pointing at components.

    ``$id``, ``$schema`` and ``$defs`` are dropped from each component: inside an OpenAPI document an
    ``$id`` would change the base URI, and every reference now points into ``components`` instead.
    """
    components: dict[str, Any] = {}
    for name, schema in files.items():
        base = schema["$id"]
        top = {key: value for key, value in schema.items() if key not in ("$id", "$schema", "$defs")}
        components[component_name(name)] = _rewrite_refs(top, base)
        for definition, body in schema.get("$defs", {}).items():
            if "$defs" in body:
                raise ValueError(f"{name}#{definition}: nested $defs are not supported by the bundler")
            components[component_name(name, definition)] = _rewrite_refs(body, base)
    return dict(sorted(components.items()))


def _rewrite_refs(node: Any, base: str) -> Any:
    if isinstance(node, dict):
        rewritten = {key: _rewrite_refs(value, base) for key, value in node.items()}
        if isinstance(node.get("$ref"), str):
            rewritten["$ref"] = _ref_to_component(node["$ref"], base)
        return rewritten
    if isinstance(node, list):
        return [_rewrite_refs(item, base) for item in node]
    return copy.deepcopy(node)


def _ref_to_component(ref: str, base: str) -> str:
    """A JSON Schema ``$ref`` (relative to the schema file at ``base``) as a ``#/components/...`` ref."""
    uri, fragment = urldefrag(urljoin(base, ref))
    if not uri.startswith(schemas.SCHEMA_BASE_URI) or not uri.endswith(".json"):
        raise ValueError(f"$ref {ref!r} in {base} points outside contracts/schemas")
    schema_name = uri[len(schemas.SCHEMA_BASE_URI) : -len(".json")]
    if fragment and not (fragment.startswith(_DEFS_PREFIX) and "/" not in fragment[len(_DEFS_PREFIX) :]):
        raise ValueError(f"$ref {ref!r} in {base}: only whole files and #/$defs/NAME can be bundled")
    return _component_ref(schema_name, fragment[len(_DEFS_PREFIX) :])


def render_openapi(output_format: str = "json") -> str:
    """The document as text for people and files: indented JSON, or YAML (``contracts/openapi.yaml``)."""
    document = build_document()
    if output_format == "yaml":
        import yaml  # only `mock-botcake openapi --format yaml` needs it: not imported by `serve`

        return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
