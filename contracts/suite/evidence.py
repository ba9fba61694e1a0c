"""What a real target may answer to each open question of ``mock_botcake.fidelity.OPEN_QUESTIONS``.

The fake must give exactly its own answer (the table's ``fake_answer``); any other target passes
with every answer that fits the evidence of ``shared/botcake-api.md`` section 7, and the answer it
gave is recorded so that ``mock-botcake verify --report`` can show where the fake guessed wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    accepts: Callable[[str], bool]
    says: str


def _status(answer: str) -> int | None:
    head = answer.split(" ", 1)[0]
    return int(head) if head.isdigit() else None


def _refusal(answer: str) -> bool:
    """Any 4xx, or a 200 that says ``success: false`` (an answer other than ``200 success``)."""
    status = _status(answer)
    return status is not None and (400 <= status < 500 or (status == 200 and answer != "200 success"))


def _not_success(answer: str) -> bool:
    return _status(answer) is not None and answer != "200 success"


def _anything(answer: str) -> bool:
    return True


def _accepted(answer: str) -> bool:
    return answer == "200 success"


def _bad_request(answer: str) -> bool:
    return _status(answer) == 400


REFUSAL = Evidence(_refusal, "any 4xx, or 200 with success false")
NOT_SUCCESS = Evidence(_not_success, "any answer but success")
NO_EVIDENCE = Evidence(_anything, "nothing observed: any answer")

EVIDENCE: dict[str, Evidence] = {
    "token-missing": REFUSAL,
    "token-in-query": Evidence(_bad_request, "400 (S6, measured)"),
    "token-unknown": REFUSAL,
    "token-other-page": REFUSAL,
    "token-underscore-header": NO_EVIDENCE,
    "error-content-type": NO_EVIDENCE,
    "flows-path-query": Evidence(
        _anything, "S6: ?path=[] gives the whole tree; the parameter may be ignored"
    ),
    "flows-path-bare-id": Evidence(_not_success, "fails (S6); status not recorded"),
    "flows-path-unknown-folder": NO_EVIDENCE,
    "statistics-unknown-flow": NOT_SUCCESS,
    "route-unknown": NO_EVIDENCE,
    "route-trailing-slash": Evidence(_accepted, "works (S7 calls flows/ in production)"),
    "route-double-slash": Evidence(_accepted, "works (S5 sends v1//pages/...)"),
    "keyword-create-activated": NO_EVIDENCE,
    "keyword-update-unknown-keyword": REFUSAL,
    "keyword-update-unknown-flow": REFUSAL,
    "send-params-wrong": Evidence(_bad_request, "400, any body (S6, measured)"),
    "send-unknown-flow": REFUSAL,
    "send-button-limit": Evidence(_anything, "a UI limit: rejection is not asserted"),
    "message-tag-retired": Evidence(_anything, "may fail since 27/04/2026 (S6)"),
}
