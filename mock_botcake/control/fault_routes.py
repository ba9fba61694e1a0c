"""``GET/POST/DELETE /_mock/faults``: list, add and clear fault rules (``faults.py``).

``POST /_mock/reset`` puts back the rules the server started with.
"""

from __future__ import annotations

from typing import Any

from ..fidelity import Refusal
from .context import current_faults
from .routes import control

INVALID_FAULT_RULE = Refusal(400, "invalid fault rule")


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
)
def add_fault(body: dict[str, Any]) -> dict[str, Any]:
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
