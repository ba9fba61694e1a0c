"""Marketing messages (marketing_messages/): reads by default, on the page's first ad account; the one
write (an audience without a name, refused) only with --allow-writes, the send only with --allow-sends."""

from __future__ import annotations

from typing import Any

import pytest

from mock_botcake.contracts.suite.expect import answer_of, conforming
from mock_botcake.contracts.suite.plugin import Probe
from mock_botcake.contracts.suite.target import Target

AD_ACCOUNTS = "GET marketing_messages/ad_accounts"
MESSAGES = "GET marketing_messages/messages"
# An id no Meta message has (Meta's ids are 15 to 18 digits).
UNKNOWN_MESSAGE_ID = "1"


@pytest.fixture(scope="module")
def ad_account_id(target: Target) -> str:
    """The page's first ad account; the tests that need one are skipped on a page without any."""
    answer = target.get("marketing_messages/ad_accounts")
    accounts = conforming(answer, AD_ACCOUNTS, "responses/marketing_ad_accounts")["ad_accounts"]
    if not accounts:
        pytest.skip("the page has no ad account for marketing messages")
    return accounts[0]["id"]


def in_account(ad_account_id: str, **more: Any) -> dict[str, Any]:
    return {"ad_account_id": ad_account_id, **more}


@pytest.mark.endpoint(AD_ACCOUNTS)
def test_ad_accounts_fit_the_schema(target: Target) -> None:
    conforming(target.get("marketing_messages/ad_accounts"), AD_ACCOUNTS, "responses/marketing_ad_accounts")


@pytest.mark.endpoint(MESSAGES)
def test_messages_fit_the_schema(target: Target, ad_account_id: str) -> None:
    answer = target.get("marketing_messages/messages", params=in_account(ad_account_id, limit=5))
    conforming(answer, MESSAGES, "responses/marketing_messages")


@pytest.mark.endpoint("GET marketing_messages/messages/{message_id}")
def test_each_listed_message_reads_back_alone(target: Target, ad_account_id: str) -> None:
    listed = conforming(
        target.get("marketing_messages/messages", params=in_account(ad_account_id, limit=2)),
        MESSAGES,
        "responses/marketing_messages",
    )["messages"]
    if not listed:
        pytest.skip("the ad account has no marketing messages")
    message_id = listed[0]["id"]
    answer = target.get(f"marketing_messages/messages/{message_id}", params=in_account(ad_account_id))
    one = conforming(answer, "GET marketing_messages/messages/{message_id}", "responses/marketing_message")
    assert one["message"]["id"] == message_id


@pytest.mark.endpoint("GET marketing_messages/messages/{message_id}")
def test_an_unknown_message_is_refused(target: Target, ad_account_id: str, probe: Probe) -> None:
    answer = target.get(f"marketing_messages/messages/{UNKNOWN_MESSAGE_ID}", params=in_account(ad_account_id))
    probe("marketing-unknown-message", answer_of(answer))


@pytest.mark.endpoint(MESSAGES)
def test_an_ad_account_the_page_lacks_is_recorded(target: Target, probe: Probe) -> None:
    answer = target.get("marketing_messages/messages", params={"ad_account_id": "act_1"})
    probe("marketing-unknown-ad-account", answer_of(answer))


@pytest.mark.endpoint("GET marketing_messages/statistics")
def test_statistics_fit_the_schema(target: Target, ad_account_id: str) -> None:
    answer = target.get("marketing_messages/statistics", params=in_account(ad_account_id, limit=5))
    conforming(answer, "GET marketing_messages/statistics", "responses/marketing_statistics")


@pytest.mark.endpoint("GET marketing_messages/custom_audiences")
def test_custom_audiences_fit_the_schema(target: Target, ad_account_id: str) -> None:
    answer = target.get("marketing_messages/custom_audiences", params=in_account(ad_account_id, page_size=5))
    conforming(answer, "GET marketing_messages/custom_audiences", "responses/custom_audiences")


@pytest.mark.endpoint("POST marketing_messages/custom_audiences")
def test_an_audience_without_a_name_is_refused(writer: Target, ad_account_id: str, probe: Probe) -> None:
    answer = writer.post(
        "marketing_messages/custom_audiences", params=in_account(ad_account_id), json={"description": "x"}
    )
    probe("marketing-audience-without-name", answer_of(answer))


@pytest.mark.endpoint("POST marketing_messages/send_marketing_content")
def test_a_marketing_send_to_the_test_subscriber_is_accepted(
    target: Target, psid: str, ad_account_id: str
) -> None:
    listed = target.get("marketing_messages/messages", params=in_account(ad_account_id, limit=1)).json()
    if not listed.get("messages"):
        pytest.skip("the ad account has no marketing message to send")
    body = {
        "marketing_message_id": listed["messages"][0]["id"],
        "psid": psid,
        "message": {"text": "contract"},
    }
    answer = target.post(
        "marketing_messages/send_marketing_content", params=in_account(ad_account_id), json=body
    )
    conforming(answer, "POST marketing_messages/send_marketing_content", "responses/marketing_send")
