"""Each validation rule, and the errors raised across the boundary."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

import cisd
from conftest import write_rows

BASE = ["event_id", "date", "format", "setting", "parent_event_id", "official", "agency", "counterpart"]


def problems_of(path: Path, **kwargs) -> list[dict]:
    return cisd.validate(path, **kwargs).to_pylist()


def rules(problems: list[dict], severity: str = "error") -> set[str]:
    return {p["rule"] for p in problems if p["severity"] == severity}


def test_bad_date_and_unknown_country_name_both_lines(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "bad.csv", [
        ["date", "official", "counterpart"],
        ["2024-01-01", "Wang Xiaohong", "Vietnam"],
        ["2024-01-02", "Wang Xiaohong", "Atlantis"],
        ["2024-13-45", "Wang Xiaohong", "Russia"],
    ])
    with pytest.raises(cisd.DataError) as err:
        cisd.load(path)
    message = str(err.value)
    assert "line 3" in message and "Atlantis" in message
    assert "line 4" in message and "2024-13-45" in message
    assert isinstance(err.value, ValueError)
    rows = {(p["line"], p["column"], p["rule"]) for p in err.value.problems.to_pylist()}
    assert rows == {(3, "counterpart", "unknown_counterpart"), (4, "date", "bad_date")}


def test_unknown_official_with_suggestion(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "o.csv", [["date", "official", "counterpart"], ["2024-01-01", "Wang Xiaohon", "Vietnam"]])
    [p] = problems_of(path)
    assert (p["rule"], p["line"], p["value"], p["suggestion"]) == ("unknown_official", 2, "Wang Xiaohon", "Wang Xiaohong")


def test_unknown_counterpart_suggestion(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "c.csv", [["date", "official", "counterpart"], ["2024-01-01", "Wang Xiaohong", "Cambodai"]])
    [p] = problems_of(path)
    assert p["suggestion"] == "Cambodia (KHM)"


def test_duplicate_interaction_and_parent_missing_and_bilateral_many(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "x.csv", [
        BASE,
        ["E1", "2024-01-01", "bilateral", "", "", "Wang Xiaohong", "", "Vietnam"],
        ["E1", "2024-01-01", "bilateral", "", "", "Wang Xiaohong", "", "Laos"],
        ["E2", "2024-01-02", "bilateral", "sideline", "NOPE", "Wang Xiaohong", "", "Russia"],
        ["E3", "2024-01-03", "", "", "", "Wang Xiaohong", "", "Russia"],
        ["E3", "2024-01-03", "", "", "", "Wang Xiaohong", "", "Russia"],
    ])
    found = problems_of(path)
    by_rule = {p["rule"]: p for p in found}
    assert rules(found) == {"bilateral_many_parties", "parent_missing", "duplicate_interaction"}
    assert by_rule["bilateral_many_parties"]["line"] == 2
    assert by_rule["parent_missing"]["value"] == "NOPE"
    assert by_rule["duplicate_interaction"]["line"] == 6
    assert "line 5" in by_rule["duplicate_interaction"]["expected"]


def test_inconsistent_event_rows(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "i.csv", [
        ["event_id", "date", "official", "counterpart"],
        ["E1", "2024-01-01", "Wang Xiaohong", "Vietnam"],
        ["E1", "2024-01-02", "Chen Wenqing", "Vietnam"],
    ])
    [p] = problems_of(path)
    assert (p["rule"], p["line"], p["value"]) == ("inconsistent_event", 3, "2024-01-02")


def test_warnings_do_not_block(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "w.csv", [
        ["date", "official", "agency", "rank", "counterpart", "extra"],
        ["2021-01-01", "Chen Yixin", "MPS", "vice_minister", "Vietnam", "x"],
    ])
    found = problems_of(path)
    assert rules(found) == set()
    assert rules(found, "warning") == {"outside_window", "agency_mismatch", "rank_mismatch", "outside_tenure", "unused_column"}
    ds = cisd.load(path)
    # Before his only position (MSS minister from 2022-10-30): the nearest position is used.
    assert ds.interactions["agency"].to_pylist() == ["MSS"]
    assert ds.warnings.num_rows == 5


def test_missing_source_in_ledger_layout(tmp_path: Path) -> None:
    write_rows(tmp_path / "events.csv", [["event_id", "date"], ["E1", "2024-01-01"], ["E2", "2024-01-02"]])
    write_rows(tmp_path / "interactions.csv", [["event_id", "official", "counterpart"], ["E1", "Wang Xiaohong", "Vietnam"], ["E2", "Wang Xiaohong", "Laos"], ["E9", "Wang Xiaohong", "Laos"]])
    write_rows(tmp_path / "sources.csv", [["event_id", "url", "publisher", "published", "language"], ["E1", "http://example.org", "X", "2024-01-02", "en"]])
    found = cisd._core.validate_ledger(str(tmp_path))
    import pyarrow as pa

    got = {(p["file"], p["line"], p["rule"]) for p in pa.table(found).to_pylist() if p["severity"] == "error"}
    assert got == {("interactions.csv", 4, "unknown_event")}
    os.remove(tmp_path / "interactions.csv")
    write_rows(tmp_path / "interactions.csv", [["event_id", "official", "counterpart"], ["E1", "Wang Xiaohong", "Vietnam"], ["E2", "Wang Xiaohong", "Laos"]])
    got = {(p["file"], p["line"], p["rule"]) for p in pa.table(cisd._core.validate_ledger(str(tmp_path))).to_pylist()}
    assert got == {("events.csv", 3, "missing_source")}


def test_validate_never_raises_for_bad_data(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("", encoding="utf-8")
    [p] = problems_of(path)
    assert p["rule"] == "empty_file"
    with pytest.raises(cisd.DataError, match="empty file"):
        cisd.load(path)
    header_only = write_rows(tmp_path / "h.csv", [["date", "official", "counterpart"]])
    assert [p["rule"] for p in problems_of(header_only)] == ["no_rows"]


def test_os_errors_keep_their_types(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        cisd.load(tmp_path / "absent.csv")
    with pytest.raises(IsADirectoryError):
        cisd.load(tmp_path)
    with pytest.raises(ValueError, match="unsupported file type"):
        cisd.load(write_rows(tmp_path / "data.sav", [["a"]]))
    with pytest.raises(TypeError):
        cisd.load(42)  # type: ignore[arg-type]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_permission_error(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "locked.csv", [["date"]])
    path.chmod(0)
    with pytest.raises(PermissionError):
        cisd.load(path)


def test_panics_stay_in_rust() -> None:
    with pytest.raises(RuntimeError, match="internal error in cisd"):
        cisd._core._force_panic()


def test_remaining_rules(tmp_path: Path) -> None:
    flat = write_rows(tmp_path / "r.csv", [
        ["event_id", "date", "format", "setting", "parent_event_id", "official", "counterpart", "official"],
        ["E1", "2024-01-01", "trilateral", "", "", "Wang Xiaohong", "Vietnam", ""],
        ["E2", "2024-01-02", "", "", "", "", "Laos", ""],
    ])
    found = {(p["rule"], p["line"]) for p in problems_of(flat)}
    assert ("duplicate_header", 1) in found
    flat = write_rows(tmp_path / "s.csv", [
        ["event_id", "date", "format", "setting", "parent_event_id", "official", "counterpart"],
        ["E1", "2024-01-01", "trilateral", "", "", "Wang Xiaohong", "Vietnam"],
        ["E2", "2024-01-02", "", "", "", "", "Laos"],
        ["E3", "2024-01-03", "", "sideline", "", "Wang Xiaohong", "Laos"],
        ["E4", "2024-01-04", "", "", "E4", "Wang Xiaohong", "Laos"],
    ])
    found = {(p["rule"], p["line"], p["severity"]) for p in problems_of(flat)}
    assert found == {("bad_value", 2, "error"), ("missing_value", 3, "error")}
    fixed = write_rows(tmp_path / "t.csv", [
        ["event_id", "date", "setting", "parent_event_id", "official", "counterpart"],
        ["E3", "2024-01-03", "sideline", "", "Wang Xiaohong", "Laos"],
        ["E4", "2024-01-04", "", "E4", "Wang Xiaohong", "Laos"],
    ])
    found = {(p["rule"], p["line"], p["severity"]) for p in problems_of(fixed)}
    assert found == {("sideline_without_parent", 2, "warning"), ("parent_is_self", 3, "error")}


def test_duplicate_event_id_and_event_without_participants_in_ledger(tmp_path: Path) -> None:
    import pyarrow as pa

    write_rows(tmp_path / "events.csv", [["event_id", "date"], ["E1", "2024-01-01"], ["E1", "2024-01-02"], ["E2", "2024-01-03"]])
    write_rows(tmp_path / "interactions.csv", [["event_id", "official", "counterpart"], ["E1", "Wang Xiaohong", "Vietnam"]])
    write_rows(tmp_path / "sources.csv", [["event_id", "url"], ["E1", "http://example.org"], ["E2", "http://example.org/2"]])
    found = {(p["file"], p["line"], p["rule"]) for p in pa.table(cisd._core.validate_ledger(str(tmp_path))).to_pylist()}
    assert found == {("events.csv", 3, "duplicate_id")}
    write_rows(tmp_path / "events.csv", [["event_id", "date"], ["E1", "2024-01-01"], ["E2", "2024-01-03"]])
    found = {(p["file"], p["line"], p["rule"]) for p in pa.table(cisd._core.validate_ledger(str(tmp_path))).to_pylist()}
    assert found == {("events.csv", 3, "no_participants")}


def test_the_core_warns_outside_the_same_window_python_exports(tmp_path: Path) -> None:
    start, end = cisd.PAPER_WINDOW
    # Wang Xiaohong is minister on both sides of the window's end, so only the window can warn.
    path = write_rows(tmp_path / "edge.csv", [
        ["date", "official", "counterpart"],
        [end.isoformat(), "Wang Xiaohong", "Vietnam"],
        [(end + dt.timedelta(days=1)).isoformat(), "Wang Xiaohong", "Vietnam"],
    ])
    outside = [p["line"] for p in problems_of(path) if p["rule"] == "outside_window"]
    assert (start, end) == (dt.date(2022, 6, 1), dt.date(2025, 5, 31))
    assert outside == [3]
