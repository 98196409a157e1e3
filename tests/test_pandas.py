"""A notebook user's first hour with pandas (issue 11): dtypes, month-dated events in windows,
arguments that name something, exports and round trips, and the error messages on the way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import cisd

# small.csv: F1 2024-09-09 (GPSCFL), B1 and B2 2024-09-10 (its sidelines), B3 2023-12-31,
# B4 2024-01-01, B5 2024-01-15, and B6 dated only to March 2024.


def event_ids(ds: cisd.Dataset) -> set[str]:
    return set(ds.events["event_id"].to_pylist())


def test_to_pandas_gives_datetimes_categoricals_and_nullable_integers(small) -> None:
    pd = pytest.importorskip("pandas")
    df = small.to_pandas(table="interactions")
    assert str(df["date"].dtype).startswith("datetime64")
    assert (df["date"] >= pd.Timestamp("2024-09-01")).sum() == 5  # F1 x3, B1, B2
    assert sorted(df.loc[df["date"].dt.month == 1, "event_id"].unique()) == ["B4", "B5"]
    for column in ("agency", "rank", "format", "setting", "region", "date_precision"):
        assert isinstance(df[column].dtype, pd.CategoricalDtype), column
    assert list(df["agency"].cat.categories) == ["MPS", "MSS", "CPLC"]
    assert list(df["format"].cat.categories) == ["bilateral", "multilateral"]
    events = small.to_pandas("events")
    assert str(events["participants_stated"].dtype) == "Int64"
    assert events["participants_stated"].isna().all()
    assert str(cisd.entities().to_pandas()["cow_code"].dtype) == "Int64"
    assert str(small.to_pandas("sources")["published"].dtype).startswith("datetime64")


def test_to_polars_gives_dates_and_enums(small) -> None:
    pl = pytest.importorskip("polars")
    df = small.to_polars("interactions")
    assert df.schema["date"] == pl.Date
    assert df.filter(pl.col("date").dt.year() == 2023)["event_id"].to_list() == ["B3"]
    assert df.schema["rank"] == pl.Enum(["minister", "vice_minister", "assistant_minister", "party_head"])
    with pytest.raises(ValueError, match="did you mean interactions"):
        small.to_polars("interaction")


def test_date_precision_is_on_every_table_with_an_event_date(small) -> None:
    inter = small.interactions
    precision = dict(zip(inter["event_id"].to_pylist(), inter["date_precision"].to_pylist()))
    assert precision["B6"] == "month" and precision["B5"] == "day"
    assert small.sideline_meetings()["date_precision"].to_pylist() == ["day", "day"]
    assert small.forum_events("GPSCFL")["date_precision"].to_pylist() == ["day"]


def test_a_month_dated_event_is_in_a_window_only_when_its_whole_month_is(small) -> None:
    assert event_ids(small.filter(start="2024-03")) == {"B6", "F1", "B1", "B2"}
    assert event_ids(small.filter(start="2024-03-15")) == {"F1", "B1", "B2"}
    assert event_ids(small.filter(end="2024-03")) == {"B3", "B4", "B5", "B6"}
    assert event_ids(small.filter(end="2024-03-15")) == {"B3", "B4", "B5"}
    assert event_ids(small.filter(start="2024-01", end="2024-01")) == {"B4", "B5"}
    assert "B6" not in event_ids(small.filter(precision="day"))
    assert len(event_ids(small.filter(precision="day"))) == 6
    with pytest.raises(ValueError, match="YYYY-MM"):
        small.filter(start="Sept 2024")


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda ds: ds.filter(regions=["Southeast asia"]), r"did you mean Southeast Asia\?.*Central Asia"),
        (lambda ds: ds.filter(format="b"), r'unknown format "b"; expected one of bilateral, multilateral'),
        (lambda ds: ds.filter(setting="side"), r"expected one of standalone, sideline"),
        (lambda ds: ds.forum_events("XYZ"), r'unknown forum "XYZ".*GPSCFL'),
        (lambda ds: ds.forum_events("GPSFCL"), r"did you mean GPSCFL\?"),
        (lambda ds: ds.sideline_meetings("nope"), r'unknown parent event "nope"; expected one of F1'),
        (lambda ds: ds.forum_participation("PIC", 2022, 2023), r'unknown forum "PIC"; expected one of GPSCFL'),
        (lambda ds: ds.forum_participation("GPSCFL", 2022, 2019), r'"2019"; expected one of .*2022'),
    ],
)
def test_arguments_that_name_something_are_checked(small, call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call(small)


def test_a_known_forum_without_events_here_is_an_empty_table(small) -> None:
    assert small.forum_events("PIC").num_rows == 0
    assert small.filter(format="Bilateral").events.num_rows == 6  # case is not a typo


def test_to_csv_adds_the_suffix_and_reads_back(small, tmp_path: Path) -> None:
    small.to_csv(tmp_path / "mine")
    assert (tmp_path / "mine.csv").exists()
    assert event_ids(cisd.load(tmp_path / "mine.csv")) == event_ids(small)


def test_a_result_with_list_columns_exports_joined_text(small, tmp_path: Path) -> None:
    small.forum_events("GPSCFL").to_csv(tmp_path / "forum")
    text = (tmp_path / "forum.csv").read_text(encoding="utf-8")
    assert '"Vietnam; Russia; Cambodia"' in text


def test_parquet_loads_with_the_same_validation(small, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(small.interactions.to_arrow(), tmp_path / "flat.parquet")
    again = cisd.load(tmp_path / "flat.parquet")
    assert again.interactions["counterpart"].to_pylist() == small.interactions["counterpart"].to_pylist()
    bad = small.interactions.to_arrow().set_column(1, "date", __import__("pyarrow").array(["31 Sept 2023"] * 10))
    pq.write_table(bad, tmp_path / "bad.parquet")
    with pytest.raises(cisd.DataError, match="bad.parquet"):
        cisd.load(tmp_path / "bad.parquet")


def test_a_pandas_round_trip_loads_without_spurious_warnings(small, tmp_path: Path) -> None:
    small.to_pandas("interactions").to_csv(tmp_path / "rt.csv", index=False)
    again = cisd.load(tmp_path / "rt.csv")
    assert again.warnings.num_rows == small.warnings.num_rows == 0
    precision = dict(zip(again.interactions["event_id"].to_pylist(), again.interactions["date_precision"].to_pylist()))
    assert precision["B6"] == "month"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_column_names_the_field(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "date,official\n2023-09-13,Wang Xiaohong\n")
    with pytest.raises(cisd.DataError, match='missing column "counterpart"'):
        cisd.load(path)


def test_a_day_the_month_lacks_is_out_of_range(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "date,official,counterpart\n31 Sept 2023,Wang Xiaohong,Vietnam\n")
    with pytest.raises(cisd.DataError, match="day 31 is out of range for September 2023, which has 30 days"):
        cisd.load(path)


def test_a_semicolon_separated_csv_is_hinted(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "date;official;counterpart\n2023-09-13;Wang Xiaohong;Vietnam\n")
    with pytest.raises(cisd.DataError, match="separated by semicolons"):
        cisd.load(path)


def test_columns_of_the_wrong_type_is_a_type_error(small_path: Path) -> None:
    with pytest.raises(TypeError, match=r"columns= takes a dict mapping your headers to cisd fields.*got list"):
        cisd.load(small_path, columns=["date"])


def test_sheet_on_a_csv_is_an_error(small_path: Path) -> None:
    with pytest.raises(ValueError, match=r'sheet="events": small.csv is not a spreadsheet'):
        cisd.load(small_path, sheet="events")


def test_bad_json_in_columns_is_one_line_and_exit_code_2(small_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "cisd", "report", "--data", str(small_path), "--columns", "{bad"],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0
    assert run.stderr.startswith("error: --columns is not valid JSON")
    assert "Traceback" not in run.stderr
