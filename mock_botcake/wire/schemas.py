"""Loads the JSON Schemas of ``contracts/schemas`` once and validates documents against them.

The schemas are the single source of truth for the wire format: nothing here restates a field. A
schema is named by its path under ``schemas/`` without ``.json`` (``"requests/send_flow"``).

jsonschema (with referencing) is imported only when a message is needed: it is a tenth of serve's
start-up, and a valid request never needs it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

import jsonschema_rs

from .. import contracts

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from referencing import Registry

SCHEMA_BASE_URI = "https://mock-botcake.test/schemas/"
SCHEMA_FOLDER = Path(contracts.__file__).parent / "schemas"


def schema_files() -> dict[str, Any]:
    """Every schema by name (``"responses/flows"``), read from the installed package."""
    return {
        path.relative_to(SCHEMA_FOLDER).with_suffix("").as_posix(): json.loads(path.read_text("utf-8"))
        for path in sorted(SCHEMA_FOLDER.rglob("*.json"))
    }


@cache
def _schemas() -> dict[str, Any]:
    return schema_files()


def schema(name: str) -> dict[str, Any]:
    """One schema by name, as read from its file (shared: do not change it)."""
    return _schemas()[name]


@cache
def registry() -> Registry:
    """A referencing registry holding every schema under its ``$id``."""
    from referencing import Registry, Resource

    resources_by_uri = [(each["$id"], Resource.from_contents(each)) for each in _schemas().values()]
    return Registry().with_resources(resources_by_uri)


@cache
def validator(name: str) -> Draft202012Validator:
    """The compiled validator of one schema; built once per process."""
    from jsonschema import Draft202012Validator

    # Formats are asserted, not just annotated (the 2020-12 default): a seed's `received_at` that is
    # not a date-time would otherwise be stored, then exported in breach of the very same schema.
    # ("date-time" is checked through the rfc3339-validator package, a runtime dependency.)
    return Draft202012Validator(
        schema(name), registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@cache
def _fast_validator(name: str) -> jsonschema_rs.Validator:
    """The same schema compiled by jsonschema-rs (Rust): a yes/no answer ~300x faster than jsonschema.

    It decides validity on every request. It follows JSON Schema's ECMA-262 regexes, where ``$`` is
    the end of the string; Python's ``re`` (inside jsonschema) also lets ``$`` match before a final
    newline, so jsonschema alone would take ``"123\n"`` for an id. Messages come from jsonschema,
    which words them well, or from jsonschema-rs where jsonschema sees no fault (tests hold that the
    fast check never accepts what jsonschema refuses). A ``date-time`` is judged by the very function
    jsonschema uses (rfc3339-validator), so the two agree on its edges: jsonschema-rs alone takes a leap
    second (``23:59:60``), which jsonschema refuses.
    """
    from rfc3339_validator import validate_rfc3339

    return jsonschema_rs.validator_for(
        schema(name),
        registry=_fast_registry(),
        validate_formats=True,
        formats={"date-time": validate_rfc3339},
    )


@cache
def _fast_registry() -> jsonschema_rs.Registry:
    return jsonschema_rs.Registry([(each["$id"], each) for each in _schemas().values()])


def definition(name: str, key: str) -> dict[str, Any]:
    """One entry of a schema's ``$defs``: ``definition("common", "flow_path")``."""
    return schema(name)["$defs"][key]


def resolve(name: str, node: dict[str, Any]) -> dict[str, Any]:
    """``node`` (a part of schema ``name``), or what its ``$ref`` points at: a whole file or one of its
    ``#/$defs/KEY``, relative to ``name``'s file. One hop: what the query reader needs to know a type."""
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return node
    uri, fragment = urldefrag(urljoin(schema(name)["$id"], ref))
    target = uri[len(SCHEMA_BASE_URI) : -len(".json")]
    return definition(target, fragment.removeprefix("/$defs/")) if fragment else schema(target)


MAX_REPORTED_PROBLEMS = 5
MAX_PROBLEM_LENGTH = 200


def problems(name: str, document: Any) -> list[str]:
    """Violations of schema ``name`` by ``document`` in words (schema_wording.py); empty when valid.

    At most a few, each cut short: an over-long list would otherwise be echoed back whole.
    """
    fast = _fast_validator(name)
    if fast.is_valid(document):
        return []
    errors = sorted(validator(name).iter_errors(document), key=lambda error: list(error.path))
    if errors:
        from .schema_wording import word

        described = [_cut(word(error)) for error in errors]
    else:
        described = [_describe_fast(error) for error in fast.iter_errors(document)]
    # Two missing keys of one object are two errors that word as one sentence.
    return list(dict.fromkeys(described))[:MAX_REPORTED_PROBLEMS]


def _describe_fast(error: jsonschema_rs.ValidationError) -> str:
    """jsonschema-rs' own message, which is JSON, not Python: only where jsonschema sees no fault."""
    from .schema_wording import place

    return _cut(f"{place(error.instance_path)}: {error.message}")


def _cut(text: str) -> str:
    if len(text) > MAX_PROBLEM_LENGTH:
        text = text[: MAX_PROBLEM_LENGTH - 3] + "..."
    return text
