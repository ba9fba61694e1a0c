"""Every place where the fake must guess what the real Botcake does, decided here and only here.

Each constant names the open question of ``docs/botcake-api.md`` section 7 it answers; the same
list, with the evidence, is ``docs/fidelity.md``. Handlers and the store read these values instead of
hard-coding a status or a message, so that changing a guess (say, after a contract run against the real
API shows it wrong) is a one-line edit here.
"""

from __future__ import annotations

from collections.abc import Callable
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

# 7.4 send_flow / send_content validation: S6 measured 400 "your params wrong" for wrong or missing
# parameters. Details are added under "errors" so that clients reading "message" still see the real
# wording. A send with no body at all is missing every parameter: the same refusal (an INFERENCE: the
# body S6 sent was not recorded; open question send-empty-body). Only a body that is there and is not
# JSON gets MALFORMED_JSON below.
PARAMS_WRONG = Refusal(400, "your params wrong")
EMPTY_SEND_BODY = PARAMS_WRONG

# 7.5 and 7.7 A flow that is unknown or removed, named by send_flow's flow_id or keywords/update's
# update.flow_id: one refusal for both, with one detail in "errors" (``store.errors.flow_unavailable``:
# "flow 1569 does not exist or is removed"). The refusal is S6's measured send_flow answer, whose note
# says send_flow "only TRIGGERS an existing flow"; for keywords/update nothing is observed.
# send_content does not check the flow_ids of its buttons and quick replies: they are only followed
# when the customer taps them, and S3's and S8's own examples use flow_id 12345, a placeholder (open
# question send-content-unknown-flow-button). Any non-empty psid is accepted: no subscriber list.
UNKNOWN_OR_REMOVED_FLOW = PARAMS_WRONG

# 7.6 Statistics of an unknown flow id: nothing observed (S7 keeps only 200 answers).
UNKNOWN_FLOW_STATISTICS = Refusal(404, "flow not found")

# 7.7 Keyword create takes no body and makes an empty, inactive keyword; ids grow across the server.
# Update with an unknown keyword or flow: nothing observed.
NEW_KEYWORD_IS_ACTIVATED = False
UNKNOWN_KEYWORD_ON_UPDATE = Refusal(400, "keyword not found")

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
# - get_list_tag is paged by `page` with "max 50 tags per call" (S8's guide): pages count from 1 and a page
#   past the last answers an empty `data`; a `page` that is not a whole number from 1 is refused like
#   other wrong params (nothing observed).
TAGS_PER_PAGE = 50
BAD_PAGE_NUMBER = PARAMS_WRONG


# --- Open questions: what the contract suite asks a target, the fake's answer, what a real one may say --
# The one registry of the open questions. Each has a stable id, used by the contract suite's probes, by the
# drift section of `mock-botcake verify --report`, and by the "Open questions" table of docs/fidelity.md,
# which is generated from this registry (`python -m mock_botcake.contract_tools.docs_tables`). An answer is
# written as the suite records it: "<status> <message>" for a JSON error, "<status> success" for
# `{"success": true, ...}`, or a short word where noted.

ACCEPTED = "200 success"


def answer_text(refusal: Refusal) -> str:
    """A refusal as the contract suite writes down an answer: ``"400 invalid_page_id"``."""
    return f"{refusal.status} {refusal.message}"


@dataclass(frozen=True)
class Acceptance:
    """What a real target may answer to an open question: the test the suite applies, and how it reads."""

    accepts: Callable[[str], bool]
    description: str


def _status(answer: str) -> int | None:
    head = answer.split(" ", 1)[0]
    return int(head) if head.isdigit() else None


def _is_refusal(answer: str) -> bool:
    """Any 4xx, or a 200 that says ``success: false`` (an answer other than ``200 success``)."""
    status = _status(answer)
    return status is not None and (400 <= status < 500 or (status == 200 and answer != ACCEPTED))


def _is_not_success(answer: str) -> bool:
    return _status(answer) is not None and answer != ACCEPTED


def _is_anything(answer: str) -> bool:
    return True


def _is_success(answer: str) -> bool:
    return answer == ACCEPTED


def _is_bad_request(answer: str) -> bool:
    return _status(answer) == 400


ANY_REFUSAL = Acceptance(_is_refusal, "any 4xx, or 200 with success false")
ANY_FAILURE = Acceptance(_is_not_success, "any answer but success")
ANY_ANSWER = Acceptance(_is_anything, "any answer")
SUCCESS = Acceptance(_is_success, "success")
BAD_REQUEST = Acceptance(_is_bad_request, "400, any body")


