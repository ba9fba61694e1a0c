"""Query-string values as a schema judges them."""

from __future__ import annotations

# At most this many digits become a number (past any schema's maximum anyway): int() of thousands of
# digits is slow, and refused past 4,300.
MAX_DIGITS = 20


def query_value(raw: str) -> int | str:
    """ASCII digits, with a minus sign or not, become the integer a schema judges ("-1" is then below a
    minimum); anything else ("²", "ten", 5,000 digits) stays text and fails the schema's type."""
    digits = raw.removeprefix("-")
    if digits.isascii() and digits.isdigit() and len(digits) <= MAX_DIGITS:
        return int(raw)
    return raw
