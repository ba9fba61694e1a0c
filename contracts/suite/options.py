"""The contract suite's options about its target, declared once.

The suite's pytest plugin adds them to pytest, and ``mock-botcake verify`` to its own command line,
which hands them on to pytest; both read the same environment variables. Plain Python: ``serve``
imports ``verify``, and must not pay for pytest.
"""

from __future__ import annotations

from typing import Any

# Options with a value, each also read from its environment variable when not given.
ENVIRONMENT = {
    "base_url": "BOTCAKE_BASE_URL",
    "page_id": "BOTCAKE_PAGE_ID",
    "token": "BOTCAKE_TOKEN",
    "psid": "BOTCAKE_PSID",
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
        if getattr(values, name):
            arguments += [flag(name), getattr(values, name)]
    arguments += [flag(name) for name in FLAGS if getattr(values, name)]
    return arguments
