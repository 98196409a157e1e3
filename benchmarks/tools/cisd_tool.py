"""The reference: `cisd.load` (parse + validate in Rust) and the paper's queries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

import cisd

from .common import F6_FORUM, F6_YEAR, Results


def _rows(table: pa.Table) -> list[tuple[Any, ...]]:
    columns = [table[c].to_pylist() for c in table.column_names]
    return list(zip(*columns))


def run(path: Path) -> Results:
    # cisd.load raises cisd.DataError on any error; warnings stay on the dataset.
    ds = cisd.load(path)
    f1 = sorted(_rows(ds.meetings_by_official_year()), key=lambda r: (r[0], r[2]))
    return {
        "errors": 0,
        "warnings": ds.warnings.num_rows,
        "t2_bilateral": _rows(ds.meetings_by_country(format="bilateral")),
        "t2_all": _rows(ds.meetings_by_country()),
        "f1": f1,
        "f6": _rows(ds.meetings_by_month(F6_YEAR, forum=F6_FORUM)),
        "f9": _rows(ds.bilateral_by_region()),
    }
