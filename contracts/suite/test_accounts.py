"""The account endpoints (integration_page), read-only: a user-access-token lists the account's pages and
their current access-tokens; without one (or with an unknown one) they are refused. Skipped against a
real target without --user-token."""

from __future__ import annotations

import pytest

from mock_botcake.contracts.suite.expect import answer_of, conforming, refused
from mock_botcake.contracts.suite.plugin import Probe
from mock_botcake.contracts.suite.target import FakeTarget, Target

PAGE_IDS = "GET integration_page/list_page_id"
PAGE_TOKENS = "POST integration_page/list_access_token"
# An id for S13's {fb_id} segment: the fake ignores it; what a real target does with it is a question.
SOME_FB_ID = "100004398765432"


@pytest.mark.endpoint(PAGE_IDS)
def test_list_page_id_answers_a_bare_array_of_page_ids(target: Target, user_token: str) -> None:
    answer = target.account_request("GET", "list_page_id", user_token, params={"page": 1})
    conforming(answer, PAGE_IDS, "responses/page_ids")


@pytest.mark.endpoint(PAGE_TOKENS)
def test_list_access_token_answers_each_page_with_its_public_token(target: Target, user_token: str) -> None:
    answer = target.account_request("POST", "list_access_token", user_token, params={"page": 1})
    conforming(answer, PAGE_TOKENS, "responses/page_tokens")


@pytest.mark.endpoint(PAGE_TOKENS)
def test_a_public_token_opens_its_pages_api(target: Target, user_token: str) -> None:
    """S13 reads each listed page with its public_token as access-token."""
    listed = conforming(
        target.account_request("POST", "list_access_token", user_token, params={"page": 1}),
        PAGE_TOKENS,
        "responses/page_tokens",
    )
    if not listed:
        pytest.skip("the account holds no pages")
    first = listed[0]
    answer = target.get("tools", page_id=first["page_id"], token=first["public_token"])
    conforming(answer, "GET tools with a public_token", "responses/tools")


@pytest.mark.endpoint(PAGE_IDS)
def test_s13s_path_form_is_recorded(target: Target, user_token: str, probe: Probe) -> None:
    answer = target.account_request("GET", f"{SOME_FB_ID}/list_page_id", user_token, params={"page": 1})
    probe("account-fb-id-path", answer_of(answer))


@pytest.mark.endpoint(PAGE_IDS)
def test_no_user_access_token_is_refused(target: Target, user_token: str, probe: Probe) -> None:
    answer = target.account_request("GET", "list_page_id", None)
    probe("account-token-missing", answer_of(answer))
    refused(answer, f"{PAGE_IDS} without user-access-token")


@pytest.mark.endpoint(PAGE_IDS)
def test_an_unknown_user_access_token_is_refused(target: Target, user_token: str, probe: Probe) -> None:
    tampered = user_token[:-1] + ("A" if user_token[-1] != "A" else "B")
    answer = target.account_request("GET", "list_page_id", tampered)
    probe("account-token-unknown", answer_of(answer))
    refused(answer, f"{PAGE_IDS} with an unknown user-access-token")


@pytest.mark.endpoint(PAGE_TOKENS)
def test_a_rotated_page_token_is_listed_at_once(fake: FakeTarget) -> None:
    # A page and an account of its own: the demo page's token is every other test's.
    page = fake.add_page({})
    created = fake.control("POST", "accounts", json={"page_ids": [page.page_id]})
    assert created.status_code == 201, created.text
    user_token = created.json()["user_access_token"]
    rotated = fake.control("POST", f"pages/{page.page_id}/rotate_token").json()["access_token"]
    listed = fake.account_request("POST", "list_access_token", user_token).json()
    assert listed == [{"page_id": page.page_id, "public_token": rotated}]
