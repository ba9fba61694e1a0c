"""A Botcake client, as an application would have it: it knows only its base URL, page id and token."""

from __future__ import annotations

import requests

BOTCAKE = "https://botcake.io/api/public_api/v1"
THANK_YOU_FLOW = 1559


class Notifier:
    def __init__(self, page_id: str, token: str, base_url: str = BOTCAKE, attempts: int = 2) -> None:
        self.page_id, self.token, self.base_url, self.attempts = page_id, token, base_url, attempts

    def order_paid(self, customer_psid: str, order_id: int) -> bool:
        """Send the thank-you flow; a 5xx answer is tried again, up to ``attempts`` times in all."""
        for _ in range(self.attempts):
            answer = requests.post(
                f"{self.base_url}/pages/{self.page_id}/flows/send_flow",
                headers={"access-token": self.token},
                json={"psid": customer_psid, "flow_id": THANK_YOU_FLOW, "payload": {"order_id": order_id}},
                timeout=10,
            )
            if answer.status_code < 500:
                break
        return answer.ok and answer.json().get("success") is True
