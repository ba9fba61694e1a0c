"""Every place where the fake must guess what the real Botcake does, decided here and only here.

Each constant names the open question of ``shared/botcake-api.md`` section 7 it answers; the same
list, with the evidence, is ``docs/fidelity.md``. Handlers and the store read these values instead of
hard-coding a status or a message, so that changing a guess (say, after a contract run against the real
API shows it wrong) is a one-line edit here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    """An HTTP status and the ``message`` of the ``{"success": false, "message": ...}`` body."""

    status: int
    message: str


# 7.1 Missing or invalid access-token. Measured: a token only in the query string -> 400 (S6).
# Seen: a token of another page -> message "invalid_page_id" (S7), status unknown.
MISSING_TOKEN = Refusal(400, "access-token header is required")
TOKEN_IN_QUERY = Refusal(400, "access token must be sent in the access-token header, not the query string")
UNKNOWN_TOKEN = Refusal(401, "invalid access-token")
TOKEN_FOR_OTHER_PAGE = Refusal(400, "invalid_page_id")

# 7.2 An `access_token` (underscore) header: no client sends it, and WSGI servers (waitress,
# gunicorn) drop headers with underscores, as nginx-style proxies do. It is treated as missing: every
# way into the fake builds its environ with web/environ.py, which drops them (serve's RSGI bridge on
# granian included: granian's own WSGI environ would read it as `access-token`).

# 7.3 Flows by path: /flows/[a,b] (raw or percent-encoded) and /flows?path=[a,b] both work; a malformed
# path, a bare id (/flows/1561, which S6 saw fail), an unknown folder or a broken chain is refused.
BAD_FLOW_PATH = Refusal(400, "invalid path")

# 7.4 send_flow / send_content validation: S6 measured 400 "your params wrong". Details are added
# under "errors" so that clients reading "message" still see the real wording.
PARAMS_WRONG = Refusal(400, "your params wrong")

# 7.5 Sending a flow that is unknown or removed: nothing observed; refused like other bad params.
# Any non-empty psid is accepted: the fake keeps no subscriber list.
UNKNOWN_FLOW_ON_SEND = PARAMS_WRONG

# 7.6 Statistics of an unknown flow id: nothing observed (S7 keeps only 200 answers).
UNKNOWN_FLOW_STATISTICS = Refusal(404, "flow not found")

# 7.7 Keyword create takes no body and makes an empty, inactive keyword; ids grow across the server.
# Update with an unknown keyword or flow: nothing observed.
NEW_KEYWORD_IS_ACTIVATED = False
UNKNOWN_KEYWORD_ON_UPDATE = Refusal(400, "keyword not found")
UNKNOWN_FLOW_ON_UPDATE = Refusal(400, "flow not found")

# 7.9 Flows list: both `folders` and `is_removed` always present; removed flows stay listed.
# 7.10 Item order: insertion order (seed order, then creation), so a pasted real response reads back
# exactly as recorded; the contract suite never asserts order against the real API.

# 7.11 message_tag: any non-empty string (Meta retired three of the four tags on 27/04/2026, S6).
# 7.12 Content limits: 10 messages, 11 quick replies, 5 actions (S3), and 3 buttons per message
# (Messenger's template limit; a GUESS that the API checks it). These live in the JSON Schema
# contracts/schemas/dynamic_block.json, the single source of truth for the wire format.

# 7.13 Routing: trailing slash and doubled slashes are accepted (S7, S5); unknown routes -> 404, and so
# are wrong methods on API routes, as S6 measured ("POST/PUT/PATCH/DELETE /keywords -> 404").
UNKNOWN_ROUTE = Refusal(404, "not found")
WRONG_METHOD_ON_API = Refusal(404, "not found")

# 7.15 Rate limits: none known, so none applied.
# 7.16 Every response, errors included, is application/json (S8 decodes JSON only then).

# Not in section 7, but still choices the fake makes:
# - Request bodies are read as JSON whatever their Content-Type (curl -d sends form-urlencoded).
MALFORMED_JSON = Refusal(400, "request body is not valid JSON")
BODY_TOO_LARGE = Refusal(413, "request body is too large")
MAX_BODY_BYTES = 1024 * 1024
# - A send_flow counts in the flow's `sent` statistic; delivery, seen and clicks stay as seeded,
#   since no real customer receives anything.


# --- Open questions: what the contract suite asks a target, and the fake's own answer ------------
# Every question has a stable id, used by the contract suite's observations, by the drift section of
# `mock-botcake verify --report`, and by the "Open questions" table of docs/fidelity.md (a test keeps
# that table and this one in step). An answer is written as the suite records it: "<status> <message>"
# for a JSON error, "<status> success" for `{"success": true, ...}`, or a short word where noted.


@dataclass(frozen=True)
class OpenQuestion:
    """Something the real API's behaviour is unknown for; ``fake_answer`` is what the fake does."""

    id: str
    section: str
    summary: str
    fake_answer: str


