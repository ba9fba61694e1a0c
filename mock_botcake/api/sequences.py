"""What the page sends in bulk, and its counts: GET sequences/, sequences/{sequence_id}/statistics and
sequences/{sequence_id}/statistics/{message_id} (the sequences, their messages' counts, the customers a
message went to; S4, and S7 reads the first two in production), and GET broadcasts/{broadcast_id}/statistic
(a broadcast's counts, or HTTP 200 with ``success: false`` for an invalid or unknown id, as S4 documents).

One module for both, named so that it joins the API after the 11 documented endpoints (modules join in
the order of their names, and the README's endpoint table follows it)."""

from __future__ import annotations

from typing import Any

from .. import fidelity
from ..store import BroadcastNotFound, SequenceMessageNotFound, SequenceNotFound
from ..web.context import current_store
from .routes import api


@api.operation(
    "get",
    "/sequences",
    "listSequences",
    tag="sequences",
    summary="The page's sequences",
    response="responses/sequences",
    cached=True,
    description="S4 spells it `sequences/`; with or without the trailing slash it is the same route.",
    links={
        "statisticsOfFirstSequence": {
            "operationId": "getSequenceStatistics",
            "parameters": {"path.sequence_id": "$response.body#/data/0/id"},
        }
    },
)
def list_sequences(page_id: str) -> dict[str, Any]:
    return {"data": current_store().sequences(page_id)}


@api.operation(
    "get",
    "/sequences/{sequence_id}/statistics",
    "getSequenceStatistics",
    tag="sequences",
    summary="Each message of a sequence, with its schedule and counts",
    response="responses/sequence_statistics",
    store_errors={SequenceNotFound: fidelity.UNKNOWN_SEQUENCE},
    cached=True,
)
def sequence_statistics(page_id: str, sequence_id: int) -> dict[str, Any]:
    return {"data": current_store().sequence_statistics(page_id, sequence_id)}


@api.operation(
    "get",
    "/sequences/{sequence_id}/statistics/{message_id}",
    "getSequenceMessageRecipients",
    tag="sequences",
    summary="The customers a message of a sequence went to",
    response="responses/sequence_message_recipients",
    store_errors={
        SequenceNotFound: fidelity.UNKNOWN_SEQUENCE,
        SequenceMessageNotFound: fidelity.UNKNOWN_SEQUENCE_MESSAGE,
    },
    cached=True,
)
def sequence_message_recipients(page_id: str, sequence_id: int, message_id: int) -> dict[str, Any]:
    return {"data": current_store().sequence_message_recipients(page_id, sequence_id, message_id)}


@api.operation(
    "get",
    "/broadcasts/{broadcast_id}/statistic",
    "getBroadcastStatistic",
    tag="broadcasts",
    summary="Delivery counts of a broadcast",
    response="responses/broadcast_statistic",
    store_errors={BroadcastNotFound: fidelity.INVALID_BROADCAST},
    cached=True,
    description="An id that is not a positive integer, or no broadcast of the page, is answered with HTTP "
    '200 and `{"success": false, "message": "Invalid broadcast_id"}` (S4).',
)
def broadcast_statistic(page_id: str, broadcast_id: str) -> dict[str, Any]:
    return current_store().broadcast_statistic(page_id, broadcast_id)