@dataclass(frozen=True)
class OpenQuestion:
    """Something the real API's behaviour is unknown for.

    ``section`` is the item of docs/botcake-api.md section 7 it belongs to, ``evidence`` what the sources
    (ids of that file's section 0) say, ``fake_answer`` what the fake does, and ``real_target`` what any
    other target may answer and still pass.
    """

    id: str
    section: str
    summary: str
    evidence: str
    fake_answer: str
    real_target: Acceptance


OPEN_QUESTIONS: dict[str, OpenQuestion] = {
    question.id: question
    for question in (
        OpenQuestion(
            "token-missing",
            "7.1",
            "no access-token header",
            "a token only in the query string gets 400 (S6); a bad token gets a non-2xx (S7)",
            answer_text(MISSING_TOKEN),
            ANY_REFUSAL,
        ),
        OpenQuestion(
            "token-in-query",
            "7.1",
            "token only in the query string (?access_token=)",
            "400, measured (S6)",
            answer_text(TOKEN_IN_QUERY),
            BAD_REQUEST,
        ),
        OpenQuestion(
            "token-unknown",
            "7.1",
            "an unknown or forged token",
            "a non-2xx, as S7's token check assumes",
            answer_text(UNKNOWN_TOKEN),
            ANY_REFUSAL,
        ),
        OpenQuestion(
            "token-other-page",
            "7.1",
            "a valid token with another page id in the URL",
            "message invalid_page_id, status not recorded (S7)",
            answer_text(TOKEN_FOR_OTHER_PAGE),
            ANY_REFUSAL,
        ),
        OpenQuestion(
            "token-underscore-header",
            "7.2",
            "the token in an access_token (underscore) header",
            "no client sends it; nginx-style proxies drop such headers",
            answer_text(MISSING_TOKEN),
            ANY_ANSWER,
        ),
        OpenQuestion(
            "error-content-type",
            "7.16",
            "the Content-Type of an error answer",
            "S8 decodes a body only when it is application/json",
            "application/json",
            ANY_ANSWER,
        ),
        OpenQuestion(
            "flows-path-query",
            "7.3",
            "GET flows?path=[folder]: the folder's children, the whole tree, or an error",
            "?path=[] gives the whole tree (S6): the parameter may be ignored",
            "children",
            ANY_ANSWER,
        ),
        OpenQuestion(
            "flows-path-bare-id",
            "7.3",
            "GET flows/{a bare flow id}",
            "fails, status not recorded (S6)",
            answer_text(BAD_FLOW_PATH),
            ANY_FAILURE,
        ),
        OpenQuestion(
            "flows-path-unknown-folder",
            "7.3",
            "GET flows/[an unknown folder id]",
            "nothing observed",
            answer_text(BAD_FLOW_PATH),
            ANY_ANSWER,
        ),
        OpenQuestion(
            "statistics-unknown-flow",
            "7.6",
            "GET flows/{unknown id}/statistics",
            "nothing observed; S7 keeps only 200 answers",
            answer_text(UNKNOWN_FLOW_STATISTICS),
            ANY_FAILURE,
        ),
        OpenQuestion(
            "route-unknown",
            "7.13",
            "GET ketwords (the misspelt route of S2)",
            "only S2 spells it so; S1, S4 and S5 use keywords",
            answer_text(UNKNOWN_ROUTE),
            ANY_ANSWER,
        ),
        OpenQuestion(
            "route-trailing-slash",
            "7.13",
            "GET flows/ (a trailing slash)",
            "works: S7 calls flows/ in production",
            ACCEPTED,
            SUCCESS,
        ),
        OpenQuestion(
            "route-double-slash",
            "7.13",
            "GET v1//pages/{page_id}/flows (a doubled slash)",
            "works: S5 sends v1//pages/...",
            ACCEPTED,
            SUCCESS,
        ),
        OpenQuestion(
            "keyword-create-activated",
            "7.7",
            "is_activated of a new keyword in GET keywords",
            "nothing observed (S4's create example has no is_activated)",
            str(NEW_KEYWORD_IS_ACTIVATED).lower(),
            ANY_ANSWER,
        ),
        OpenQuestion(
            "keyword-update-unknown-keyword",
            "7.7",
            "keywords/update of an unknown keyword_id",
            "nothing observed",
            answer_text(UNKNOWN_KEYWORD_ON_UPDATE),
            ANY_REFUSAL,
        ),
        OpenQuestion(
            "keyword-update-unknown-flow",
            "7.7",
            "keywords/update to an unknown flow_id",
            "nothing observed; refused as send_flow refuses an unknown or removed flow (7.5)",
            answer_text(UNKNOWN_OR_REMOVED_FLOW),
            ANY_REFUSAL,
        ),
        OpenQuestion(
            "send-params-wrong",
            "7.4",
            "send_flow without flow_id",
            '400 with the text "your params wrong", body shape not recorded (S6)',
            answer_text(PARAMS_WRONG),
            BAD_REQUEST,
        ),
        OpenQuestion(
            "send-empty-body",
            "7.4",
            "send_flow with no body at all",
            'wrong or missing parameters get 400 "your params wrong" (S6; the body sent was not recorded)',
            answer_text(EMPTY_SEND_BODY),
            BAD_REQUEST,
        ),
        OpenQuestion(
            "send-unknown-flow",
            "7.5",
            "send_flow of an unknown flow_id",
            'nothing observed; S6: send_flow "only TRIGGERS an existing flow"',
            answer_text(UNKNOWN_OR_REMOVED_FLOW),
            ANY_REFUSAL,
        ),
        OpenQuestion(
            "send-removed-flow",
            "7.5",
            "send_flow of a removed flow (is_removed: true in GET flows)",
            "nothing observed; a removed flow is still listed (7.9)",
            answer_text(UNKNOWN_OR_REMOVED_FLOW),
            ANY_ANSWER,
        ),
        OpenQuestion(
            "send-content-unknown-flow-button",
            "7.5",
            "send_content with a flow button whose flow_id is not a flow of the page",
            "nothing observed; S3's and S8's examples use flow_id 12345, a placeholder",
            ACCEPTED,
            ANY_ANSWER,
        ),
        OpenQuestion(
            "send-button-limit",
            "7.12",
            "send_content with 4 buttons on one message",
            "3 buttons is a limit of the UI; whether the API checks it is unknown",
            answer_text(PARAMS_WRONG),
            ANY_ANSWER,
        ),
        OpenQuestion(
            "message-tag-retired",
            "7.11",
            "send_content with message_tag POST_PURCHASE_UPDATE",
            "retired by Meta on 27/04/2026: may fail with error code 100 (S6)",
            ACCEPTED,
            ANY_ANSWER,
        ),
    )
}


