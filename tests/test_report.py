"""The reproduction report as a user runs it: ``python -m cisd report [--data FILE] [--html OUT]``."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

import cisd
from cisd.report import main

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def ledger() -> cisd.Dataset:
    return cisd.load()


@pytest.fixture(scope="module")
def their_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/small.csv (10 rows, 7 events, 2023-12-31 to 2024-09-10) as a workbook."""
    xlsxwriter = pytest.importorskip("xlsxwriter")
    path = tmp_path_factory.mktemp("xlsx") / "their_file.xlsx"
    with open(FIXTURES / "small.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("interactions")
    for i, row in enumerate(rows):
        sheet.write_row(i, 0, row)
    book.close()
    return path


def test_report_on_a_users_workbook_describes_that_file(their_xlsx: Path, capsys) -> None:
    assert main(["report", "--data", str(their_xlsx)]) == 0
    out = capsys.readouterr().out
    assert "Data: their_file.xlsx: 10 rows (interactions) in 7 events, dated 2023-12-31 to 2024-09-10." in out
    assert "not the authors' dataset" not in out
    # Figures 4, 5 and 7 cannot come from the user's file: each says where they come from.
    for side_table in ("gsi_support.csv", "forum_participation.csv", "forum_members.csv"):
        assert f"From the side table {side_table} bundled with cisd, not from their_file.xlsx." in out


def test_report_on_the_bundled_ledger_says_it_is_not_the_authors_dataset(capsys) -> None:
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "it is not the authors' dataset" in out
    assert "From the side table gsi_support.csv bundled with cisd." in out
    assert "bundled with cisd, not from" not in out


def _comparison_rows(out: str) -> list[str]:
    return out.split("== Comparison with the paper ==")[1].split("== Verdict ==")[0].splitlines()


def test_comparison_reads_on_its_own(small_path: Path, capsys) -> None:
    assert main(["report", "--data", str(small_path)]) == 0
    lines = _comparison_rows(capsys.readouterr().out)
    # The legend names every artifact code and the units.
    for code in ("S1-S15:", "F1-F9:", "T1-T3:", "X1-X3:", "meetings, events:", "percent:"):
        assert any(line.startswith(code) for line in lines), code
    # The fixture has 2 bilateral meetings with Russia (B3, B4); the paper's Table 2 says 13.
    row = next(line for line in lines if line.startswith("T2") and "bilateral meetings with Russia" in line)
    assert re.search(r"\b13\s+2\s+-11\s+off by 85%", row), row
    # Integers as integers, shares as percent with one decimal, a difference in points.
    assert not re.search(r"\b\d+\.0\b(?!%)", "\n".join(lines))
    share = next(line for line in lines if line.startswith("S10") and "share" in line)
    assert "27.4%" in share and " pp" in share
    # A blank row says why; an X row says it is the paper's inconsistency.
    around = next(line for line in lines if "around GPSCFL-2024" in line)
    assert "Blank: the data does not record this" in around
    assert "Blank: the paper prints no number here" in next(line for line in lines if line.startswith("F2"))
    x_rows = [line for line in lines if re.match(r"X\d+\s", line)]
    assert len(x_rows) == 3 and all("The paper's inconsistency" in line for line in x_rows)


def test_every_published_number_has_its_place_in_the_paper() -> None:
    rows = cisd.published().to_pylist()
    for r in rows:
        assert re.search(r"\(pp\. \d+-\d+\)", r["where"]), r
        assert "p. text" not in r["where"]
    by_artifact = {r["artifact"]: r["where"] for r in rows}
    assert by_artifact["S1"] == "New Data on China's Global Security Diplomacy (pp. 4-7)"
    assert by_artifact["T2"].startswith("Table 2, China's Bilateral Security Diplomacy")


class _Reproduced:
    """Stands for a dataset whose ``reproduce()`` gives fixed rows."""

    def __init__(self, rows: list[tuple]) -> None:
        names = ["artifact", "measure", "key", "published", "computed", "unit"]
        self.table = pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)})

    def reproduce(self) -> pa.Table:
        return self.table


