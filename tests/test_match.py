"""cisd.match and `python -m cisd compare` on copies of `fixtures/panel.csv`; expected pairs by hand.

The fixture's events: E1 2023-03-31 Wang-PAK; E2 2023-04-01 Wang-KAZ/PAK/RUS, Xu Datong-RUS;
E3 2023-06 (month only) Chen Yixin-RUS; E4 2023-12-31 Wang and Xu-VNM; E5 2024-01-02 Chen
Wenqing-INTERPOL; E6 2024-02-20 Xu Datong-PAK.
"""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

import cisd
from conftest import FIXTURES, write_rows


def variant(tmp_path: Path, name: str, change) -> Path:
    """A copy of the fixture with `change(row)` applied to each row (None drops it)."""
    with open(FIXTURES / "panel.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    kept = [rows[0]] + [r for r in (change(list(r)) for r in rows[1:]) if r is not None]
    return write_rows(tmp_path / name, kept)


def removed_and_moved(row: list[str]):
    if row[0] == "E4":
        return None  # removed
    if row[0] == "E6":
        row[1] = "2024-02-22"  # moved by two days
    return row


def test_finds_the_removed_event_and_pairs_the_moved_one(tmp_path: Path) -> None:
    a = cisd.load(FIXTURES / "panel.csv")
    b = variant(tmp_path, "b.csv", removed_and_moved)
    m = cisd.match(a, b, days=3)
    assert m.only_a["event_id"].to_pylist() == ["E4"]
    assert m.only_b.num_rows == 0
    pairs = {r["event_id_a"]: r for r in m.pairs.to_pylist()}
    assert sorted(pairs) == ["E1", "E2", "E3", "E5", "E6"]
    assert all(r["event_id_b"] == k for k, r in pairs.items())
    moved = pairs["E6"]
    assert (moved["date_a"], moved["date_b"], moved["days_apart"]) == (dt.date(2024, 2, 20), dt.date(2024, 2, 22), 2)
    assert moved["shared_officials"] == ["Xu Datong"] and moved["shared_counterparts"] == ["PAK"]
    s = m.summary().to_pylist()[0]
    assert (s["events_a"], s["events_b"], s["pairs"], s["same_day"], s["only_a"], s["only_b"]) == (6, 5, 5, 4, 1, 0)
    assert s["share_of_a_found_in_b"] == pytest.approx(5 / 6)
    assert s["share_of_b_found_in_a"] == 1.0
    # One day is not enough for the moved event: it is left on both sides.
    tight = cisd.match(a, b, days=1)
    assert tight.only_a["event_id"].to_pylist() == ["E4", "E6"]
    assert tight.only_b["event_id"].to_pylist() == ["E6"]


def test_what_differs_is_reported(tmp_path: Path) -> None:
    def recode(row: list[str]):
        if row[0] == "E2" and row[4] == "KAZ":
            row[4] = "UZB"  # the coder of b heard Uzbekistan
        if row[0] == "E3":
            row[1] = "2023-06-20"  # b knows the day of the month-dated event
        return row

    m = cisd.match(FIXTURES / "panel.csv", variant(tmp_path, "b.csv", recode))
    pairs = {r["event_id_a"]: r for r in m.pairs.to_pylist()}
    e2 = pairs["E2"]
    assert (e2["shared_counterparts"], e2["counterparts_only_a"], e2["counterparts_only_b"]) == (["PAK", "RUS"], ["KAZ"], ["UZB"])
    assert e2["shared_officials"] == ["Wang Xiaohong", "Xu Datong"]
    assert pairs["E3"]["days_apart"] == 0  # a month-dated event can be any day of its month


def test_ties_go_to_the_closer_date_then_more_agreement(tmp_path: Path) -> None:
    header = ["event_id", "date", "official", "counterpart"]
    a = write_rows(tmp_path / "a.csv", [header, ["A1", "2024-05-10", "Wang Xiaohong", "THA"]])
    b = write_rows(tmp_path / "b.csv", [
        header,
        ["B1", "2024-05-11", "Wang Xiaohong", "THA"],
        ["B2", "2024-05-10", "Wang Xiaohong", "THA"],
    ])
    m = cisd.match(a, b)
    assert [(r["event_id_a"], r["event_id_b"]) for r in m.pairs.to_pylist()] == [("A1", "B2")]
    assert m.only_b["event_id"].to_pylist() == ["B1"]
    # Same gap: the candidate sharing more counterparts wins.
    a = write_rows(tmp_path / "a2.csv", [header, ["A1", "2024-05-10", "Wang Xiaohong", "THA"], ["A1", "2024-05-10", "Wang Xiaohong", "LAO"]])
    b = write_rows(tmp_path / "b2.csv", [
        header,
        ["B1", "2024-05-11", "Wang Xiaohong", "THA"],
        ["B2", "2024-05-09", "Wang Xiaohong", "THA"],
        ["B2", "2024-05-09", "Wang Xiaohong", "LAO"],
    ])
    assert cisd.match(a, b).pairs["event_id_b"].to_pylist() == ["B2"]
    # Nothing in common but the date: no pair.
    c = write_rows(tmp_path / "c.csv", [header, ["C1", "2024-05-10", "Chen Yixin", "THA"]])
    assert cisd.match(a, c).pairs.num_rows == 0


def test_bad_days() -> None:
    ds = cisd.load(FIXTURES / "panel.csv")
    with pytest.raises(ValueError, match="days=-1: expected a whole number of days"):
        cisd.match(ds, ds, days=-1)


def test_compare_command(tmp_path: Path) -> None:
    b = variant(tmp_path, "b.csv", removed_and_moved)
    mapped = tmp_path / "mapped.csv"
    mapped.write_text((FIXTURES / "panel.csv").read_text(encoding="utf-8").replace("event_id,date,", "Meeting,When,", 1), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "cisd", "compare", str(mapped), str(b),
         "--columns-a", '{"Meeting": "event_id", "When": "date"}', "--days", "3"],
        capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "5 pairs, 1 only in a, 0 only in b" in run.stdout
    assert "E4" in run.stdout.split("only in a (1)")[1]
    bad = subprocess.run([sys.executable, "-m", "cisd", "compare", str(tmp_path / "missing.csv"), str(b)], capture_output=True, text=True)
    assert bad.returncode == 1 and "missing.csv" in bad.stderr
