"""``cisd.codebook()``: the tables and columns of CODEBOOK.md, as a table."""

from __future__ import annotations

import difflib
import re
from typing import Optional

from ._arrow import pa
from ._paths import data_dir
from ._table import Table


def _rows(text: str) -> list[tuple[str, str, str, str]]:
    """(table, column, type, meaning) from each ``### name`` section's markdown table."""
    rows = []
    table = None
    for line in text.splitlines():
        heading = re.match(r"###\s+(\w+)", line)
        if heading:
            table = heading.group(1)
        elif line.startswith("## "):
            table = None
        elif table and line.startswith("|") and not re.match(r"\|\s*(column\s*\||-)", line):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            if len(cells) != 3:
                continue
            names, kind, meaning = (c.replace("\\|", "|") for c in cells)
            # "date, format, setting" documents three columns; "*" marks a column of the bundled file.
            for name in names.replace("*", "").split(","):
                rows.append((table, name.strip().strip("`"), kind, meaning))
    return rows


def codebook(table: Optional[str] = None) -> Table:
    """The codebook as data: one row per ``table`` and ``column``, with its ``type`` and
    ``meaning`` (parsed from CODEBOOK.md, shipped inside the package).

    ``table`` keeps one table (``events``, ``interactions``, ``sources``, ``entities``, ...).

    >>> import cisd
    >>> cb = cisd.codebook("interactions")
    >>> "counterpart" in cb["column"].to_pylist()
    True
    """
    rows = _rows((data_dir() / "CODEBOOK.md").read_text(encoding="utf-8"))
    if table is not None:
        names = list(dict.fromkeys(r[0] for r in rows))
        if table not in names:
            close = difflib.get_close_matches(table, names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"codebook(table={table!r}): no such table; valid tables: {', '.join(names)}{hint}")
        rows = [r for r in rows if r[0] == table]
    return Table(pa.table({name: [r[i] for r in rows] for i, name in enumerate(("table", "column", "type", "meaning"))}))
