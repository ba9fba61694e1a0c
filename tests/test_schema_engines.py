"""The fast check (jsonschema-rs) never accepts what jsonschema refuses, and refuses with a message."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_botcake.wire import schemas

EXAMPLES = [
    (name, example)
    for name, schema in schemas.schema_files().items()
    for example in schema.get("examples", [])
]

# Values that sit on the edges where two engines could disagree: regex anchors and newlines, numbers
# at 64-bit limits, integral floats, Unicode digits, date-time edge cases, wrong types.
EDGE_VALUES = (
    st.sampled_from(
        [
            "",
            "\n",
            "1559\n",
            "[1561]\n",
            "١٢٣",
            "2026-11-25T10:00:00Z",
            "2026-11-25T10:00:00.123+07:00",
            "2026-11-25 10:00:00",
            "2026-13-25T10:00:00Z",
            "2026-11-25T23:59:60Z",
            0,
            -1,
            1,
            1559,
            1559.0,
            1.5,
            2**63 - 1,
            2**63,
            True,
            False,
            None,
            [],
            {},
            "v2",
            "text",
        ]
    )
    | st.text(max_size=5)
    | st.integers()
)


def leaves(document: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(document, dict):
        return [path] + [p for key, value in document.items() for p in leaves(value, (*path, key))]
    if isinstance(document, list):
        return [path] + [p for index, value in enumerate(document) for p in leaves(value, (*path, index))]
    return [path]


def replaced(document: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    changed = copy.deepcopy(document)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


def test_both_engines_accept_every_example() -> None:
    for name, example in EXAMPLES:
        assert schemas._fast_validator(name).is_valid(example), name
        assert schemas.validator(name).is_valid(example), name


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[name for name, _ in EXAMPLES])
@given(data=st.data())
def test_the_fast_check_never_accepts_what_jsonschema_refuses(
    name: str, example: Any, data: st.DataObject
) -> None:
    path = data.draw(st.sampled_from(leaves(example)))
    document = replaced(example, path, data.draw(EDGE_VALUES))

    if schemas._fast_validator(name).is_valid(document):
        assert schemas.validator(name).is_valid(document)
    else:
        assert schemas.problems(name, document)


def test_a_trailing_newline_does_not_pass_an_anchored_pattern() -> None:
    # ECMA-262 semantics, as JSON Schema says; Python's re alone would accept it.
    assert schemas.problems("control/page_seed", {"page_id": "shop\n"}) == [
        'page_id: "shop\\n" does not match "^[A-Za-z0-9_]{1,64}$"'
    ]


def test_both_engines_refuse_a_leap_second_in_a_date_time() -> None:
    seed = {
        "sends": [
            {
                "id": 1,
                "kind": "flow",
                "psid": "1",
                "flow_id": None,
                "data": None,
                "message_tag": None,
                "payload": None,
                "received_at": "2026-11-25T23:59:60Z",
            }
        ]
    }
    assert not schemas._fast_validator("control/page_seed").is_valid(seed)
    assert schemas.problems("control/page_seed", seed)
