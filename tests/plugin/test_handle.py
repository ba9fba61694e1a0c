"""The ``botcake`` handle's plumbing (pytest_plugin/fake.py), in-process: page URLs, and a refused
control-plane call raised with the fake's own reason."""

from __future__ import annotations

import pytest
import requests

from mock_botcake.pytest_plugin import Botcake
from mock_botcake.pytest_plugin.fake import ControlPlaneError


def test_a_page_url_takes_a_path_with_or_without_its_leading_slash(botcake: Botcake):
    page = botcake.add_page(page_id="111")
    assert page.url("/flows") == page.url("flows") == "https://botcake.io/api/public_api/v1/pages/111/flows"


def test_a_page_url_without_a_path_is_the_pages_own(botcake: Botcake):
    assert botcake.add_page(page_id="111").url() == "https://botcake.io/api/public_api/v1/pages/111/"


def test_the_handle_names_where_the_fake_answers(botcake: Botcake):
    assert botcake.root_url == "https://botcake.io"


def test_a_refused_seed_raises_with_the_call_the_message_and_the_details(botcake: Botcake):
    with pytest.raises(ControlPlaneError) as refusal:
        botcake.add_page(flows=[{"id": "seven"}])
    message = str(refusal.value)
    assert message.startswith("POST /_mock/pages: invalid seed: ")
    assert "flows[0].id must be an integer" in message


def test_an_unknown_page_raises_with_the_call_and_the_message(botcake: Botcake):
    with pytest.raises(ControlPlaneError) as refusal:
        botcake.rotate_token("404404")
    assert str(refusal.value) == (
        "POST /_mock/pages/404404/rotate_token: page not found: page 404404 does not exist"
    )


def test_a_refusal_with_several_details_lists_each_separated_by_semicolons(botcake: Botcake):
    with pytest.raises(ControlPlaneError) as refusal:
        botcake.add_page(flows=[{"id": "seven"}], keywords=[{"id": "eight"}])
    assert str(refusal.value) == (
        "POST /_mock/pages: invalid seed: flows[0].name is required; "
        'flows[0].id must be an integer, not the string "seven"; '
        'keywords[0].id must be an integer, not the string "eight"'
    )


def test_a_page_is_found_by_its_id_with_its_token(botcake: Botcake):
    added = botcake.add_page(page_id="111")
    assert botcake.page("111") == added


def test_an_unknown_page_id_raises_naming_the_pages_the_fake_has(botcake: Botcake):
    botcake.add_page(page_id="111")
    with pytest.raises(LookupError, match=r"^the fake has no page 222; it has \['111'\]$"):
        botcake.page("222")


def test_a_rotated_token_comes_back_as_the_page_with_its_new_token(botcake: Botcake):
    before = botcake.add_page(page_id="111")
    rotated = botcake.rotate_token("111")
    assert (rotated.page_id, rotated.api_base_url) == ("111", before.api_base_url)
    assert rotated.token != before.token
    assert botcake.page("111").token == rotated.token


def test_an_added_fault_is_answered_as_listed_and_faults_the_matching_request(botcake: Botcake):
    page = botcake.add_page(page_id="111")
    rule = botcake.add_fault(match={"path": "keywords"}, action={"status": 503}, times=1)
    assert rule["action"] == {"status": 503} and rule["fired"] == 0
    assert requests.get(page.url("keywords"), headers=page.headers).status_code == 503
    assert [listed["fired"] for listed in botcake.faults] == [1]
