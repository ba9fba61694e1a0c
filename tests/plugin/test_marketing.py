"""The handle's marketing assertion: a send_marketing_content found by its message and recipient."""

from __future__ import annotations

import pytest
import requests

from mock_botcake.pytest_plugin import Botcake


@pytest.mark.botcake_seed("demo")
def test_a_marketing_send_is_asserted_by_its_message_and_recipient(botcake: Botcake):
    page = botcake.page("113045297552223")
    requests.post(
        page.url("marketing_messages/send_marketing_content?ad_account_id=act_123456789012345"),
        headers=page.headers,
        json={"marketing_message_id": "120210000000000000", "psid": "42", "message": {"text": "hi"}},
    )
    assert (
        botcake.assert_marketing_sent(psid="42", marketing_message_id="120210000000000000")["kind"]
        == "marketing"
    )
    with pytest.raises(AssertionError, match="marketing_message_id='120210000000000000'"):
        botcake.assert_marketing_sent(marketing_message_id="9")
