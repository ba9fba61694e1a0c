"""The table the harness prints, and its JSON form for keeping figures next to the README."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from .registry import Row

VERDICT = {True: "ok", False: "MISSED", None: ""}


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f} {unit}".strip()
    if abs(value) >= 10:
        return f"{value:.1f} {unit}".strip()
    return f"{value:.2f} {unit}".strip()


def table(rows: list[Row]) -> str:
    header = ("section", "figure", "median", "spread (min..max)", "target", "", "note")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row.section,
                row.what,
                format_value(row.value, row.unit),
                row.spread,
                row.target,
                VERDICT[row.ok],
                row.note,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    rendered = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in lines
    ]
    rendered.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in rendered)


def write_json(rows: list[Row], path: Path, machine: dict[str, str]) -> None:
    path.write_text(json.dumps({"machine": machine, "rows": [asdict(row) for row in rows]}, indent=1))
