"""Starting the servers under test as real processes, timing their start-up, reading their memory."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import tools
from .registry import REPO
from .scenarios import SCENARIOS, SHOP, Scenario

READY_TIMEOUT_S = 60
POLL_INTERVAL_S = 0.005  # between health polls: fine enough for start-up times, and leaves the CPU alone


@dataclass
class Server:
    name: str
    process: subprocess.Popen[str]
    host: str
    port: int
    token: str
    startup_s: float
    output: list[str] = field(default_factory=list)
    cleanup: list[Path] = field(default_factory=list)

    @property
    def root(self) -> str:
        return f"http://{self.host}:{self.port}"

    def rss_kib(self) -> int:
        return tree_rss_kib(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for path in self.cleanup:
            shutil.rmtree(path, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(
    host: str, port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 5
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def request(server: Server, scenario: Scenario) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        headers = {"access-token": server.token, "Content-Type": "application/json"}
        conn.request(scenario.method, scenario.path, body=scenario.body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_for_200(process: subprocess.Popen[str], port: int, path: str, headers: dict[str, str]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode} before answering")
        try:
            if get("127.0.0.1", port, path, headers, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(POLL_INTERVAL_S)
    raise RuntimeError(f"no 200 from {path} within {READY_TIMEOUT_S} s")


def _drain(process: subprocess.Popen[str], into: list[str]) -> None:
    # A full pipe would block the server on its next log line.
    threading.Thread(target=lambda: into.extend(process.stdout or ()), daemon=True).start()


def start_fake(*serve_args: str, name: str = "mock-botcake", env: dict[str, str] | None = None) -> Server:
    """``mock-botcake serve --port 0`` with the demo seed; start-up is timed to its first health 200."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_botcake", "serve", "--port", "0", *serve_args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=REPO,
        env=env,
    )
    banner = _read_until(process, "Press Ctrl-C")
    root = re.search(r"listening on http://([\d.]+):(\d+)", banner)
    token = re.search(rf"{SHOP} .*\n\s+access-token: (\S+)", banner)
    if not root or not token:
        process.kill()
        raise RuntimeError("serve printed no banner:\n" + banner)
    port = int(root.group(2))
    wait_for_200(process, port, "/_mock/health", {})
    server = Server(name, process, "127.0.0.1", port, token.group(1), time.monotonic() - started)
    _drain(process, server.output)
    return server


def serve_supports(option: str) -> bool:
    """Whether this build's ``serve`` has ``option`` (options landing on other branches are picked up)."""
    result = subprocess.run(
        [sys.executable, "-m", "mock_botcake", "serve", "--help"], capture_output=True, text=True, cwd=REPO
    )
    return option in result.stdout


def start_python_server(
    name: str, module: str, token: str, *args: str, pythonpath: Iterable[Path] = ()
) -> Server:
    """A Python server of this harness (``benchmarks.<module>``) that prints ``listening on PORT``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *map(str, pythonpath), env.get("PYTHONPATH", "")])
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=REPO,
        env=env,
    )
    printed = _read_until(process, "listening on")
    port = int(re.search(r"listening on (\d+)", printed).group(1))
    keywords = SCENARIOS[0]
    wait_for_200(process, port, keywords.path, {"access-token": token})
    server = Server(name, process, "127.0.0.1", port, token, time.monotonic() - started)
    server.output.extend(printed.splitlines(keepends=True))
    _drain(process, server.output)
    return server


def start_wiremock(stubs: dict[Scenario, bytes], token: str, *, journal: bool = True) -> Server:
    """WireMock standalone with one mapping per scenario: method, path and the access-token header.

    The path, not the whole URL: the fresh reads (``?fresh=<n>``) are answered like the plain one.
    """
    jar = tools.wiremock_jar()
    root = Path(tempfile.mkdtemp(prefix="bench-wiremock-"))
    (root / "mappings").mkdir()
    for index, (scenario, body) in enumerate(stubs.items()):
        mapping = {
            "request": {
                "method": scenario.method,
                "urlPath": scenario.path,
                "headers": {"access-token": {"equalTo": token}},
            },
            "response": {
                "status": 200,
                "body": body.decode(),
                "headers": {"Content-Type": "application/json"},
            },
        }
        (root / "mappings" / f"{index}.json").write_text(json.dumps(mapping))
    port = free_port()
    command = [
        "java",
        "-jar",
        str(jar),
        "--port",
        str(port),
        "--bind-address",
        "127.0.0.1",
        "--root-dir",
        str(root),
        "--disable-banner",
    ]
    if not journal:
        command.append("--no-request-journal")
    server = _start_peer("WireMock" + ("" if journal else " (journal off)"), command, port, token)
    server.cleanup.append(root)
    return server


def start_prism(token: str) -> Server:
    """Prism mocking contracts/openapi.yaml: it answers each operation with its schema's example."""
    port = free_port()
    command = [
        *tools.prism_command(),
        "mock",
        str(REPO / "contracts" / "openapi.yaml"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    return _start_peer("Prism", command, port, token)


def _start_peer(name: str, command: list[str], port: int, token: str) -> Server:
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    _drain(process, output)
    try:
        wait_for_200(process, port, SCENARIOS[0].path, {"access-token": token})
    except RuntimeError as error:
        process.kill()
        raise tools.Unavailable(f"{name} did not start: {error}: {''.join(output)[-400:]}") from None
    return Server(name, process, "127.0.0.1", port, token, time.monotonic() - started, output)


def _read_until(process: subprocess.Popen[str], marker: str) -> str:
    lines = []
    for line in process.stdout or ():
        lines.append(line)
        if marker in line:
            return "".join(lines)
    raise RuntimeError("the server exited before it was ready:\n" + "".join(lines))


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (Prism runs node under a wrapper)."""
    total = 0
    for each in [pid, *_descendants(pid)]:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *_descendants(child)]
    return found
