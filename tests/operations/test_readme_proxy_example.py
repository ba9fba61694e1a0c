"""README's "Recording the real API" example, run as written: its three commands, the real API's URL,
the proxy's port and the files pointed at a local stand-in (a demo fake served from a thread)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from mock_botcake.cli import main
from mock_botcake.embedded import serve_botcake
from mock_botcake.embedded.fake import Botcake

from ..helpers import API, SHOP_ID
from ..servers import start, stop

README = Path(__file__).resolve().parents[2] / "README.md"
TIMEOUT_S = 10


def example_commands() -> list[list[str]]:
    """The shell block under the README's recording heading, one argument list per command."""
    section = README.read_text("utf-8").split("## Recording the real API", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [shlex.split(line.split("#", 1)[0]) for line in block.splitlines() if line.strip()]


@pytest.fixture
def real_api() -> Iterator[Botcake]:
    with serve_botcake("demo") as botcake:
        yield botcake


def test_the_readme_recording_example_records_and_replays(real_api, tmp_path, monkeypatch):
    serve_proxy, record, replay = example_commands()
    assert serve_proxy[:2] == ["mock-botcake", "serve"] and record[:2] == ["mock-botcake", "record"]
    monkeypatch.chdir(tmp_path)  # the example's files land here
    proxy_args = [real_api.root_url if arg == "https://botcake.io" else arg for arg in serve_proxy[2:]]
    proxy = start(*proxy_args, "--port", "0", "--workers", "1", "--quiet")
    try:
        page = real_api.page(SHOP_ID)
        through_proxy = requests.get(
            f"{proxy.root}{API}/pages/{SHOP_ID}/keywords", headers=page.headers, timeout=TIMEOUT_S
        )
        record_args = [proxy.root if arg == "http://127.0.0.1:8080" else arg for arg in record[2:]]
        assert main(["record", *record_args]) == 0
    finally:
        stop(proxy)
    assert "drift" in (tmp_path / "drift.md").read_text("utf-8").lower()
    replayed = start(
        *[str(tmp_path / arg) if arg.endswith(".json") else arg for arg in replay[2:]], "--port", "0"
    )
    try:
        # Without `record --token`, the replayed page has a token of its own (in the banner, and here).
        replay_token = {"access-token": replayed.token_of(SHOP_ID)}
        again = requests.get(
            f"{replayed.root}{API}/pages/{SHOP_ID}/keywords", headers=replay_token, timeout=TIMEOUT_S
        )
    finally:
        stop(replayed)
    assert again.json() == through_proxy.json()
