"""Strict JSON in and out: the one place that decides which JSON the fake takes and how it writes JSON.

In: every JSON document the fake accepts (a request body, a seed or faults file, a seed handed over in
Python) must be one that any strict parser reads back and that the fake can write out again: no NaN or
Infinity, no number beyond a double (``1e400``), no duplicate keys, no lone UTF-16 surrogate
(``"\\ud800"``, which Python's ``json`` accepts but no UTF-8 encoder can write), and no nesting deeper
than ``MAX_DEPTH`` (deep enough for any real payload; shallow enough that no recursive reader or
template of the fake meets Python's recursion limit). ``loads`` refuses anything else with
``NotStrictJson``.

Out: ``dumps`` never writes NaN or Infinity (``allow_nan=False``), and writes the rare string that holds
a lone surrogate escaped (``\\ud800``) rather than failing to encode it, so every answer is strict JSON.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Arrays and objects inside one another, the outermost counted as 1.
MAX_DEPTH = 64

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# A \u escape of a surrogate in JSON text: only such an escape can put a surrogate into a parsed string.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class NotStrictJson(ValueError):
    """The text or document is not strict JSON; the message says why."""


def loads(text: str) -> Any:
    """``text`` parsed as strict JSON; ``NotStrictJson`` says what is wrong otherwise."""
    try:
        document = json.loads(
            text,
            object_pairs_hook=_object_without_duplicate_keys,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            parse_int=_whole_number,
        )
    except RecursionError:
        raise NotStrictJson(f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as error:
        raise NotStrictJson(str(error)) from None
    # Walking the document costs time: only when the text could hold what the walk looks for.
    if _SURROGATE_ESCAPE.search(text) or text.count("[") + text.count("{") > MAX_DEPTH:
        check(document)
    return document


def check(document: Any) -> None:
    """Raise ``NotStrictJson`` unless ``document`` (parsed JSON, or built in Python) is strict JSON."""
    problem = _problem(document)
    if problem is not None:
        raise NotStrictJson(problem)


def dumps(value: Any, **options: Any) -> str:
    """``value`` as compact, strict JSON text (UTF-8 as is, key order kept); ``options`` as ``json.dumps``."""
    options = {"ensure_ascii": False, "separators": (",", ":"), **options, "allow_nan": False}
    text = json.dumps(value, **options)
    if not text.isascii() and _LONE_SURROGATE.search(text):
        # Not encodable as UTF-8: escaped, the text is still JSON and still says what was there.
        text = json.dumps(value, **{**options, "ensure_ascii": True})
    return text


def _problem(document: Any) -> str | None:
    """What makes ``document`` not strict JSON, or ``None``; iterative, so any depth is safe to walk."""
    pending: list[tuple[Any, int]] = [(document, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            if depth + 1 > MAX_DEPTH:
                return f"nested deeper than {MAX_DEPTH} levels"
            if isinstance(value, dict):
                for key in value:
                    if isinstance(key, str) and _LONE_SURROGATE.search(key):
                        return "a key holds a lone UTF-16 surrogate (not encodable as UTF-8)"
                pending.extend((item, depth + 1) for item in value.values())
            else:
                pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            if _LONE_SURROGATE.search(value):
                return "a string holds a lone UTF-16 surrogate (not encodable as UTF-8)"
        elif isinstance(value, float) and not math.isfinite(value):
            return f"{value} is not a JSON number"
    return None


def _object_without_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        seen: set[str] = set()
        duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise ValueError(f"duplicate key {json.dumps(duplicate)}")
    return document


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


# Python reads no longer integer text (sys.get_int_max_str_digits) and says so in its own words.
MAX_INTEGER_DIGITS = 4300


def _whole_number(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        raise ValueError(f"number of {digits} digits is out of range")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number {text[:40]} is out of range")
    return value
