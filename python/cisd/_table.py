"""``cisd.Table``: what every query returns, a pyarrow Table that displays as a table.

A thin wrapper rather than an IPython display hook: the hook would only work when IPython is
running at ``import cisd``, would change how *every* pyarrow table prints in the user's session,
and would leave ``print(t)`` in a plain REPL or script as raw column dumps. The wrapper shows a
readable table everywhere (``_repr_html_`` in Jupyter, VS Code and nbconvert output, an aligned
text table for ``repr``/``print``) while the data stays one ``pyarrow.Table``: every attribute
of the table is passed through (``.num_rows``, ``.column("date")``, ``.filter(...)``, ...),
methods that return a table return a ``cisd.Table`` again, ``__arrow_c_stream__`` hands it to
polars, DuckDB and ``pyarrow.table`` without a copy, and ``.to_arrow()`` gives the plain table
for functions that insist on one (``pyarrow.concat_tables``, ``pyarrow.parquet.write_table``).
"""

from __future__ import annotations

import datetime as dt
import html
import os
from typing import Any, Callable, Optional, Union

from ._arrow import pa, table as _read_stream

#: Tables longer than this show their first HEAD and last TAIL rows.
MAX_ROWS = 30
HEAD = 10
TAIL = 5
#: Longer cells are cut with an ellipsis.
MAX_CELL = 60


def _type_name(t: pa.DataType) -> str:
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return f"list<{_type_name(t.value_type)}>"
    names = {"string": "str", "large_string": "str", "date32[day]": "date", "double": "float64"}
    return names.get(str(t), str(t))


def _cell(value: object) -> str:
    """One cell as text: ISO dates, ``; ``-joined lists (as the flat exports write them)."""
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = "; ".join(_cell(v) for v in value) if isinstance(value, list) else str(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _numeric(t: pa.DataType) -> bool:
    return pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)


def _pandas_types(extra: Optional[Callable[[pa.DataType], Any]]) -> Callable[[pa.DataType], Any]:
    """Integers and booleans as pandas' nullable dtypes, so a missing value keeps the column's
    type (pyarrow's default turns an integer column with a null into floats)."""
    import pandas as pd

    nullable = {
        pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
        pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
        pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(), pa.bool_(): pd.BooleanDtype(),
    }

    def mapper(t: pa.DataType) -> Any:
        mapped = extra(t) if extra is not None else None
        return mapped if mapped is not None else nullable.get(t)

    return mapper


