"""Fault rules: which API requests get a wrong answer, a delay or a dropped connection, and how often.

Plain Python, no HTTP: the web layer (``control/faulting.py``) asks ``FaultBook.pick`` about each API
request and acts on the answer. A rule is a dict in the shape of
``contracts/schemas/control/fault_rule.json`` (validated by the caller):

    {"name": "sends fail", "match": {"method": "POST", "path": "flows/send_*", "page_id": "113045297552223"},
     "action": {"status": 503, "body": {...}, "delay_ms": 200, "drop_connection": false},
     (or "action": {"fault": "truncated"}, a network fault: empty, malformed, reset, truncated, slow),
     (or "action": {"responses": [{"status": 503}, {"pass": true}], "after_last": "repeat"}),
     "times": 2, "probability": 0.5, "seed": 7, "after_write": false}

``match.path`` is a glob (``fnmatch``: ``*`` also crosses ``/``) on the path after
``/api/public_api/v1/pages/<page_id>/``; ``match.query`` and ``match.headers`` name parameters and
headers that must be there with a value that matches a glob, ``match.body`` a part of the JSON body
(``RequestDetails`` hands them over, read only when a rule asks); every key of ``match`` is optional.
Rules are tried in the order they were added and the first that matches and fires wins; each rule
draws from its own ``random.Random(seed)``, so a seeded rule fires on the same requests on every run.
A scenario (``action.responses``) gives its answers in the order the rule fires, by its ``fired``
count: the count that makes ``times`` exact across workers makes the scenario exact too.

Under ``serve --workers N`` the rules, their counts and their random sequences live in a file the
worker processes share (``FaultBook.share``, ``SharedRules``): a rule's ``times`` holds across all
workers, and a rule added through one worker applies to the next request any worker answers.
"""

from __future__ import annotations

import copy
import json
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from ..fidelity import Refusal
from ..store.database import ScratchDatabase, SharedCounter
from ..wire import strict_json
from ..wire.envelopes import refusal_body

DEFAULT_FAULT_STATUS = 500
DEFAULT_FAULT_BODY = refusal_body(Refusal(500, "fault injected by mock-botcake"))


@dataclass
class Fault:
    """What to do to one request: wait, then drop the connection, answer instead, or let it through;
    ``network`` a network fault (``action.fault``: empty, malformed, reset, truncated, slow) on the way."""

    rule_id: int
    delay_ms: int = 0
    rule_name: str | None = None
    drop_connection: bool = False
    network: str | None = None
    status: int | None = None
    body: Any = None
    after_write: bool = False

    @property
    def answers(self) -> bool:
        return self.status is not None


def may_delay(spec: dict[str, Any]) -> bool:
    """Whether a rule may make a request wait: a ``delay_ms`` in its action or in one of its responses."""
    action = spec["action"]
    return any(answer.get("delay_ms") for answer in action.get("responses", [action]))


def _no_header(name: str) -> str | None:
    return None


def _no_body() -> bytes:
    return b""


@dataclass
class RequestDetails:
    """What ``match.query``, ``match.headers`` and ``match.body`` look at in one API request.

    The web layer hands over the raw query string and two readers; each part is read (and parsed) only
    when a rule matches on it, so a request under rules of method and path only costs nothing more.
    """

    query_string: str = ""
    header: Callable[[str], str | None] = _no_header  # a header's value by its lower-case name
    read_body: Callable[[], bytes] = _no_body

    @cached_property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(self.query_string, keep_blank_values=True)

    def query_values(self, name: str) -> list[str]:
        return self.query.get(name, [])

    def header_values(self, name: str) -> list[str]:
        value = self.header(name.lower())
        return [] if value is None else [value]

    @cached_property
    def body(self) -> Any:
        """The body as strict JSON, or ``_NOT_JSON``."""
        try:
            return strict_json.loads(self.read_body().decode("utf-8"))
        except (UnicodeDecodeError, strict_json.NotStrictJson):
            return _NOT_JSON


