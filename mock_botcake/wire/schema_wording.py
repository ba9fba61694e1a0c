"""jsonschema's validation errors in words: the reason first, the limit and the actual value, no reprs.

jsonschema words its errors for Python programmers (``'-1' is not of type 'integer'``, a list echoed
whole, an ``anyOf`` schema fragment). Every message a client of the fake reads goes through here:
one wording per JSON Schema keyword, the place named in dotted form (``data.content.messages[3]``) and
values shown as JSON. A keyword without a wording of its own still gets a sentence, never a repr.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

WHOLE_DOCUMENT = "the document"
MAX_VALUE_LENGTH = 40
MAX_LISTED = 8

JSON_TYPE_NAMES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    type(None): "null",
}
SCHEMA_TYPE_NAMES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "boolean": "a boolean (true or false)",
    "integer": "an integer",
    "number": "a number",
    "null": "null",
}


def word(error: ValidationError) -> str:
    """One sentence for one jsonschema error: what is wrong, where, the limit, the value found."""
    where = place(error.absolute_path)
    wording = WORDINGS.get(str(error.validator), _otherwise)
    return wording(where, error)


def place(path: Sequence[Any]) -> str:
    """``["data", "content", "messages", 3]`` -> ``data.content.messages[3]``; ``[]`` -> the document."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or WHOLE_DOCUMENT


def shown(value: Any) -> str:
    """A value as JSON, cut short: what the client sent, in the client's own notation."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    if len(text) > MAX_VALUE_LENGTH:
        text = text[: MAX_VALUE_LENGTH - 3] + "..."
    return text


def kind_of(value: Any) -> str:
    """``"ten"`` -> ``the string "ten"``; ``[1, 2]`` -> ``an array``; ``None`` -> ``null``."""
    if isinstance(value, dict | list) or value is None:
        return JSON_TYPE_NAMES[type(value)]
    noun = JSON_TYPE_NAMES.get(type(value), "a value").split(" ", 1)[1]
    return f"the {noun} {shown(value)}"


def listed(values: Sequence[Any], conjunction: str = "or") -> str:
    """``["a", "b", "c"]`` -> ``"a", "b" or "c"`` (JSON values, a long list cut short)."""
    items = [shown(value) for value in values[:MAX_LISTED]]
    if len(values) > MAX_LISTED:
        items.append(f"{len(values) - MAX_LISTED} more")
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _max_items(where: str, error: ValidationError) -> str:
    return f"{where} has {len(error.instance)} items; at most {error.validator_value} are allowed"


def _min_items(where: str, error: ValidationError) -> str:
    count = len(error.instance)
    has = "is empty" if count == 0 else f"has {_plural(count, 'item')}"
    verb = "is" if error.validator_value == 1 else "are"
    return f"{where} {has}; at least {error.validator_value} {verb} needed"


def _max_length(where: str, error: ValidationError) -> str:
    return f"{where} has {len(error.instance)} characters; at most {error.validator_value} are allowed"


def _min_length(where: str, error: ValidationError) -> str:
    count = len(error.instance)
    has = "is empty" if count == 0 else f"has {_plural(count, 'character')}"
    needed = _plural(error.validator_value, "character")
    return f"{where} {has}; at least {needed} {'is' if error.validator_value == 1 else 'are'} needed"


def _max_properties(where: str, error: ValidationError) -> str:
    return f"{where} has {len(error.instance)} keys; at most {error.validator_value} are allowed"


def _min_properties(where: str, error: ValidationError) -> str:
    count = len(error.instance)
    has = "is empty" if count == 0 else f"has {_plural(count, 'key')}"
    verb = "is" if error.validator_value == 1 else "are"
    return f"{where} {has}; at least {_plural(error.validator_value, 'key')} {verb} needed"


def _bound(relation: str) -> Callable[[str, ValidationError], str]:
    def wording(where: str, error: ValidationError) -> str:
        return f"{where} is {shown(error.instance)}; it must be {relation} {shown(error.validator_value)}"

    return wording


def _type(where: str, error: ValidationError) -> str:
    wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    names = [SCHEMA_TYPE_NAMES.get(name, name) for name in wanted]
    expected = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"{where} must be {expected}, not {kind_of(error.instance)}"


def _required(where: str, error: ValidationError) -> str:
    missing = [name for name in error.validator_value if name not in error.instance]
    names = [f"{where}.{name}" if where != WHOLE_DOCUMENT else str(name) for name in missing]
    if len(names) == 1:
        return f"{names[0]} is required"
    return ", ".join(names[:-1]) + " and " + names[-1] + " are required"


def _additional_properties(where: str, error: ValidationError) -> str:
    known = set(error.schema.get("properties", {}))
    extra = [key for key in error.instance if key not in known]
    allowed = f"; the allowed keys are {listed(sorted(known), 'and')}" if known else "; it takes no keys"
    unknown = "an unknown key" if len(extra) == 1 else "unknown keys"
    return f"{where} has {unknown} {listed(extra)}{allowed}"


def _enum(where: str, error: ValidationError) -> str:
    return f"{where} is {shown(error.instance)}; it must be one of {listed(error.validator_value)}"


def _const(where: str, error: ValidationError) -> str:
    return f"{where} is {shown(error.instance)}; it must be {shown(error.validator_value)}"


def _pattern(where: str, error: ValidationError) -> str:
    return (
        f"{where} is {shown(error.instance)}, which does not have the expected form "
        f"(the pattern {error.validator_value})"
    )


def _format(where: str, error: ValidationError) -> str:
    return f"{where} is {shown(error.instance)}, which is not a valid {error.validator_value}"


def _unique_items(where: str, error: ValidationError) -> str:
    return f"{where} has the same item more than once; every item must be different"


def _one_of_alternatives(where: str, error: ValidationError) -> str:
    """anyOf / oneOf: what each alternative wanted, in words, never the schema itself."""
    wanted: list[str] = []
    for alternative in error.context or []:
        expected = _expected_by(alternative)
        if expected and expected not in wanted:
            wanted.append(expected)
    if error.validator == "oneOf" and not error.context:
        return f"{where} fits more than one of the allowed shapes; it must fit exactly one"
    if not wanted:
        return f"{where} is {shown(error.instance)}, which is none of the allowed shapes"
    options = wanted[0] if len(wanted) == 1 else ", ".join(wanted[:-1]) + " or " + wanted[-1]
    return f"{where} must be {options}, not {kind_of(error.instance)}"


def _expected_by(alternative: ValidationError) -> str | None:
    value = alternative.validator_value
    if alternative.validator == "type":
        names = value if isinstance(value, list) else [value]
        return " or ".join(SCHEMA_TYPE_NAMES.get(name, name) for name in names)
    if alternative.validator == "const":
        return shown(value)
    if alternative.validator == "enum":
        return listed(value)
    if alternative.validator == "required":
        return "an object with " + " and ".join(value)
    return None


def _not(where: str, error: ValidationError) -> str:
    """``not``: the schema's own comment says why, else what the forbidden shape was."""
    reason = error.schema.get("$comment") if isinstance(error.schema, dict) else None
    forbidden = error.validator_value if isinstance(error.validator_value, dict) else {}
    if "enum" in forbidden or "const" in forbidden:
        values = forbidden.get("enum", [forbidden.get("const")])
        return f"{where} is {shown(error.instance)}; it must not be {listed(values)}"
    keys = _keys_forbidden(forbidden)
    if keys:
        return f"{where} cannot have {' or '.join(keys)} together with the keys it has"
    if reason:
        return f"{where} is not allowed as it is: {reason}"
    return f"{where} is {shown(error.instance)}, which is not allowed here"


