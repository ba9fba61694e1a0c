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


# --- Customers, custom fields and tag statistics (issue 19) -------------------------------------------
# GET customer, GET/POST customer/{psid}/customer_fields, GET custom_fields,
# GET custom_field/{id}/get_customers_field, GET get_tag_statistic, and how sends change customers.

# GET customer: S4 says of `page` "The size of each page (maximum 100)", yet S13 reads `?page=1` and
# counts the answer as the page's customers, which only makes sense if `page` is a page number. So
# `page` is a page number from 1 (the default, as for get_list_tag) and a page holds at most 100
# customers (S4's "maximum 100" read as the page size); a page past the last answers `[]`.
CUSTOMERS_PER_PAGE = 100

# GET custom_fields: "50 per call" (S4). S7's production client walks ?page=0,1,2,... until a page is
# empty or brings no new ids, so pages count from 0 (the default): page 0 is the first 50 fields,
# page 1 the next 50. Had pages counted from 1 with 0 read as 1, S7 would stop after the first 50.
CUSTOM_FIELDS_PER_PAGE = 50
CUSTOM_FIELDS_FIRST_PAGE = 0

# GET custom_field/{id}/get_customers_field: S4 names `page` and nothing else. Pages count from 1, as
# for GET customer, and hold as many customers as its pages do.
CUSTOMERS_FIELD_PER_PAGE = CUSTOMERS_PER_PAGE

# An unknown psid on GET or POST customer/{psid}/customer_fields, and an unknown custom field id in
# the path of get_customers_field: nothing observed. 404 in the API's error shape (as an unknown flow's
# statistics, 7.6); nothing changes.
UNKNOWN_CUSTOMER = Refusal(404, "customer not found")
UNKNOWN_CUSTOM_FIELD = Refusal(404, "custom field not found")

# POST customer_fields' body: S4 documents {"data": [{"id": "<string>", "value": "<string>"}]} with
# uniqueItems; S7 sends the id as PHP gives it (an integer). An id is therefore a string of digits or
# an integer, a value a string, number or boolean (as send_content's action_value may be), stored as
# the string GET customer_fields answers (true -> "true", 7 -> "7"; S4's values are all strings).
# A field id that is not a custom field of the page, or one named twice, refuses the whole body:
# 400 "your params wrong" with the field named in `errors` (nothing observed), nothing changes. An
# empty `data` changes nothing and succeeds.
BAD_CUSTOMER_FIELDS = PARAMS_WRONG

# A send_flow or send_content accepted for a psid makes that customer known to the page: it is listed
# by GET customer from then on, with an empty full_name and no phone numbers (the fake has no
# Messenger profile to read them from) and an id derived from the page and psid (a uuid5, stable
# across exports). A seeded customer without an `id` gets the same derived id.
NEW_CUSTOMER_FULL_NAME = ""

# send_content's `content.actions` apply to the customer when the send is accepted (S3: add_tag,
# set_custom_field; remove_tag is a GUESS already in 7.12): add_tag puts a tag of the page on the
# customer (again: no change), remove_tag takes it off, set_custom_field sets a custom field of the
# page to action_value as a string. An action naming a tag or field the page does not have is
# ignored, the send still accepted: send_content does not check the ids it carries (7.5; S3's own
# example uses tag_id 12345, a placeholder). Actions on buttons and quick replies are not applied:
# they run only when the customer taps.

# GET get_tag_statistic: S4's only example is {"success": true, "data": [null]}, so the item shape is
# unknown. S8 normalises tags read from Botcake from `id`/`tag_id` and `name`/`tag_name`, the only
# evidence of key names. The fake answers one item per tag of the page, in the tags' order, 50 a page
# from 1 (as get_list_tag): {"tag_id", "tag_name", "count"}, where count is the number of customers
# who carry the tag now and were tagged within [start_date, end_date] (unix seconds, both included).
# A tag put on by send_content is timed when the send is accepted; a seeded tag is timed by the
# customer's `tagged_at` ({tag_id: unix seconds}) or, without one, counts in every window. The
# schema also admits S4's `null` items, so a real answer passes. Missing start_date or end_date (both
# required by S4) is 400 "your params wrong"; an end before the start is an empty window (counts of 0).
TAG_STATISTIC_PER_PAGE = TAGS_PER_PAGE
BAD_TAG_STATISTIC_QUERY = PARAMS_WRONG

