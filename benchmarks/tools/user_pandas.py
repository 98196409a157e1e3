"""`pandas.read_csv` with its defaults and two group-bys."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import Results
from .user import results


def run(path: Path) -> Results:
    df = pd.read_csv(path)
    bilateral = df[df["format"] == "bilateral"].groupby("counterpart")["event_id"].nunique()
    every = df.groupby("counterpart")["event_id"].nunique()
    return results(bilateral.items(), every.items())
