"""The ``botcake`` handle's plumbing (embedded/fake.py), in-process: page URLs, and a refused
control-plane call raised with the fake's own reason."""

from __future__ import annotations

import pytest
import requests

from mock_botcake.embedded.fake import ControlPlaneError
from mock_botcake.pytest_plugin import Botcake


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


# --- sequences, broadcasts and WhatsApp ---------------------------------------------------------------


def test_a_page_takes_sequences_broadcasts_and_templates_as_seed_keys(botcake: Botcake):
    import requests

    template = {
        "category": "UTILITY",
        "components": [],
        "id": "1",
        "language": "en",
        "message_send_ttl_seconds": None,
        "name": "t",
        "parameter_format": None,
        "status": "APPROVED",
        "waba_id": "2",
    }
    page = botcake.add_page(
        sequences=[{"id": 5, "name": "s"}], broadcasts=[{"id": 6}], message_templates=[template]
    )
    assert requests.get(page.url("sequences/"), headers=page.headers).json()["data"] == [
        {"id": 5, "name": "s"}
    ]
    assert requests.get(page.url("broadcasts/6/statistic"), headers=page.headers).json()["total_count"] == 0
    listed = requests.get(page.url("message_templates"), headers=page.headers).json()["data"]
    assert [item["id"] for item in listed] == ["1"]


def test_uploaded_media_answers_the_files_upload_media_received_as_bytes(botcake: Botcake):
    import requests

    page = botcake.add_page(page_id="waba_1")
    answer = requests.post(
        page.url("upload_media"),
        headers=page.headers,
        data={"content_type": "image/png"},
        files={"file": ("a.png", b"\x89PNG bytes", "image/png")},
    )
    media_id = answer.json()["attachment_id"]
    assert botcake.uploaded_media("waba_1") == [
        {"id": media_id, "content_type": "image/png", "file": b"\x89PNG bytes"}
    ]


def test_uploaded_media_of_a_page_that_is_not_there_says_so(botcake: Botcake):
    with pytest.raises(LookupError, match="no page nope"):
        botcake.uploaded_media("nope")


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
