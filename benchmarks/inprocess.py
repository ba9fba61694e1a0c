"""In-process cost of the pytest plugin: a ``requests`` call through the ``botcake`` fixture's route
against the same call to a bare ``responses`` stub, and the per-test start from a seed.

    python -m benchmarks inprocess      (or: python -m benchmarks.inprocess [--smoke])

Each ratio is the median over batches, fake and stub measured back to back in each batch. The
targets (issue 9, section 2): at most 1.5x a bare stub for GET keywords, at most 2x for send_content
(schema-validated), and a per-test start from the demo state under 1 ms.
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Callable

import requests
import responses

from mock_botcake.app import create_app
from mock_botcake.embedded.fake import Botcake
from mock_botcake.embedded.inprocess import IN_PROCESS_ROOT, InProcessRoute
from mock_botcake.embedded.seeds import SeedCopies
from mock_botcake.store import Store

from .figures import judged, measured
from .registry import Context, Row
from .report import table

SECTION = "inprocess"

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
) -> list[float]:
    """Ratios fake/stub of the same call, batch by batch, the two interleaved.

    Interleaving makes both sides see the same machine load, which on a shared machine drifts more
    between two phases than the difference being measured. The first round is a warm-up.
    """
    ratios = []
    for batch in range(batches + 1):
        fake_time = _timed(fake_mock, call, calls)
        stub_time = _timed(stub_mock, call, calls)
        if batch:
            ratios.append(fake_time / stub_time)
    return ratios


def _timed(mock: responses.RequestsMock, call: Callable[[], object], calls: int) -> float:
    mock.start()  # start/stop, not `with`: leaving the block would drop the registrations
    try:
        return per_call(call, calls)
    finally:
        mock.stop(allow_assert=False)


def measure(smoke: bool = False) -> list[Row]:
    calls, batches = (30, 3) if smoke else (300, 9)
    seeds = SeedCopies()
    store = Store()
    app = create_app(store)
    store.start_from(seeds.copy_of("demo"))
    fake = Botcake(app, IN_PROCESS_ROOT)
    page = fake.page(SHOP)
    keywords_body = app.test_client().get(f"/api/public_api/v1/pages/{SHOP}/keywords", headers=page.headers)
    session = requests.Session()  # a client keeps its session, as an application would

    # The fixture's own route, on a mock of its own so that it can take turns with the stub.
    fake_mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    InProcessRoute(app).register(fake_mock)
    stub_mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    stub_mock.get(page.url("keywords"), body=keywords_body.get_data(), content_type="application/json")
    stub_mock.post(page.url("flows/send_content"), json={"success": True})

    get_ratios = compare(
        fake_mock, stub_mock, lambda: session.get(page.url("keywords"), headers=page.headers), calls, batches
    )
    # The same read, each call with a query parameter of its own (ignored by the API and by the stub's
    # URL match): the fake's read cache answers none of them, so this is the cost of a first read.
    fresh = itertools.count()
    fresh_ratios = compare(
        fake_mock,
        stub_mock,
        lambda: session.get(page.url("keywords"), params={"fresh": next(fresh)}, headers=page.headers),
        calls,
        batches,
    )
    send_ratios = compare(
        fake_mock,
        stub_mock,
        lambda: session.post(page.url("flows/send_content"), json=CONTENT, headers=page.headers),
        calls,
        batches,
    )
    assert len(fake.sends(SHOP)) == (batches + 1) * calls, "every measured send_content was accepted"

    control = app.test_client()

    def start_a_test() -> None:  # what the fixture does before each test
        store.start_from(seeds.copy_of("demo"))
        control.post("/_mock/reset")

    resets = [per_call(start_a_test, calls) * 1e3 for _ in range(batches)]
    restores = [
        per_call(lambda: store.start_from(seeds.copy_of("demo")), calls) * 1e3 for _ in range(batches)
    ]
    seeds.close()
    rows = [
        judged(SECTION, "botcake / bare responses stub, GET keywords", get_ratios, "x", *_at_most(1.5)),
        measured(SECTION, "the same, each GET keywords a read never asked before", fresh_ratios, "x"),
        judged(SECTION, "botcake / bare responses stub, POST send_content", send_ratios, "x", *_at_most(2.0)),
        judged(SECTION, "per-test start from the demo seed (restore + reset)", resets, "ms", *_under_ms(1.0)),
        measured(SECTION, "of which the SQLite restore", restores, "ms"),
    ]
    if smoke:  # a smoke run shows the targets but judges nothing: its figures are not meaningful
        for row in rows:
            row.ok = None
    return rows


def _at_most(limit: float) -> tuple[str, Callable[[float], bool]]:
    return f"<= {limit:g}x", lambda value: value <= limit


def _under_ms(limit: float) -> tuple[str, Callable[[float], bool]]:
    return f"< {limit:g} ms", lambda value: value < limit


def run(ctx: Context) -> list[Row]:
    """The harness's entry (``python -m benchmarks inprocess``)."""
    return measure(smoke=ctx.smoke)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few calls only; figures are not meaningful")
    print(table(measure(smoke=parser.parse_args().smoke)))


if __name__ == "__main__":
    main()
