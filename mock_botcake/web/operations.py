"""One declaration per operation: the route, the schemas, the refusals and the handler, in one place.

A handler module declares each of its operations with ``@group.operation(...)`` right above the
function that answers it. That one declaration drives everything else:

- Flask's routing (``OperationGroup.blueprint``: ``add_url_rule`` for each operation);
- the request's inputs: a declared ``query`` schema turns the query string into the handler's
  ``query`` argument, a declared ``request`` schema turns the body into its ``body`` argument, each
  checked against its schema first (``web/queries.py``, ``web/bodies.py``; a body declared
  ``multipart/form-data`` is checked as the document of its fields), so a handler never reads
  the request itself and never restates what its schemas already say;
- the success body: the handler returns the answer's fields and ``envelopes.success_body`` shapes
  them after the declared response schema (its ``success`` flag, its examples' key order; a bare list
  for a response schema that is an array);
- the refusals: a ``StoreError`` the handler lets through becomes the refusal the operation (or else
  its group) maps it to, so no handler catches store errors by hand;
- the read cache: only an operation declared ``cached=True`` has its answers kept (``api/read_cache.py``);
- the OpenAPI document and the docs' endpoint tables (``mock_botcake.contract_tools.openapi``), which read the
  declarations instead of restating them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from .. import fidelity
from ..fidelity import Refusal
from ..store import StoreError
from ..wire.envelopes import success_body
from .answers import ApiError, json_response
from .bodies import BAD_JSON, EMPTY_BODY, FORM, JSON, NOT_A_FORM, checked_body, checked_form
from .queries import checked_query, query_names

# Set in the WSGI environ of a request whose operation lets its answer be kept by the read cache.
CACHEABLE_KEY = "mock_botcake.cacheable"
# What a call does besides answering (``Operation.effect``): reads nothing changes, a write changes the
# page's data, a send messages someone. The recording proxy (``serve --proxy``) forwards writes and sends
# to the real API only when told to (``--allow-writes``, ``--allow-sends``).
READ, WRITE, SEND = "read", "write", "send"

StoreErrors = Mapping[type[StoreError], Refusal]


@dataclass(frozen=True)
class Parameter:
    """A path or query parameter; ``schema`` is a schema file with an optional ``#definition``."""

    where: str
    name: str
    required: bool
    schema: str
    description: str
    converter: str | None = None  # the Flask URL converter of a path parameter, when not plain text


@dataclass(frozen=True)
class SecurityScheme:
    """The header token a group's operations need: its OpenAPI scheme name, the header, what it opens."""

    name: str
    header: str
    description: str


@dataclass(frozen=True)
class Operation:
    """One method and path of the fake, with everything that is true of its answers."""

    method: str
    path: str  # OpenAPI style, the group's prefix included: /api/.../pages/{page_id}/flows
    operation_id: str
    tag: str
    summary: str
    response: str  # the success body's schema, a path under contracts/schemas
    status: int
    handler: Callable[..., Any]
    # The query string's schema (an object schema, a path under contracts/schemas): the handler's
    # ``query`` argument; path parameters come from ``path`` (web/parameters.py).
    query: str | None = None
    bad_query: Refusal | None = None  # the refusal of a query that breaks its schema; else the group's
    # The body's schema: the handler's ``body`` argument, strict JSON that satisfies it.
    request: str | None = None
    # The body's media type: JSON, or a multipart form (``bodies.FORM``: its fields, a file part as
    # base64 text, are what the schema checks; always required, refused with ``bad_body``).
    request_media_type: str = JSON
    # The success body's media type: JSON (the handler returns its fields), or another, whose handler
    # returns the whole Flask ``Response`` itself (a file's bytes: GET /_mock/pages/{id}/media/{id}).
    response_media_type: str = JSON
    request_required: bool = True  # else an absent body is ``{}``
    empty_body: Refusal = EMPTY_BODY  # the refusal of an absent body that is required
    # The refusal of a body that breaks its schema; None: the body is only parsed here, and the store
    # judges it (seeds and states, whose checks go past the schema: unique ids, parents, the format).
    bad_body: Refusal | None = fidelity.PARAMS_WRONG
    # Refusals the handler raises itself, each with when it does: they are documented, not wired.
    refuses: Mapping[Refusal, str] = field(default_factory=dict)
    store_errors: StoreErrors = field(default_factory=dict)  # on top of the group's
    cached: bool = False
    # READ, WRITE or SEND; None: derived from the method (GET reads, any other method writes), so that an
    # operation declares it only where the method does not say it (a send, or a POST that only reads).
    effect: str | None = None
    admin: bool = True  # control plane only: behind --admin-token (health is not)
    description: str = ""
    links: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def side_effect(self) -> str:
        """What a call does: ``READ``, ``WRITE`` or ``SEND`` (the declared ``effect``, else by its method)."""
        if self.effect is not None:
            return self.effect
        return READ if self.method == "get" else WRITE

    def input_refusals(self, group_bad_query: Refusal) -> dict[Refusal, str]:
        """The refusals the wrapper gives before the handler runs, each with when."""
        notes: dict[Refusal, list[str]] = {}
        if self.query:
            names = ", ".join(f"`{name}`" for name in query_names(self.query))
            notes[self.bad_query or group_bad_query] = [f"a query parameter ({names}) breaks its schema"]
        if self.request and self.request_media_type == FORM:
            form_refusal = self.bad_body or fidelity.PARAMS_WRONG
            notes[form_refusal] = [f"{NOT_A_FORM}, or a form that breaks its schema"]
        elif self.request:
            for refusal, when in BAD_JSON.items():
                notes.setdefault(refusal, []).append(when)
            if self.request_required:
                notes.setdefault(self.empty_body, []).append("no body at all")
            if self.bad_body:
                notes.setdefault(self.bad_body, []).append("a body that breaks its schema")
        return {
            refusal: ", or ".join(whens) + ", with details in `errors`" for refusal, whens in notes.items()
        }


