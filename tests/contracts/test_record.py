"""`mock-botcake record`: a recording proxy's journal becomes a seed file that `serve --seed` replays, and
every recorded answer the fake gives otherwise is reported as drift, as `verify` reports it.

"The real API" is a fake served from a thread (``serve_botcake``, the demo pages); the recording proxy
is ``mock-botcake serve --proxy`` in front of it. No network.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from mock_botcake.cli import main
from mock_botcake.embedded import serve_botcake
from mock_botcake.embedded.fake import Botcake

from ..helpers import API, SHOP_ID
from ..servers import Served, start, stop

TIMEOUT_S = 10
# What an app might read: no page parameter on the paged lists (their declared default is page 1).
SEED_READS = ("flows", "keywords", "get_list_tag", "custom_fields", "customer", "ice_breaker")
# A read whose data a seed cannot hold from a recording (snapshot reads no broadcasts).
BROADCAST_READ = "broadcasts/7001/statistic"


@pytest.fixture(scope="module")
def real_api() -> Iterator[Botcake]:
    with serve_botcake("demo") as botcake:
        yield botcake


@pytest.fixture(scope="module")
def proxy(real_api: Botcake) -> Iterator[Served]:
    server = start("--proxy", real_api.root_url, "--seed", "empty", "--workers", "1", "--quiet")
    yield server
    stop(server)


@pytest.fixture(autouse=True)
def fresh(real_api: Botcake, proxy: Served) -> None:
    real_api.reset()
    assert requests.post(f"{proxy.root}/_mock/reset", timeout=TIMEOUT_S).ok


def read_through(proxy: Served, real_api: Botcake, *endpoints: str) -> dict[str, requests.Response]:
    page = real_api.page(SHOP_ID)
    return {
        endpoint: requests.get(
            f"{proxy.root}{API}/pages/{SHOP_ID}/{endpoint}", headers=page.headers, timeout=TIMEOUT_S
        )
        for endpoint in endpoints
    }


def record(source: str, out: Path, *flags: str) -> int:
    return main(["record", source, "--out", str(out), *flags])


def test_the_seed_holds_what_the_recorded_reads_answered(proxy, real_api, tmp_path):
    answers = read_through(proxy, real_api, *SEED_READS)

    assert record(proxy.root, tmp_path / "seed.json") == 0

    seed = json.loads((tmp_path / "seed.json").read_text())
    assert seed["page_id"] == SHOP_ID
    assert seed["keywords"] == answers["keywords"].json()["data"]
    assert seed["flows"] == answers["flows"].json()["data"]["flows"]
    assert seed["tags"] == answers["get_list_tag"].json()["data"]


def test_a_fake_served_from_the_seed_answers_each_recorded_read_as_the_real_api_did(
    proxy, real_api, tmp_path
):
    answers = read_through(proxy, real_api, *SEED_READS)
    record(proxy.root, tmp_path / "seed.json")

    with serve_botcake(tmp_path / "seed.json") as replaying:
        page = replaying.page(SHOP_ID)
        replayed = {
            endpoint: requests.get(page.url(endpoint), headers=page.headers, timeout=TIMEOUT_S)
            for endpoint in SEED_READS
        }

    assert {e: (r.status_code, r.json()) for e, r in replayed.items()} == {
        e: (r.status_code, r.json()) for e, r in answers.items()
    }


def test_a_read_not_recorded_is_left_out_of_the_seed(proxy, real_api, tmp_path):
    read_through(proxy, real_api, "keywords")

    record(proxy.root, tmp_path / "seed.json")

    seed = json.loads((tmp_path / "seed.json").read_text())
    assert "keywords" in seed
    assert "flows" not in seed
    assert "tags" not in seed


def test_record_without_drift_says_so_and_exits_0(proxy, real_api, tmp_path, capsys):
    read_through(proxy, real_api, *SEED_READS)

    assert record(proxy.root, tmp_path / "seed.json") == 0
    assert f"replayed {len(SEED_READS)} request(s) on a fake seeded with it: 0 answered otherwise" in (
        capsys.readouterr().out
    )


def test_an_answer_the_fake_gives_otherwise_is_reported_as_drift_and_exits_1(
    proxy, real_api, tmp_path, capsys
):
    real = read_through(proxy, real_api, BROADCAST_READ)[BROADCAST_READ]
    (entry,) = requests.get(f"{proxy.root}/_mock/requests", timeout=TIMEOUT_S).json()["requests"]

    assert record(proxy.root, tmp_path / "seed.json") == 1

    (line,) = [line for line in capsys.readouterr().out.splitlines() if line.startswith("drift")]
    assert line.startswith(f"drift   request {entry['id']}: the fake answers 'HTTP 200 ")
    assert "Invalid broadcast_id" in line
    assert line.endswith(repr(f"HTTP 200 {json.dumps(real.json(), separators=(',', ':'))}"))


def test_the_drift_report_is_verifys_markdown_table(proxy, real_api, tmp_path):
    read_through(proxy, real_api, "keywords", BROADCAST_READ)

    record(proxy.root, tmp_path / "seed.json", "--report", str(tmp_path / "drift.md"))

    report = (tmp_path / "drift.md").read_text()
    assert "| Id | § | Question | The fake | The target | Fits the evidence | Drift |" in report
    assert f"| GET /pages/{{page_id}}/broadcasts/{{broadcast_id}}/statistic | GET /pages/{SHOP_ID}/" in report
    assert report.count("| **yes** |") == 1
    assert report.count("| no |") == 1


def test_a_saved_journal_file_records_as_the_running_proxy_does(proxy, real_api, tmp_path):
    read_through(proxy, real_api, *SEED_READS)
    saved = tmp_path / "journal.json"
    saved.write_text(requests.get(f"{proxy.root}/_mock/requests", timeout=TIMEOUT_S).text)

    record(proxy.root, tmp_path / "from_proxy.json")
    record(str(saved), tmp_path / "from_file.json")

    assert (tmp_path / "from_file.json").read_text() == (tmp_path / "from_proxy.json").read_text()


def test_a_source_that_is_no_journal_cannot_be_recorded(tmp_path, capsys):
    not_a_journal = tmp_path / "x.json"
    not_a_journal.write_text('{"pages": []}')

    assert record(str(not_a_journal), tmp_path / "seed.json") == 2
    assert "is not a request journal" in capsys.readouterr().err
    assert not (tmp_path / "seed.json").exists()


def test_a_journal_with_no_proxied_request_cannot_be_recorded(proxy, tmp_path, capsys):
    assert record(proxy.root, tmp_path / "seed.json") == 2
    assert "holds no request that the real API answered" in capsys.readouterr().err


def test_a_page_keeps_the_token_given_with_token(proxy, real_api, tmp_path):
    read_through(proxy, real_api, "keywords")
    token = real_api.page(SHOP_ID).token

    assert record(proxy.root, tmp_path / "seed.json", "--token", f"{SHOP_ID}={token}") == 0

    assert json.loads((tmp_path / "seed.json").read_text())["access_token"] == token


@pytest.mark.parametrize("given", ["no-equals-sign", "not-a-recorded-page=abcdefgh"])
def test_a_token_for_no_recorded_page_cannot_record(proxy, real_api, tmp_path, given):
    read_through(proxy, real_api, "keywords")

    assert record(proxy.root, tmp_path / "seed.json", "--token", given) == 2
    assert not (tmp_path / "seed.json").exists()
