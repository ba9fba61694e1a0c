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
from functools import cache
from typing import Any
from urllib.parse import urldefrag, urljoin

from .. import __version__, fidelity
from ..api import TOKEN_REFUSALS, api
from ..api.accounts import accounts
from ..control import control
from ..control.admin import ADMIN_TOKEN_REQUIRED
from ..fidelity import Refusal
from ..web.operations import Operation, OperationGroup, Parameter, SecurityScheme, path_parameters
from ..web.parameters import PARAMETERS
from ..wire import schemas

OPENAPI_VERSION = "3.1.0"
ADMIN_SECURITY_SCHEME = "adminToken"
CONTROL_TAG = control.tag
_DEFS_PREFIX = "/$defs/"

GROUPS = (api, accounts, control)
CONTROL_TAG_DESCRIPTION = (
    "The fake's own side: seed, inspect, reset, journal, faults. No page token; the admin token when "
    "serve runs with --admin-token (health stays open)."
)
TOO_LARGE = {fidelity.BODY_TOO_LARGE: f"the body is over {fidelity.MAX_BODY_BYTES} bytes"}
ADMIN_REFUSAL = {ADMIN_TOKEN_REQUIRED: "only when serve runs with --admin-token"}
NO_ROUTE = {fidelity.UNKNOWN_ROUTE: TOKEN_REFUSALS[fidelity.UNKNOWN_ROUTE]}


def operations() -> list[Operation]:
    """Every declared operation of the API and the control plane, in declaration order."""
    return [operation for group in GROUPS for operation in group.operations]


def _first_line_of(docstring: str | None) -> str:
    line = (docstring or "").strip().split("\n")[0].rstrip(".")
    return line[:1].lower() + line[1:]


def refusals(operation: Operation) -> dict[int, str]:
    """Each status the operation can refuse with, and a description naming every message it gives."""
    notes: dict[Refusal, str] = {}
    group = _group_of(operation)
    if group.security is not None:
        notes.update(group.guard_refusals)
    elif operation.admin:
        notes.update(ADMIN_REFUSAL)
    if "{" in operation.path:
        notes.update(NO_ROUTE)
    if operation.request:
        notes.update(TOO_LARGE)
    notes.update(group.input_refusals(operation))
    notes.update(operation.refuses)
    for error, refusal in operation.store_errors.items():
        notes.setdefault(refusal, _first_line_of(error.__doc__))
    by_status: dict[int, list[str]] = {}
    for refusal, when in notes.items():
        text = f"`{refusal.message}`" + (f": {when}" if when else "")
        by_status.setdefault(refusal.status, []).append(text)
    return {status: "; ".join(texts) for status, texts in sorted(by_status.items())}


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
        "tags": [
            {"name": tag, "description": CONTROL_TAG_DESCRIPTION} if tag == CONTROL_TAG else {"name": tag}
            for tag in dict.fromkeys(operation.tag for operation in operations())
        ],
        "paths": _paths(files),
        "components": {
            "schemas": bundled_schemas(files),
            "parameters": {name: _parameter(parameter) for name, parameter in PARAMETERS.items()},
            "securitySchemes": {
                **{
                    group.security.name: _api_key_scheme(group.security)
                    for group in GROUPS
                    if group.security is not None
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
    for operation in operations():
        paths.setdefault(operation.path, {})[operation.method] = _operation(operation, files)
    return paths


def _operation(op: Operation, files: dict[str, Any]) -> dict[str, Any]:
    document: dict[str, Any] = {"operationId": op.operation_id, "tags": [op.tag], "summary": op.summary}
    if op.description:
        document["description"] = op.description
    document["security"] = _security(op)
    parameters = [
        *({"$ref": f"#/components/parameters/{name}"} for name in path_parameters(op.path, PARAMETERS)),
        *(_query_parameters(op.query) if op.query else []),
    ]
    if parameters:
        document["parameters"] = parameters
    if op.request:
        document["requestBody"] = {
            "required": op.request_required,
            "content": _content(op.request, files, media_type=op.request_media_type),
        }
    success = _content(op.response, files, media_type=op.response_media_type)
    responses = {str(op.status): {"description": "Success", "content": success}}
    for status, why in refusals(op).items():
        # No media examples here: error.json's are other refusals' messages; the description names them.
        error = _content("responses/error", files, with_examples=False)
        if status == op.status:
            responses[str(status)] = _success_or_refusal(op.response, responses[str(status)], error, why)
        else:
            responses[str(status)] = {"description": why, "content": error}
    for status, response in responses.items():
        if op.links and int(status) == op.status:
            response["links"] = copy.deepcopy(op.links)
    document["responses"] = responses
    return document


def _success_or_refusal(
    schema_name: str, success: dict[str, Any], error: dict[str, Any], why: str
) -> dict[str, Any]:
    """The answer of a status that is a success or a refusal (S4's HTTP 200 with ``success: false``):
    either body, told apart by ``success`` (true in the one, false in the other). A response schema
    that already has a ``success: false`` branch in its ``oneOf`` (it documents S4's refusal example) is
    kept as it is; any other is put beside the error shape here."""
    media = success["content"]["application/json"]
    description = f"Success, or a refusal with `success: false`: {why}"
    if _admits_error(schema_name):
        return {"description": description, "content": success["content"]}
    either = {"oneOf": [media["schema"], error["application/json"]["schema"]]}
    return {"description": description, "content": {"application/json": {**media, "schema": either}}}


def _admits_error(schema_name: str) -> bool:
    """The response schema has a branch of its own for ``success: false``."""
    branches = (
        schemas.resolve(schema_name, branch) for branch in schemas.schema(schema_name).get("oneOf", [])
    )
    return any(branch.get("properties", {}).get("success") == {"const": False} for branch in branches)


def _group_of(operation: Operation) -> OperationGroup:
    return next(group for group in GROUPS if operation in group.operations)


def _query_parameters(schema_name: str) -> list[dict[str, Any]]:
    """One query parameter per property of the operation's query schema, described by the schema."""
    schema = schemas.schema(schema_name)
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema.get("properties", {}).items():
        description = prop.get("description") or schemas.resolve(schema_name, prop).get("description", "")
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "description": description,
                "schema": _rewrite_refs(prop, schema["$id"]),
            }
        )
    return parameters


def _api_key_scheme(scheme: SecurityScheme) -> dict[str, str]:
    return {"type": "apiKey", "in": "header", "name": scheme.header, "description": scheme.description}


def _security(op: Operation) -> list[dict[str, list[str]]]:
    """The group's token, if it declares one; else the admin token of a control operation, if any."""
    scheme = _group_of(op).security
    if scheme is not None:
        return [{scheme.name: []}]
    if op.admin:
        return [{}, {ADMIN_SECURITY_SCHEME: []}]  # the admin token is needed only when serve has one
    return []


def _content(
    schema_name: str,
    files: dict[str, Any],
    *,
    with_examples: bool = True,
    media_type: str = "application/json",
) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": {"$ref": _component_ref(schema_name)}}
    examples = files[schema_name].get("examples", []) if with_examples else []
    if examples:
        # Copies: YAML would otherwise write a value shared by two responses as an anchor and alias.
        media["examples"] = {
            f"example{n}": {"value": copy.deepcopy(value)} for n, value in enumerate(examples, 1)
        }
    return {media_type: media}


def _parameter(parameter: Parameter) -> dict[str, Any]:
    file, _, definition = parameter.schema.partition("#")
    return {
        "name": parameter.name,
        "in": parameter.where,
        "required": parameter.required,
        "description": parameter.description,
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
