"""`mock-botcake snapshot` reads a page through the public API into a seed file; a fake seeded with
it answers every read exactly as the page did."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from mock_botcake.seeds import load_seed

from ..helpers import API, DEMO_AD_ACCOUNT, SHOP_ID, WHATSAPP_ID
from ..servers import Served, start, stop

READS = (
    "flows",
    "keywords",
    "ice_breaker",
    "main_menu",
    "tools",
    "flows/[1561,1564]",
    "flows/[1562]",
    # sequences and WhatsApp templates
    "sequences/",
    "sequences/591/statistics",
    "sequences/591/statistics/5337",
    "sequences/591/statistics/4845",
    "sequences/585/statistics",
    "message_templates",
)
TEMPLATE_READS = ("message_templates", "message_templates?status=REJECTED", "message_templates/sync")
# Customers, custom fields and tags (issue 19); a customer's tags cannot be read, so no tag statistic.
PAGED_READS = ("get_list_tag", "custom_fields", "customer", "custom_field/173/get_customers_field")
# Marketing messages (issue 19), of the demo shop's one ad account.
IN_DEMO_ACCOUNT = f"ad_account_id={DEMO_AD_ACCOUNT}"
MARKETING_READS = (
    "marketing_messages/ad_accounts",
    f"marketing_messages/messages?{IN_DEMO_ACCOUNT}",
    f"marketing_messages/messages?{IN_DEMO_ACCOUNT}&get_insights=true",
    f"marketing_messages/messages/120210000000000000?{IN_DEMO_ACCOUNT}",
    f"marketing_messages/statistics?{IN_DEMO_ACCOUNT}&get_insights=true",
    f"marketing_messages/custom_audiences?{IN_DEMO_ACCOUNT}",
)


def snapshot(
    served: Served, out: Path, *flags: str, token: str | None = None, page_id: str = SHOP_ID
) -> subprocess.CompletedProcess:
    args = [
        "--base-url",
        served.root + API,
        "--page-id",
        page_id,
        "--token",
        token or served.token_of(page_id),
    ]
    return subprocess.run(
        [sys.executable, "-m", "mock_botcake", "snapshot", *args, "--out", str(out), *flags],
        capture_output=True,
        text=True,
        timeout=60,
    )


def reads(served: Served, token: str) -> dict[str, object]:
    flow_ids = [flow["id"] for flow in get(served, token, "flows")["data"]["flows"]]
    psids = [customer["psid"] for customer in get(served, token, "customer")]
    endpoints = [
        *READS,
        *(f"flows/{flow_id}/statistics" for flow_id in flow_ids),
        *PAGED_READS,
        *(f"customer/{psid}/customer_fields" for psid in psids),
    ]
    return {endpoint: get(served, token, endpoint) for endpoint in endpoints}


def get(served: Served, token: str, endpoint: str, page_id: str = SHOP_ID) -> object:
    answer = requests.get(
        f"{served.root}{API}/pages/{page_id}/{endpoint}", headers={"access-token": token}, timeout=10
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.fixture(scope="module")
def demo() -> Iterator[Served]:
    served = start("--seed", "demo")
    yield served
    stop(served)


@pytest.fixture(scope="module")
def page_file(demo: Served, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("snapshot") / "page.json"
    result = snapshot(demo, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def mirror(page_file: Path) -> Iterator[Served]:
    """A fake seeded with the snapshot of the demo shop."""
    served = start("--seed", str(page_file))
    yield served
    stop(served)


def test_a_fake_seeded_with_the_snapshot_answers_like_the_page(demo: Served, mirror: Served) -> None:
    assert reads(mirror, mirror.token_of(SHOP_ID)) == reads(demo, demo.token_of(SHOP_ID))


def test_a_fake_seeded_with_the_snapshot_answers_the_marketing_reads_like_the_page(
    demo: Served, mirror: Served
) -> None:
    for endpoint in MARKETING_READS:
        mirrored = get(mirror, mirror.token_of(SHOP_ID), endpoint)
        assert mirrored == get(demo, demo.token_of(SHOP_ID), endpoint), endpoint


def test_the_snapshot_holds_the_marketing_section_as_the_page_was_seeded(page_file: Path) -> None:
    # With each message's insights, and without S4's page_id on the items (the page itself).
    shop = next(page for page in load_seed("demo")["pages"] if page["page_id"] == SHOP_ID)
    assert json.loads(page_file.read_text())["marketing"] == shop["marketing"]


def test_a_snapshot_of_a_whatsapp_page_keeps_its_templates_of_every_status(
    demo: Served, tmp_path: Path
) -> None:
    out = tmp_path / "waba.json"
    assert snapshot(demo, out, page_id=WHATSAPP_ID).returncode == 0
    mirror = start("--seed", str(out))
    try:
        for endpoint in TEMPLATE_READS:
            mirrored = get(mirror, mirror.token_of(WHATSAPP_ID), endpoint, WHATSAPP_ID)
            assert mirrored == get(demo, demo.token_of(WHATSAPP_ID), endpoint, WHATSAPP_ID), endpoint
    finally:
        stop(mirror)


def test_the_control_plane_takes_the_snapshot_as_a_new_page(page_file: Path) -> None:
    empty = start("--seed", "empty")
    try:
        answer = requests.post(f"{empty.root}/_mock/pages", data=page_file.read_bytes(), timeout=10)
        assert answer.status_code == 201, answer.text
        assert answer.json()["page_id"] == SHOP_ID
    finally:
        stop(empty)


def test_the_token_is_left_out_unless_asked_for(demo: Served, page_file: Path, tmp_path: Path) -> None:
    assert "access_token" not in json.loads(page_file.read_text())
    pinned = tmp_path / "pinned.json"
    assert snapshot(demo, pinned, "--keep-token").returncode == 0
    assert json.loads(pinned.read_text())["access_token"] == demo.token_of(SHOP_ID)


def test_a_refused_read_fails_naming_the_endpoint_and_writes_nothing(demo: Served, tmp_path: Path) -> None:
    out = tmp_path / "page.json"
    result = snapshot(demo, out, token="not-the-token")
    assert result.returncode == 1
    assert "GET flows: HTTP 401" in result.stderr
    assert not out.exists()


# --- customers, custom fields and tags (issue 19) ------------------------------------------------------


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A page with one item more than a page of each paged list holds."""
    seed = {
        "page_id": SHOP_ID,
        "tags": [{"id": n, "name": f"tag {n}", "pancake_tag_id": None} for n in range(1, 52)],
        "custom_fields": [{"id": n, "name": f"field {n}"} for n in range(1, 52)],
        "customers": [{"psid": str(n), "custom_fields": {"51": f"v{n}"}} for n in range(1, 102)],
    }
    path = tmp_path_factory.mktemp("crowded") / "seed.json"
    path.write_text(json.dumps(seed))
    served = start("--seed", str(path))
    yield served
    stop(served)


