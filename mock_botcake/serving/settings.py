"""The options of ``mock-botcake serve``: each one's flag, its MOCK_BOTCAKE_* environment default, its check.

An environment variable gives an option's default, so a container or CI job can configure the server
without a command line; a flag on the command line still wins. A bad value, from either place, is a
``SettingError`` whose message names where it came from.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ..control.fault_targets import unmatchable_problems
from ..control.journal import DEFAULT_SIZE
from ..wire import schemas, strict_json

ENV_PREFIX = "MOCK_BOTCAKE_"
MAX_WORKERS = 256
# Printable ASCII without the characters a cookie value cannot hold (the dashboard keeps it in one).
_ADMIN_TOKEN = re.compile(r"[A-Za-z0-9._~+/=:@!$%^&*()\[\]{}|<>?#-]{8,512}")


class SettingError(Exception):
    """An option's value is unusable; the message says which, where it came from and why."""


def port(text: str) -> int:
    value = _integer(text)
    if not 0 <= value <= 65535:
        raise ValueError("a port is between 0 and 65535")
    return value


def non_negative(text: str) -> int:
    value = _integer(text)
    if value < 0:
        raise ValueError("it must be 0 or more")
    return value


def workers(text: str) -> int:
    value = _integer(text)
    if not 1 <= value <= MAX_WORKERS:
        raise ValueError(f"the number of worker processes is between 1 and {MAX_WORKERS}")
    return value


