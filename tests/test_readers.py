"""Readers, column mapping and the round trip, with values written by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import cisd
from conftest import assert_csv_round_trip, write_rows

HEADER = ["Meeting ID", "When", "Chinese official", "Partner"]
ROWS = [
    ["M1", "13 September 2023", "王小洪", "Viet Nam"],
    ["M1", "13 September 2023", "Wang Xiaohong", "Lao PDR"],
    ["M2", "2024-11", "Chen Wenqing", "Türkiye"],
]
MAPPING = {"Meeting ID": "event_id", "When": "date", "Chinese official": "official", "Partner": "counterpart"}


def check_mapped(ds: cisd.Dataset) -> None:
    events = ds.events.to_pylist()
    assert [e["event_id"] for e in events] == ["M1", "M2"]
    assert events[0]["date"] == dt.date(2023, 9, 13)
    assert events[0]["format"] == "multilateral"  # two counterparts, format not given
    assert events[1]["date"] == dt.date(2024, 11, 1)
    assert events[1]["date_precision"] == "month"
    inter = ds.interactions.to_pylist()
    assert [i["counterpart"] for i in inter] == ["VNM", "LAO", "TUR"]
    assert [i["official"] for i in inter] == ["Wang Xiaohong", "Wang Xiaohong", "Chen Wenqing"]
    assert [i["agency"] for i in inter] == ["MPS", "MPS", "CPLC"]


def test_csv_with_mapping(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "mine.csv", [HEADER, *ROWS])
    check_mapped(cisd.load(path, columns=MAPPING))


def test_tsv_and_tab_with_mapping(tmp_path: Path) -> None:
    for name in ("mine.tsv", "mine.tab"):
        path = write_rows(tmp_path / name, [HEADER, *ROWS], delimiter="\t")
        check_mapped(cisd.load(path, columns=MAPPING))


def test_xlsx_named_sheet_serial_and_text_dates(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "notes"
    book.active.append(["nothing here"])
    sheet = book.create_sheet("data")
    sheet.append(HEADER)
    sheet.append(["M1", dt.datetime(2023, 9, 13), "王小洪", "Viet Nam"])
    sheet.append(["M1", "13 September 2023", "Wang Xiaohong", "Lao PDR"])
    sheet.append(["M2", "2024-11", "Chen Wenqing", "Türkiye"])
    path = tmp_path / "mine.xlsx"
    book.save(path)
    check_mapped(cisd.load(path, columns=MAPPING, sheet="data"))
    with pytest.raises(cisd.DataError, match="a sheet name: notes, data"):
        cisd.load(path, columns=MAPPING, sheet="missing")


def test_json_records(tmp_path: Path) -> None:
    records = [dict(zip(HEADER, r)) for r in ROWS]
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"interactions": records}), encoding="utf-8")
    check_mapped(cisd.load(path, columns=MAPPING))


def test_recognised_headers_need_no_mapping(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "plain.csv", [["Date", "Official", "Country"], ["2023-04-10", "Wang Xiaohong", "Korea, DPR"]])
    ds = cisd.load(path)
    assert ds.interactions["counterpart"].to_pylist() == ["PRK"]
    assert ds.events["event_id"].to_pylist() == ["row-2"]


def test_missing_fields_error_lists_headers_and_how_to_map(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "odd.csv", [["When", "Who", "Where"], ["2023-01-01", "Wang Xiaohong", "Vietnam"]])
    with pytest.raises(cisd.DataError) as err:
        cisd.load(path)
    message = str(err.value)
    assert "headers found: When, Who, Where" in message
    assert "columns=" in message
    missing = {p["column"] for p in err.value.problems.to_pylist() if p["rule"] == "missing_column"}
    assert missing == {"date", "official", "counterpart"}


def test_mapping_to_absent_header(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "a.csv", [["date", "official", "counterpart"], ["2023-01-01", "Wang Xiaohong", "Vietnam"]])
    with pytest.raises(cisd.DataError, match="Nope"):
        cisd.load(path, columns={"Nope": "date"})


def test_round_trip_through_flat_csv(small, tmp_path: Path) -> None:
    assert_csv_round_trip(small, tmp_path / "flat.csv")


def test_sources_from_flat_file(small) -> None:
    rows = small.sources.to_pylist()
    urls = [r["url"] for r in rows if r["event_id"] == "B4"]
    assert urls == ["http://example.org/e", "http://example.org/e2"]


def test_entity_names_are_matched_exactly() -> None:
    from cisd import _core

    assert _core.resolve_counterpart("Niger")[0] == "NER"
    assert _core.resolve_counterpart("Nigeria")[0] == "NGA"
    assert _core.resolve_counterpart("Korea, DPR")[0] == "PRK"
    assert _core.resolve_counterpart("Republic of Korea")[0] == "KOR"
    assert _core.resolve_counterpart("Turkey")[0] == "TUR"
    assert _core.resolve_counterpart("Cote d'Ivoire")[0] == "CIV"
    assert _core.resolve_counterpart("Côte d’Ivoire")[0] == "CIV"
    assert _core.resolve_counterpart("Russian Federation")[0] == "RUS"
    assert _core.resolve_counterpart("Korea") is None
    assert _core.resolve_counterpart("Congo") is None
    assert _core.resolve_counterpart("ne") is None  # ISO2 codes only in capitals


def test_a_workbook_whose_first_sheet_lacks_the_columns_points_to_the_others(tmp_path: Path) -> None:
    xlsxwriter = pytest.importorskip("xlsxwriter")
    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Notes").write_row(0, 0, ["Coded by", "Checked"])
    data = book.add_worksheet("Meetings")
    data.write_row(0, 0, ["Date", "Official", "Country"])
    data.write_row(1, 0, ["2023-04-10", "Wang Xiaohong", "Viet Nam"])
    book.add_worksheet("Sources").write_row(0, 0, ["url"])
    book.close()
    with pytest.raises(cisd.DataError) as err:
        cisd.load(path)
    message = str(err.value)
    assert "other sheets: \"Meetings\" (has the columns), \"Sources\"" in message
    missing = [p for p in err.value.problems.to_pylist() if p["rule"] == "missing_column"]
    assert {p["column"] for p in missing} == {"date", "official", "counterpart"}
    assert {p["suggestion"] for p in missing} == {'sheet="Meetings"'}
    # The user's next step works, and a sheet chosen by name is not listed among the others.
    assert cisd.load(path, sheet="Meetings").interactions["counterpart"].to_pylist() == ["VNM"]
    with pytest.raises(cisd.DataError) as err:
        cisd.load(path, sheet="Sources")
    assert 'other sheets: "Notes", "Meetings" (has the columns) (did you mean sheet="Meetings"?)' in str(err.value)