def test_every_page_of_tags_custom_fields_and_customers_is_read(crowded: Served, tmp_path: Path) -> None:
    out = tmp_path / "page.json"
    result = snapshot(crowded, out, "--max-customers", "0")
    assert result.returncode == 0, result.stderr
    seed = json.loads(out.read_text())
    assert [tag["id"] for tag in seed["tags"]] == list(range(1, 52))
    assert [field["id"] for field in seed["custom_fields"]] == list(range(1, 52))
    assert [customer["psid"] for customer in seed["customers"]] == [str(n) for n in range(1, 102)]
    assert seed["customers"][-1]["custom_fields"] == {"51": "v101"}
    assert "51 tags, 51 custom_fields, 101 customers" in result.stdout


def test_at_most_max_customers_are_read(crowded: Served, tmp_path: Path) -> None:
    out = tmp_path / "page.json"
    assert snapshot(crowded, out, "--max-customers", "3").returncode == 0
    assert [customer["psid"] for customer in json.loads(out.read_text())["customers"]] == ["1", "2", "3"]


def test_the_snapshot_reads_only_with_get(demo: Served, tmp_path: Path) -> None:
    before = requests.get(f"{demo.root}/_mock/requests", timeout=10).json()["requests"]
    assert snapshot(demo, tmp_path / "page.json").returncode == 0
    after = requests.get(f"{demo.root}/_mock/requests", timeout=10).json()["requests"][len(before) :]
    assert after and {entry["method"] for entry in after} == {"GET"}


