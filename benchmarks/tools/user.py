"""What a user would write for Table 2 on the narrow file (issue #14), in one result shape.

Each `user_<tool>.run(path)` loads the narrow CSV (`generate.NARROW_COLUMNS`) the way a user
would, with the library's defaults, and counts meetings (distinct events) per counterpart, for
bilateral events and for all. cisd validates every rule while loading; the peers validate
nothing. Results are ``t2_bilateral`` and ``t2_all``: (counterpart, meetings), most meetings
first, ties by code, so that every tool's tables compare value by value.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .common import Results


def results(bilateral: Iterable[tuple[str, int]], every: Iterable[tuple[str, int]]) -> Results:
    def ordered(pairs: Iterable[tuple[str, int]]) -> list[tuple[Any, ...]]:
        return sorted(((str(c), int(n)) for c, n in pairs), key=lambda p: (-p[1], p[0]))

    return {"t2_bilateral": ordered(bilateral), "t2_all": ordered(every)}
