"""The paper's published numbers, as data."""

from __future__ import annotations

from ._arrow import pa, pacsv, pc

from ._paths import data_dir
from ._table import Table


def published(*artifacts: str) -> Table:
    """Every number the paper publishes (or those of the given artifact ids): ``artifact``
    (S1-S15, F1-F9, T1-T3, and X rows for the paper's own inconsistencies), ``measure``,
    ``key``, ``value``, ``unit``, ``where`` (the paper's section and pages), ``note``.

    These values are only reference data: no query function returns them.

    >>> import cisd
    >>> t = cisd.published()
    >>> sorted(set(a[0] for a in t["artifact"].to_pylist()))
    ['F', 'S', 'T', 'X']
    >>> cisd.published("S1")["value"].to_pylist()
    [321.0, 227.0]
    """
    types = {c: pa.string() for c in ("artifact", "measure", "key", "unit", "where", "note")}
    types["value"] = pa.float64()
    options = pacsv.ConvertOptions(column_types=types, strings_can_be_null=True)
    table = pacsv.read_csv(data_dir() / "published.csv", convert_options=options)
    if not artifacts:
        return Table(table)
    from ._compare import check_artifacts

    check_artifacts(artifacts, table["artifact"].to_pylist())
    return Table(table.filter(pc.is_in(table["artifact"], pa.array(artifacts))))
