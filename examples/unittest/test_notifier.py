"""The notifier against the in-process fake: ``@mock_botcake()`` gives each test a fake of its own."""

from __future__ import annotations

import unittest

from notifier import THANK_YOU_FLOW, Notifier

from mock_botcake.embedded import mock_botcake

THANK_YOU = {"id": THANK_YOU_FLOW, "name": "thank you", "parent_id": None}


@mock_botcake()
class NotifierTest(unittest.TestCase):
    def setUp(self) -> None:
        self.page = self.botcake.add_page(name="Shop", flows=[THANK_YOU])
        self.notifier = Notifier(self.page.page_id, self.page.token)

    def test_a_paid_order_sends_the_thank_you_flow(self) -> None:
        self.assertTrue(self.notifier.order_paid("customer-1", order_id=42))

        self.botcake.assert_flow_sent(psid="customer-1", flow_id=THANK_YOU_FLOW, payload={"order_id": 42})

    def test_a_500_is_tried_again_and_the_flow_is_sent_once(self) -> None:
        self.botcake.add_fault(match={"path": "flows/send_flow"}, action={"status": 500}, times=1)

        self.assertTrue(self.notifier.order_paid("customer-1", order_id=42))

        self.botcake.assert_flow_sent(psid="customer-1", times=1)
        self.assertEqual([entry["status"] for entry in self.botcake.requests], [500, 200])

    def test_a_rotated_token_makes_the_send_fail_and_nothing_is_sent(self) -> None:
        self.botcake.rotate_token(self.page.page_id)

        self.assertFalse(self.notifier.order_paid("customer-1", order_id=42))

        self.botcake.assert_nothing_sent()


if __name__ == "__main__":
    unittest.main()