def test_verdict_counts_exact_close_and_far_and_leaves_x_rows_out() -> None:
    from cisd._compare import verdict

    fake = _Reproduced([
        ("S1", "interactions", "all", 100.0, 100.0, "interactions"),  # exact
        ("S1", "events", "all", 50.0, 46.0, "events"),  # 8% off: close
        ("S8", "bilateral_meetings", "all", 20.0, 10.0, "meetings"),  # 50% off
        ("S13", "meetings_around_forum", "X|bilateral", 4.0, None, "meetings"),  # blank
        ("F2", "figure", "country_levels", None, None, None),  # blank
        ("X1", "agency_meetings_sum", "MPS+CPLC", 9.0, 9.0, "meetings"),  # not counted
    ])
    v = verdict(fake)  # type: ignore[arg-type]
    assert (v.compared, v.exact, v.close, v.blank, v.inconsistencies) == (3, 1, 1, 2, 1)
    assert v.lines()[0] == (
        "Of the 3 numbers the paper prints and this data computes, 1 match exactly, "
        "1 more are within 10% and 1 differ by more."
    )


def test_verdict_checks_the_papers_rank_order() -> None:
    from cisd._compare import verdict

    # Paper: VNM 3 > RUS 2 > USA 1. Data: RUS 2 first, VNM 1, USA 0.
    fake = _Reproduced([
        ("T2", "bilateral_meetings_with", "VNM", 3.0, 1.0, "meetings"),
        ("T2", "bilateral_meetings_with", "RUS", 2.0, 2.0, "meetings"),
        ("T2", "bilateral_meetings_with", "USA", 1.0, 0.0, "meetings"),
        ("F6", "peak_month", "2024", 9.0, 9.0, "month"),
    ])
    findings = {label: (holds, detail) for label, holds, detail in verdict(fake).findings}  # type: ignore[arg-type]
    holds, detail = findings["Table 2, bilateral meetings"]
    assert not holds
    # Of the pairs (VNM>RUS, VNM>USA, RUS>USA) the data keeps the last two.
    assert "the paper's first (Vietnam) is not first here" in detail and "2 of 3 ordered pairs" in detail
    assert findings["Peak month of 2024 (Figure 6)"] == (True, "month with the most meetings in 2024: paper September, here September")


def test_report_ends_with_a_verdict(capsys) -> None:
    assert main(["report"]) == 0
    verdict = capsys.readouterr().out.split("== Verdict ==")[1]
    assert re.search(r"Of the \d+ numbers the paper prints and this data computes, \d+ match exactly", verdict)
    assert "[holds]" in verdict or "[does not hold]" in verdict


def test_html_without_matplotlib_names_the_extra_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    # A user who ran the plain `pip install .`: matplotlib cannot be imported.
    code = "import sys; sys.modules['matplotlib'] = None; from cisd.report import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", code, "report", "--html", str(out)], capture_output=True, text=True)
    assert done.returncode == 2
    assert 'pip install "cisd[plot]"' in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_f4_map_and_f4_row_use_the_same_cut_off(ledger) -> None:
    pytest.importorskip("matplotlib")
    from cisd.report import figure4

    section = figure4(ledger)
    figure = section.figure()
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    states = next(r["computed"] for r in ledger.reproduce().to_pylist() if r["artifact"] == "F4" and r["key"] == "states")
    assert f"Expressed support for GSI ({int(states)} states)" in legend
    assert "2025-06-30" in section.caption


def test_cite_has_no_placeholder_or_fake_url() -> None:
    for style in ("plain", "bibtex"):
        text = cisd.cite(style)
        assert "(see README)" not in text
        # The only address given is the authors' DOI; no repository URL exists to cite yet.
        assert re.findall(r"https?://\S*", text) == []
        assert "10.7910/DVN/DBZIUW" in text


def test_compare_gives_the_notebook_table_for_some_artifacts(small) -> None:
    t = small.compare("S1", "T1").to_pylist()
    assert [r["artifact"] for r in t] == ["S1", "S1", "T1", "T1", "T1"]
    # The fixture has 10 rows and 7 events; the paper 321 interactions in 227 events.
    first = t[0]
    assert (first["what"], first["paper"], first["this data"], first["difference"]) == (
        "interactions, all agencies", "321", "10", "-311")
    assert first["paper's place"] == "New Data on China's Global Security Diplomacy (pp. 4-7)"
    # No Pacific dialogue in the fixture: the T1 rows say why they are blank.
    assert all(r["this data"] == "" and r["note"].startswith("Blank: nothing in this data") for r in t[2:])


def test_compare_and_published_name_the_valid_artifacts(small) -> None:
    with pytest.raises(ValueError, match=r"unknown artifact 'T4'; valid artifacts: S1, .*T3, X1"):
        small.compare("T4")
    with pytest.raises(ValueError, match=r"did you mean 'S1'"):
        cisd.published("s1")
    assert cisd.published("S1")["value"].to_pylist() == [321.0, 227.0]
