"""Against a target of its own choosing, `mock-botcake verify` reads only, unless told otherwise:
a server that records what it gets shows no write without --allow-writes and no send without
--allow-sends --psid, and every send going to that psid."""

from __future__ import annotations

from typing import Any

import pytest

from .stand_ins import Recorder, served
from .verify_runs import verify

TEST_PSID = "6370813943019801"
DEMO_KEYWORD_IDS = {2934, 3372, 2935, 3033}


def run_recorded(*flags: str) -> tuple[int, Recorder]:
    recorder = Recorder()
    with served(recorder.wrap) as server:
        verdict = verify(*server.verify_args(), *flags)
    assert verdict.code == 0, verdict.output
    return verdict.code, recorder


def only_the_test_psid(body: Any) -> bool:
    """A send body that could reach nobody but the test subscriber."""
    psid = body.get("psid") if isinstance(body, dict) else None
    return not isinstance(psid, str) or psid in ("", TEST_PSID)


def test_without_flags_it_only_reads_with_the_target_given_by_the_environment() -> None:
    recorder = Recorder()
    with served(recorder.wrap) as server:
        names = ("BOTCAKE_BASE_URL", "BOTCAKE_PAGE_ID", "BOTCAKE_TOKEN")
        verdict = verify(env=dict(zip(names, server.verify_args()[1::2], strict=True)))
    assert verdict.code == 0, verdict.output
    assert recorder.requests
    assert recorder.methods() == {"GET"}


@pytest.fixture(scope="module")
def with_writes() -> Recorder:
    return run_recorded("--allow-writes")[1]


def test_with_allow_writes_it_writes_keywords_but_sends_nothing(with_writes: Recorder) -> None:
    assert with_writes.posts_to("/keywords/create")
    assert with_writes.posts_to("/keywords/update")
    assert not with_writes.posts_to("/send_flow") and not with_writes.posts_to("/send_content")


def test_writes_never_update_the_pages_own_keywords(with_writes: Recorder) -> None:
    updates = with_writes.posts_to("/keywords/update")
    updated = {body.get("keyword_id") for body in updates if isinstance(body, dict)}
    assert not updated & DEMO_KEYWORD_IDS


def test_with_allow_sends_every_send_goes_to_the_test_psid() -> None:
    _, recorder = run_recorded("--allow-sends", "--psid", TEST_PSID)
    sends = recorder.posts_to("/send_flow") + recorder.posts_to("/send_content")
    assert sends
    assert all(only_the_test_psid(body) for body in sends)
    assert not recorder.posts_to("/keywords/create")


def test_allow_sends_without_a_psid_is_refused_before_any_request() -> None:
    recorder = Recorder()
    with served(recorder.wrap) as server:
        verdict = verify(*server.verify_args(), "--allow-sends")
    assert verdict.code == 2
    assert "--allow-sends needs --psid" in verdict.output
    assert recorder.requests == []


def test_a_base_url_without_a_token_is_refused() -> None:
    verdict = verify("--base-url", "http://127.0.0.1:9/api/public_api/v1", "--page-id", "1")
    assert verdict.code == 2
    assert "--base-url needs --page-id and --token" in verdict.output
