"""`mock-botcake serve` as a user runs it: a real process, a real WSGI server, real HTTP."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from mock_botcake.serving.server import default_workers

from .servers import READY_TIMEOUT_S, Served, start, stop


@pytest.fixture
def server() -> Iterator[Served]:
    served = start()
    yield served
    if served.process.poll() is None:
        stop(served)


def test_serve_prints_a_working_token_and_answers_real_http(server):
    token = server.token_of("113045297552223")
    response = requests.get(
        f"{server.root}/api/public_api/v1/pages/113045297552223/flows",
        headers={"access-token": token},
        timeout=5,
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["data"]["folders"][0]["id"] == 1566


def test_serve_prints_a_curl_line_that_works(server):
    curl_line = next(line for line in server.banner.splitlines() if line.strip().startswith("curl "))
    token = re.search(r"access-token: ([^']+)'", curl_line).group(1)
    url = curl_line.split()[-1]
    assert requests.get(url, headers={"access-token": token}, timeout=5).json()["success"] is True


def test_serve_records_a_send_that_the_control_plane_then_lists(server):
    token = server.token_of("113045297552223")
    sent = requests.post(
        f"{server.root}/api/public_api/v1//pages/113045297552223/flows/send_flow/",
        headers={"access-token": token},
        json={"psid": "42", "flow_id": 1559},
        timeout=5,
    )
    assert sent.json() == {"success": True}
    sends = requests.get(f"{server.root}/_mock/pages/113045297552223/sends", timeout=5).json()["sends"]
    assert [(s["psid"], s["flow_id"]) for s in sends] == [("42", 1559)]


def test_an_underscore_access_token_header_is_treated_as_missing(server):
    token = server.token_of("113045297552223")
    response = requests.get(
        f"{server.root}/api/public_api/v1/pages/113045297552223/flows",
        headers={"access_token": token},
        timeout=5,
    )
    assert response.status_code == 400
    assert response.json()["message"] == "access-token header is required"


def test_sigterm_stops_the_server_cleanly(server):
    code, output = stop(server)
    assert code == 0
    assert "mock-botcake stopped" in output


def test_a_state_file_survives_a_restart(tmp_path):
    state = str(tmp_path / "state.sqlite3")
    first = start("--state-file", state)
    token = first.token_of("113045297552223")
    created = requests.post(
        f"{first.root}/api/public_api/v1/pages/113045297552223/keywords/create",
        headers={"access-token": token},
        timeout=5,
    ).json()["keyword"]
    stop(first)
    second = start("--state-file", state)
    try:
        assert "resumed from the state file" in second.banner
        keywords = requests.get(
            f"{second.root}/api/public_api/v1/pages/113045297552223/keywords",
            headers={"access-token": token},
            timeout=5,
        ).json()["data"]
        assert created["id"] in [k["id"] for k in keywords]
    finally:
        stop(second)


def run_to_exit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mock_botcake", "serve", *args],
        capture_output=True,
        text=True,
        timeout=READY_TIMEOUT_S,
    )


def test_a_taken_port_gives_a_clear_message_and_exit_code_2():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run_to_exit("--port", str(taken.getsockname()[1]))
    assert result.returncode == 2
    assert "cannot listen on 127.0.0.1" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_seed_file_gives_a_clear_message(tmp_path):
    result = run_to_exit("--seed", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_invalid_seed_file_says_what_is_wrong(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text('{"flows": [{"id": "x", "name": "a"}]}')
    result = run_to_exit("--seed", str(seed))
    assert result.returncode == 2
    assert "pages[0]: flows[0].id must be an integer" in result.stderr


def test_ctrl_c_stops_the_server_cleanly(server):
    code, output = stop(server, signal.SIGINT)
    assert code == 0
    assert "mock-botcake stopped" in output


def worker_processes(served) -> list[str]:
    return [
        child
        for task in Path(f"/proc/{served.process.pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]


def test_serve_answers_from_one_worker_process_per_core_by_default(server):
    assert len(worker_processes(server)) == default_workers()
    assert requests.get(f"{server.root}/_mock/health", timeout=5).json() == {"status": "ok"}


def test_workers_1_serves_from_a_single_worker_process():
    served = start("--workers", "1", "--quiet")
    try:
        assert len(worker_processes(served)) == 1
        assert requests.get(f"{served.root}/_mock/health", timeout=5).json() == {"status": "ok"}
    finally:
        stop(served)


@pytest.mark.parametrize("workers", ["0", "-1", "many"])
def test_a_number_of_workers_that_is_not_1_or_more_is_refused_before_serving(workers):
    result = run_to_exit("--workers", workers)
    assert result.returncode == 2
    assert "--workers" in result.stderr
    assert "Traceback" not in result.stderr
