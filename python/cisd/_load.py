"""Loading and validating data: the bundled ledger or a user's file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Optional, Union


from . import _core
from ._dataset import Dataset
from ._arrow import pa
from ._paths import data_dir
from ._reference import read_side_table
from ._table import Table

#: Version of the bundled ledger (``YYYY.MM.N``), shown by ``repr(ds)`` and ``cisd.cite()``;
#: what each version added, changed and removed is in ``ledger/CHANGELOG.md``.
LEDGER_VERSION = "2026.12.1"

PathLike = Union[str, "os.PathLike[str]"]


def load(
    path: Optional[PathLike] = None,
    *,
    columns: Optional[Mapping[str, str]] = None,
    sheet: Optional[str] = None,
) -> Dataset:
    """Load the bundled ledger (no ``path``) or a flat interactions file.

    A flat file has one row per event x Chinese official x foreign counterpart (CSV, TSV/.tab,
    XLSX, JSON or Parquet). Common header spellings are recognised; ``columns`` maps your headers to the
    canonical fields of CODEBOOK.md. Raises :class:`cisd.DataError` (with ``.problems``) when the
    data has errors; ``FileNotFoundError``/``PermissionError`` for OS problems.

    >>> import cisd
    >>> ds = cisd.load()
    >>> ds.events.num_rows <= ds.interactions.num_rows
    True
    """
    if path is None:
        core = _core.load_ledger(str(data_dir()))
        return Dataset(core, label=f"cisd open ledger v{LEDGER_VERSION} (independent reconstruction)")
    with _readable(path) as readable:
        core = _core.load_file(readable, _mapping(columns), sheet)
    return Dataset(core, label=f"file {Path(path).name}")


def validate(
    path: Optional[PathLike] = None,
    *,
    columns: Optional[Mapping[str, str]] = None,
    sheet: Optional[str] = None,
) -> Table:
    """Every problem in a file (or the bundled ledger), as a table; raises nothing for bad data.

    Columns: file, line (header = 1), column, value, expected, severity (error|warning),
    suggestion, rule.

    >>> import cisd
    >>> problems = cisd.validate()
    >>> [p for p in problems.to_pylist() if p["severity"] == "error"]
    []
    """
    if path is None:
        return Table(_core.validate_ledger(str(data_dir())))
    with _readable(path) as readable:
        return Table(_core.validate_file(readable, _mapping(columns), sheet))


def _mapping(columns: object) -> Optional[dict[str, str]]:
    """``columns=`` as the core takes it, or a TypeError that says what to pass."""
    if columns is None:
        return None
    if not isinstance(columns, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in columns.items()):
        raise TypeError(
            "columns= takes a dict mapping your headers to cisd fields, e.g. "
            f'columns={{"Meeting date": "date", "Country": "counterpart"}}; got {type(columns).__name__}'
            + (f" {columns!r}" if len(repr(columns)) < 80 else "")
        )
    return dict(columns)


@contextlib.contextmanager
def _readable(path: PathLike) -> Iterator[str]:
    """The path the core reads: a Parquet file is written out as CSV first (list columns
    ``|``-joined, as ``source_url`` takes them), so that it goes through the same validation
    as every other file; the CSV is named after the Parquet file so messages point at it."""
    path = os.fspath(path)
    if not path.lower().endswith(".parquet"):
        yield path
        return
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    for i, field in enumerate(table.schema):
        if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
            table = table.set_column(i, field.name, pc.binary_join(table[field.name], "|"))
    with tempfile.TemporaryDirectory() as folder:
        flat = os.path.join(folder, Path(path).name + ".csv")
        pacsv.write_csv(table, flat)
        yield flat


def entities() -> Table:
    """States, territories and organisations with codes, aliases and regions.

    >>> import cisd
    >>> "VNM" in cisd.entities()["code"].to_pylist()
    True
    """
    return Table(_core.entities())


def absences() -> Table:
    """Meetings known to have happened that the coding rules could not enter in the ledger:
    ``absence_id`` (the raw record's key), ``date`` (as text: a day, a month or empty),
    ``official`` and ``counterpart`` (as the source gives them), ``what``, ``why`` (a category:
    date, official_unnamed, official_unidentified, counterpart_unnamed, participation_unverified,
    out_of_scope, mirror_only: found only in copies on unrelated sites), ``explanation`` and
    ``source_url``. Read them with the record: a country's low count may hide meetings listed here.

    >>> import cisd
    >>> set(cisd.absences()["why"].to_pylist()) <= {"date", "official_unnamed", "official_unidentified",
    ...     "counterpart_unnamed", "participation_unverified", "out_of_scope", "mirror_only"}
    True
    """
    return Table(read_side_table("absences.csv"))


def officials() -> Table:
    """The positions table: one row per position a Chinese official in scope held, with agency,
    rank, title, start and end (as a source states them), source_url and notes.

    >>> import cisd
    >>> "Wang Xiaohong" in cisd.officials()["official"].to_pylist()
    True
    """
    return Table(_core.officials())
