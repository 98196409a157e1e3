"""What every tool computes, in one shape, so the results can be compared value by value.

The work is cisd's: load a flat interactions file, validate it, then Table 2 (meetings per
counterpart, bilateral and all, with competition ranks), F1 (meetings per official and year),
F6 (meetings and interactions per month of 2024, with those linked to GPSCFL) and F9 (bilateral
meetings per region). A *meeting* is a distinct event everywhere (CODEBOOK.md, "Units").

Each tool's `run(path)` returns a `Results` dict:

* ``errors`` / ``warnings``: problems found (the tool raises `DataError` when errors > 0,
  as `cisd.load` does, after counting them);
* ``t2_bilateral``, ``t2_all``: (rank, counterpart, name, meetings), most meetings first,
  ties by name;
* ``f1``: (official, agency, year, meetings), sorted by official then year;
* ``f6``: (month, meetings, interactions, forum_meetings, forum_interactions,
  forum_share_of_meetings, forum_share_of_interactions) for months 1..12;
* ``f9``: (region, meetings, share, denominator), most first, ties by region.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any, Optional

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "python" / "cisd" / "data"
#: One row per position; the peers read each official's latest position (the one with the latest
#: start, see `benchmarks/generate.py`, which writes each official only inside it).
OFFICIALS_CSV = DATA / "officials.csv"
ENTITIES_CSV = DATA / "entities.csv"

WINDOW_START = dt.date(2022, 6, 1)
WINDOW_END = dt.date(2025, 5, 31)
F6_YEAR = 2024
F6_FORUM = "GPSCFL"

#: Fields cisd requires in every row of a flat file.
REQUIRED = ("event_id", "date", "official", "counterpart")
#: Fields of the event, repeated on each of its rows; rows of one event must agree on them.
#: `date` is compared after parsing (cisd compares the canonical date, not the cell text).
EVENT_FIELDS = (
    "date_precision", "format", "setting", "parent_event_id", "forum", "city", "host_country",
    "virtual", "title", "participants_stated", "notes",
)
FORMATS = ("bilateral", "multilateral")
SETTINGS = ("standalone", "sideline")
PRECISIONS = ("day", "month")

Row = tuple[Any, ...]
Results = dict[str, Any]


class DataError(Exception):
    """The file has errors: the tool stops after validation, like `cisd.load`."""


def stop_on_errors(problems: dict[str, int]) -> tuple[int, int]:
    """Splits rule counts into (errors, warnings) and raises when there is any error."""
    warnings = sum(n for rule, n in problems.items() if rule in WARNING_RULES)
    errors = sum(problems.values()) - warnings
    if errors:
        raise DataError({rule: n for rule, n in problems.items() if n})
    return errors, warnings


WARNING_RULES = frozenset({"outside_window", "agency_mismatch", "rank_mismatch"})


def share(part: int, total: int) -> Optional[float]:
    return None if total == 0 else part / total


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return bool(a == b)


def differences(expected: Results, got: Results, limit: int = 5) -> list[str]:
    """Human-readable differences between two tools' results (empty when they agree)."""
    out: list[str] = []
    for key in sorted(set(expected) | set(got)):
        a, b = expected.get(key), got.get(key)
        if isinstance(a, list) and isinstance(b, list):
            if len(a) != len(b):
                out.append(f"{key}: {len(a)} rows vs {len(b)}")
            bad = [
                (i, x, y) for i, (x, y) in enumerate(zip(a, b))
                if len(x) != len(y) or not all(_same(p, q) for p, q in zip(x, y))
            ]
            out += [f"{key}[{i}]: {tuple(x)} vs {tuple(y)}" for i, x, y in bad[:limit]]
        elif a != b:
            out.append(f"{key}: {a!r} vs {b!r}")
    return out
