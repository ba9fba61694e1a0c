"""Driving wrk (a real load generator, in C) and reading its figures."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .scenarios import Scenario

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class WrkResult:
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    bad: int  # non-2xx answers, socket errors and timeouts: a run with any is not a fair figure


def lua_script(scenario: Scenario, token: str) -> str:
    lines = [f'wrk.method = "{scenario.method}"', f'wrk.headers["access-token"] = "{token}"']
    if scenario.body is not None:
        lines.append('wrk.headers["Content-Type"] = "application/json"')
        lines.append(f"wrk.body = {_lua_string(scenario.body)}")
    if scenario.fresh_query:
        lines.append(_FRESH_QUERY)
    return "\n".join(lines) + "\n"


# wrk runs one Lua state per thread: `setup` numbers them, so no two requests of a run share a query.
_FRESH_QUERY = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end
local counter = 0
function request()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?fresh=" .. number .. "-" .. counter)
end"""


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_wrk(root: str, scenario: Scenario, token: str, *, connections: int, seconds: float) -> WrkResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(scenario, token))
    try:
        threads = min(2, connections)
        result = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--latency",
                "--timeout",
                "10s",
                "-s",
                script.name,
                root + scenario.path,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(script.name).unlink()
    return parse_wrk(result.stdout)


def parse_wrk(output: str) -> WrkResult:
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if errors:
        bad += sum(int(n) for n in errors.groups())
    return WrkResult(requests, rps, _percentile(output, "50"), _percentile(output, "99"), bad)


def _percentile(output: str, which: str) -> float:
    match = re.search(rf"^\s+{which}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    if not match:
        return float("nan")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]