class OperationGroup:
    """Operations under one URL prefix that share a blueprint and a mapping of store errors."""

    def __init__(
        self,
        name: str,
        prefix: str,
        *,
        tag: str = "",
        store_errors: StoreErrors | None = None,
        bad_query: Refusal = fidelity.PARAMS_WRONG,
        before_request: Callable[[], None] | None = None,
        security: SecurityScheme | None = None,
        guard_refusals: Mapping[Refusal, str] | None = None,
    ) -> None:
        self.name = name
        self.prefix = prefix
        self.tag = tag  # the OpenAPI tag of an operation that names none
        self.store_errors: StoreErrors = dict(store_errors or {})
        self.bad_query = bad_query  # what a query that breaks its schema gets, unless an operation says
        self.before_request = before_request
        # The token every operation of the group needs (None: none, or the control plane's admin token),
        # and what ``before_request`` refuses, each with when: documented, not wired.
        self.security = security
        self.guard_refusals: Mapping[Refusal, str] = dict(guard_refusals or {})
        self.operations: list[Operation] = []

    def operation(
        self,
        method: str,
        path: str,
        operation_id: str,
        *,
        summary: str,
        tag: str = "",
        response: str,
        status: int = 200,
        **more: Any,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Declare the decorated function as the handler of ``method path`` (path after the prefix)."""

        def declare(handler: Callable[..., Any]) -> Callable[..., Any]:
            self.operations.append(
                Operation(
                    method=method,
                    path=self.prefix + path,
                    operation_id=operation_id,
                    tag=tag or self.tag,
                    summary=summary,
                    response=response,
                    status=status,
                    handler=handler,
                    **more,
                )
            )
            return handler

        return declare

    def blueprint(self, parameters: Mapping[str, Parameter]) -> Blueprint:
        """A Flask blueprint routing every operation of the group to its handler."""
        blueprint = Blueprint(self.name, __name__)
        if self.before_request is not None:
            blueprint.before_request(self.before_request)
        for operation in self.operations:
            blueprint.add_url_rule(
                flask_rule(operation.path, parameters),
                endpoint=operation.operation_id,
                view_func=self._view(operation),
                methods=[operation.method.upper()],
            )
        return blueprint

    def input_refusals(self, operation: Operation) -> dict[Refusal, str]:
        """What ``operation`` refuses before its handler runs (its query and body), each with when."""
        return operation.input_refusals(self.bad_query)

    def _view(self, operation: Operation) -> Callable[..., ResponseReturnValue]:
        mapping = {**self.store_errors, **operation.store_errors}
        bad_query = operation.bad_query or self.bad_query

        @wraps(operation.handler)
        def view(**arguments: Any) -> ResponseReturnValue:
            if operation.cached:
                request.environ[CACHEABLE_KEY] = True
            if operation.query:
                arguments["query"] = checked_query(operation.query, bad_query)
            if operation.request and operation.request_media_type == FORM:
                form_refusal = operation.bad_body or fidelity.PARAMS_WRONG
                arguments["body"] = checked_form(operation.request, form_refusal)
            elif operation.request:
                arguments["body"] = checked_body(
                    operation.request,
                    required=operation.request_required,
                    empty=operation.empty_body,
                    refusal=operation.bad_body,
                )
            try:
                fields = operation.handler(**arguments)
            except StoreError as error:
                raise _refusal_for(error, mapping) from None
            if operation.response_media_type != JSON:
                return fields
            return json_response(success_body(operation.response, fields), operation.status)

        return view


def _refusal_for(error: StoreError, mapping: StoreErrors) -> ApiError | StoreError:
    """The declared refusal of the most specific class of ``error``; undeclared ones stay bugs (500)."""
    for kind in type(error).__mro__:
        if kind in mapping:
            return ApiError(mapping[kind], getattr(error, "problems", None) or [str(error)])
    return error


def path_parameters(path: str, parameters: Mapping[str, Parameter]) -> list[str]:
    """The names (keys of ``parameters``) of the path parameters of ``path``, in order."""
    found = []
    for part in path.split("/"):
        if part.startswith("{") and part.endswith("}"):
            wire_name = part[1:-1]
            found.append(
                next(key for key, p in parameters.items() if p.where == "path" and p.name == wire_name)
            )
    return found


def flask_rule(path: str, parameters: Mapping[str, Parameter]) -> str:
    """``/pages/{page_id}/flows/{flow_id}`` -> ``/pages/<page_id>/flows/<id:flow_id>``."""
    names = iter(path_parameters(path, parameters))
    parts = []
    for part in path.split("/"):
        if part.startswith("{") and part.endswith("}"):
            parameter = parameters[next(names)]
            converter = f"{parameter.converter}:" if parameter.converter else ""
            part = f"<{converter}{parameter.name}>"
        parts.append(part)
    return "/".join(parts)
