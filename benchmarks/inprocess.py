"""In-process cost of the pytest plugin: a ``requests`` call through the ``botcake`` fixture's route
against the same call to a bare ``responses`` stub, and the per-test start from a seed.

    python -m benchmarks.inprocess [--smoke]

Each figure is the median of several batches measured in this run; the ratios are what the targets
(issue 9, section 2) are about: at most 1.5x a bare stub for GET keywords, at most 2x for
send_content (schema-validated), and a per-test reset of the demo state under 1 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests
import responses

from mock_botcake.pytest_plugin.fake import Botcake
from mock_botcake.pytest_plugin.inprocess import IN_PROCESS_ROOT, InProcessRoute
from mock_botcake.pytest_plugin.seeds import SeedSnapshots
from mock_botcake.store import Store
from mock_botcake.web import create_app

SHOP = "113045297552223"
CONTENT = {
    "psid": "4242",
    "data": {
        "version": "v2",
        "content": {
            "messages": [
                {
                    "type": "text",
                    "text": "Your order has shipped",
                    "buttons": [{"type": "url", "title": "Track", "url": "https://example.com/t/1"}],
                }
            ],
            "quick_replies": [{"type": "flow", "caption": "Thanks", "flow_id": 1559}],
        },
    },
}


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: str = ""
    met: bool | None = None


def per_call(call: Callable[[], object], calls: int) -> float:
    """The mean time of one call over ``calls`` calls, in seconds."""
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls


def compare(
    fake_mock: responses.RequestsMock,
    stub_mock: responses.RequestsMock,
    call: Callable[[], object],
    calls: int,
    batches: int,
) -> tuple[float, float]:
    """Medians of the same call through the fake and through the stub, batches interleaved.

    Interleaving makes both sides see the same machine load, which on a shared machine drifts more
    between two phases than the difference being measured.
    """
    fake_times, stub_times = [], []
    for batch in range(batches + 1):
        for mock, times in ((fake_mock, fake_times), (stub_mock, stub_times)):
            mock.start()  # start/stop, not `with`: leaving the block would drop the registrations
            try:
                elapsed = per_call(call, calls)
            finally:
                mock.stop(allow_assert=False)
            if batch:  # the first round is a warm-up
                times.append(elapsed)
    return statistics.median(fake_times), statistics.median(stub_times)


def measure(smoke: bool = False) -> list[Figure]:
    calls, batches = (30, 3) if smoke else (300, 9)
    seeds = SeedSnapshots()
    store = Store()
    app = create_app(store)
    store.start_from(seeds.snapshot("demo"))
    fake = Botcake(app, IN_PROCESS_ROOT)
    page = fake.page(SHOP)
    keywords_body = fake._control.get(f"/api/public_api/v1/pages/{SHOP}/keywords", headers=page.headers)
    session = requests.Session()  # a client keeps its session, as an application would

    # The fixture's own route, on a mock of its own so that it can take turns with the stub.
    fake_mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    InProcessRoute(app).register(fake_mock)
    stub_mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    stub_mock.get(page.url("keywords"), body=keywords_body.get_data(), content_type="application/json")
    stub_mock.post(page.url("flows/send_content"), json={"success": True})

    fake_get, stub_get = compare(
        fake_mock, stub_mock, lambda: session.get(page.url("keywords"), headers=page.headers), calls, batches
    )
    fake_send, stub_send = compare(
        fake_mock,
        stub_mock,
        lambda: session.post(page.url("flows/send_content"), json=CONTENT, headers=page.headers),
        calls,
        batches,
    )
    assert len(fake.sends(SHOP)) == (batches + 1) * calls, "every measured send_content was accepted"

    control = app.test_client()

    def start_a_test() -> None:  # what the fixture does before each test
        store.start_from(seeds.snapshot("demo"))
        control.post("/_mock/reset")

    reset = statistics.median(per_call(start_a_test, calls) for _ in range(batches))
    restore_only = statistics.median(
        per_call(lambda: store.start_from(seeds.snapshot("demo")), calls) for _ in range(batches)
    )
    seeds.close()
    return [
        Figure("botcake GET keywords", fake_get * 1e6, "µs/call"),
        Figure("bare responses stub GET keywords", stub_get * 1e6, "µs/call"),
        Figure("ratio GET keywords", fake_get / stub_get, "x", "<= 1.5x", fake_get / stub_get <= 1.5),
        Figure("botcake POST send_content", fake_send * 1e6, "µs/call"),
        Figure("bare responses stub POST send_content", stub_send * 1e6, "µs/call"),
        Figure("ratio send_content", fake_send / stub_send, "x", "<= 2x", fake_send / stub_send <= 2),
        Figure("per-test start (demo seed + reset)", reset * 1e3, "ms", "< 1 ms", reset < 1e-3),
        Figure("of which the SQLite restore", restore_only * 1e3, "ms"),
    ]


def render(figures: list[Figure]) -> str:
    lines = [f"{'in-process (pytest plugin)':<40} {'median':>10}  {'target':<8} met"]
    for figure in figures:
        met = "" if figure.met is None else ("yes" if figure.met else "NO")
        lines.append(f"{figure.name:<40} {figure.value:>8.2f} {figure.unit:<6} {figure.target:<8} {met}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few calls only; figures are not meaningful")
    print(render(measure(smoke=parser.parse_args().smoke)))


if __name__ == "__main__":
    main()
