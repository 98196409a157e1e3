"""`ds.compare_periods`: counts by hand on `fixtures/small.csv`, a recomputation from the events
and interactions tables of the bundled ledger, the interval's edge cases, and bad arguments.

The fixture (see test_queries.py): B3 2023-12-31 CPLC-RUS; B4 2024-01-01 CPLC+MPS-RUS; B5
2024-01-15 MSS-USA; B6 2024-03 (month only) MPS-INTERPOL; F1 2024-09-09 multilateral MPS with
VNM, RUS, KHM; B1 2024-09-10 MPS-VNM; B2 2024-09-10 MPS-KHM.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from pathlib import Path

import pytest

import cisd

MEASURES = ["meetings", "bilateral_meetings", "multilateral_meetings", "countries", "interactions"]


def rows(table) -> dict:
    return {(r["group"], r["measure"]): r for r in table.to_pylist()}


def test_counts_rates_and_new_countries_by_hand(small) -> None:
    t = small.compare_periods(before=("2023-12", "2024-02"), after=("2024-03", "2024-09"))
    assert t.column_names == [
        "measure", "group", "before_count", "before_months", "before_rate", "after_count",
        "after_months", "after_rate", "rate_ratio", "ci_low", "ci_high", "new_countries",
    ]
    assert t["measure"].to_pylist() == MEASURES
    assert t["group"].to_pylist() == [None] * 5
    got = {r["measure"]: (r["before_count"], r["after_count"]) for r in t.to_pylist()}
    # Before: B3, B4, B5 (RUS, USA; 4 interactions). After: B6 (its whole month is inside),
    # F1, B1, B2 (VNM, RUS, KHM; INTERPOL is no country; 6 interactions).
    assert got == {
        "meetings": (3, 4), "bilateral_meetings": (3, 3), "multilateral_meetings": (0, 1),
        "countries": (2, 3), "interactions": (4, 6),
    }
    meetings = t.to_pylist()[0]
    assert (meetings["before_months"], meetings["after_months"]) == (3.0, 7.0)
    assert meetings["before_rate"] == 1.0
    assert meetings["after_rate"] == pytest.approx(4 / 7)
    assert meetings["rate_ratio"] == pytest.approx(4 / 7)
    assert meetings["ci_low"] < 4 / 7 < meetings["ci_high"]
    countries = t.to_pylist()[3]
    assert countries["new_countries"] == ["KHM", "VNM"]
    assert countries["ci_low"] is None and countries["ci_high"] is None
    assert countries["rate_ratio"] == pytest.approx((3 / 7) / (2 / 3))
    assert t.to_pylist()[0]["new_countries"] == []


def test_month_dated_events_count_only_when_their_whole_month_is_inside(small) -> None:
    # B6 is dated March 2024: a period that starts or ends within March leaves it out.
    cut = small.compare_periods(before=("2023-12", "2024-03-10"), after=("2024-03-11", "2024-09"))
    got = {r["measure"]: (r["before_count"], r["after_count"]) for r in cut.to_pylist()}
    assert got["meetings"] == (3, 3)
    assert got["interactions"] == (4, 5)


def test_partial_months_count_their_share_of_days(small) -> None:
    t = small.compare_periods(before=("2023-12-22", "2024-01"), after=("2024-02", "2024-03-10"))
    first = t.to_pylist()[0]
    assert first["before_months"] == pytest.approx(10 / 31 + 1)
    assert first["after_months"] == pytest.approx(1 + 10 / 31)


def test_dates_as_datetime_date_equal_strings(small) -> None:
    as_text = small.compare_periods(before=("2023-12-01", "2024-02-29"), after=("2024-03", "2024-09"))
    as_dates = small.compare_periods(
        before=(dt.date(2023, 12, 1), dt.date(2024, 2, 29)),
        after=(dt.datetime(2024, 3, 1, 12, 0), dt.date(2024, 9, 30)),
    )
    assert as_text.equals(as_dates)


def test_by_agency_and_region_by_hand(small) -> None:
    t = rows(small.compare_periods(before=("2023-12", "2024-02"), after=("2024-03", "2024-09"), by="agency"))
    assert {g for g, _ in t} == {"CPLC", "MPS", "MSS"}
    # MPS: before B4 (RUS); after B6, F1, B1, B2 (VNM, RUS, KHM).
    assert (t["MPS", "meetings"]["before_count"], t["MPS", "meetings"]["after_count"]) == (1, 4)
    assert t["MPS", "countries"]["new_countries"] == ["KHM", "VNM"]
    # CPLC: B3 and B4 before, nothing after: a ratio of 0 and a finite upper bound.
    cplc = t["CPLC", "meetings"]
    assert (cplc["before_count"], cplc["after_count"], cplc["rate_ratio"], cplc["ci_low"]) == (2, 0, 0.0, 0.0)
    assert 0 < cplc["ci_high"] < math.inf
    regions = rows(small.compare_periods(before=("2023-12", "2024-02"), after=("2024-03", "2024-09"), by="region"))
    # F1 touches Southeast Asia (VNM, KHM) and Russia & Eurasia (RUS): it counts in both.
    assert regions["Southeast Asia", "multilateral_meetings"]["after_count"] == 1
    assert regions["Russia & Eurasia", "multilateral_meetings"]["after_count"] == 1
    assert regions["Southeast Asia", "countries"]["new_countries"] == ["KHM", "VNM"]
    assert regions["Russia & Eurasia", "countries"]["new_countries"] == []
    assert regions["International organisation", "countries"]["after_count"] == 0


def test_interval_edge_cases_by_hand(small) -> None:
    # Before: 2-31 January 2024 (30 of 31 days) holds B5 only; after: February 2024, nothing.
    t = rows(small.compare_periods(before=("2024-01-02", "2024-01-31"), after=("2024-02", "2024-02")))
    m = t[None, "meetings"]
    assert (m["before_count"], m["after_count"], m["rate_ratio"], m["ci_low"]) == (1, 0, 0.0, 0.0)
    # With one event in all, the binomial upper bound is where beta(1, 1) reaches 0.975, i.e.
    # p = 0.975; as a rate ratio p / (1 - p) * before_months / after_months.
    assert m["ci_high"] == pytest.approx(39 * (30 / 31) / 1, rel=1e-9)
    # Nothing in either period: no ratio, no interval.
    none = t[None, "multilateral_meetings"]
    assert (none["rate_ratio"], none["ci_low"], none["ci_high"]) == (None, None, None)
    # Nothing before: an infinite ratio and upper bound, and beta(1, 1)'s 0.025 quantile below.
    flipped = rows(small.compare_periods(before=("2024-02", "2024-02"), after=("2024-01-02", "2024-01-31")))
    f = flipped[None, "meetings"]
    assert f["rate_ratio"] == math.inf and f["ci_high"] == math.inf
    assert f["ci_low"] == pytest.approx(0.025 / 0.975 * 1 / (30 / 31), rel=1e-9)


def months(start: dt.date, end: dt.date) -> float:
    total, day = 0.0, start.replace(day=1)
    while day <= end:
        length = calendar.monthrange(day.year, day.month)[1]
        last = day.replace(day=length)
        total += ((min(last, end) - max(day, start)).days + 1) / length
        day = last + dt.timedelta(days=1)
    return total


def recompute(ds, before: tuple[dt.date, dt.date], after: tuple[dt.date, dt.date], by) -> dict:
    """The comparison counted again from the events and interactions tables, in plain Python."""
    events = {e["event_id"]: e for e in ds.events.to_pylist()}
    kinds = {e["code"]: e["kind"] for e in cisd.entities().to_pylist()}

    def inside(event, period) -> bool:
        start, end = period
        day = event["date"]
        if event["date_precision"] == "month":
            last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            return start <= day and last <= end
        return start <= day <= end

    out: dict = {}
    for side, period in (("before", before), ("after", after)):
        for i in ds.interactions.to_pylist():
            event = events[i["event_id"]]
            if not inside(event, period):
                continue
            group = None if by is None else i[by]
            slot = out.setdefault(group, {}).setdefault(side, {m: set() for m in MEASURES})
            slot["meetings"].add(i["event_id"])
            slot["bilateral_meetings" if event["format"] == "bilateral" else "multilateral_meetings"].add(i["event_id"])
            if kinds[i["counterpart"]] != "organisation":
                slot["countries"].add(i["counterpart"])
            slot["interactions"].add((i["event_id"], i["official"], i["counterpart"]))
    return out


@pytest.mark.parametrize("by", [None, "region", "agency"])
@pytest.mark.parametrize(
    "before, after",
    [
        ((dt.date(2022, 6, 1), dt.date(2023, 11, 30)), (dt.date(2023, 12, 1), dt.date(2025, 5, 31))),
        ((dt.date(2022, 8, 19), dt.date(2024, 3, 14)), (dt.date(2024, 3, 15), dt.date(2024, 9, 30))),
        ((dt.date(2018, 1, 1), dt.date(2022, 4, 20)), (dt.date(2022, 4, 21), dt.date(2026, 12, 31))),
    ],
)
def test_equals_a_recomputation_from_the_tables(before, after, by) -> None:
    ds = cisd.load()
    got = rows(ds.compare_periods(before=before, after=after, by=by))
    want = recompute(ds, before, after, by)
    groups = set(want) | ({None} if by is None else set())
    assert {g for g, _ in got} == groups
    for group in groups:
        sides = want.get(group, {})
        for measure in MEASURES:
            row = got[group, measure]
            b = sides.get("before", {}).get(measure, set())
            a = sides.get("after", {}).get(measure, set())
            assert (row["before_count"], row["after_count"]) == (len(b), len(a)), (group, measure)
            assert row["before_months"] == pytest.approx(months(*before))
            assert row["after_months"] == pytest.approx(months(*after))
            assert row["before_rate"] == pytest.approx(len(b) / months(*before))
            if b:
                assert row["rate_ratio"] == pytest.approx((len(a) / months(*after)) / (len(b) / months(*before)))
            if measure == "countries":
                assert row["new_countries"] == sorted(a - b)
            if measure != "countries" and (a or b):
                assert row["ci_low"] <= row["rate_ratio"] <= row["ci_high"]


def test_bad_arguments_are_named(small) -> None:
    periods = {"before": ("2023-12", "2024-02"), "after": ("2024-03", "2024-09")}
    with pytest.raises(ValueError, match=r"by=\"regions\": expected \"region\", \"agency\" or None"):
        small.compare_periods(**periods, by="regions")
    with pytest.raises(ValueError, match=r"before start \"2023-13\": expected a date YYYY-MM-DD or a month YYYY-MM"):
        small.compare_periods(before=("2023-13", "2024-02"), after=periods["after"])
    with pytest.raises(ValueError, match="after starts"):
        small.compare_periods(before=periods["before"], after=("2024-09", "2024-03"))
    with pytest.raises(ValueError, match="the periods overlap"):
        small.compare_periods(before=("2023-12", "2024-03"), after=("2024-03", "2024-09"))
    with pytest.raises(TypeError, match="expected a \\(start, end\\) pair"):
        small.compare_periods(before="2023", after=periods["after"])
    with pytest.raises(TypeError, match="not int"):
        small.compare_periods(before=(2023, 2024), after=periods["after"])


def test_report_compares_before_the_gsi_with_the_papers_window(small, small_path, capsys) -> None:
    pytest.importorskip("matplotlib")
    from cisd.report import before_and_after, main

    timeline, rates = before_and_after(small)
    # Every event of the fixture is inside the paper's window, none before the GSI.
    got = {r["measure"]: r for r in rates.table.to_pylist()}
    assert (got["meetings"]["before_count"], got["meetings"]["after_count"]) == (0, 7)
    assert got["meetings"]["rate_ratio"] == math.inf
    assert got["meetings"]["before_months"] == pytest.approx(51 + 20 / 30)  # Jan 2018 - 20 Apr 2022
    assert "States met in the window and not before: 4 (KHM, RUS, USA, VNM)." in rates.caption
    assert sum(timeline.table["events"].to_pylist()) == 7
    # Without events before the GSI the timeline starts at the file's first month.
    drawn = timeline.figure()
    assert any("December 2023 to September 2024" in t.get_text() for t in drawn.texts)
    assert rates.figure().axes[0].get_yticklabels()[-1].get_text() == "meetings"
    assert main(["report", "--data", str(small_path)]) == 0
    assert "== GSI-2: Before the GSI" in capsys.readouterr().out


def test_notebook_06_answers_run_after_its_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """The exercise answers are folded in <details> blocks (markdown, so the notebook runner does
    not execute them): run them after the notebook's own cells, as a reader would."""
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("matplotlib")
    pytest.importorskip("IPython")
    import re

    monkeypatch.setenv("MPLBACKEND", "Agg")
    path = Path(__file__).parent.parent / "notebooks" / "06_before_and_after.ipynb"
    cells = nbformat.read(path, as_version=4).cells
    code = ["\n".join(line for line in c.source.splitlines() if not line.startswith("%")) for c in cells if c.cell_type == "code"]
    answers = [
        block
        for c in cells
        if c.cell_type == "markdown"
        for details in re.findall(r"<details>(.*?)</details>", c.source, re.S)
        for block in re.findall(r"```python\n(.*?)```", details, re.S)
    ]
    assert len(answers) == 4
    namespace: dict = {}
    for source in code + answers:
        exec(compile(source, str(path), "exec"), namespace)
    # Answer 3 recounts the window's meetings by hand; it must match compare_periods.
    assert namespace["inside"].sum() / namespace["months"] == pytest.approx(
        namespace["main"].set_index("measure").loc["meetings", "after_rate"]
    )
