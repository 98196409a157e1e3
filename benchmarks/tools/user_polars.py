"""`polars.read_csv` with its defaults and two group-bys."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from .common import Results
from .user import results


def run(path: Path) -> Results:
    df = pl.read_csv(path)
    meetings = pl.col("event_id").n_unique()
    bilateral = df.filter(pl.col("format") == "bilateral").group_by("counterpart").agg(meetings)
    every = df.group_by("counterpart").agg(meetings)
    return results(bilateral.rows(), every.rows())
