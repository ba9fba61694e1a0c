"""The notifier against a live fake over real HTTP: ``serve_botcake()``, one server for the class."""

from __future__ import annotations

import unittest

import requests
from notifier import THANK_YOU_FLOW, Notifier

from mock_botcake.embedded import serve_botcake


class NotifierOverHttpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.botcake = cls.enterClassContext(serve_botcake(seed="demo"))

    def setUp(self) -> None:
        self.botcake.reset()  # back to the demo seed: no sends, no journal, no fault rules
        shop = self.botcake.page("113045297552223")
        self.notifier = Notifier(shop.page_id, shop.token, base_url=self.botcake.base_url)

    def test_a_paid_order_sends_the_flow_over_real_http(self) -> None:
        self.assertTrue(self.notifier.order_paid("customer-1", order_id=7))

        self.botcake.assert_flow_sent(psid="customer-1", flow_id=THANK_YOU_FLOW, payload={"order_id": 7})

    def test_a_dropped_connection_fails_the_send(self) -> None:
        self.botcake.add_fault(match={"path": "flows/send_flow"}, action={"drop_connection": True})

        with self.assertRaises(requests.ConnectionError):
            self.notifier.order_paid("customer-1", order_id=7)

        self.botcake.assert_nothing_sent()


if __name__ == "__main__":
    unittest.main()