OPEN_QUESTIONS.update(
    {
        question.id: question
        for question in (
            OpenQuestion(
                "customers-unknown-psid",
                "7.5",
                "GET customer/{an unknown psid}/customer_fields",
                "nothing observed",
                answer_text(UNKNOWN_CUSTOMER),
                ANY_ANSWER,
            ),
            OpenQuestion(
                "custom-fields-page-zero",
                "4",
                "GET custom_fields?page=0: the first page",
                "S7 walks custom_fields from page 0 until a page is empty or brings no new ids",
                ACCEPTED,
                ANY_ANSWER,
            ),
            OpenQuestion(
                "get-customers-field-unknown-field",
                "4",
                "GET custom_field/{an unknown id}/get_customers_field",
                "nothing observed",
                answer_text(UNKNOWN_CUSTOM_FIELD),
                ANY_ANSWER,
            ),
            OpenQuestion(
                "tag-statistic-without-dates",
                "4",
                "GET get_tag_statistic without start_date and end_date",
                "S4 marks both required",
                answer_text(BAD_TAG_STATISTIC_QUERY),
                ANY_ANSWER,
            ),
            OpenQuestion(
                "customer-fields-unknown-field",
                "4",
                "POST customer/{psid}/customer_fields naming a field id the page does not have",
                "nothing observed; S7 reads message on a failure",
                answer_text(BAD_CUSTOMER_FIELDS),
                ANY_ANSWER,
            ),
        )
    }
)


# --- Sequences, broadcasts and WhatsApp (templates, media): issue 19 ------------------------------------
# Shapes from S4's examples (contracts/schemas/responses/sequence*.json, broadcast_statistic.json,
# message_templates.json, upload_media.json, retrieve_media_url.json); S7 reads sequences and their
# statistics in production. Nothing else about these endpoints is observed, so:
# - A sequence or a message of one that does not exist: nothing observed (S7 keeps only 200 answers);
#   refused as an unknown flow's statistics are (7.6). Non-numeric ids are unknown routes (404).
UNKNOWN_SEQUENCE = Refusal(404, "sequence not found")
UNKNOWN_SEQUENCE_MESSAGE = Refusal(404, "message not found")
# - An invalid or unknown broadcast id: HTTP 200 with success false and this message (S4, documented:
#   "An invalid or non-existent broadcast_id returns HTTP 200"). Any text is an id the URL may carry.
INVALID_BROADCAST = Refusal(200, "Invalid broadcast_id")
# - GET message_templates lists the templates of one status, APPROVED unless `status` says (S4's
#   default, in requests/message_templates_query.json); a status no template has lists none. GET
#   message_templates/sync asks Meta for the account's templates in Botcake and answers them: the fake has
#   no Meta, so it answers the templates as seeded, of every status (GUESS), and changes nothing.
# - upload_media takes multipart/form-data (S4: content_type and file, both required); anything else,
#   a missing field or an empty file is refused like other wrong params. The file is kept (its bytes
#   in the state, base64 in the state export) and its attachment_id is a string of digits (S4); ids
#   grow across the server from S4's example id, so the first upload of a fresh fake answers it.
BAD_UPLOAD = PARAMS_WRONG
FIRST_ATTACHMENT_ID = 3028531777340972
LARGEST_ATTACHMENT_ID = 10**18 - 1  # 18 digits: the fake keeps attachment ids as 64-bit integers
# - retrieve_media_url of an id upload_media did not give to this page: HTTP 200 and success false,
#   S4's only example ({"success": false}); the fake adds a message, as every refusal of it has one.
#   An id it gave answers success and a `url` where the file can be read back (GUESS: S4 shows no
#   success body): the control plane's GET /_mock/pages/{page_id}/media/{media_id}. `mime_type` is
#   required (S4) and not compared with the upload's content_type (nothing observed).
UNKNOWN_MEDIA = Refusal(200, "media not found")


def _is_refusal_with_200(answer: str) -> bool:
    return _status(answer) == 200 and answer != ACCEPTED


REFUSAL_WITH_200 = Acceptance(_is_refusal_with_200, "200 with success false")

OPEN_QUESTIONS.update(
    {
        question.id: question
        for question in (
            OpenQuestion(
                "sequence-statistics-unknown",
                "4",
                "GET sequences/{unknown id}/statistics",
                "nothing observed; S7 keeps only 200 answers",
                answer_text(UNKNOWN_SEQUENCE),
                ANY_ANSWER,
            ),
            OpenQuestion(
                "broadcast-statistic-unknown",
                "4",
                "GET broadcasts/{unknown id}/statistic",
                'HTTP 200 {"success": false, "message": "Invalid broadcast_id"} (S4, documented)',
                answer_text(INVALID_BROADCAST),
                REFUSAL_WITH_200,
            ),
            OpenQuestion(
                "message-templates-unknown-status",
                "4",
                "GET message_templates?status= a status no template has",
                "nothing observed; S4: status defaults to APPROVED",
                ACCEPTED,
                ANY_ANSWER,
            ),
            OpenQuestion(
                "retrieve-media-unknown",
                "4",
                "GET retrieve_media_url of a media_id that was never uploaded",
                'HTTP 200 {"success": false}, S4\'s only example',
                answer_text(UNKNOWN_MEDIA),
                REFUSAL_WITH_200,
            ),
        )
    }
)


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
