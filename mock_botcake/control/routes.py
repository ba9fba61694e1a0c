"""The control plane's operation group: everything under ``/_mock``, the test's own side of the fake.

No page token here; with ``serve --admin-token`` every operation declared ``admin=True`` (all but
health) needs the admin token (``control/admin.py``). Refusals use the API's error shape.
"""

from __future__ import annotations

from ..fidelity import Refusal
from ..store import InvalidSeed, PageExists, PageNotFound
from ..web.operations import OperationGroup
from ..wire.urls import CONTROL_PREFIX

PAGE_NOT_FOUND = Refusal(404, "page not found")
PAGE_EXISTS = Refusal(409, "page already exists")
BAD_QUERY = Refusal(400, "invalid query parameter")
# What is wrong goes in "errors", one problem each, as for a fault rule or a query.
INVALID_SEED = Refusal(400, "invalid seed")
INVALID_STATE = Refusal(400, "invalid state")

control = OperationGroup(
    "control",
    CONTROL_PREFIX,
    tag="control plane",
    store_errors={PageNotFound: PAGE_NOT_FOUND, PageExists: PAGE_EXISTS, InvalidSeed: INVALID_SEED},
    bad_query=BAD_QUERY,
)