def answer_text(refusal: Refusal) -> str:
    """A refusal as the contract suite writes down an answer: ``"400 invalid_page_id"``."""
    return f"{refusal.status} {refusal.message}"


ACCEPTED = "200 success"

OPEN_QUESTIONS: dict[str, OpenQuestion] = {
    question.id: question
    for question in (
        OpenQuestion("token-missing", "7.1", "no access-token header", answer_text(MISSING_TOKEN)),
        OpenQuestion(
            "token-in-query",
            "7.1",
            "token only in the query string (?access_token=)",
            answer_text(TOKEN_IN_QUERY),
        ),
        OpenQuestion("token-unknown", "7.1", "an unknown or forged token", answer_text(UNKNOWN_TOKEN)),
        OpenQuestion(
            "token-other-page",
            "7.1",
            "a valid token with another page id in the URL",
            answer_text(TOKEN_FOR_OTHER_PAGE),
        ),
        OpenQuestion(
            "token-underscore-header",
            "7.2",
            "the token in an access_token (underscore) header",
            answer_text(MISSING_TOKEN),
        ),
        OpenQuestion("error-content-type", "7.16", "the Content-Type of an error answer", "application/json"),
        OpenQuestion(
            "flows-path-query",
            "7.3",
            "GET flows?path=[folder]: the folder's children, the whole tree, or an error",
            "children",
        ),
        OpenQuestion("flows-path-bare-id", "7.3", "GET flows/{a bare flow id}", answer_text(BAD_FLOW_PATH)),
        OpenQuestion(
            "flows-path-unknown-folder", "7.3", "GET flows/[an unknown folder id]", answer_text(BAD_FLOW_PATH)
        ),
        OpenQuestion(
            "statistics-unknown-flow",
            "7.6",
            "GET flows/{unknown id}/statistics",
            answer_text(UNKNOWN_FLOW_STATISTICS),
        ),
        OpenQuestion(
            "route-unknown", "7.13", "GET ketwords (the misspelt route of S2)", answer_text(UNKNOWN_ROUTE)
        ),
        OpenQuestion("route-trailing-slash", "7.13", "GET flows/ (a trailing slash)", ACCEPTED),
        OpenQuestion(
            "route-double-slash", "7.13", "GET v1//pages/{page_id}/flows (a doubled slash)", ACCEPTED
        ),
        OpenQuestion(
            "keyword-create-activated",
            "7.7",
            "is_activated of a new keyword in GET keywords",
            str(NEW_KEYWORD_IS_ACTIVATED).lower(),
        ),
        OpenQuestion(
            "keyword-update-unknown-keyword",
            "7.7",
            "keywords/update of an unknown keyword_id",
            answer_text(UNKNOWN_KEYWORD_ON_UPDATE),
        ),
        OpenQuestion(
            "keyword-update-unknown-flow",
            "7.7",
            "keywords/update to an unknown flow_id",
            answer_text(UNKNOWN_FLOW_ON_UPDATE),
        ),
        OpenQuestion("send-params-wrong", "7.4", "send_flow without flow_id", answer_text(PARAMS_WRONG)),
        OpenQuestion(
            "send-unknown-flow", "7.5", "send_flow of an unknown flow_id", answer_text(UNKNOWN_FLOW_ON_SEND)
        ),
        OpenQuestion(
            "send-button-limit",
            "7.12",
            "send_content with 4 buttons on one message",
            answer_text(PARAMS_WRONG),
        ),
        OpenQuestion(
            "message-tag-retired", "7.11", "send_content with message_tag POST_PURCHASE_UPDATE", ACCEPTED
        ),
    )
}
