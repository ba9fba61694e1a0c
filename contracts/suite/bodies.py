"""Request bodies for the write endpoints, generated around the schemas' own examples.

No schema is restated here. Bodies start from the ``examples`` of ``contracts/schemas/requests`` (or
from ids the target has), then are mutated anywhere: a key dropped, a value replaced by any JSON value,
a list grown past every limit. Whether a body is valid is not decided here but by the schema itself
(``schemas.problems``): the tests expect a success exactly when the schema accepts the body (and the
ids it names exist), and a refusal that changes nothing otherwise.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from mock_botcake.wire import schemas

# Longer than every list limit of dynamic_block.json (10 messages, 11 quick replies, 5 actions, 3 buttons).
GROWN_LIST_LENGTH = 12

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=5,
)


def examples(schema_name: str) -> list[Any]:
    return schemas.schema_files()[schema_name]["examples"]


def is_valid(schema_name: str, body: Any) -> bool:
    return not schemas.problems(schema_name, body)


def _locations(document: Any, here: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``document`` (dict keys and list indexes)."""
    found = [here] if here else []
    if isinstance(document, dict):
        for key, value in document.items():
            found += _locations(value, (*here, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += _locations(value, (*here, index))
    return found


def _parent(document: Any, location: tuple) -> Any:
    for step in location[:-1]:
        document = document[step]
    return document


@st.composite
def mutated(draw: st.DrawFn, body: dict[str, Any]) -> dict[str, Any]:
    """``body`` unchanged, or with one value dropped, replaced, or (a list) grown past the limits."""
    document = copy.deepcopy(body)
    locations = _locations(document)
    how = draw(st.sampled_from(["keep", "drop", "replace", "grow"]))
    if how == "keep" or not locations:
        return document
    if how == "grow":
        lists = [where for where in locations if isinstance(_parent(document, where)[where[-1]], list)]
        lists = [where for where in lists if _parent(document, where)[where[-1]]]
        if lists:
            where = draw(st.sampled_from(lists))
            items = _parent(document, where)[where[-1]]
            _parent(document, where)[where[-1]] = (items * GROWN_LIST_LENGTH)[:GROWN_LIST_LENGTH]
        return document
    where = draw(st.sampled_from(locations))
    parent = _parent(document, where)
    if how == "drop":
        del parent[where[-1]]
    else:
        parent[where[-1]] = draw(json_values)
    return document


def keeps_psid(body: Any, psid: str) -> bool:
    """Whether a send body can only reach ``psid``: it names no other customer a send could reach.

    A mutated psid that is still a non-empty string would message somebody else on a real page.
    """
    return not isinstance(body, dict) or not isinstance(body.get("psid"), str) or body["psid"] in ("", psid)


def send_content_bodies(psid: str) -> st.SearchStrategy[dict[str, Any]]:
    starts = st.sampled_from(examples("requests/send_content")).map(lambda body: {**body, "psid": psid})
    return starts.flatmap(mutated).filter(lambda body: keeps_psid(body, psid))


def send_flow_bodies(psid: str, flow_ids: list[int]) -> st.SearchStrategy[dict[str, Any]]:
    payloads = st.sampled_from([None, *schemas.definition("common", "payload")["examples"]])

    def start(flow_id: int, payload: dict | None) -> dict[str, Any]:
        body: dict[str, Any] = {"psid": psid, "flow_id": flow_id}
        if payload is not None:
            body["payload"] = payload
        return body

    starts = st.builds(start, st.sampled_from(flow_ids), payloads)
    return starts.flatmap(mutated).filter(lambda body: keeps_psid(body, psid))


def keyword_update_bodies(keyword_id: int, flow_ids: list[int]) -> st.SearchStrategy[dict[str, Any]]:
    starts = st.sampled_from(flow_ids).map(
        lambda flow_id: {"keyword_id": keyword_id, "update": {"flow_id": flow_id}}
    )
    return starts.flatmap(mutated)
