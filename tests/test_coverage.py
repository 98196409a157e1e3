"""Coverage dates, the paper's window and the density of the record, on hand-counted fixtures.

`fixtures/small.csv` (see test_queries.py) spans B3 (2023-12-31) to F1, B1, B2 (September 2024):
2023-12 has B3 (1 interaction, 1 source); 2024-01 has B4 (2 interactions, sources e and e2) and
B5 (1, 1); 2024-03 has B6 (1, 1); 2024-09 has F1 (3 interactions, 1 source), B1 and B2 (1, 1 each).
"""

from __future__ import annotations

import datetime as dt

import pytest

import cisd
from conftest import write_rows


def rows(table, *columns):
    return [tuple(r[c] for c in columns) for r in table.to_pylist()]


def test_constants() -> None:
    assert cisd.PAPER_WINDOW == (dt.date(2022, 6, 1), dt.date(2025, 5, 31))
    assert cisd.GSI_ANNOUNCED == dt.date(2022, 4, 21)


def test_repr_states_the_first_and_last_event_date(small) -> None:
    assert "dated 2023-12-31 to 2024-09-10" in repr(small)


def test_coverage_by_year(small) -> None:
    t = small.coverage("year")
    # 2023 is covered from December only (1 month); 2024 from January to September (9 months).
    assert rows(t, "period", "months", "events", "interactions", "sources") == [
        ("2023", 1, 1, 1, 1),
        ("2024", 9, 6, 9, 7),
    ]
    assert t["events_per_month"].to_pylist() == [1.0, pytest.approx(6 / 9)]
    assert t["sources_per_event"].to_pylist() == [1.0, pytest.approx(7 / 6)]
    assert rows(t, "start", "end") == [
        (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ]


def test_coverage_by_quarter_keeps_an_empty_quarter(small) -> None:
    t = small.coverage(freq="quarter")
    assert rows(t, "period", "months", "events", "interactions", "sources") == [
        ("2023-Q4", 1, 1, 1, 1),
        ("2024-Q1", 3, 3, 4, 4),
        ("2024-Q2", 3, 0, 0, 0),
        ("2024-Q3", 3, 3, 5, 3),
    ]
    assert t["events_per_month"].to_pylist() == [1.0, 1.0, 0.0, 1.0]
    # A quarter without events has no sources per event, rather than zero.
    assert t["sources_per_event"].to_pylist()[2] is None
    assert t["end"].to_pylist()[1] == dt.date(2024, 3, 31)


def test_coverage_by_month(small) -> None:
    t = small.coverage("month")
    assert t["period"].to_pylist()[0] == "2023-12" and t["period"].to_pylist()[-1] == "2024-09"
    assert t.num_rows == 10
    per_month = dict(zip(t["period"].to_pylist(), t["events"].to_pylist()))
    assert per_month["2024-01"] == 2 and per_month["2024-02"] == 0 and per_month["2024-03"] == 1
    assert set(t["months"].to_pylist()) == {1}


def test_coverage_rejects_an_unknown_frequency(small) -> None:
    with pytest.raises(ValueError, match='freq="week".*year, quarter, month'):
        small.coverage("week")


def test_coverage_of_an_empty_selection_is_empty(small) -> None:
    assert small.filter(start="2030-01-01").coverage().num_rows == 0


def test_reproduce_uses_the_paper_window_by_default(tmp_path) -> None:
    path = write_rows(tmp_path / "two.csv", [
        ["event_id", "date", "official", "counterpart"],
        ["before", "2019-05-02", "Wang Xiaohong", "VNM"],
        ["inside", "2023-05-02", "Wang Xiaohong", "VNM"],
        ["after", "2025-06-01", "Wang Xiaohong", "LAO"],
    ])
    ds = cisd.load(path)
    assert len(ds) == 3  # load keeps everything
    paper = {r["measure"]: r for r in ds.reproduce().to_pylist() if r["key"] == "all"}
    assert paper["events"]["computed"] == 1
    assert paper["events"]["window"] == "2022-06-01 to 2025-05-31"
    every = {r["measure"]: r for r in ds.reproduce(window=None).to_pylist() if r["key"] == "all"}
    assert every["events"]["computed"] == 3
    assert every["events"]["window"] == "all events"
    mine = ds.reproduce(window=("2019-01-01", dt.date(2019, 12, 31)))
    assert {r["computed"] for r in mine.to_pylist() if r["measure"] == "events"} == {1}
