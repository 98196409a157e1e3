"""Query results display as tables (cisd.Table) while staying pyarrow tables."""

from __future__ import annotations

import pickle
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import cisd


class _Cells(HTMLParser):
    """The text of every <th>/<td>, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self.rows.append([])
        self._in_cell = tag in ("td", "th")
        if self._in_cell:
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.rows[-1][-1] += data


def html_rows(html: str) -> list[list[str]]:
    parser = _Cells()
    parser.feed(html)
    return parser.rows


def test_a_query_result_shows_as_an_html_table_with_its_values(small) -> None:
    # Bilateral events in small.csv: B1 VNM, B2 KHM, B3 RUS, B4 RUS, B5 USA, B6 INTERPOL.
    t = small.meetings_by_country(format="bilateral")
    html = t._repr_html_()
    assert html.count("<table") == 1
    rows = html_rows(html)
    assert rows[0] == ["rank", "counterpart", "name", "meetings"]
    assert rows[1] == ["int64", "str", "str", "int64"]
    assert rows[2] == ["1", "RUS", "Russia", "2"]
    assert sorted(r[1] for r in rows[3:]) == ["INTERPOL", "KHM", "USA", "VNM"]
    assert all(r[0] == "2" and r[3] == "1" for r in rows[3:])
    assert "5 rows × 4 columns" in html


def test_repr_is_an_aligned_text_table(small) -> None:
    lines = repr(small.meetings_by_country(format="bilateral", top=1)).splitlines()
    assert lines[0] == "cisd.Table: 1 row × 4 columns"
    assert lines[1].split() == ["rank", "counterpart", "name", "meetings"]
    assert lines[4].split() == ["1", "RUS", "Russia", "2"]
    assert "[[" not in repr(small.interactions)  # no raw pyarrow column dumps


def test_dates_lists_and_nulls_display_readably(small) -> None:
    rows = html_rows(small.sideline_meetings()._repr_html_())
    header = rows[0]
    first = dict(zip(header, rows[2]))  # B1, then B2 (same date, ordered by id)
    assert first["date"] == "2024-09-10"
    assert first["counterparts"] == "Vietnam"
    assert first["parent_forum"] == "GPSCFL"
    events = html_rows(small.events._repr_html_())
    b5 = dict(zip(events[0], next(r for r in events[2:] if r[0] == "B5")))
    assert b5["city"] == "null"


def test_a_long_table_shows_its_head_and_tail(tmp_path: Path) -> None:
    header = "event_id,date,official,counterpart\n"
    lines = [f"E{k:02d},2024-01-{k % 28 + 1:02d},Wang Xiaohong,Vietnam\n" for k in range(40)]
    path = tmp_path / "long.csv"
    path.write_text(header + "".join(lines), encoding="utf-8")
    html = cisd.load(path).interactions._repr_html_()
    body = html_rows(html)[2:]
    assert len(body) == 10 + 1 + 5
    assert [r[0] for r in body[:2]] == ["E00", "E01"]
    assert body[10][0] == "…"
    assert body[-1][0] == "E39"
    assert "40 rows × 15 columns" in html


def test_pyarrow_interface_passes_through(small) -> None:
    t = small.meetings_by_country(format="bilateral")
    assert isinstance(t, cisd.Table)
    assert t.num_rows == len(t) == 5
    assert t.column_names == ["rank", "counterpart", "name", "meetings"]
    assert t["counterpart"].to_pylist()[0] == "RUS"
    assert t.column("meetings").to_pylist() == [2, 1, 1, 1, 1]
    kept = t.filter(pc.equal(t["counterpart"], "USA"))
    assert isinstance(kept, cisd.Table) and kept.to_pylist() == [
        {"rank": 2, "counterpart": "USA", "name": "United States", "meetings": 1}
    ]
    assert isinstance(t.to_arrow(), pa.Table)
    assert t.equals(t) and t == t.to_arrow()
    assert pa.table(t).equals(t.to_arrow())
    assert pa.concat_tables([t.to_arrow(), t.to_arrow()]).num_rows == 10
    assert pickle.loads(pickle.dumps(t)) == t


def test_polars_duckdb_and_pandas_read_a_result(small) -> None:
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    t = small.meetings_by_country(format="bilateral")
    assert pl.DataFrame(t).shape == (5, 4)
    assert t.to_polars().filter(pl.col("counterpart") == "RUS")["meetings"].to_list() == [2]
    assert duckdb.sql("select sum(meetings) from t").fetchall() == [(6,)]
    assert t.to_pandas().set_index("counterpart").loc["RUS", "meetings"] == 2


def test_every_table_a_user_meets_is_a_cisd_table(small, tmp_path: Path) -> None:
    results = [
        small.events, small.interactions, small.sources, small.warnings, small.summary(),
        small.meetings_by_official_year(), small.meetings_by_month(2024), small.bilateral_by_region(),
        small.country_levels(), small.sideline_meetings(), small.forum_events("GPSCFL"),
        small.pacific_dialogues(), small.forum_participation(), small.forum_members(),
        small.gsi_supporters(), small.reproduce(), cisd.entities(), cisd.officials(),
        cisd.published(), cisd.validate(),
    ]
    assert all(isinstance(r, cisd.Table) for r in results)
    bad = tmp_path / "bad.csv"
    bad.write_text("date,official,counterpart\nnot a date,Wang Xiaohong,Vietnam\n", encoding="utf-8")
    with pytest.raises(cisd.DataError) as err:
        cisd.load(bad)
    assert isinstance(err.value.problems, cisd.Table)
    assert err.value.problems["rule"].to_pylist() == ["bad_date"]


def test_report_html_tables_right_align_numbers_and_percents() -> None:
    from cisd._text import html_table

    table = pa.table({"country": ["VNM", "LAO"], "events": [12, 3], "share": ["12.5%", None],
                      "note": ["2 calls", "yes"]})
    html = html_table(table)
    right = '<td style="text-align:right">'
    assert f"<td>VNM</td>{right}12</td>{right}12.5%</td><td>2 calls</td>" in html
    assert f"<td>LAO</td>{right}3</td>{right}</td><td>yes</td>" in html
    assert '<th>country</th><th style="text-align:right">events</th>' in html