class Table:
    """A query result: a ``pyarrow.Table`` that displays as a table in Jupyter and ``print``.

    Everything a pyarrow table has works on it (``t.num_rows``, ``t["date"]``,
    ``t.to_pylist()``, ``t.filter(...)``); ``t.to_arrow()`` is the plain pyarrow table.

    >>> import cisd
    >>> t = cisd.load().meetings_by_country(format="bilateral", top=3)
    >>> t.column_names
    ['rank', 'counterpart', 'name', 'meetings']
    >>> "<table" in t._repr_html_()
    True
    """

    __slots__ = ("_table",)

    def __init__(self, data: Any) -> None:
        """Wraps a pyarrow Table, or reads anything with ``__arrow_c_stream__``."""
        if isinstance(data, Table):
            data = data._table
        self._table: pa.Table = data if isinstance(data, pa.Table) else _read_stream(data)

    # -- the data -----------------------------------------------------------------------
    def to_arrow(self) -> pa.Table:
        """The underlying ``pyarrow.Table``.

        >>> import cisd, pyarrow as pa
        >>> isinstance(cisd.load().summary().to_arrow(), pa.Table)
        True
        """
        return self._table

    def to_pandas(self, **kwargs: Any) -> Any:
        """A pandas DataFrame: dates as ``datetime64`` (so ``.dt`` and comparisons with
        ``pd.Timestamp`` work), integers and booleans as nullable ``Int64``/``boolean`` (a
        missing value does not turn them into floats). Keyword arguments go to
        ``pyarrow.Table.to_pandas`` and win over these defaults.

        >>> import cisd
        >>> df = cisd.load().events.to_pandas()
        >>> str(df["participants_stated"].dtype), bool(df["date"].dt.year.min() >= 2018)
        ('Int64', True)
        """
        kwargs.setdefault("date_as_object", False)
        kwargs["types_mapper"] = _pandas_types(kwargs.get("types_mapper"))
        return self._table.to_pandas(**kwargs)

    def to_polars(self) -> Any:
        """A polars DataFrame (dates as ``Date``, integers stay integers with nulls).

        >>> import cisd
        >>> cisd.load().summary().to_polars().columns
        ['measure', 'value']
        """
        import polars as pl

        return pl.from_arrow(self._table)

    def to_csv(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Writes the table as CSV (``.csv`` added when the path has no suffix); list columns
        (``participants``, ``officials``) become ``; ``-joined text, as in the display.

        >>> import cisd, tempfile, os
        >>> out = os.path.join(tempfile.mkdtemp(), "dialogues")
        >>> cisd.load().pacific_dialogues().to_csv(out)
        >>> os.path.exists(out + ".csv")
        True
        """
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv

        table = self._table
        for i, field in enumerate(table.schema):
            if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
                table = table.set_column(i, field.name, pc.binary_join(table[field.name], "; "))
        path = os.fspath(path)
        pacsv.write_csv(table, path if os.path.splitext(path)[1] else path + ".csv")

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """The table through the Arrow PyCapsule interface (polars, DuckDB, ``pa.table``)."""
        return self._table.__arrow_c_stream__(requested_schema)

    def __dataframe__(self, nan_as_null: bool = False, allow_copy: bool = True) -> Any:
        """The dataframe interchange protocol, as pyarrow implements it."""
        return self._table.__dataframe__(nan_as_null, allow_copy)

    # -- passing pyarrow's interface through ----------------------------------------------
    def __getattr__(self, name: str) -> Any:
        if name == "_table":  # not yet set (copy, unpickling): never recurse
            raise AttributeError(name)
        attribute = getattr(self._table, name)
        if not callable(attribute):
            return attribute

        def method(*args: Any, **kwargs: Any) -> Any:
            args = tuple(_unwrap(a) for a in args)
            return _wrap(attribute(*args, **{k: _unwrap(v) for k, v in kwargs.items()}))

        method.__doc__ = attribute.__doc__
        method.__name__ = name
        return method

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(dir(self._table)))

    def __getitem__(self, key: Any) -> Any:
        return _wrap(self._table[key])

    def __len__(self) -> int:
        return self._table.num_rows

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Table):
            other = other._table
        return isinstance(other, pa.Table) and self._table.equals(other)

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, like pyarrow's own

    def __reduce__(self) -> tuple[Any, tuple[pa.Table]]:
        return (Table, (self._table,))

    # -- display ------------------------------------------------------------------------
    def _shown(self) -> tuple[list[list[str]], Optional[int]]:
        """The displayed rows as text, and where the cut is (None when every row is shown)."""
        t = self._table
        if t.num_rows <= MAX_ROWS:
            return [[_cell(v) for v in r.values()] for r in t.to_pylist()], None
        rows = t.slice(0, HEAD).to_pylist() + t.slice(t.num_rows - TAIL).to_pylist()
        return [[_cell(v) for v in r.values()] for r in rows], HEAD

    def _shape(self) -> str:
        rows, columns = self._table.num_rows, self._table.num_columns
        return f"{rows} row{'s' * (rows != 1)} × {columns} column{'s' * (columns != 1)}"

    def __repr__(self) -> str:
        t = self._table
        header = t.column_names
        types = [_type_name(f.type) for f in t.schema]
        rows, cut = self._shown()
        if cut is not None:
            rows.insert(cut, ["…" for _ in header])
        widths = [max([len(h), len(ty), *(len(r[i]) for r in rows)]) for i, (h, ty) in enumerate(zip(header, types))]
        right = [_numeric(f.type) for f in t.schema]

        def line(cells: list[str]) -> str:
            return "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)).rstrip()

        lines = [f"cisd.Table: {self._shape()}", line(header), line(types)]
        lines.append("  ".join("-" * w for w in widths))
        lines += [line(r) for r in rows]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        t = self._table
        right = [_numeric(f.type) for f in t.schema]

        align = ' style="text-align:right"'

        def cells(tag: str, values: list[str], attributes: str = "") -> str:
            return "".join(
                f"<{tag}{align if r else ''}{attributes}>{html.escape(v)}</{tag}>"
                for v, r in zip(values, right)
            )

        types = [_type_name(f.type) for f in t.schema]
        rows, cut = self._shown()
        type_class = ' class="cisd-type"'
        body = ["<tr>" + cells("td", r) + "</tr>" for r in rows]
        if cut is not None:
            body.insert(cut, "<tr>" + cells("td", ["…" for _ in right]) + "</tr>")
        return (
            "<div class='cisd-table'><table class='dataframe'><thead>"
            f"<tr>{cells('th', t.column_names)}</tr>"
            f"<tr>{cells('th', types, type_class)}</tr>"
            f"</thead><tbody>{''.join(body)}</tbody></table>"
            f"<p><small>cisd.Table: {html.escape(self._shape())}</small></p></div>"
        )


def _unwrap(value: Any) -> Any:
    return value._table if isinstance(value, Table) else value


def _wrap(value: Any) -> Any:
    return Table(value) if isinstance(value, pa.Table) else value