def _keys_forbidden(forbidden: dict[str, Any]) -> list[str]:
    """The keys of ``not: {anyOf: [{required: [a]}, {required: [b]}]}``: a and b may not be given."""
    keys: list[str] = []
    for alternative in forbidden.get("anyOf", []):
        if isinstance(alternative, dict) and set(alternative) == {"required"}:
            keys.extend(alternative["required"])
    return keys


def _false_schema(where: str, error: ValidationError) -> str:
    return f"{where} is not allowed"


def _otherwise(where: str, error: ValidationError) -> str:
    return f"{where} is {shown(error.instance)}, which breaks the schema's rule {error.validator}"


WORDINGS: dict[str, Callable[[str, ValidationError], str]] = {
    "maxItems": _max_items,
    "minItems": _min_items,
    "maxLength": _max_length,
    "minLength": _min_length,
    "maxProperties": _max_properties,
    "minProperties": _min_properties,
    "maximum": _bound("at most"),
    "minimum": _bound("at least"),
    "exclusiveMaximum": _bound("less than"),
    "exclusiveMinimum": _bound("more than"),
    "type": _type,
    "required": _required,
    "additionalProperties": _additional_properties,
    "unevaluatedProperties": _additional_properties,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "format": _format,
    "uniqueItems": _unique_items,
    "anyOf": _one_of_alternatives,
    "oneOf": _one_of_alternatives,
    "not": _not,
    "None": _false_schema,  # the schema `false`
}
