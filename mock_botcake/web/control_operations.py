"""The control plane's view of operations: the request journal and the fault rules.

``GET/DELETE /_mock/requests`` read and clear the journal; ``GET/POST/DELETE /_mock/faults`` list, add
and clear fault rules. ``POST /_mock/reset`` (in ``control.py``) clears the journal and puts back the
rules the server started with.
"""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..fidelity import Refusal
from .bodies import json_body, validated
from .context import current_faults, current_journal
from .control import paging_args

blueprint = Blueprint("control_operations", __name__, url_prefix="/_mock")

INVALID_FAULT_RULE = Refusal(400, "invalid fault rule")


@blueprint.get("/requests")
def list_requests() -> ResponseReturnValue:
    after, limit = paging_args()
    return jsonify({"requests": current_journal().entries(after=after, limit=limit)})


@blueprint.delete("/requests")
def clear_requests() -> ResponseReturnValue:
    current_journal().clear()
    return jsonify({"requests": []})


@blueprint.get("/faults")
def list_faults() -> ResponseReturnValue:
    return jsonify({"faults": current_faults().listed()})


@blueprint.post("/faults")
def add_fault() -> ResponseReturnValue:
    rule = validated("control/fault_rule", json_body(), INVALID_FAULT_RULE)
    return jsonify(current_faults().add(rule)), 201


@blueprint.delete("/faults")
def clear_faults() -> ResponseReturnValue:
    current_faults().clear()
    return jsonify({"faults": []})