# --- docs/fidelity.md's table of open questions, generated from the registry above --------------------


# --- Accounts (integration_page) and marketing messages (issue 19, group h19c) ------------------------
# Accounts: GET /integration_page/list_page_id and POST /integration_page/list_access_token (S4), also
# spelt /integration_page/{fb_id}/list_page_id and /integration_page/list_access_token/{fb_id} (S13), all
# under the API base, with header user-access-token (S4) instead of a page's access-token.
# - A missing user-access-token is refused like a missing page token, an unknown one like an unknown page
#   token (statuses by analogy with 7.1; nothing observed for this header).
MISSING_USER_TOKEN = Refusal(400, "user-access-token header is required")
UNKNOWN_USER_TOKEN = Refusal(401, "invalid user-access-token")
# - S13's {fb_id} segment: S13 passes an id (named fbPageId, or FB_ID, in its revisions) and reads back
#   every page's token, not one page's; S4 says of user-access-token "Identifies the user; no fb_id
#   needed". So the segment is any id-like text and is ignored: the account is the one the
#   user-access-token names (GUESS; a wrong fb_id is not refused).
# - 200 page ids a page, pages counted from 1 (S4: "1-based page number (200 per page)", default 1; S13
#   pages "while a page returns 200 ids"); a page 0 is refused as wrong params, like get_list_tag's
#   (nothing observed).
#   The same page size for list_access_token (GUESS: S4 gives `page` with no size).
ACCOUNT_PAGES_PER_PAGE = 200
# - list_access_token's query page_id narrows the list to that page (GUESS from the parameter's name);
#   a page the account does not hold gives an empty list, not a refusal (GUESS).
# - public_token is the page's current access-token: a rotated token shows at once (S13 reads the pages'
#   customers with it).
# - Both answer bare arrays (S4's examples; S13 reads "a top-level array").
# - POST /_mock/accounts refuses a page id that is no page of the fake (the fake's own rule: it could
#   not give that page's public_token).
# The questions a contract run with --user-token asks of a real target.
OPEN_QUESTIONS.update(
    {
        question.id: question
        for question in (
            OpenQuestion(
                "account-token-missing",
                "7.1",
                "integration_page/list_page_id without a user-access-token header",
                "nothing observed; a request without its page token is refused (S6)",
                answer_text(MISSING_USER_TOKEN),
                ANY_REFUSAL,
            ),
            OpenQuestion(
                "account-token-unknown",
                "7.1",
                "integration_page/list_page_id with an unknown user-access-token",
                "nothing observed; a bad page token gets a non-2xx (S7)",
                answer_text(UNKNOWN_USER_TOKEN),
                ANY_REFUSAL,
            ),
            OpenQuestion(
                "account-fb-id-path",
                "4",
                "GET integration_page/{fb_id}/list_page_id (S13's form) with an arbitrary fb_id",
                "S13 calls it with its own id; S4 has no such segment; what another id gives is unknown",
                "200 application/json",
                ANY_ANSWER,
            ),
        )
    }
)

