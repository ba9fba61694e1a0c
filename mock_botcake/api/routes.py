"""The API's operation group: every route of the Botcake API sits under the page prefix, behind the
page-token check of ``auth.py``. Handler modules declare their operations on ``api``."""

from __future__ import annotations

from .. import fidelity
from ..store import BadFlowPath
from ..web.operations import OperationGroup, SecurityScheme
from ..wire.urls import PAGE_PREFIX
from .auth import require_page_token

# What every API operation can refuse before its handler runs, and what a route that is not there
# answers: documented for each operation of the group (mock_botcake.contract_tools.openapi).
TOKEN_REFUSALS = {
    fidelity.MISSING_TOKEN: "no `access-token` header",
    fidelity.TOKEN_IN_QUERY: "a token in the query string",
    fidelity.TOKEN_FOR_OTHER_PAGE: "a valid token of another page",
    fidelity.UNKNOWN_TOKEN: "the token is no page's current token",
    fidelity.UNKNOWN_ROUTE: "no such route, e.g. a path segment holding an encoded `/` or an id too large "
    "for 64 bits",
}

api = OperationGroup(
    "api",
    PAGE_PREFIX,
    store_errors={BadFlowPath: fidelity.BAD_FLOW_PATH},
    before_request=require_page_token,
    security=SecurityScheme(
        "accessToken", "access-token", "The page's token (a JWT in Botcake); it opens that page only."
    ),
    guard_refusals=TOKEN_REFUSALS,
)
