"""The bundled side tables: forum membership, forum participation, GSI support."""

from __future__ import annotations

from ._arrow import pa, pacsv

from ._paths import data_dir


def read_side_table(name: str) -> pa.Table:
    """A bundled side table, every column as text except ``year``."""
    path = data_dir() / name
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    types = {c: (pa.int64() if c == "year" else pa.string()) for c in header}
    options = pacsv.ConvertOptions(column_types=types, strings_can_be_null=True)
    return pacsv.read_csv(path, convert_options=options)
