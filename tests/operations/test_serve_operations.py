"""`mock-botcake serve` operations through a real process: request log, drops, faults, admin token, env."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests

from mock_botcake.serving.server import STOP_GRACE_S, default_workers, worker_count

from ..helpers import API, SHOP_ID
from ..servers import READY_TIMEOUT_S, start, stop

FLOWS = f"{API}/pages/{SHOP_ID}/flows"


def get_flows(served) -> requests.Response:
    return requests.get(served.root + FLOWS, headers={"access-token": served.token_of(SHOP_ID)}, timeout=5)


def run_to_exit(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mock_botcake", "serve", *args],
        capture_output=True,
        text=True,
        timeout=READY_TIMEOUT_S,
        env={**os.environ, **(env or {})},
    )


def test_serve_logs_one_line_per_api_and_control_request_and_drops_a_connection_for_real():
    served = start()
    try:
        requests.post(served.root + "/_mock/faults", json={"action": {"drop_connection": True}, "times": 1})
        with pytest.raises(requests.ConnectionError, match="without response"):
            get_flows(served)
        assert get_flows(served).status_code == 200  # the server goes on serving
        journal = requests.get(served.root + "/_mock/requests", timeout=5).json()["requests"]
        assert [entry["status"] for entry in journal] == [0, 200]
    finally:
        code, output = stop(served)
    assert code == 0
    assert f"GET {FLOWS} dropped" in output
    assert f"GET {FLOWS} 200" in output
    assert "POST /_mock/faults 201" in output
    assert "Traceback" not in output


def test_quiet_serve_logs_no_requests():
    served = start("--quiet")
    get_flows(served)
    _, output = stop(served)
    assert FLOWS not in output
    assert "request log off" in served.banner


def test_a_seeded_fault_rate_fails_the_same_requests_on_every_run():
    def statuses() -> list[int]:
        served = start("--fault-rate", "0.3", "--fault-seed", "11", "--quiet")
        try:
            return [get_flows(served).status_code for _ in range(20)]
        finally:
            stop(served)

    first = statuses()
    assert first == statuses()
    assert set(first) == {200, 500}


def test_a_faults_file_puts_its_rules_in_force_from_the_start(tmp_path):
    rules = tmp_path / "faults.json"
    rules.write_text(json.dumps([{"match": {"path": "flows"}, "action": {"status": 503}}]))
    served = start("--faults", str(rules), "--quiet")
    try:
        assert get_flows(served).status_code == 503
        listed = requests.get(served.root + "/_mock/faults", timeout=5).json()["faults"]
        assert [(rule["id"], rule["fired"]) for rule in listed] == [(1, 1)]
    finally:
        stop(served)


def test_an_invalid_faults_file_says_which_rule_and_why(tmp_path):
    rules = tmp_path / "faults.json"
    rules.write_text(json.dumps([{"action": {"status": 503}}, {"action": {"status": 42}}]))
    result = run_to_exit("--faults", str(rules))
    assert result.returncode == 2
    assert f"faults file {rules}, rule 1: action.status is 42; it must be at least 200" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_faults_file_gives_a_clear_message(tmp_path):
    result = run_to_exit("--faults", str(tmp_path / "nope.json"))
    assert (result.returncode, result.stderr.strip()) == (
        2,
        f"mock-botcake: faults file {tmp_path / 'nope.json'} does not exist",
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MOCK_BOTCAKE_PORT", "http"),
        ("MOCK_BOTCAKE_PORT", "70000"),
        ("MOCK_BOTCAKE_JOURNAL_SIZE", "-1"),
        ("MOCK_BOTCAKE_FAULT_RATE", "nan"),
        ("MOCK_BOTCAKE_ADMIN_TOKEN", "short"),
        ("MOCK_BOTCAKE_QUIET", "maybe"),
    ],
)
def test_a_bad_environment_variable_is_named_with_exit_2_and_no_traceback(name, value):
    result = run_to_exit(env={name: value})
    assert result.returncode == 2
    assert f"environment variable {name}={value!r} is not usable" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_environment_variable_does_not_stop_mock_botcake_openapi():
    result = subprocess.run(
        [sys.executable, "-m", "mock_botcake", "openapi"],
        capture_output=True,
        text=True,
        timeout=READY_TIMEOUT_S,
        env={**os.environ, "MOCK_BOTCAKE_PORT": "http"},
    )
    assert result.returncode == 0


def test_environment_variables_set_the_defaults_and_flags_win(tmp_path):
    served = start(
        "--journal-size",
        "5",
        env={
            "MOCK_BOTCAKE_SEED": "empty",
            "MOCK_BOTCAKE_JOURNAL_SIZE": "7",
            "MOCK_BOTCAKE_STATE_FILE": str(tmp_path / "state.sqlite3"),
            "MOCK_BOTCAKE_ADMIN_TOKEN": "admin-token-1",
            "MOCK_BOTCAKE_QUIET": "1",
        },
    )
    try:
        assert "seed: empty" in served.banner
        assert "journal size 5" in served.banner
        assert f"state file {tmp_path / 'state.sqlite3'}" in served.banner
        assert requests.get(served.root + "/_mock/pages", timeout=5).status_code == 401
        authorized = {"Authorization": "Bearer admin-token-1"}
        assert requests.get(served.root + "/_mock/pages", headers=authorized, timeout=5).json() == {
            "pages": []
        }
    finally:
        _, output = stop(served)
    assert "GET /_mock/pages" not in output


def test_binding_every_interface_without_an_admin_token_warns():
    served = start("--host", "0.0.0.0", "--quiet")
    _, output = stop(served)
    assert "warning: listening on 0.0.0.0 without --admin-token" in served.banner + output


def test_binding_every_interface_with_an_admin_token_does_not_warn():
    served = start("--host", "0.0.0.0", "--admin-token", "admin-token-1", "--quiet")
    _, output = stop(served)
    assert "warning" not in served.banner + output
    assert "admin token required" in served.banner


def test_a_fault_seed_without_a_fault_rate_warns_that_it_is_ignored():
    served = start("--fault-seed", "7", "--quiet")
    _, output = stop(served)
    assert "warning: --fault-seed is ignored without --fault-rate" in served.banner + output


def test_a_delayed_request_does_not_hold_up_the_others():
    # serve calls the app inline in its event loop; a delay must not stall it (rsgi_bridge.py).
    served = start("--quiet")
    try:
        rule = {"match": {"path": "flows"}, "action": {"delay_ms": 3000}, "times": 1}
        requests.post(served.root + "/_mock/faults", json=rule, timeout=5)
        delayed: list[requests.Response] = []
        waiting = threading.Thread(target=lambda: delayed.append(get_flows(served)))
        waiting.start()
        # Polled (each poll is itself a request the delay must not hold up) until the delay has begun.
        deadline = time.monotonic() + READY_TIMEOUT_S
        while requests.get(served.root + "/_mock/faults", timeout=5).json()["faults"][0]["fired"] == 0:
            assert time.monotonic() < deadline, "the delayed request never reached the server"
            time.sleep(0.01)
        keywords = requests.get(
            f"{served.root}{API}/pages/{SHOP_ID}/keywords",
            headers={"access-token": served.token_of(SHOP_ID)},
            timeout=5,
        )
        assert keywords.status_code == 200
        assert waiting.is_alive()  # answered while the delayed request was still waiting
        waiting.join(timeout=10)
        assert [response.status_code for response in delayed] == [200]
    finally:
        stop(served)


def test_sigterm_stops_the_server_at_once_while_a_request_sleeps_out_a_delay():
    served = start("--quiet")
    rule = {"match": {"path": "flows"}, "action": {"delay_ms": 60_000}}
    requests.post(served.root + "/_mock/faults", json=rule, timeout=5)
    threading.Thread(target=lambda: _ignore_errors(get_flows, served), daemon=True).start()
    deadline = time.monotonic() + READY_TIMEOUT_S
    while requests.get(served.root + "/_mock/faults", timeout=5).json()["faults"][0]["fired"] == 0:
        assert time.monotonic() < deadline, "the delayed request never reached the server"
        time.sleep(0.01)
    stopping = time.monotonic()
    code, output = stop(served)  # waits READY_TIMEOUT_S at most, far less than the delay
    assert (code, time.monotonic() - stopping < 10) == (0, True)
    assert "mock-botcake stopped" in output


def test_sigterm_stops_the_server_within_its_grace_while_a_client_holds_a_half_sent_request():
    served = start("--quiet")
    host, port = served.root.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as client:
        client.sendall(f"POST {API}/pages/{SHOP_ID}/keywords/create HTTP/1.1\r\n".encode())
        client.sendall(b"Host: x\r\nContent-Length: 10\r\n\r\n{")  # 1 of 10 bytes, then nothing
        stopping = time.monotonic()
        code, output = stop(served)
        took = time.monotonic() - stopping
    assert code == 0, output
    assert took < STOP_GRACE_S + 3, f"took {took:.1f} s"
    assert "mock-botcake stopped" in output
    assert "Traceback" not in output


def _ignore_errors(call, *args) -> None:
    with contextlib.suppress(requests.RequestException):
        call(*args)


def test_a_dropped_connection_is_dropped_when_bound_to_every_interface():
    served = start("--host", "0.0.0.0", "--quiet")
    try:
        requests.post(served.root + "/_mock/faults", json={"action": {"drop_connection": True}, "times": 1})
        with pytest.raises(requests.ConnectionError, match="without response"):
            get_flows(served)
        assert get_flows(served).status_code == 200
    finally:
        stop(served)


def test_the_banner_says_how_many_worker_processes_answer():
    served = start("--workers", "2")
    try:
        assert "2 worker processes" in served.banner
    finally:
        stop(served)


def test_without_workers_serve_runs_one_per_core():
    assert worker_count(None) == default_workers()
    assert worker_count(3) == 3
