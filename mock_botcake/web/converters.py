"""URL converters for the API's ids."""

from __future__ import annotations

from werkzeug.routing import BaseConverter, ValidationError

from ..store.store import MAX_ID

__all__ = ["MAX_ID", "DigitsConverter", "IdConverter", "NameIdConverter"]


class IdConverter(BaseConverter):
    """A positive integer id that fits a signed 64-bit column; anything else does not match (404)."""

    regex = r"[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class NameIdConverter(BaseConverter):
    """An id made of letters, digits and underscores (common.json ``fb_id``); anything else does not match
    (404), as an id the schema refuses would not name anything."""

    regex = r"[A-Za-z0-9_]{1,64}"


class DigitsConverter(BaseConverter):
    """An id of digits kept as text (common.json ``meta_id``, Meta's ids); anything else is no match (404)."""

    regex = r"[0-9]{1,32}"
