"""Plain-text and HTML rendering of small pyarrow tables, without pandas."""

from __future__ import annotations

import html
import re

from ._arrow import pa


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 1 or value == 0 else f"{value:.3f}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def text_table(table: pa.Table, max_width: int = 48) -> str:
    """Aligned columns, one line per row; long cells are cut with an ellipsis."""
    rows = [[_cell(v) for v in row.values()] for row in table.to_pylist()]
    rows = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in r] for r in rows]
    header = table.column_names
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(lines)


_NUMBER = re.compile(r"-?[\d,]+(\.\d+)?%?")


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, (int, float)) or (isinstance(value, str) and bool(_NUMBER.fullmatch(value)))


def html_table(table: pa.Table) -> str:
    """A plain HTML table; a column whose every value is a number (or a percent, as the report
    writes shares) is right-aligned so that digits line up."""
    rows = table.to_pylist()
    right = [
        any(r[name] is not None for r in rows) and all(r[name] is None or _is_number(r[name]) for r in rows)
        for name in table.column_names
    ]
    align = ' style="text-align:right"'

    def cells(tag: str, values: list[str]) -> str:
        return "".join(f"<{tag}{align if r else ''}>{html.escape(v)}</{tag}>" for v, r in zip(values, right))

    head = cells("th", table.column_names)
    body = "".join("<tr>" + cells("td", [_cell(v) for v in row.values()]) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