def rate(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:  # also false for NaN
        raise ValueError("a rate is between 0 and 1, e.g. 0.05")
    return value


def admin_token(text: str) -> str:
    if not _ADMIN_TOKEN.fullmatch(text):
        raise ValueError("use 8 to 512 letters, digits or punctuation, without spaces, quotes, ; or ,")
    return text


def proxy_url(text: str) -> str:
    """The real API's root for ``--proxy``: an http(s) URL with a host, and nothing after its path."""
    url = urlsplit(text.strip())
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ValueError("give the real API's root URL, e.g. https://botcake.io")
    if url.query or url.fragment:
        raise ValueError("the URL cannot have a query or a fragment: the API path and query are appended")
    return text.strip().rstrip("/")


def _integer(text: str) -> int:
    if not re.fullmatch(r"[+-]?[0-9]{1,18}", text.strip()):
        raise ValueError(f"{text!r} is not a whole number")
    return int(text)


def _text(text: str) -> str:
    return text


# (flag, environment variable suffix, converter, built-in default, metavar, help)
SERVE_OPTIONS: tuple[tuple[str, str, Callable[[str], Any], Any, str | None, str], ...] = (
    ("--host", "HOST", _text, "127.0.0.1", None, "address to listen on (default: 127.0.0.1)"),
    ("--port", "PORT", port, 8080, None, "port to listen on; 0 picks a free one (default: 8080)"),
    (
        "--workers",
        "WORKERS",
        workers,
        None,
        "N",
        "worker processes answering requests, all over one state (default: one per core)",
    ),
    (
        "--seed",
        "SEED",
        _text,
        "demo",
        "demo|empty|FILE",
        "first state: the built-in demo pages, no pages, or a seed/state JSON file (default: demo)",
    ),
    (
        "--state-file",
        "STATE_FILE",
        _text,
        None,
        "PATH",
        "keep the state in this SQLite file so that every acknowledged write survives a restart or a "
        "crash (default: in memory)",
    ),
    (
        "--journal-size",
        "JOURNAL_SIZE",
        non_negative,
        DEFAULT_SIZE,
        "N",
        f"API requests kept for GET /_mock/requests; 0 keeps none (default: {DEFAULT_SIZE})",
    ),
    (
        "--fault-rate",
        "FAULT_RATE",
        rate,
        0.0,
        "RATE",
        "answer this share of API requests (0 to 1) with a 500, at random (default: 0)",
    ),
    (
        "--fault-seed",
        "FAULT_SEED",
        non_negative,
        None,
        "N",
        "seed of --fault-rate's draws, so that the same requests fail on every run",
    ),
    (
        "--faults",
        "FAULTS",
        _text,
        None,
        "PATH",
        "fault rules in force from the start: a JSON file (a list of rules, or one rule), or a folder of "
        "such files (*.json, in name order)",
    ),
    (
        "--proxy",
        "PROXY",
        proxy_url,
        None,
        "URL",
        "a recording proxy: answer API requests from the real API at URL (its root, e.g. "
        "https://botcake.io) with the client's own token, journaled with the real answers; writes and "
        "sends are refused unless --allow-writes / --allow-sends",
    ),
    (
        "--admin-token",
        "ADMIN_TOKEN",
        admin_token,
        None,
        "TOKEN",
        "require Authorization: Bearer TOKEN on every /_mock/ path but /_mock/health",
    ),
)


# Options that are on or off: (flag, environment variable suffix, help).
SERVE_SWITCHES: tuple[tuple[str, str, str], ...] = (
    ("--quiet", "QUIET", "do not log one line per API and control request"),
    (
        "--allow-writes",
        "ALLOW_WRITES",
        "with --proxy: forward writes (keywords, customer fields, uploads, marketing messages) to the "
        "real API, which changes the real page",
    ),
    (
        "--allow-sends",
        "ALLOW_SENDS",
        "with --proxy: forward sends (send_flow, send_content, send_marketing_content) to the real API, "
        "which messages real people",
    ),
)


def add_serve_options(parser: argparse.ArgumentParser) -> None:
    """Add every serve option; those not given are filled in later by ``fill_from_environment``."""
    for flag, env_suffix, convert, _, metavar, help_text in SERVE_OPTIONS:
        parser.add_argument(
            flag,
            type=_for_argparse(convert),
            default=argparse.SUPPRESS,
            metavar=metavar,
            help=f"{help_text} [env: {ENV_PREFIX}{env_suffix}]",
        )
    for flag, env_suffix, help_text in SERVE_SWITCHES:
        parser.add_argument(
            flag,
            action="store_true",
            default=argparse.SUPPRESS,
            help=f"{help_text} [env: {ENV_PREFIX}{env_suffix}=1]",
        )


def fill_from_environment(args: argparse.Namespace) -> None:
    """Give each option not on the command line its environment value, else its built-in default.

    Done after parsing, for ``serve`` only, so that a bad variable never stops ``mock-botcake openapi``.
    """
    for flag, env_suffix, convert, default, _, _ in SERVE_OPTIONS:
        name = flag.removeprefix("--").replace("-", "_")
        if not hasattr(args, name):
            setattr(args, name, env_default(ENV_PREFIX + env_suffix, convert, default))
    for flag, env_suffix, _ in SERVE_SWITCHES:
        name = flag.removeprefix("--").replace("-", "_")
        if not hasattr(args, name):
            setattr(args, name, env_flag(ENV_PREFIX + env_suffix))


def env_default(name: str, convert: Callable[[str], Any], default: Any) -> Any:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return convert(raw)
    except ValueError as error:
        raise SettingError(f"environment variable {name}={raw!r} is not usable: {error}") from None


def env_flag(name: str) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("", "0", "false", "no"):
        return False
    if raw in ("1", "true", "yes"):
        return True
    raise SettingError(f"environment variable {name}={raw!r} is not usable: use 1 or 0")


def _for_argparse(convert: Callable[[str], Any]) -> Callable[[str], Any]:
    """``convert`` with its reason shown by argparse (which otherwise says only "invalid value")."""

    def checked(text: str) -> Any:
        try:
            return convert(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(f"{text!r}: {error}") from None

    checked.__name__ = convert.__name__
    return checked


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_fault_rules(path: str) -> list[dict[str, Any]]:
    """The fault rules of ``--faults``: a JSON file, or a folder whose ``*.json`` files are read in name
    order (other files are left alone, so a README can sit beside them, as in WireMock's mappings)."""
    if os.path.isdir(path):
        files = sorted(entry.path for entry in os.scandir(path) if entry.name.endswith(".json"))
        return [rule for file in files for rule in _rules_of_file(file)]
    return _rules_of_file(path)


def _rules_of_file(path: str) -> list[dict[str, Any]]:
    """The rules of one file, a JSON list of them or one rule, each checked like ``POST /_mock/faults``."""
    try:
        with open(path, encoding="utf-8") as file:
            rules = strict_json.loads(file.read())
    except FileNotFoundError:
        raise SettingError(f"faults file {path} does not exist") from None
    except (OSError, UnicodeDecodeError, strict_json.NotStrictJson) as error:
        raise SettingError(f"faults file {path} is not readable JSON: {error}") from None
    if isinstance(rules, dict):
        rules = [rules]
    if not isinstance(rules, list):
        raise SettingError(f"faults file {path} must hold a JSON list of fault rules, or one rule")
    for index, rule in enumerate(rules):
        problems = schemas.problems("control/fault_rule", rule) or unmatchable_problems(rule.get("match", {}))
        if problems:
            raise SettingError(f"faults file {path}, rule {index}: " + "; ".join(problems))
    return rules
