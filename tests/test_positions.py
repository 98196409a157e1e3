"""Positions, not officials: an interaction's agency and rank come from the position its official
held on the event's date (CODEBOOK.md, officials). Expected values are read off the dates in
ledger/raw/ref/officials.csv: Chen Wenqing was Minister of State Security from 2016-11-07 to
2022-10-30 and CPLC secretary from 2022-10-28; Wang Xiaohong was an MPS vice minister from 2016-05
to 2022-06-24 and minister from 2022-06-24; Chen Yixin is MSS minister from 2022-10-30.
"""

from __future__ import annotations

import datetime as dt

import pyarrow.compute as pc

import cisd
from conftest import write_rows


def load_rows(tmp_path, rows):
    path = write_rows(tmp_path / "p.csv", [["event_id", "date", "official", "agency", "rank", "counterpart"], *rows])
    return cisd.load(path), cisd.validate(path).to_pylist()


def test_officials_has_one_row_per_position() -> None:
    table = cisd.officials()
    chen = table.filter(pc.equal(table["official"], "Chen Wenqing")).to_pylist()
    assert [(r["agency"], r["rank"], r["start"], r["end"]) for r in chen] == [
        ("MSS", "minister", dt.date(2016, 11, 7), dt.date(2022, 10, 30)),
        ("CPLC", "party_head", dt.date(2022, 10, 28), None),
    ]
    assert {"source_url", "notes"} <= set(table.column_names)
    assert all(url.startswith("http") for url in table["source_url"].to_pylist())
    wang = table.filter(pc.equal(table["official"], "Wang Xiaohong"))
    assert sorted(wang["rank"].to_pylist()) == ["minister", "vice_minister"]


def test_agency_and_rank_follow_the_position_held_on_the_date(tmp_path) -> None:
    ds, problems = load_rows(tmp_path, [
        ["A", "2022-10-27", "Chen Wenqing", "", "", "RUS"],
        ["B", "2022-10-28", "陈文清", "", "", "RUS"],  # handover: the later position, CPLC
        ["C", "2019-05", "Chen Wenqing", "", "", "PAK"],  # month precision
        ["D", "2020-01-10", "Wang Xiaohong", "", "", "VNM"],
        ["E", "2022-06-24", "Wang Xiaohong", "", "", "VNM"],
    ])
    got = {r["event_id"]: (r["agency"], r["rank"]) for r in ds.interactions.to_pylist()}
    assert got == {
        "A": ("MSS", "minister"),
        "B": ("CPLC", "party_head"),
        "C": ("MSS", "minister"),
        "D": ("MPS", "vice_minister"),
        "E": ("MPS", "minister"),
    }
    assert not [p for p in problems if p["rule"] in ("outside_tenure", "agency_mismatch", "rank_mismatch")]
    # Figure 1 counts Chen Wenqing's meetings under each organ he led.
    years = {(r["official"], r["agency"], r["year"]) for r in ds.meetings_by_official_year().to_pylist()}
    assert ("Chen Wenqing", "MSS", 2022) in years and ("Chen Wenqing", "CPLC", 2022) in years


def test_bundled_chen_wenqing_meetings_before_28_october_2022_are_mss() -> None:
    rows = [r for r in cisd.load().interactions.to_pylist() if r["official"] == "Chen Wenqing"]
    before = {r["agency"] for r in rows if r["date"] < dt.date(2022, 10, 28)}
    after = {r["agency"] for r in rows if r["date"] >= dt.date(2022, 10, 28)}
    assert before <= {"MSS"}
    assert after == {"CPLC"}


def test_an_official_outside_every_position_on_the_date_warns(tmp_path) -> None:
    ds, problems = load_rows(tmp_path, [
        ["A", "2021-05-01", "Chen Yixin", "", "", "VNM"],  # MSS minister only from 2022-10-30
        ["B", "2023-03-01", "Chen Yixin", "", "", "VNM"],
    ])
    tenure = [p for p in problems if p["rule"] == "outside_tenure"]
    assert [p["line"] for p in tenure] == [2]
    assert tenure[0]["severity"] == "warning" and tenure[0]["value"] == "Chen Yixin"
    assert "MSS minister 2022-10-30 to now" in tenure[0]["expected"]
    assert ds.interactions["agency"].to_pylist() == ["MSS", "MSS"]  # the warning does not drop the row


def test_a_stated_agency_or_rank_is_checked_against_the_position_on_the_date(tmp_path) -> None:
    ds, problems = load_rows(tmp_path, [
        ["A", "2021-03-01", "Chen Wenqing", "CPLC", "party_head", "RUS"],  # he was MSS minister then
        ["B", "2023-03-01", "Chen Wenqing", "CPLC", "party_head", "RUS"],  # agrees
    ])
    mismatches = sorted((p["rule"], p["line"]) for p in problems if p["rule"].endswith("_mismatch"))
    assert mismatches == [("agency_mismatch", 2), ("rank_mismatch", 2)]
    expected = next(p["expected"] for p in problems if p["rule"] == "agency_mismatch")
    assert expected.startswith("MSS for Chen Wenqing (MSS minister 2016-11-07 to 2022-10-30")
    assert [r["agency"] for r in ds.interactions.to_pylist()] == ["MSS", "CPLC"]


def test_absences_are_sourced_and_explained() -> None:
    table = cisd.absences()
    rows = {r["absence_id"]: r for r in table.to_pylist()}
    # The South Africa visit of June 2024 met only a party official and a former president.
    assert rows["AFR-012"]["why"] == "out_of_scope" and rows["AFR-012"]["counterpart"] == "ZAF"
    assert rows["GLO-022"]["date"] is None  # no source states the date: left empty
    assert all(r["source_url"].startswith("http") and r["explanation"] for r in rows.values())
    # An absence is by definition not in the ledger.
    assert not set(rows) & set(cisd.load().events["event_id"].to_pylist())
