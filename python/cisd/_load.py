"""Loading and validating data: the bundled ledger or a user's file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Optional, Union


from . import _core
from ._dataset import Dataset
from ._paths import data_dir
from ._table import Table

#: Version of the bundled ledger, shown by ``repr(ds)`` and ``cisd.cite()``.
LEDGER_VERSION = "2026.11.0"

PathLike = Union[str, "os.PathLike[str]"]


def load(
    path: Optional[PathLike] = None,
    *,
    columns: Optional[Mapping[str, str]] = None,
    sheet: Optional[str] = None,
) -> Dataset:
    """Load the bundled ledger (no ``path``) or a flat interactions file.

    A flat file has one row per event x Chinese official x foreign counterpart (CSV, TSV/.tab,
    XLSX or JSON). Common header spellings are recognised; ``columns`` maps your headers to the
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
    return Dataset(
        _core.load_file(os.fspath(path), dict(columns) if columns else None, sheet),
        label=f"file {Path(path).name}",
    )


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
    return Table(_core.validate_file(os.fspath(path), dict(columns) if columns else None, sheet))


def entities() -> Table:
    """States, territories and organisations with codes, aliases and regions.

    >>> import cisd
    >>> "VNM" in cisd.entities()["code"].to_pylist()
    True
    """
    return Table(_core.entities())


def officials() -> Table:
    """The Chinese officials in scope, with agency, rank and tenure.

    >>> import cisd
    >>> "Wang Xiaohong" in cisd.officials()["official"].to_pylist()
    True
    """
    return Table(_core.officials())
