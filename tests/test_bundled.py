"""The bundled ledger: it loads cleanly, every value maps, every event is sourced."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

import cisd
from cisd._paths import data_dir


@pytest.fixture(scope="module")
def ledger() -> cisd.Dataset:
    return cisd.load()


def test_loads_with_zero_errors() -> None:
    problems = cisd.validate().to_pylist()
    assert [p for p in problems if p["severity"] == "error"] == []


def test_every_event_has_a_source(ledger) -> None:
    sourced = set(ledger.sources["event_id"].to_pylist())
    assert set(ledger.events["event_id"].to_pylist()) <= sourced
    assert all(u.startswith(("http://", "https://")) for u in ledger.sources["url"].to_pylist())


def test_every_value_maps_to_the_reference_tables(ledger) -> None:
    codes = set(cisd.entities()["code"].to_pylist())
    assert set(ledger.interactions["counterpart"].to_pylist()) <= codes
    hosts = {h for h in ledger.events["host_country"].to_pylist() if h}
    assert hosts <= codes
    assert set(ledger.interactions["official"].to_pylist()) <= set(cisd.officials()["official"].to_pylist())
    regions = {r for r in cisd.entities()["region"].to_pylist()}
    assert set(ledger.interactions["region"].to_pylist()) <= regions


def test_reference_tables_are_complete() -> None:
    ent = cisd.entities().to_pylist()
    states = [e for e in ent if e["kind"] == "state"]
    assert len(states) >= 193 + 2  # UN members and the two observer states
    assert len({e["code"] for e in ent}) == len(ent)
    for code in ["TWN", "HKG", "MAC", "XKX", "INTERPOL", "UNODC", "ASEAN", "EAPCCO"]:
        assert code in {e["code"] for e in ent}, code
    officials = {o["official"]: o for o in cisd.officials().to_pylist()}
    assert officials["Wang Xiaohong"]["agency"] == "MPS"
    assert officials["Chen Wenqing"]["rank"] == "party_head"
    assert officials["Chen Yixin"]["agency"] == "MSS"


def test_side_tables_are_sourced() -> None:
    for name in ["forum_members.csv", "gsi_support.csv", "forum_participation.csv"]:
        with open(data_dir() / name, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert rows, name
        assert all(r["source_url"].startswith("http") for r in rows), name


def test_repr_and_cite_say_it_is_a_reconstruction(ledger) -> None:
    assert "independent reconstruction" in repr(ledger)
    assert cisd.LEDGER_VERSION in repr(ledger)
    assert "NOT the authors' dataset" in cisd.cite()
    assert cisd.LEDGER_VERSION in cisd.cite("bibtex")


def test_reproduce_has_a_row_per_published_number(ledger) -> None:
    paper = cisd.published()
    table = ledger.reproduce()
    assert table.num_rows == paper.num_rows
    assert table["published"].equals(paper["value"])
    artifacts = set(table["artifact"].to_pylist())
    expected = {f"S{i}" for i in range(1, 16)} | {f"F{i}" for i in range(1, 10)} | {"T1", "T2", "T3"}
    assert expected <= artifacts


def test_reproduce_follows_the_data(small) -> None:
    # On the fixture, S1 interactions are its 10 rows and Table 2's Russia count is 2.
    rows = {(r["measure"], r["key"]): r["computed"] for r in small.reproduce().to_pylist()}
    assert rows[("interactions", "all")] == 10
    assert rows[("bilateral_meetings_with", "RUS")] == 2
    assert rows[("events", "all")] == 7


def test_pacific_dialogues_are_in_the_ledger(ledger) -> None:
    years = Counter(d.year for d in ledger.pacific_dialogues()["date"].to_pylist())
    # the fourth dialogue (Lianyungang, September 2025) entered with ledger v2
    assert years == {2022: 1, 2023: 1, 2024: 1, 2025: 1}


def test_report_runs(capsys) -> None:
    from cisd.report import main

    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "independent reconstruction" in out
    assert "Comparison with the paper" in out


def test_ledger_dates_are_checked_against_its_own_scope() -> None:
    # The ledger deliberately reaches before and after the paper's window; only a user's file is
    # warned about dates outside the paper's window.
    problems = cisd.validate()
    rules = set(problems.column("rule").to_pylist()) if problems.num_rows else set()
    assert "outside_window" not in rules