# --- marketing messages (issue 19) ---------------------------------------------------------------------

MARKETING_ACCOUNT = "act_1"
MESSAGE_IDS = [str(n) for n in range(1, 102)]  # one more than a page of the largest limit, 100
AUDIENCE_IDS = [str(n) for n in range(1, 27)]  # one more than a page of 25


@pytest.fixture(scope="module")
def marketing_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The snapshot of a page whose ad account has more messages and audiences than a page of each."""
    seed = {
        "page_id": SHOP_ID,
        "marketing": {
            "ad_accounts": [{"id": MARKETING_ACCOUNT}],
            "messages": [{"id": n, "ad_account_id": MARKETING_ACCOUNT} for n in MESSAGE_IDS],
            "custom_audiences": [
                {"audience_id": n, "ad_account_id": MARKETING_ACCOUNT, "name": f"audience {n}"}
                for n in AUDIENCE_IDS
            ],
        },
    }
    folder = tmp_path_factory.mktemp("marketing")
    (folder / "seed.json").write_text(json.dumps(seed))
    served = start("--seed", str(folder / "seed.json"))
    try:
        result = snapshot(served, folder / "page.json")
    finally:
        stop(served)
    assert result.returncode == 0, result.stderr
    return folder / "page.json"


def test_every_page_of_marketing_messages_is_read_oldest_first(marketing_page: Path) -> None:
    messages = json.loads(marketing_page.read_text())["marketing"]["messages"]
    assert [message["id"] for message in messages] == MESSAGE_IDS


def test_every_page_of_custom_audiences_is_read_oldest_first(marketing_page: Path) -> None:
    audiences = json.loads(marketing_page.read_text())["marketing"]["custom_audiences"]
    assert [audience["audience_id"] for audience in audiences] == AUDIENCE_IDS


def test_a_page_without_ad_accounts_gets_an_empty_marketing_section(demo: Served, tmp_path: Path) -> None:
    out = tmp_path / "waba.json"
    result = snapshot(demo, out, page_id=WHATSAPP_ID)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["marketing"] == {
        "ad_accounts": [],
        "messages": [],
        "custom_audiences": [],
    }
    assert "marketing: 0 ad_accounts, 0 messages, 0 custom_audiences" in result.stdout


@pytest.fixture
def faulted(demo: Served) -> Iterator[Callable[[dict[str, object]], None]]:
    """Adds fault rules to the demo fake for one test."""

    def add(rule: dict[str, object]) -> None:
        requests.post(f"{demo.root}/_mock/faults", json=rule, timeout=10).raise_for_status()

    yield add
    requests.delete(f"{demo.root}/_mock/faults", timeout=10).raise_for_status()


REFUSAL = {"status": 200, "body": {"success": False, "message": "no ad account"}}


@pytest.mark.parametrize("answer", [REFUSAL, {"status": 403}], ids=["refusal", "client-error"])
def test_an_ad_accounts_read_the_target_will_not_answer_is_a_page_without_marketing(
    demo: Served, faulted: Callable[[dict[str, object]], None], tmp_path: Path, answer: dict[str, object]
) -> None:
    faulted({"match": {"path": "marketing_messages/ad_accounts"}, "action": answer})
    result = snapshot(demo, tmp_path / "page.json")
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "page.json").read_text())["marketing"]["ad_accounts"] == []


@pytest.mark.parametrize("status", [503, 429])
def test_a_server_error_or_429_on_ad_accounts_fails_the_snapshot_rather_than_losing_the_marketing(
    demo: Served, faulted: Callable[[dict[str, object]], None], tmp_path: Path, status: int
) -> None:
    faulted({"match": {"path": "marketing_messages/ad_accounts"}, "action": {"status": status}})
    result = snapshot(demo, tmp_path / "page.json")
    assert result.returncode == 1
    assert f"GET marketing_messages/ad_accounts: HTTP {status}" in result.stderr
    assert not (tmp_path / "page.json").exists()
