"""Turning repeated measurements into table rows: medians, spreads and ratios judged against targets."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence

from .registry import Row


def spread(values: Sequence[float], unit: str = "") -> str:
    if len(values) < 2:
        return ""
    suffix = f" {unit}" if unit and unit != "x" else unit
    return f"{_short(min(values))}..{_short(max(values))}{suffix}"


def _short(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"


def measured(section: str, what: str, values: Sequence[float], unit: str, *, note: str = "") -> Row:
    """A figure without a target of its own."""
    clean = [v for v in values if not math.isnan(v)]
    value = statistics.median(clean) if clean else None
    return Row(section, what, value, unit, spread(clean, unit), note=note)


def judged(
    section: str,
    what: str,
    values: Sequence[float],
    unit: str,
    target: str,
    meets: Callable[[float], bool],
    *,
    note: str = "",
) -> Row:
    """A figure with a target: the median over the repeats is what is judged."""
    row = measured(section, what, values, unit, note=note)
    row.target = target
    row.ok = None if row.value is None else meets(row.value)
    return row


def ratios(ours: Sequence[float], theirs: Sequence[float]) -> list[float]:
    """Ratios repeat by repeat: each pair was measured back to back, under the same load on the machine."""
    return [a / b for a, b in zip(ours, theirs, strict=True) if b]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan
