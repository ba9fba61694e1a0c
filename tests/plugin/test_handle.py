"""The ``botcake`` handle's plumbing (embedded/fake.py), in-process: page URLs, and a refused
control-plane call raised with the fake's own reason."""

from __future__ import annotations

import pytest

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
