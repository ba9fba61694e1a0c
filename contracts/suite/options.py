"""The contract suite's options about its target, declared once.

The suite's pytest plugin adds them to pytest, and ``mock-botcake verify`` to its own command line,
which hands them on to pytest; both read the same environment variables. Plain Python: ``serve``
imports ``verify``, and must not pay for pytest.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

# How the suite treats a target it did not start (``Patience`` in target.py): gentle with a real page,
# and patient with an API that "returns 500 frequently" (S9). The fake the suite starts pauses 0 s.
DEFAULT_PAUSE_S = 0.5
DEFAULT_READ_RETRIES = 3
DEFAULT_RETRY_WAIT_S = 1.0
MAX_READ_RETRIES = 10
MAX_SECONDS = 60.0
# The exit status of a run where no contract broke but some test got only transient answers, for the
# plugin and verify alike: EX_TEMPFAIL of sysexits.h ("try again later"), clear of pytest's own 0-5.
TARGET_UNAVAILABLE = 75


def seconds(text: str) -> float:
    """A pause or a wait: ``"0.5"`` -> 0.5, between 0 and a minute."""
    value = float(text)
    if not (math.isfinite(value) and 0 <= value <= MAX_SECONDS):
        raise argparse.ArgumentTypeError(f"{text!r}: give seconds from 0 to {MAX_SECONDS:g}")
    return value


def retries(text: str) -> int:
    """How many times a read is tried again: ``"3"`` -> 3, from 0 to ``MAX_READ_RETRIES``."""
    value = int(text)
    if not 0 <= value <= MAX_READ_RETRIES:
        raise argparse.ArgumentTypeError(f"{text!r}: give a count from 0 to {MAX_READ_RETRIES}")
    return value


# Options with a value, each also read from its environment variable when not given.
ENVIRONMENT = {
    "base_url": "BOTCAKE_BASE_URL",
    "page_id": "BOTCAKE_PAGE_ID",
    "token": "BOTCAKE_TOKEN",
    "psid": "BOTCAKE_PSID",
    "pause": "BOTCAKE_PAUSE",
    "read_retries": "BOTCAKE_READ_RETRIES",
    "retry_wait": "BOTCAKE_RETRY_WAIT",
    "user_token": "BOTCAKE_USER_TOKEN",
}
FLAGS = ("allow_writes", "allow_sends")

# (attribute name, keyword arguments for argparse's add_argument and pytest's addoption alike)
TARGET_OPTIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("base_url", {"help": "the API under test, e.g. https://botcake.io/api/public_api/v1 (default: a fake)"}),
    ("page_id", {"help": "the page the suite reads"}),
    ("token", {"help": "the page's access-token"}),
    ("allow_writes", {"action": "store_true", "help": "allow keyword create/update on the target"}),
    ("allow_sends", {"action": "store_true", "help": "allow sends to --psid on the target"}),
    ("psid", {"help": "a test subscriber of the page: every send goes to it (needed with --allow-sends)"}),
    (
        "user_token",
        {
            "help": "an account's user-access-token, for the integration_page checks (optional: they are "
            "skipped without it)"
        },
    ),
    (
        "pause",
        {
            "type": seconds,
            "metavar": "SECONDS",
            "help": f"wait between two requests to a --base-url target (default {DEFAULT_PAUSE_S:g}; "
            "0 for the fake the suite starts)",
        },
    ),
    (
        "read_retries",
        {
            "type": retries,
            "metavar": "N",
            "help": "try a GET again up to N times after a 5xx, 429, timeout or connection error "
            f"(default {DEFAULT_READ_RETRIES}); writes and sends are never tried again",
        },
    ),
    (
        "retry_wait",
        {
            "type": seconds,
            "metavar": "SECONDS",
            "help": "wait before the first retry, doubled before each next one "
            f"(default {DEFAULT_RETRY_WAIT_S:g})",
        },
    ),
)


def flag(name: str) -> str:
    """``"base_url"`` -> ``"--base-url"``."""
    return "--" + name.replace("_", "-")


def add_target_options(add: Any) -> None:
    """Declare every target option with ``add`` (``parser.add_argument`` or ``group.addoption``)."""
    for name, settings in TARGET_OPTIONS:
        add(flag(name), dest=name, **settings)


def as_arguments(values: Any) -> list[str]:
    """The command-line arguments that give pytest the options set on ``values`` (an argparse result)."""
    arguments: list[str] = []
    for name in ENVIRONMENT:
        value = getattr(values, name)
        # A pause of 0 is a value given: only None (and an empty string) mean "not given".
        if value is not None and value != "":
            arguments += [flag(name), str(value)]
    arguments += [flag(name) for name in FLAGS if getattr(values, name)]
    return arguments
