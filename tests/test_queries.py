"""Every query on the hand-made fixture `fixtures/small.csv`; expected values counted by hand.

The fixture: F1 (2024-09-09, GPSCFL multilateral, Wang with VNM, RUS, KHM); sidelines of F1 on
2024-09-10: B1 (Wang-VNM), B2 (Xu Datong-KHM); B3 (2023-12-31, Chen Wenqing-RUS); B4 (2024-01-01,
Chen Wenqing and Wang with RUS); B5 (2024-01-15, Chen Yixin-USA); B6 (2024-03, Wang-INTERPOL).
"""

from __future__ import annotations

import pytest


def as_dict(table, key: str, value: str) -> dict:
    return dict(zip(table[key].to_pylist(), table[value].to_pylist()))


def test_summary_counts(small) -> None:
    s = as_dict(small.summary(), "measure", "value")
    assert s["events"] == 7
    assert s["interactions"] == 10
    assert s["bilateral_meetings"] == 6
    assert s["multilateral_meetings"] == 1
    assert s["standalone_bilateral_meetings"] == 4  # B3, B4, B5, B6
    assert s["sideline_bilateral_meetings"] == 2  # B1, B2
    assert s["bilateral_counterparts"] == 5  # VNM, KHM, RUS, USA, INTERPOL
    assert s["bilateral_countries"] == 4  # Interpol is not a country
    assert (s["meetings_MPS"], s["interactions_MPS"]) == (5, 7)  # F1, B1, B2, B4, B6
    assert (s["meetings_CPLC"], s["interactions_CPLC"]) == (2, 2)
    assert (s["meetings_MSS"], s["interactions_MSS"]) == (1, 1)


def test_meetings_by_country_competition_ranks(small) -> None:
    t = small.meetings_by_country()
    assert t.column_names == ["rank", "counterpart", "name", "meetings"]
    # RUS: F1, B3, B4; KHM: F1, B2; VNM: F1, B1; INTERPOL: B6; USA: B5. Ties sorted by name.
    assert t["counterpart"].to_pylist() == ["RUS", "KHM", "VNM", "INTERPOL", "USA"]
    assert t["meetings"].to_pylist() == [3, 2, 2, 1, 1]
    assert t["rank"].to_pylist() == [1, 2, 2, 4, 4]


def test_top_keeps_ties_at_the_cut(small) -> None:
    assert small.meetings_by_country(top=2)["counterpart"].to_pylist() == ["RUS", "KHM", "VNM"]
    assert small.meetings_by_country(top=1)["counterpart"].to_pylist() == ["RUS"]


def test_meetings_by_country_selections(small) -> None:
    bilateral = small.meetings_by_country(format="bilateral")
    assert as_dict(bilateral, "counterpart", "meetings") == {"RUS": 2, "KHM": 1, "VNM": 1, "USA": 1, "INTERPOL": 1}
    assert bilateral["rank"].to_pylist() == [1, 2, 2, 2, 2]
    cplc = small.meetings_by_country(format="bilateral", agency="CPLC")
    assert as_dict(cplc, "counterpart", "meetings") == {"RUS": 2}
    vm = small.meetings_by_country(rank="vice_minister")
    assert as_dict(vm, "counterpart", "meetings") == {"KHM": 1}
    with pytest.raises(ValueError, match='format="trilateral"'):
        small.meetings_by_country(format="trilateral")


def test_meetings_by_official_year_spans_years(small) -> None:
    rows = small.meetings_by_official_year().to_pylist()
    got = {(r["official"], r["year"]): r["meetings"] for r in rows}
    assert got == {
        ("Wang Xiaohong", 2024): 4,  # F1, B1, B4, B6
        ("Xu Datong", 2024): 1,
        ("Chen Yixin", 2024): 1,
        ("Chen Wenqing", 2023): 1,  # B3 on 2023-12-31 stays in 2023
        ("Chen Wenqing", 2024): 1,
    }


