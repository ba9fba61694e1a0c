"""Helpers that let tests read as specifications."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.test import TestResponse

from mock_botcake.store import Store

API = "/api/public_api/v1"
SHOP_ID = "113045297552223"
WHATSAPP_ID = "waba_1053844194483527"
# A value on the demo shop page for each path parameter of the API's operations.
DEMO_PATH_VALUES = {
    "{page_id}": SHOP_ID,
    "{flow_id}": "1560",
    "{path}": "[1561]",
    # customers and custom fields
    "{psid}": "6370813943019801",
    "{custom_field_id}": "173",
    # sequences and broadcasts
    "{sequence_id}": "591",
    "{message_id}": "5337",
    "{broadcast_id}": "7001",
    # marketing messages
    "{marketing_message_id}": "120210000000000000",
}
# The demo shop's ad account: every marketing_messages endpoint but ad_accounts names one.
DEMO_AD_ACCOUNT = "act_123456789012345"
# The query of a demo read whose query string has required parameters, by the end of its path
# (retrieve_media_url: an unknown media id, its HTTP 200 refusal).
DEMO_QUERIES = {
    "/get_tag_statistic": "?start_date=0&end_date=4102444800",
    "/retrieve_media_url": "?mime_type=image/png&media_id=1",
}
# The demo reads whose answer is one of S4's HTTP 200 refusals (the shop has no uploaded media).
DEMO_REFUSED_READS = ("/retrieve_media_url",)


def demo_url(operation_path: str) -> str:
    """A declared path (``.../pages/{page_id}/flows/{flow_id}/statistics``) made concrete on the demo shop,
    with the query its required parameters need (the demo ad account for a marketing endpoint)."""
    query = next((query for end, query in DEMO_QUERIES.items() if operation_path.endswith(end)), "")
    for placeholder, value in DEMO_PATH_VALUES.items():
        operation_path = operation_path.replace(placeholder, value)
    if "/marketing_messages/" in operation_path and not operation_path.endswith("/ad_accounts"):
        query = f"?ad_account_id={DEMO_AD_ACCOUNT}"
    return operation_path + query


@dataclass(frozen=True)
class Page:
    page_id: str
    token: str


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """``path`` (a file or a folder) unwritable for this process: by its mode, or immutable for root."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    # Root writes whatever the mode says: only the immutable attribute stops it.
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("running as root where chattr +i is not available")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@contextmanager
def state_unchanged(store: Store) -> Iterator[None]:
    """Asserts that the block leaves the whole state exactly as it found it."""
    before = store.export_state()
    yield
    assert store.export_state() == before


def assert_refused(response: TestResponse, status: int, message: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["success"] is False
    assert body["message"] == message


REPOSITORY = Path(__file__).resolve().parents[1]
# What a build of the package reads: the project file, the readme and changelog, and the sources.
PACKAGE_SOURCES = ("pyproject.toml", "README.md", "CHANGELOG.md", "mock_botcake", "contracts")


def copy_of_the_sources(target: Path) -> Path:
    """The sources a build reads, copied to ``target`` so that the clone gets no build/ or egg-info."""
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    for name in PACKAGE_SOURCES:
        if (REPOSITORY / name).is_dir():
            shutil.copytree(REPOSITORY / name, target / name, ignore=ignore)
        else:
            shutil.copy2(REPOSITORY / name, target / name)
    return target
