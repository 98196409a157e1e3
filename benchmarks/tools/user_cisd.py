"""`cisd.load` (every rule) and Table 2, bilateral and all."""

from __future__ import annotations

from pathlib import Path

import pyarrow  # noqa: F401  (cisd's tables are pyarrow's: imported with cisd, as the peers' libraries are)

import cisd

from .common import Results
from .user import results


def run(path: Path) -> Results:
    ds = cisd.load(path)
    bilateral = ds.meetings_by_country(format="bilateral")
    every = ds.meetings_by_country()

    def pairs(t):  # type: ignore[no-untyped-def]
        return zip(t["counterpart"].to_pylist(), t["meetings"].to_pylist())

    return results(pairs(bilateral), pairs(every))
