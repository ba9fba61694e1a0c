"""The access-token: missing, misplaced, forged or another page's token is refused, and changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_botcake.contracts.suite import pages
from mock_botcake.contracts.suite.expect import answer_of, refused
from mock_botcake.contracts.suite.plugin import Probe
from mock_botcake.contracts.suite.target import FakeTarget, Target
from mock_botcake.fidelity import OPEN_QUESTIONS

ENDPOINT = "access-token"
READS = ("flows", "keywords", "ice_breaker", "main_menu", "tools")
# Printable ASCII without spaces: what an HTTP header can carry unchanged.
header_tokens = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=300)


@pytest.mark.endpoint(ENDPOINT)
def test_a_request_without_a_token_is_refused(target: Target, probe: Probe) -> None:
    answer = target.get("flows", with_token=False)
    probe("token-missing", answer_of(answer))
    refused(answer, "GET flows without access-token")


@pytest.mark.endpoint(ENDPOINT)
def test_an_error_answer_says_its_content_type(target: Target, probe: Probe) -> None:
    answer = target.get("flows", headers={"access-token": ""})
    probe("error-content-type", answer.headers.get("Content-Type", "").split(";")[0])


@pytest.mark.endpoint(ENDPOINT)
def test_a_token_in_the_query_string_only_is_refused(target: Target, probe: Probe) -> None:
    # No access-token header at all, as S6 measured it: not an empty one.
    answer = target.get("flows", with_token=False, params={"access_token": target.token})
    probe("token-in-query", answer_of(answer))


@pytest.mark.endpoint(ENDPOINT)
def test_a_token_in_an_underscore_header_is_recorded(target: Target, probe: Probe) -> None:
    answer = target.get("flows", with_token=False, headers={"access_token": target.token})
    probe("token-underscore-header", answer_of(answer))


@pytest.mark.endpoint(ENDPOINT)
def test_the_token_of_the_page_does_not_open_another_page(target: Target, probe: Probe) -> None:
    other_page = f"{target.page_id}0"
    answer = target.get("flows", page_id=other_page)
    probe("token-other-page", answer_of(answer))
    refused(answer, "GET flows of another page")


@pytest.mark.endpoint(ENDPOINT)
def test_a_tampered_token_is_refused(target: Target, probe: Probe) -> None:
    last = target.token[-1]
    tampered = target.token[:-1] + ("A" if last != "A" else "B")
    answer = target.get("flows", token=tampered)
    probe("token-unknown", answer_of(answer))
    refused(answer, "GET flows with a tampered token")


@pytest.mark.endpoint(ENDPOINT)
@given(token=header_tokens, endpoint=st.sampled_from(READS))
def test_forged_tokens_are_refused_on_every_read(
    target: Target, probe: Probe, token: str, endpoint: str
) -> None:
    if token == target.token:
        return
    answer = target.get(endpoint, token=token)
    probe("token-unknown", answer_of(answer))
    refused(answer, f"GET {endpoint} with a forged token")


@pytest.mark.endpoint(ENDPOINT)
def test_writes_with_a_forged_token_are_refused_and_change_nothing(writer: Target) -> None:
    before = pages.observable_state(writer)
    # Even with a forged token, never name one of the page's own keywords in a write.
    keyword_id = max([keyword["id"] for keyword in before["keywords"]], default=0) + 1000
    forged = "forged-token-0000"
    refused(writer.post("keywords/create", token=forged), "POST keywords/create with a forged token")
    update = {"keyword_id": keyword_id, "update": {"flow_id": 1}}
    refused(
        writer.post("keywords/update", token=forged, json=update), "POST keywords/update with a forged token"
    )
    assert pages.observable_state(writer) == before


@pytest.mark.endpoint(ENDPOINT)
def test_another_pages_own_token_is_refused_and_writes_nothing(fake: FakeTarget) -> None:
    pages_listed = fake.control("GET", "pages").json()["pages"]
    foreign = next(page["access_token"] for page in pages_listed if page["page_id"] != fake.page_id)
    before = pages.observable_state(fake)
    for method, endpoint in (("GET", "flows"), ("POST", "keywords/create"), ("GET", "keywords")):
        answer = fake.request(method, endpoint, token=foreign)
        assert answer_of(answer) == OPEN_QUESTIONS["token-other-page"].fake_answer, f"{method} {endpoint}"
    assert pages.observable_state(fake) == before