def test_meetings_by_month_and_forum_share(small) -> None:
    t = small.meetings_by_month(2024, "GPSCFL")
    assert t["month"].to_pylist() == list(range(1, 13))
    assert t["meetings"].to_pylist() == [2, 0, 1, 0, 0, 0, 0, 0, 3, 0, 0, 0]
    assert t["interactions"].to_pylist() == [3, 0, 1, 0, 0, 0, 0, 0, 5, 0, 0, 0]
    # F1 is a GPSCFL event; B1 and B2 are its sidelines.
    assert t["forum_meetings"].to_pylist()[8] == 3
    assert t["forum_interactions"].to_pylist()[8] == 5
    assert t["forum_share_of_meetings"].to_pylist()[8] == 1.0
    assert t["forum_share_of_meetings"].to_pylist()[1] is None
    plain = small.meetings_by_month(2023, None)
    assert plain.column_names == ["month", "meetings", "interactions"]
    assert plain["meetings"].to_pylist()[11] == 1


def test_bilateral_by_region(small) -> None:
    t = small.bilateral_by_region()
    got = {r["region"]: (r["meetings"], r["denominator"]) for r in t.to_pylist()}
    assert got == {
        "Southeast Asia": (2, 6),
        "Russia & Eurasia": (2, 6),
        "North America": (1, 6),
        "International organisation": (1, 6),
    }
    assert as_dict(t, "region", "share")["Southeast Asia"] == pytest.approx(2 / 6)
    un = small.bilateral_by_region("un_subregion")
    assert as_dict(un, "region", "meetings")["South-eastern Asia"] == 2
    with pytest.raises(ValueError, match="scheme"):
        small.bilateral_by_region("galactic")


def test_country_levels(small) -> None:
    levels = as_dict(small.country_levels(), "counterpart", "level")
    assert levels == {
        "RUS": "ministerial only",
        "KHM": "both",  # Wang at F1, Xu Datong at B2
        "VNM": "ministerial only",
        "USA": "ministerial only",
        "INTERPOL": "ministerial only",
    }
    bilateral = as_dict(small.country_levels(include_multilateral=False), "counterpart", "level")
    assert bilateral["KHM"] == "VM/AM only"


def test_sideline_meetings(small) -> None:
    rows = small.sideline_meetings("F1").to_pylist()
    assert [r["event_id"] for r in rows] == ["B1", "B2"]
    assert [r["ministerial"] for r in rows] == [True, False]
    assert rows[0]["parent_forum"] == "GPSCFL"
    with pytest.raises(ValueError, match='unknown parent event "nothing"; expected one of F1'):
        small.sideline_meetings("nothing")
    assert small.sideline_meetings().num_rows == 2


def test_forum_events(small) -> None:
    rows = small.forum_events("GPSCFL").to_pylist()
    assert len(rows) == 1
    assert rows[0]["participants"] == ["Vietnam", "Russia", "Cambodia"]
    assert rows[0]["cochairs"] == []


def test_filters_follow_and_commute(small) -> None:
    a = small.filter(agencies="MPS").filter(start="2024-02-01")
    b = small.filter(start="2024-02-01").filter(agencies=["MPS"])
    assert a.interactions.equals(b.interactions)
    assert a.events["event_id"].to_pylist() == ["F1", "B1", "B2", "B6"]
    empty = small.filter(counterparts=["Peru"])
    assert len(empty) == 0
    assert empty.meetings_by_country().num_rows == 0
    assert as_dict(empty.summary(), "measure", "value")["events"] == 0
    with pytest.raises(ValueError, match="did you mean Vietnam"):
        small.filter(counterparts=["Vietnan"])


def test_dropping_a_country_changes_results(small) -> None:
    without_russia_ids = {"F1", "B1", "B2", "B5", "B6"}  # B3 and B4 only had Russia
    all_countries = [c for c in small.interactions["counterpart"].unique().to_pylist() if c != "RUS"]
    kept = small.filter(counterparts=all_countries)
    assert set(kept.events["event_id"].to_pylist()) == without_russia_ids
    assert "RUS" not in kept.meetings_by_country()["counterpart"].to_pylist()
    s = as_dict(kept.summary(), "measure", "value")
    assert (s["events"], s["interactions"]) == (5, 6)
    assert s["meetings_CPLC"] == 0


def test_per_country_counts_sum_to_interaction_events(small) -> None:
    # Bilateral events have one counterpart each, so per-country bilateral counts sum to them.
    t = small.meetings_by_country(format="bilateral")
    s = as_dict(small.summary(), "measure", "value")
    assert sum(t["meetings"].to_pylist()) == s["bilateral_meetings"]
