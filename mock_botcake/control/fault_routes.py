"""``/_mock/faults``: list, add and clear fault rules (``faults.py``), and read or remove one by its id.

``POST /_mock/reset`` puts back the rules the server started with.
"""

from __future__ import annotations

from typing import Any

from ..fidelity import Refusal
from ..web.answers import ApiError
from .context import current_faults
from .fault_targets import unmatchable_problems
from .routes import control

INVALID_FAULT_RULE = Refusal(400, "invalid fault rule")
FAULT_NOT_FOUND = Refusal(404, "fault rule not found")


@control.operation(
    "get",
    "/faults",
    "listFaults",
    summary="Every fault rule, with how often it fired",
    response="control/faults",
)
def list_faults() -> dict[str, Any]:
    return {"faults": current_faults().listed()}


@control.operation(
    "post",
    "/faults",
    "addFault",
    summary="Add a fault rule for API requests",
    response="control/fault",
    status=201,
    request="control/fault_rule",
    bad_body=INVALID_FAULT_RULE,
    # Said whole here: this note replaces the declaration's own one for a body that breaks the schema.
    refuses={
        INVALID_FAULT_RULE: "a body that breaks its schema, or a `match.path` that no API route (of "
        "`match.method`) can meet, with details in `errors` (for a path: what the glob is matched against)"
    },
)
def add_fault(body: dict[str, Any]) -> dict[str, Any]:
    problems = unmatchable_problems(body.get("match", {}))
    if problems:
        raise ApiError(INVALID_FAULT_RULE, problems)
    return current_faults().add(body)


@control.operation(
    "delete",
    "/faults",
    "clearFaults",
    summary="Remove every fault rule",
    response="control/faults",
)
def clear_faults() -> dict[str, Any]:
    current_faults().clear()
    return {"faults": []}


@control.operation(
    "get",
    "/faults/{fault_id}",
    "getFault",
    summary="One fault rule, with how often it fired",
    response="control/fault",
    refuses={FAULT_NOT_FOUND: "no rule with that id (never added, removed, or cleared)"},
)
def get_fault(fault_id: str) -> dict[str, Any]:
    return _found(current_faults().get(int(fault_id)), fault_id)


@control.operation(
    "delete",
    "/faults/{fault_id}",
    "removeFault",
    summary="Remove one fault rule; answers it as it was",
    response="control/fault",
    refuses={FAULT_NOT_FOUND: "no rule with that id (never added, removed, or cleared)"},
)
def remove_fault(fault_id: str) -> dict[str, Any]:
    return _found(current_faults().remove(int(fault_id)), fault_id)


def _found(rule: dict[str, Any] | None, fault_id: str) -> dict[str, Any]:
    if rule is None:
        raise ApiError(FAULT_NOT_FOUND, [f"no fault rule has id {fault_id}; GET /_mock/faults lists them"])
    return rule
