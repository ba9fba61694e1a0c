"""What the embedded tests share: whether ``requests`` is routed anywhere, and a flow page's seed."""

from __future__ import annotations

import requests.adapters

# requests' own transport, before any test started a fake: responses replaces it while it is active.
REAL_SEND = requests.adapters.HTTPAdapter.send

FLOW = {"id": 1559, "name": "thank you", "parent_id": None}


def requests_is_routed() -> bool:
    """Whether ``requests``' transport is patched (by responses) rather than its own."""
    return requests.adapters.HTTPAdapter.send is not REAL_SEND


def send_flow(page, psid: str = "c-1", flow_id: int = FLOW["id"]) -> requests.Response:
    body = {"psid": psid, "flow_id": flow_id}
    return requests.post(page.url("flows/send_flow"), headers=page.headers, json=body, timeout=10)
