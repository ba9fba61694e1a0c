"""The six requests of issue 9, on the demo Messenger page, as every server under test receives them."""

from __future__ import annotations

import json
from dataclasses import dataclass

SHOP = "113045297552223"
API = f"/api/public_api/v1/pages/{SHOP}"


@dataclass(frozen=True)
class Scenario:
    key: str
    method: str
    path: str
    body: str | None = None
    # Each request gets a query parameter of its own (ignored by the API), so no two are the same
    # read: the fake's read cache never answers one, and the figure is what a first read costs.
    fresh_query: bool = False

    @property
    def label(self) -> str:
        return f"{self.method} {self.path.removeprefix(API + '/')}" + (
            "?fresh=<n>" if self.fresh_query else ""
        )

    @property
    def writes(self) -> bool:
        return self.method == "POST"


SEND_CONTENT = {"version": "v2", "content": {"messages": [{"type": "text", "text": "benchmark"}]}}

SCENARIOS = (
    Scenario("keywords", "GET", f"{API}/keywords"),
    Scenario("flows", "GET", f"{API}/flows"),
    Scenario("flows_path", "GET", f"{API}/flows/[1561,1564]"),
    Scenario("keywords_create", "POST", f"{API}/keywords/create"),
    Scenario("send_flow", "POST", f"{API}/flows/send_flow", json.dumps({"psid": "42", "flow_id": 1559})),
    Scenario(
        "send_content", "POST", f"{API}/flows/send_content", json.dumps({"psid": "42", "data": SEND_CONTENT})
    ),
)
KEYWORDS = SCENARIOS[0]
KEYWORDS_CREATE = SCENARIOS[3]
KEYWORDS_FRESH = Scenario("keywords_fresh", "GET", KEYWORDS.path, fresh_query=True)


def demo_token() -> str:
    """The demo shop's access token (the demo seed's tokens are the same on every start)."""
    from mock_botcake.seeds import build_store

    store, _ = build_store("demo")
    return next(page["access_token"] for page in store.list_pages() if page["page_id"] == SHOP)
