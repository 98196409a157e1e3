"""Panels, the count matrix and the network on the hand-made fixture `fixtures/panel.csv`;
expected values counted by hand.

The fixture (10 interactions in 6 events):
E1 2023-03-31 bilateral     Wang Xiaohong (MPS minister) - PAK
E2 2023-04-01 multilateral  Wang - KAZ, PAK, RUS; Xu Datong (MPS vice minister) - RUS
E3 2023-06 (month only)     Chen Yixin (MSS minister) - RUS
E4 2023-12-31 bilateral     Wang - VNM; Xu Datong - VNM
E5 2024-01-02 bilateral     Chen Wenqing (CPLC party head) - INTERPOL (an organisation)
E6 2024-02-20 bilateral     Xu Datong - PAK
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import cisd
from cisd._reference import read_side_table
from cisd._reproduce import gsi_as_of
from conftest import FIXTURES

COUNTS = ["meetings", "bilateral_meetings", "multilateral_meetings", "ministerial_meetings", "vm_am_meetings", "interactions"]


@pytest.fixture(scope="module")
def ds() -> cisd.Dataset:
    return cisd.load(FIXTURES / "panel.csv")


def nonzero(table, key: tuple[str, ...]) -> dict:
    """{(period, *key): (counts...)} for the rows with any interaction."""
    out = {}
    for r in table.to_pylist():
        if r["interactions"]:
            out[(r["period"].isoformat(), *(r[k] for k in key))] = tuple(r[c] for c in COUNTS)
    return out


def states_but_china() -> list[str]:
    return sorted(e["code"] for e in cisd.entities().to_pylist() if e["kind"] == "state" and e["code"] != "CHN")


def test_country_year_panel_counts_and_zero_rows(ds) -> None:
    p = ds.panel()  # country x year, states
    states = states_but_china()
    # Every state in every year, met or not, in period then code order.
    assert p.num_rows == 2 * len(states)
    assert p["counterpart"].to_pylist() == states + states
    assert p["period"].to_pylist()[:: len(states)] == [dt.date(2023, 1, 1), dt.date(2024, 1, 1)]
    # meetings, bilateral, multilateral, ministerial, VM/AM, interactions
    assert nonzero(p, ("counterpart",)) == {
        ("2023-01-01", "PAK"): (2, 1, 1, 2, 0, 2),  # E1, E2 (Wang both times)
        ("2023-01-01", "KAZ"): (1, 0, 1, 1, 0, 1),  # E2
        ("2023-01-01", "RUS"): (2, 1, 1, 2, 1, 3),  # E2 (Wang and Xu: one meeting, two rows), E3
        ("2023-01-01", "VNM"): (1, 1, 0, 1, 1, 2),  # E4 with a minister and a vice minister
        ("2024-01-01", "PAK"): (1, 1, 0, 0, 1, 1),  # E6
    }
    france = [r for r in p.to_pylist() if r["counterpart"] == "FRA"]
    assert [r["meetings"] for r in france] == [0, 0]
    assert "INTERPOL" not in p["counterpart"].to_pylist()


def test_codes_come_from_the_entities_table(ds) -> None:
    entities = {e["code"]: e for e in cisd.entities().to_pylist()}
    for row in ds.panel().to_pylist():
        e = entities[row["counterpart"]]
        assert (row["name"], row["iso2"], row["cow_code"], row["gw_code"], row["region"]) == (
            e["name"], e["iso2"], e["cow_code"], e["gw_code"], e["region"])
    pak = next(r for r in ds.panel().to_pylist() if r["counterpart"] == "PAK")
    assert (pak["iso2"], pak["cow_code"], pak["gw_code"]) == ("PK", 770, 770)


def test_quarter_and_month_panels_keep_whole_events(ds) -> None:
    q = ds.panel(freq="quarter")
    assert sorted({d.isoformat() for d in q["period"].to_pylist()}) == [
        "2023-01-01", "2023-04-01", "2023-07-01", "2023-10-01", "2024-01-01"]
    got = {k: v[0] for k, v in nonzero(q, ("counterpart",)).items()}
    assert got == {
        ("2023-01-01", "PAK"): 1,  # E1 on the quarter's last day
        ("2023-04-01", "PAK"): 1,  # E2 on the next quarter's first day
        ("2023-04-01", "KAZ"): 1,
        ("2023-04-01", "RUS"): 2,  # E2 and E3 (dated June only)
        ("2023-10-01", "VNM"): 1,
        ("2024-01-01", "PAK"): 1,
    }
    m = ds.panel(freq="month")
    assert len({d for d in m["period"].to_pylist()}) == 12  # 2023-03 to 2024-02
    got = {k: v[0] for k, v in nonzero(m, ("counterpart",)).items()}
    assert got[("2023-06-01", "RUS")] == 1  # the month-precision event counts in its month
    assert ("2023-07-01", "RUS") not in got


@pytest.mark.parametrize("freq", ["year", "quarter", "month"])
def test_sums_equal_counts_from_the_interactions_table(ds, freq) -> None:
    rows = ds.interactions.to_pylist()
    states = set(states_but_china())
    in_states = [r for r in rows if r["counterpart"] in states]
    country = ds.panel(freq=freq)
    assert sum(country["interactions"].to_pylist()) == len(in_states) == 9
    assert sum(country["meetings"].to_pylist()) == len({(r["event_id"], r["counterpart"]) for r in in_states}) == 7
    everything = ds.panel(freq=freq, universe="all")
    assert sum(everything["interactions"].to_pylist()) == len(rows) == 10
    assert sum(everything["meetings"].to_pylist()) == len({(r["event_id"], r["counterpart"]) for r in rows}) == 8
    by_official = ds.panel(unit="dyad", freq=freq)
    assert sum(by_official["meetings"].to_pylist()) == len(in_states)  # one row per event x official x state
    by_agency = ds.panel(unit="dyad", by="agency", freq=freq)
    assert sum(by_agency["meetings"].to_pylist()) == len({(r["event_id"], r["agency"], r["counterpart"]) for r in in_states}) == 7
    assert sum(by_agency["interactions"].to_pylist()) == 9


def test_dyad_panels(ds) -> None:
    officials = list(dict.fromkeys(o["official"] for o in cisd.officials().to_pylist()))
    d = ds.panel(unit="dyad")
    assert d.column_names[:3] == ["period", "official", "counterpart"]
    assert d.num_rows == 2 * len(officials) * len(states_but_china())
    got = {k: v[0] for k, v in nonzero(d, ("official", "counterpart")).items()}
    assert got == {
        ("2023-01-01", "Wang Xiaohong", "PAK"): 2,
        ("2023-01-01", "Wang Xiaohong", "KAZ"): 1,
        ("2023-01-01", "Wang Xiaohong", "RUS"): 1,
        ("2023-01-01", "Wang Xiaohong", "VNM"): 1,
        ("2023-01-01", "Xu Datong", "RUS"): 1,
        ("2023-01-01", "Xu Datong", "VNM"): 1,
        ("2023-01-01", "Chen Yixin", "RUS"): 1,
        ("2024-01-01", "Xu Datong", "PAK"): 1,
    }
    a = ds.panel(unit="dyad", by="agency")
    assert sorted(set(a["agency"].to_pylist())) == ["CPLC", "MPS", "MSS"]
    got = nonzero(a, ("agency", "counterpart"))
    assert got[("2023-01-01", "MPS", "RUS")] == (1, 0, 1, 1, 1, 2)  # E2: Wang and Xu
    assert got[("2023-01-01", "MSS", "RUS")] == (1, 1, 0, 1, 0, 1)  # E3


def test_start_end_and_universes(ds) -> None:
    p = ds.panel(start="2022-05-01", end=dt.date(2022, 12, 31))
    assert set(p["period"].to_pylist()) == {dt.date(2022, 1, 1)}
    assert sum(p["meetings"].to_pylist()) == 0  # a year before the data: all zeros
    entities = cisd.entities().to_pylist()
    gw = ds.panel(universe="gw")
    assert set(gw["counterpart"].to_pylist()) == {e["code"] for e in entities if e["gw_code"] is not None and e["code"] != "CHN"}
    everything = ds.panel(universe="all")
    assert set(everything["counterpart"].to_pylist()) == {e["code"] for e in entities} - {"CHN"}
    interpol = [r for r in everything.to_pylist() if r["counterpart"] == "INTERPOL"]
    assert [(r["meetings"], r["ministerial_meetings"]) for r in interpol] == [(0, 0), (1, 1)]


def test_covariates_follow_the_side_tables(ds) -> None:
    p = ds.panel(start="2022-01-01").to_pylist()
    gsi = ds.gsi_supporters().to_pylist()
    participation = read_side_table("forum_participation.csv").to_pylist()
    gpscfl = {(r["counterpart"], r["year"]) for r in participation if r["forum"] == "GPSCFL"}
    sco = {r["member_code"] for r in ds.forum_members("SCO").to_pylist() if r["role"] == "member"}
    for row in p:
        year_end = dt.date(row["period"].year, 12, 31)
        code = row["counterpart"]
        # The reproduction's own reading of the side table: a month-dated statement counts from its month.
        assert row["gsi_supporter"] == (code in {r["code"] for r in gsi_as_of(gsi, year_end.isoformat())}), row
        assert row["gpscfl_participant"] == ((code, row["period"].year) in gpscfl), row
        assert row["sco_member"] == (code in sco), row
    rus = {r["period"].year: r for r in p if r["counterpart"] == "RUS"}
    assert rus[2023]["sco_member"] and not rus[2023]["lmc_member"]


def test_bad_arguments_name_the_valid_values(ds) -> None:
    with pytest.raises(ValueError, match=r'freq="week": expected one of year, quarter, month'):
        ds.panel(freq="week")
    with pytest.raises(ValueError, match=r'unit="region": expected one of country, dyad'):
        ds.panel(unit="region")
    with pytest.raises(ValueError, match=r'universe="world": expected one of states, gw, all'):
        ds.panel(universe="world")
    with pytest.raises(ValueError, match="start=2024-01-01 is after end=2023-01-01"):
        ds.panel(start="2024-01-01", end="2023-01-01")
    with pytest.raises(ValueError, match="both \"month\""):
        ds.matrix(index="month", columns="month")
    with pytest.raises(ValueError, match='value="events": expected one of meetings, interactions'):
        ds.matrix(value="events")


def test_matrix_counts_distinct_events(ds) -> None:
    m = ds.matrix(index="counterpart", columns="month")
    assert m.rows == ["INTERPOL", "KAZ", "PAK", "RUS", "VNM"]
    assert m.columns[0] == "2023-03" and m.columns[-1] == "2024-02" and len(m.columns) == 12
    values = np.asarray(m)
    assert values.dtype == np.int64 and values.shape == (5, 12)
    pairs = {(r["event_id"], r["counterpart"]) for r in ds.interactions.to_pylist()}
    assert values.sum() == len(pairs) == 8
    assert values[m.rows.index("RUS"), m.columns.index("2023-04")] == 1  # E2: two officials, one meeting
    assert values[m.rows.index("RUS"), m.columns.index("2023-06")] == 1  # E3, dated to the month
    rows = ds.matrix(index="counterpart", columns="month", value="interactions")
    assert np.asarray(rows).sum() == 10
    assert np.asarray(rows)[m.rows.index("RUS"), m.columns.index("2023-04")] == 2
    o = ds.matrix(index="official", columns="counterpart")
    assert o.rows == ["Chen Wenqing", "Chen Yixin", "Wang Xiaohong", "Xu Datong"]
    assert o.values[o.rows.index("Wang Xiaohong")].tolist() == [0, 1, 2, 1, 1]  # INTERPOL, KAZ, PAK, RUS, VNM
    q = ds.matrix(index="agency", columns="quarter")
    assert q.columns == ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1"]
    assert q.to_pandas().loc["MPS"].tolist() == [1, 1, 0, 1, 1]


def test_network_edges(ds) -> None:
    t = ds.network()
    assert t.column_names == ["official", "agency", "counterpart", "name", "meetings", "first", "last", "bilateral_meetings"]
    edges = {(r["official"], r["counterpart"]): r for r in t.to_pylist()}
    assert len(edges) == 9
    wang_pak = edges[("Wang Xiaohong", "PAK")]
    assert (wang_pak["meetings"], wang_pak["bilateral_meetings"]) == (2, 1)
    assert (wang_pak["first"], wang_pak["last"]) == (dt.date(2023, 3, 31), dt.date(2023, 4, 1))
    assert (edges[("Chen Wenqing", "INTERPOL")]["agency"], edges[("Chen Wenqing", "INTERPOL")]["name"]) == ("CPLC", "Interpol")
    assert sum(r["meetings"] for r in edges.values()) == 10  # every interaction is one official-counterpart meeting