# Marketing messages (S4's marketing_messages/ endpoints, Meta's Marketing Messages API behind them): the
# shapes are S4's examples; S4 documents a missing message and a missing name as HTTP 200 with
# `success: false`, so those are refusals of status 200 (and the OpenAPI document's 200 answers are
# "success or this refusal"). The rest are guesses:
MESSAGE_NOT_FOUND = Refusal(200, "Message not found")  # S4: GET, and by analogy DELETE, PUT status, sends
AUDIENCE_NAME_REQUIRED = Refusal(200, "name is required")  # S4: POST custom_audiences without a name
# - An ad_account_id that is not one of the page's ad accounts: S4's convention (GUESS on the wording).
AD_ACCOUNT_NOT_FOUND = Refusal(200, "Ad account not found")
# - A missing ad_account_id, another malformed query, or a malformed body (but a custom audience's name):
#   400 "your params wrong", like every other wrong parameter (nothing observed).
# - Messages and audiences are listed newest first (S4), so a seed lists them oldest first. A page of
#   messages is `limit` long (default 25, at most 100, S4) and `cursor_after` is the base64 of the next
#   offset (S4's "MjU=" is "25"), null after the last; `filter` is accepted and ignored. Custom audiences
#   are paged by `page` (from 1) and `page_size` (default 25, S4; at most 100, GUESS); `search_term`
#   matches id, name or description case-insensitively (S4).
MARKETING_MESSAGES_PER_PAGE_MAX = 100
# - POST messages makes a FREEFORM message with status IN_PROCESS (S4), its budget x 100 (S4's example
#   answers 5000000 for 50000: "converted to fractional units"), name "Marketing Message" by default,
#   start now and end 30 days later unless given (S4), the ad account's currency; new ids are the
#   largest id on the server + 1. PUT status stores new_status and answers IN_PROCESS (S4: "while Meta
#   applies the change"). DELETE removes the message. The sync_from_meta endpoints change nothing: the
#   fake has no Meta.
NEW_MARKETING_MESSAGE_STATUS = "IN_PROCESS"
MARKETING_BUDGET_FACTOR = 100
# - send_marketing_content is recorded like the other sends (kind "marketing"; psid: the psid, or else
#   the subscription_token; data: the whole body) and answers a made-up Meta message_id. Its message must
#   be one of the ad account's (else "Message not found"); its status is not checked (nothing observed).
OPEN_QUESTIONS.update(
    {
        question.id: question
        for question in (
            OpenQuestion(
                "marketing-unknown-message",
                "4",
                "GET marketing_messages/messages/{an unknown id} of one of the page's ad accounts",
                'HTTP 200 {"success": false, "message": "Message not found"} (S4, documented)',
                answer_text(MESSAGE_NOT_FOUND),
                ANY_REFUSAL,
            ),
            OpenQuestion(
                "marketing-unknown-ad-account",
                "4",
                "GET marketing_messages/messages with an ad_account_id that is not the page's",
                "nothing observed (S4 requires ad_account_id)",
                answer_text(AD_ACCOUNT_NOT_FOUND),
                ANY_ANSWER,
            ),
            OpenQuestion(
                "marketing-audience-without-name",
                "4",
                "POST marketing_messages/custom_audiences without a name (asked with --allow-writes)",
                'HTTP 200 {"success": false, "message": "name is required"} (S4, documented)',
                answer_text(AUDIENCE_NAME_REQUIRED),
                ANY_REFUSAL,
            ),
        )
    }
)