_NOT_JSON = object()
NO_DETAILS = RequestDetails()


def _values_match(wanted: Mapping[str, str], values_of: Callable[[str], list[str]]) -> bool:
    """Whether each name of ``wanted`` has a value that matches its glob."""
    return all(any(fnmatchcase(value, glob) for value in values_of(name)) for name, glob in wanted.items())


def _json_part_of(part: Any, whole: Any) -> bool:
    """Whether ``part`` is in ``whole``: an object key by key, recursively; anything else equal as JSON."""
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(
            key in whole and _json_part_of(value, whole[key]) for key, value in part.items()
        )
    return _json_equal(part, whole)


def _json_equal(one: Any, other: Any) -> bool:
    """Equal as JSON values: ``true`` is not ``1`` (as Python's ``True == 1`` would have it), while
    ``1`` and ``1.0`` are the same JSON number."""
    if isinstance(one, bool) or isinstance(other, bool) or one is None or other is None:
        return one is other
    if isinstance(one, int | float) and isinstance(other, int | float):
        return one == other
    if type(one) is not type(other):
        return False
    if isinstance(one, list):
        return len(one) == len(other) and all(map(_json_equal, one, other))
    if isinstance(one, dict):
        return one.keys() == other.keys() and all(_json_equal(one[key], other[key]) for key in one)
    return one == other


@dataclass
class _Rule:
    rule_id: int
    spec: dict[str, Any]
    rng: random.Random
    fired: int = 0

    def matches(
        self, method: str, page_id: str | None, subpath: str | None, details: RequestDetails = NO_DETAILS
    ) -> bool:
        match = self.spec.get("match", {})
        if "method" in match and match["method"] != method:
            return False
        if "page_id" in match and match["page_id"] != page_id:
            return False
        if "path" in match and (subpath is None or not fnmatchcase(subpath, match["path"])):
            return False
        # Cheapest first: the body is read and parsed only for a rule that got this far.
        if "query" in match and not _values_match(match["query"], details.query_values):
            return False
        if "headers" in match and not _values_match(match["headers"], details.header_values):
            return False
        return "body" not in match or _json_part_of(match["body"], details.body)

    def fires(self) -> bool:
        """Whether this matching request is faulted; counts it when it is."""
        if self.used_up():
            return False
        # Drawn on every match, even at probability 1, so that a rule's sequence depends only on its seed.
        if self.rng.random() >= self.spec.get("probability", 1):
            return False
        self.fired += 1
        return True

    def used_up(self) -> bool:
        """Whether the rule fires no more: its ``times`` reached, or its scenario over with ``after_last:
        pass``."""
        times = self.spec.get("times")
        if times is not None and self.fired >= times:
            return True
        action = self.spec["action"]
        return action.get("after_last") == "pass" and self.fired >= len(action["responses"])

    def fault(self) -> Fault:
        """What the request the rule just fired on gets: the action, or the scenario's answer for this
        firing (the rule's fired count, just raised by ``fires``; past the end, the last answer)."""
        action = self.spec["action"]
        if "responses" in action:
            responses = action["responses"]
            action = responses[min(self.fired, len(responses)) - 1]
        answers = "status" in action or "body" in action
        return Fault(
            rule_id=self.rule_id,
            rule_name=self.spec.get("name"),
            delay_ms=action.get("delay_ms", 0),
            drop_connection=action.get("drop_connection", False),
            network=action.get("fault"),
            status=action.get("status", DEFAULT_FAULT_STATUS) if answers else None,
            body=copy.deepcopy(action.get("body", DEFAULT_FAULT_BODY)) if answers else None,
            after_write=self.spec.get("after_write", False),
        )

    def listed(self) -> dict[str, Any]:
        return {**copy.deepcopy(self.spec), "id": self.rule_id, "fired": self.fired}


