"""The request log (serving/request_log.py): every line, whole and in order, off the answering thread."""

from __future__ import annotations

import io
import threading

import pytest

from mock_botcake.serving.request_log import RequestLog


class BrokenStream(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError("the reader went away")


def test_every_line_is_written_in_order_by_the_time_it_closes():
    stream = io.StringIO()
    log = RequestLog(stream)
    for number in range(1000):
        log(f"line {number}")
    log.close()
    assert stream.getvalue() == "".join(f"line {number}\n" for number in range(1000))


def test_lines_from_many_threads_are_never_cut_or_mixed():
    stream = io.StringIO()
    log = RequestLog(stream)

    def write_lines(thread: int) -> None:
        for number in range(500):
            log(f"thread {thread} line {number}")

    threads = [threading.Thread(target=write_lines, args=(thread,)) for thread in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    log.close()
    lines = stream.getvalue().splitlines()
    assert sorted(lines) == sorted(f"thread {t} line {n}" for t in range(8) for n in range(500))
    for thread in range(8):
        mine = [line for line in lines if line.startswith(f"thread {thread} ")]
        assert mine == [f"thread {thread} line {n}" for n in range(500)]


def test_a_line_appears_without_waiting_for_more_lines_or_for_close():
    written = threading.Event()

    class Watched(io.StringIO):
        def flush(self) -> None:
            written.set()

    stream = Watched()
    log = RequestLog(stream)
    log("GET /api/public_api/v1/pages/1/flows 200 0.3ms")
    assert written.wait(timeout=5)
    assert stream.getvalue() == "GET /api/public_api/v1/pages/1/flows 200 0.3ms\n"
    log.close()


# The write happens on the log's writer thread: an exception there reaches pytest only as a warning,
# turned into this test's failure here.
@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_broken_stream_loses_the_log_but_never_raises():
    log = RequestLog(BrokenStream())
    log("GET / 200 0.1ms")
    log.close()
    log("after close")  # a late request after shutdown: dropped quietly


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_closed_stream_loses_the_log_but_never_raises():
    stream = io.StringIO()
    stream.close()  # writing to it raises ValueError
    log = RequestLog(stream)
    log("GET / 200 0.1ms")
    log.close()
