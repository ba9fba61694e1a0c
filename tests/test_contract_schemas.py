"""The JSON Schemas in contracts/schemas: their own examples hold, and the fake's answers fit them."""

from __future__ import annotations

import posixpath

import pytest
from jsonschema import Draft202012Validator

from mock_botcake.seeds import load_seed
from mock_botcake.wire import schemas

ALL = schemas.schema_files()


def test_every_schema_is_a_valid_draft_2020_12_schema():
    for name, schema in ALL.items():
        Draft202012Validator.check_schema(schema)
        assert schema["$id"] == f"{schemas.SCHEMA_BASE_URI}{name}.json"


def _examples():
    for name, schema in ALL.items():
        for index, example in enumerate(schema.get("examples", [])):
            yield pytest.param(name, None, example, id=f"{name}[{index}]")
        for definition, body in schema.get("$defs", {}).items():
            for index, example in enumerate(body.get("examples", [])):
                yield pytest.param(name, definition, example, id=f"{name}#{definition}[{index}]")


@pytest.mark.parametrize(("name", "definition", "example"), list(_examples()))
def test_every_example_in_a_schema_validates_against_it(name, definition, example):
    if definition is None:
        assert schemas.problems(name, example) == []
    else:
        schema = {"$ref": f"{schemas.SCHEMA_BASE_URI}{name}.json#/$defs/{definition}"}
        Draft202012Validator(schema, registry=schemas.registry()).validate(example)


def test_the_built_in_seeds_fit_the_state_schema():
    for seed in ("demo", "empty"):
        assert schemas.problems("control/state", load_seed(seed)) == []


def test_a_violation_is_reported_with_the_path_to_the_field():
    assert schemas.problems("requests/send_flow", {"psid": "1", "flow_id": "2"}) == [
        'flow_id must be an integer, not the string "2"'
    ]


RESPONSES = [
    ("GET", "flows", None, 200, "responses/flows"),
    ("GET", "flows/[1561]", None, 200, "responses/flows_by_path"),
    ("GET", "flows/1559/statistics", None, 200, "responses/flow_statistics"),
    ("GET", "keywords", None, 200, "responses/keywords"),
    ("GET", "ice_breaker", None, 200, "responses/ice_breaker"),
    ("GET", "main_menu", None, 200, "responses/main_menu"),
    ("GET", "tools", None, 200, "responses/tools"),
    ("POST", "keywords/create", None, 200, "responses/keyword_write"),
    (
        "POST",
        "keywords/update",
        {"keyword_id": 3372, "update": {"flow_id": 1559}},
        200,
        "responses/keyword_write",
    ),
    ("POST", "flows/send_flow", {"psid": "1", "flow_id": 1559}, 200, "responses/send"),
    (
        "POST",
        "flows/send_content",
        {"psid": "1", "data": {"version": "v2", "content": {"messages": [{"type": "text", "text": "hi"}]}}},
        200,
        "responses/send",
    ),
    ("POST", "flows/send_flow", {"psid": "1"}, 400, "responses/error"),
    ("GET", "flows/[9]", None, 400, "responses/error"),
    ("GET", "flows/9/statistics", None, 404, "responses/error"),
]


@pytest.mark.parametrize(("method", "endpoint", "body", "status", "schema"), RESPONSES)
def test_the_fakes_answers_fit_the_response_schemas(call, method, endpoint, body, status, schema):
    response = call(method, endpoint, json=body) if body is not None else call(method, endpoint)
    assert response.status_code == status
    assert schemas.problems(schema, response.get_json()) == []


# --- what a stored number may be -------------------------------------------------------------------
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
STORED_SHAPES = ("control/page_seed", "control/account_seed", "control/state")


def _numbers_reachable_from(name: str) -> list[tuple[str, dict]]:
    """Every integer or number subschema a document of schema ``name`` can hold, following ``$ref``s
    into other files, each with where it is (``common#/$defs/custom_audience/...``)."""
    files = schemas.schema_files()
    found: list[tuple[str, dict]] = []
    seen: set[tuple[str, str]] = set()

    def walk(file: str, node: object, where: str) -> None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                walk(file, item, f"{where}/{index}")
            return
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str):
            target_file, _, pointer = ref.partition("#")
            target = target_file and posixpath.normpath(posixpath.join(posixpath.dirname(file), target_file))
            target = target.removesuffix(".json") if target else file
            if (target, pointer) not in seen:
                seen.add((target, pointer))
                resolved = files[target]
                for part in filter(None, pointer.split("/")):
                    resolved = resolved[part]
                walk(target, resolved, f"{target}#{pointer}")
        types = node.get("type")
        if types in ("integer", "number") or (isinstance(types, list) and {"integer", "number"} & set(types)):
            found.append((where, node))
        for key, value in node.items():
            if key not in ("examples", "$defs", "const", "default", "enum"):
                walk(file, value, f"{where}/{key}")

    walk(name, files[name], name)
    return found


@pytest.mark.parametrize("name", STORED_SHAPES)
def test_every_number_a_seed_or_state_holds_fits_a_64_bit_column(name):
    # A JSON number past a signed 64-bit integer cannot be stored (SQLite raises OverflowError): the
    # schema must refuse it with a 400 before the store sees it.
    unbounded = [
        where
        for where, node in _numbers_reachable_from(name)
        if not (
            node.get("minimum", INT64_MIN - 1) >= INT64_MIN
            and node.get("maximum", INT64_MAX + 1) <= INT64_MAX
        )
        and "const" not in node
        and "enum" not in node
    ]
    assert unbounded == []