@dataclass
class FaultBook:
    """The fault rules of one server; thread-safe. ``start_rules`` are what ``reset`` goes back to."""

    start_rules: list[dict[str, Any]] = field(default_factory=list)
    _rules: list[_Rule] = field(default_factory=list, init=False)
    _last_id: int = field(default=0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _delaying: bool = field(default=False, init=False)
    _shared: SharedRules | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.reset()

    def share(self, path: str | Path) -> None:
        """From now on keep the rules in a file at ``path`` (before serve forks its workers)."""
        with self._lock:
            self._shared = SharedRules(path, self.start_rules, self._rules)

    def add(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Add a rule (already validated); answers it as listed, with its id and ``fired: 0``."""
        if self._shared is not None:
            return self._shared.add(spec)
        with self._lock:
            return self._add(spec).listed()

    def _add(self, spec: dict[str, Any]) -> _Rule:
        self._last_id += 1
        rule = _Rule(self._last_id, copy.deepcopy(spec), random.Random(spec.get("seed")))
        self._rules.append(rule)
        self._delaying = self._delaying or may_delay(spec)
        return rule

    def listed(self) -> list[dict[str, Any]]:
        if self._shared is not None:
            return self._shared.listed()
        with self._lock:
            return [rule.listed() for rule in self._rules]

    def get(self, rule_id: int) -> dict[str, Any] | None:
        """The rule ``rule_id`` as listed, or ``None`` when there is none."""
        if self._shared is not None:
            return self._shared.get(rule_id)
        with self._lock:
            return next((rule.listed() for rule in self._rules if rule.rule_id == rule_id), None)

    def remove(self, rule_id: int) -> dict[str, Any] | None:
        """Remove the rule ``rule_id``; answers it as it was listed last, or ``None`` when there is none."""
        if self._shared is not None:
            return self._shared.remove(rule_id)
        with self._lock:
            for rule in self._rules:
                if rule.rule_id == rule_id:
                    self._rules.remove(rule)
                    self._delaying = any(may_delay(kept.spec) for kept in self._rules)
                    return rule.listed()
        return None

    def clear(self) -> None:
        if self._shared is not None:
            return self._shared.clear()
        with self._lock:
            self._rules.clear()
            self._delaying = False

    def may_delay(self) -> bool:
        """Whether a rule in force has a ``delay_ms``: a request may then sleep in the app.

        Read without the lock (a bool is read whole) since a server asks it on every request; a rule
        that has used up its ``times`` still counts, so the answer errs towards "may".
        """
        if self._shared is not None:
            return self._shared.in_force()[1]
        return self._delaying

    def reset(self) -> None:
        """Back to the start rules, with fresh counts and random sequences."""
        if self._shared is not None:
            return self._shared.reset()
        with self._lock:
            self._rules.clear()
            self._delaying = False
            for spec in self.start_rules:
                self._add(spec)

    def pick(
        self, method: str, page_id: str | None, subpath: str | None, details: RequestDetails = NO_DETAILS
    ) -> Fault | None:
        """The fault for this API request, if a rule matches and fires; ``None`` lets it through."""
        if self._shared is not None:
            return self._shared.pick(method, page_id, subpath, details)
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, page_id, subpath, details) and rule.fires():
                    return rule.fault()
        return None


_RULES_TABLE = """CREATE TABLE IF NOT EXISTS rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT, spec TEXT NOT NULL, rng TEXT NOT NULL, fired INTEGER NOT NULL
);"""


class SharedRules:
    """The fault rules in a SQLite file shared by serve's worker processes.

    A request with no rule in force costs one look at a counter in shared memory that every change of
    the rules themselves bumps (add, clear, reset); with rules, each API request is one write
    transaction that matches, draws and counts, so two workers never both take a rule's last ``times``.
    """

    def __init__(self, path: str | Path, start_rules: list[dict[str, Any]], current: list[_Rule]) -> None:
        self.start_rules = start_rules
        self.db = ScratchDatabase(path, _RULES_TABLE)
        self._changes = SharedCounter(f"{path}.changes")
        self._seen: int | None = None  # the changes counted when _in_force was read
        self._in_force = (False, False)
        with self.db.writing() as conn:
            for rule in current:
                conn.execute(
                    "INSERT INTO rules (id, spec, rng, fired) VALUES (?, ?, ?, ?)",
                    (rule.rule_id, json.dumps(rule.spec), _rng_state(rule.rng), rule.fired),
                )

    def in_force(self) -> tuple[bool, bool]:
        """Whether any rule is in force, and whether one of them has a ``delay_ms``."""
        seen = self._changes.value()
        if seen != self._seen:
            with self.db.reading() as conn:
                specs = [json.loads(row[0]) for row in conn.execute("SELECT spec FROM rules")]
            self._in_force = (bool(specs), any(may_delay(spec) for spec in specs))
            self._seen = seen  # read after `seen`: never older than it, so never stale
        return self._in_force

    def pick(
        self, method: str, page_id: str | None, subpath: str | None, details: RequestDetails = NO_DETAILS
    ) -> Fault | None:
        if not self.in_force()[0]:
            return None
        with self.db.writing() as conn:
            for rule in _rules(conn):
                if not rule.matches(method, page_id, subpath, details):
                    continue
                fired = rule.fires()
                conn.execute(
                    "UPDATE rules SET rng = ?, fired = ? WHERE id = ?",
                    (_rng_state(rule.rng), rule.fired, rule.rule_id),
                )
                if fired:
                    return rule.fault()
        return None

    def add(self, spec: dict[str, Any]) -> dict[str, Any]:
        with self.db.writing() as conn:
            rule = self._insert(conn, spec)
            self._changes.bump()
        return rule.listed()

    def listed(self) -> list[dict[str, Any]]:
        with self.db.reading() as conn:
            return [rule.listed() for rule in _rules(conn)]

    def get(self, rule_id: int) -> dict[str, Any] | None:
        with self.db.reading() as conn:
            return next((rule.listed() for rule in _rules(conn) if rule.rule_id == rule_id), None)

    def remove(self, rule_id: int) -> dict[str, Any] | None:
        with self.db.writing() as conn:
            found = next((rule for rule in _rules(conn) if rule.rule_id == rule_id), None)
            if found is None:
                return None
            conn.execute("DELETE FROM rules WHERE id = ?", (rule_id,))
            self._changes.bump()
        return found.listed()

    def clear(self) -> None:
        with self.db.writing() as conn:
            conn.execute("DELETE FROM rules")
            self._changes.bump()

    def reset(self) -> None:
        with self.db.writing() as conn:
            conn.execute("DELETE FROM rules")
            for spec in self.start_rules:
                self._insert(conn, spec)
            self._changes.bump()

    @staticmethod
    def _insert(conn: Any, spec: dict[str, Any]) -> _Rule:
        rng = random.Random(spec.get("seed"))
        cursor = conn.execute(
            "INSERT INTO rules (spec, rng, fired) VALUES (?, ?, 0)", (json.dumps(spec), _rng_state(rng))
        )
        return _Rule(cursor.lastrowid, copy.deepcopy(spec), rng)


def _rules(conn: Any) -> list[_Rule]:
    rows = conn.execute("SELECT id, spec, rng, fired FROM rules ORDER BY id").fetchall()
    return [_Rule(rule_id, json.loads(spec), _rng_from(state), fired) for rule_id, spec, state, fired in rows]


def _rng_state(rng: random.Random) -> str:
    version, internal, gauss = rng.getstate()
    return json.dumps([version, internal, gauss])


def _rng_from(state: str) -> random.Random:
    version, internal, gauss = json.loads(state)
    rng = random.Random()
    rng.setstate((version, tuple(internal), gauss))
    return rng


def random_error_rule(rate: float, seed: int | None) -> dict[str, Any]:
    """The rule behind ``serve --fault-rate``: a 500 on that share of all API requests."""
    rule: dict[str, Any] = {"match": {}, "action": {"status": DEFAULT_FAULT_STATUS}, "probability": rate}
    if seed is not None:
        rule["seed"] = seed
    return rule
