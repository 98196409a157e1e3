"""Pairing the events of two datasets: ``cisd.match`` and ``python -m cisd compare``."""

from __future__ import annotations

import os
from typing import Optional, Union


from . import _core
from ._dataset import Dataset
from ._table import Table

Source = Union[Dataset, str, "os.PathLike[str]"]


class Match:
    """The events of two datasets paired one to one.

    ``pairs``: ``event_id_a``, ``event_id_b``, ``date_a``, ``date_b``, ``days_apart``,
    ``same_format``, ``shared_officials``, ``officials_only_a``, ``officials_only_b``,
    ``shared_counterparts``, ``counterparts_only_a``, ``counterparts_only_b``.
    ``only_a`` / ``only_b``: the events left without a partner (``event_id``, ``date``,
    ``date_precision``, ``format``, ``officials``, ``counterparts``). All are ``cisd.Table``.
    """

    def __init__(self, pairs: Table, only_a: Table, only_b: Table, summary: Table, *, days: int) -> None:
        self.pairs = pairs
        self.only_a = only_a
        self.only_b = only_b
        self._summary = summary
        self.days = days

    def summary(self) -> Table:
        """One row: ``events_a``, ``events_b``, ``pairs``, ``same_day``, ``only_a``, ``only_b``,
        ``share_of_a_found_in_b`` and ``share_of_b_found_in_a`` (recall of each side against the
        other; null for an empty side)."""
        return self._summary

    def __repr__(self) -> str:
        s = self._summary.to_pylist()[0]
        return (
            f"<cisd.Match within {self.days} days: {s['pairs']} pairs, {s['only_a']} only in a, "
            f"{s['only_b']} only in b>"
        )


def _dataset(source: Source) -> Dataset:
    if isinstance(source, Dataset):
        return source
    from ._load import load

    return load(source)


def match(a: Source, b: Source, *, days: int = 3) -> Match:
    """Pair the events of ``a`` and ``b`` (datasets or paths of files ``cisd.load`` reads).

    Two events pair when their dates are at most ``days`` apart (a month-dated event may be any
    day of its month), a Chinese official is on both, and they share a counterpart. Pairs are
    one-to-one, chosen best first: smaller date gap, then more shared officials, then more shared
    counterparts, then event ids in order.

    >>> import cisd
    >>> ds = cisd.load()
    >>> m = cisd.match(ds, ds)
    >>> m.only_a.num_rows, m.pairs.num_rows == ds.events.num_rows
    (0, True)
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ValueError(f"days={days!r}: expected a whole number of days, 0 or more")
    left, right = _dataset(a), _dataset(b)
    pairs, only_a, only_b, summary = _core.match_events(left._core, right._core, days)
    return Match(Table(pairs), Table(only_a), Table(only_b), Table(summary), days=days)


def compare_main(a: str, b: str, columns_a: Optional[dict[str, str]], columns_b: Optional[dict[str, str]], days: int) -> int:
    """``python -m cisd compare``: the summary, then the unpaired events of each side."""
    import sys

    from ._load import load
    from ._text import text_table

    try:
        left = load(None if a == "ledger" else a, columns=columns_a)
        right = load(None if b == "ledger" else b, columns=columns_b)
        result = match(left, right, days=days)
    except (ValueError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"a: {left!r}\nb: {right!r}\n{result!r}\n")
    print(text_table(result.summary()))
    for name, table in (("only in a", result.only_a), ("only in b", result.only_b)):
        print(f"\n== {name} ({table.num_rows}) ==")
        if table.num_rows:
            print(text_table(table))
    return 0
