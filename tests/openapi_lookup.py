"""What the OpenAPI document declares for an operation's answer, and whether an answer fits it.

The document's schemas are JSON Schema 2020-12 (OpenAPI 3.1), so an answer is checked with the
``jsonschema`` library against the document itself: nothing is looked up in ``contracts/schemas``.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:mock-botcake:openapi"


def find_operation(document: dict[str, Any], operation_id: str) -> tuple[str, str, dict[str, Any]]:
    """The path, method and definition of the operation with this ``operationId``."""
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if operation["operationId"] == operation_id:
                return path, method, operation
    raise AssertionError(f"the document has no operation {operation_id}")


def declared_problems(
    document: dict[str, Any], operation_id: str, status: int, content_type: str, body: Any
) -> list[str]:
    """Everything about one answer that the document does not declare; empty when it conforms."""
    path, method, operation = find_operation(document, operation_id)
    responses = operation["responses"]
    if str(status) not in responses:
        return [f"{operation_id}: status {status} is not declared (declared: {sorted(responses)})"]
    content = responses[str(status)].get("content", {})
    if content_type not in content:
        return [f"{operation_id} {status}: content type {content_type} is not declared"]
    where = ["paths", _escape(path), method, "responses", str(status), "content", _escape(content_type)]
    pointer = "#/" + "/".join(where) + "/schema"
    validator = Draft202012Validator(
        {"$ref": DOCUMENT_URI + pointer},
        registry=document_registry(document),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]


def document_registry(document: dict[str, Any]) -> Registry:
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    return Registry().with_resource(DOCUMENT_URI, resource)


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")
