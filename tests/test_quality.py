"""How good the record is (issue 10, section 5): every source of the bundled ledger has a kind and
a side, the build refuses a publisher it cannot classify, and ``ds.quality()`` gives shares over
events. Expected values are worked out by hand from the fixture in the comments."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import cisd
from conftest import write_rows

ROOT = Path(__file__).resolve().parents[1]
KINDS = ["official", "state_media", "independent", "international_organisation", "mirror"]
SIDES = ["chinese", "partner", "third"]

# A window from March 2023 to June 2024, so that the fixture has one event before it, two inside
# and one after:
#   E1 2023-01-10 Vietnam: Xinhua (state_media, chinese) and a mirror of it (mirror, chinese)
#   E2 2023-05-02 Cambodia + Kazakhstan: a partner ministry (official, partner), Xinhua
#      (state_media, chinese), a Thai outlet (independent, third)
#   E3 2024-02 (month only) Kazakhstan: a mirror (mirror, chinese)
#   E4 2024-09-01 Cambodia: a Chinese ministry (official, chinese)
WINDOW = ("2023-03-01", "2024-06-30")
SOURCES = [
    ["E1", "state_media", "chinese"],
    ["E1", "mirror", "chinese"],
    ["E2", "official", "partner"],
    ["E2", "state_media", "chinese"],
    ["E2", "independent", "third"],
    ["E3", "mirror", "chinese"],
    ["E4", "official", "chinese"],
]


def write_ledger(folder: Path, sources: list[list[str]]) -> Path:
    write_rows(folder / "events.csv", [
        ["event_id", "date", "format"],
        ["E1", "2023-01-10", "bilateral"],
        ["E2", "2023-05-02", "multilateral"],
        ["E3", "2024-02", "bilateral"],
        ["E4", "2024-09-01", "bilateral"],
    ])
    write_rows(folder / "interactions.csv", [
        ["event_id", "official", "counterpart"],
        ["E1", "Wang Xiaohong", "VNM"],
        ["E2", "Wang Xiaohong", "KHM"],
        ["E2", "Wang Xiaohong", "KAZ"],
        ["E3", "Wang Xiaohong", "KAZ"],
        ["E4", "Wang Xiaohong", "KHM"],
    ])
    write_rows(folder / "sources.csv", [["event_id", "url", "kind", "side"]]
               + [[e, f"http://example.org/{i}", k, s] for i, (e, k, s) in enumerate(sources)])
    return folder


@pytest.fixture
def fixture(tmp_path: Path) -> cisd.Dataset:
    folder = write_ledger(tmp_path, SOURCES)
    return cisd.Dataset(cisd._core.load_ledger(str(folder)), label="quality fixture")


def rows(table: cisd.Table) -> dict[str, dict]:
    return {r["group"]: r for r in table.to_pylist()}


def test_shares_are_over_events(fixture: cisd.Dataset) -> None:
    assert fixture.sources["kind"].to_pylist()[:2] == ["state_media", "mirror"]
    [row] = fixture.quality(window=WINDOW).to_pylist()
    assert row == {
        "group": "all", "events": 4, "sources": 7, "sources_per_event": 1.75,
        "share_official": 0.5,       # E2, E4
        "share_both_sides": 0.25,    # E2
        "share_mirror_only": 0.25,   # E3
        "share_partner_side": 0.25,  # E2
        "note": None,
    }


def test_by_period_splits_at_the_window(fixture: cisd.Dataset) -> None:
    q = fixture.quality(by="period", window=WINDOW)
    assert q["group"].to_pylist() == ["before", "window", "after"]
    got = rows(q)
    assert [got[g]["events"] for g in ("before", "window", "after")] == [1, 2, 1]
    assert [got[g]["sources_per_event"] for g in ("before", "window", "after")] == [2.0, 2.0, 1.0]
    assert [got[g]["share_official"] for g in ("before", "window", "after")] == [0.0, 0.5, 1.0]
    assert [got[g]["share_both_sides"] for g in ("before", "window", "after")] == [0.0, 0.5, 0.0]
    assert [got[g]["share_mirror_only"] for g in ("before", "window", "after")] == [0.0, 0.5, 0.0]
    # The default window is the paper's: every fixture event falls inside it.
    assert rows(fixture.quality(by="period"))["window"]["events"] == 4


def test_by_region_counts_an_event_in_every_region_it_touches(fixture: cisd.Dataset) -> None:
    got = rows(fixture.quality(by="region", window=WINDOW))
    assert sorted(got) == ["Central Asia", "Southeast Asia"]
    central, southeast = got["Central Asia"], got["Southeast Asia"]
    assert (central["events"], central["sources"]) == (2, 4)  # E2, E3
    assert (southeast["events"], southeast["sources"]) == (3, 6)  # E1, E2, E4
    assert central["share_official"] == 0.5 and central["share_mirror_only"] == 0.5
    assert southeast["share_official"] == pytest.approx(2 / 3)
    assert southeast["share_both_sides"] == pytest.approx(1 / 3)


def test_a_file_without_kind_and_side_gets_sources_per_event_and_a_note(small: cisd.Dataset) -> None:
    events, sources = small.events.num_rows, small.sources.num_rows
    [row] = small.quality().to_pylist()
    assert row["sources_per_event"] == pytest.approx(sources / events)
    for share in ("share_official", "share_both_sides", "share_mirror_only", "share_partner_side"):
        assert row[share] is None, share
    assert f"{sources} of {sources} sources have no kind" in row["note"]
    assert "share_both_sides and share_partner_side are null" in row["note"]


def test_a_bad_kind_or_side_names_file_line_column_and_vocabulary(tmp_path: Path) -> None:
    bad = [list(s) for s in SOURCES]
    bad[1][1] = "blog"  # line 3 of sources.csv
    bad[4][2] = "both"  # line 6
    found = cisd.Table(cisd._core.validate_ledger(str(write_ledger(tmp_path, bad)))).to_pylist()
    errors = {(p["file"], p["line"], p["column"], p["value"]): p["expected"] for p in found if p["severity"] == "error"}
    assert errors == {
        ("sources.csv", 3, "kind", "blog"): "one of " + ", ".join(KINDS),
        ("sources.csv", 6, "side", "both"): "one of " + ", ".join(SIDES),
    }


def test_by_names_the_valid_groupings(fixture: cisd.Dataset) -> None:
    with pytest.raises(ValueError, match='by="year".*expected one of period, region'):
        fixture.quality(by="year")


def test_every_bundled_source_has_a_kind_and_a_side() -> None:
    sources = cisd.load().sources.to_pylist()
    assert {s["kind"] for s in sources} <= set(KINDS)
    assert {s["side"] for s in sources} <= set(SIDES)
    with open(ROOT / "ledger" / "raw" / "ref" / "publishers.csv", encoding="utf-8") as fh:
        table = {r["publisher"]: r for r in csv.DictReader(fh)}
    assert {s["publisher"] for s in sources} <= set(table)
    assert {r["kind"] for r in table.values()} <= set(KINDS)
    for s in sources:
        assert s["kind"] == table[s["publisher"]]["kind"], s["url"]
        assert (s["side"] == "chinese") == (table[s["publisher"]]["origin"] == "CHN"), s["url"]


def test_no_bundled_event_rests_on_mirrors_only() -> None:
    q = rows(cisd.load().quality(by="period"))
    assert sum(r["events"] for r in q.values()) == cisd.load().events.num_rows
    assert all(r["note"] is None for r in q.values())
    assert all(r["share_mirror_only"] == 0 for r in q.values())
    mirror_only = {r["absence_id"] for r in cisd.absences().to_pylist() if r["why"] == "mirror_only"}
    assert mirror_only and not mirror_only & set(cisd.load().events.column("event_id").to_pylist())


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_ledger", ROOT / "ledger" / "build_ledger.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_stops_on_an_unlisted_publisher_and_a_bad_kind(tmp_path: Path) -> None:
    build = build_script()
    publishers = {"Khmer Times": ("independent", "KHM"), "Xinhua": ("state_media", "CHN"),
                  "The Nation (Thailand)": ("independent", "THA")}
    event = {"event_id": "E1", "_counterparts": [{"code": "KHM"}], "sources": [
        {"url": "u1", "publisher": "Xinhua", "_kind": "state_media", "_side": ""},
        {"url": "u2", "publisher": "Khmer Times", "_kind": "", "_side": "third"},
        {"url": "u3", "publisher": "The Nation (Thailand)", "_kind": "", "_side": ""},
    ]}
    disagreements = build.classify_sources([event], publishers)
    assert [s["side"] for s in event["sources"]] == ["chinese", "partner", "third"]
    assert len(disagreements) == 1 and "side coded 'third'" in disagreements[0]
    event["sources"].append({"url": "u4", "publisher": "Unknown Outlet", "_kind": "", "_side": ""})
    with pytest.raises(SystemExit, match="'Unknown Outlet'"):
        build.classify_sources([event], publishers)
    path = write_rows(tmp_path / "publishers.csv", [["publisher", "kind", "origin", "basis"],
                                                     ["Blog", "blog", "", "a blog"]])
    with pytest.raises(SystemExit, match=r"row 2 \(Blog\): kind 'blog'"):
        build.read_publishers(str(path), {"KHM"})
    path = write_rows(tmp_path / "publishers.csv", [["publisher", "kind", "origin", "basis"],
                                                     ["Khmer Times", "independent", "KMH", "outlet's own report"]])
    with pytest.raises(SystemExit, match=r"origin 'KMH' is not a code"):
        build.read_publishers(str(path), {"KHM"})


def test_the_build_holds_out_an_event_resting_on_mirrors_only() -> None:
    build = build_script()
    mirror, own = {"kind": "mirror"}, {"kind": "state_media"}
    events = [
        {"event_id": "E1", "_file": "a.jsonl", "title": "copies only", "parent_event_id": "",
         "sources": [mirror, mirror]},
        {"event_id": "E2", "_file": "a.jsonl", "title": "one own page", "parent_event_id": "",
         "sources": [mirror, own]},
    ]
    excluded: dict[str, tuple[str, str, str]] = {}
    kept = build.hold_out_mirror_only(events, excluded)
    assert [e["event_id"] for e in kept] == ["E2"]
    assert list(excluded) == ["E1"] and "mirror copy" in excluded["E1"][1]
    child = {"event_id": "E3", "_file": "a.jsonl", "title": "sideline", "parent_event_id": "E1",
             "sources": [own]}
    with pytest.raises(SystemExit, match="E3: its parent E1 rests on mirror copies only"):
        build.hold_out_mirror_only(events + [child], {})
