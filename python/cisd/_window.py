"""Dates the analysis is anchored on: the paper's window and the Global Security Initiative."""

from __future__ import annotations

import datetime as dt

from . import _core

#: The paper's window (first and last day, inclusive): the default of ``ds.reproduce()``. The
#: dates come from the Rust core (``validate::paper_window``), which warns about a user's file
#: dated outside them; the bundled ledger is checked against its own scope, 2018-2026.
PAPER_WINDOW: tuple[dt.date, dt.date] = (
    dt.date.fromisoformat(_core.PAPER_WINDOW[0]),
    dt.date.fromisoformat(_core.PAPER_WINDOW[1]),
)

#: Xi Jinping announced the Global Security Initiative at the Boao Forum on 21 April 2022.
GSI_ANNOUNCED: dt.date = dt.date(2022, 4, 21)

#: Wang Xiaohong succeeded Zhao Kezhi as Minister of Public Security on 24 June 2022 (the
#: officials table cites the appointment).
MINISTER_CHANGED: dt.date = dt.date(2022, 6, 24)

#: The pandemic years, first and last day: travel and in-person meetings were largely replaced
#: by calls, and the record of 2020-2021 reads differently from the years around it.
PANDEMIC: tuple[dt.date, dt.date] = (dt.date(2020, 1, 1), dt.date(2021, 12, 31))
