"""The benchmark harness's smoke run, so that `python -m benchmarks` cannot rot unnoticed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.load import parse_wrk

REPO = Path(__file__).resolve().parent.parent

WRK_OUTPUT = """\
Running 1s test @ http://127.0.0.1:1/x
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     9.74ms    3.52ms  35.58ms   70.01%
  Latency Distribution
     50%  812.00us
     75%    1.20ms
     90%    2.00ms
     99%    1.50s
  3300 requests in 1.00s, 1.00MB read
  Non-2xx or 3xx responses: 7
Requests/sec:   3257.84
Transfer/sec:      1.00MB
"""


def test_wrk_figures_are_read_with_their_units():
    result = parse_wrk(WRK_OUTPUT)
    assert (result.requests, result.rps, result.p50_ms, result.p99_ms, result.bad) == (
        3300,
        3257.84,
        0.812,
        1500.0,
        7,
    )


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is installed by .ci/setup.d/30-wrk.sh")
def test_the_smoke_run_measures_every_smoke_section_and_prints_its_table():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "(section failed)" not in result.stdout
    for figure in (
        "GET keywords c32",
        "POST flows/send_content c1 p50",
        "serve: start to first 200 /_mock/health",
        "RSS after",
        "GET flows/[a,b] on the big page / on the demo page",
        "memory per recorded send beyond its JSON",
    ):
        assert figure in result.stdout, result.stdout[-3000:]
    assert "smoke run: targets not judged" in result.stdout


def test_the_http_table_compares_each_request_only_with_the_servers_that_serve_it():
    from benchmarks.load import WrkResult
    from benchmarks.sections import http

    servers = dict.fromkeys((http.FAKE, http.FLASK, http.WIREMOCK, http.WIREMOCK_JOURNAL, http.PRISM))
    figures = WrkResult(requests=1000, rps=1000.0, p50_ms=0.2, p99_ms=1.0, bad=0)
    results = {
        (name, scenario.key, connections): [figures]
        for scenario in http.MEASURED
        for name in servers
        for connections in (http.C32, http.C1)
        if http._serves(name, scenario)
    }
    labels = [row.what for row in http._throughput_rows(results, servers, http.MEASURED)]
    fresh = http.KEYWORDS_FRESH.label
    assert f"{fresh} c32 / {http.FLASK}" in labels
    assert f"{fresh} c32 / {http.WIREMOCK}" in labels
    assert f"{fresh} c32 / {http.WIREMOCK_JOURNAL}" in labels
    assert not any(label.startswith(fresh) and http.PRISM in label for label in labels)
    assert not any(label.startswith("POST flows/send_flow") and http.FLASK in label for label in labels)
    assert f"{http.KEYWORDS_CREATE.label} c32 / {http.FLASK}" in labels
    assert f"{http.KEYWORDS.label} c1 p99 / {http.WIREMOCK}" in labels
