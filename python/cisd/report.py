"""The reproduction report: what data it describes, every table and figure of the paper, and
the comparison with the paper's numbers, from the bundled ledger or a user's file.

Run ``python -m cisd report`` (text) or ``python -m cisd report --html out.html`` (figures
too; needs the ``plot`` extra: ``pip install "cisd[plot]"``).
"""

from __future__ import annotations

import base64
import datetime as dt
import html as h
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Callable, Optional

from ._arrow import pa
from ._compare import LEGEND, UNITS, comparison, verdict
from ._dataset import Dataset
from ._reproduce import GSI_AS_OF, gsi_as_of
from ._text import html_table, text_table
from ._window import GSI_ANNOUNCED, PAPER_WINDOW

#: The extra that installs what ``--html`` needs.
PLOT_EXTRA = 'pip install "cisd[plot]"'

NOTICE = (
    "The bundled data is the cisd open ledger, an independent reconstruction from public "
    "readouts; it is not the authors' dataset (doi:10.7910/DVN/DBZIUW) and is smaller."
)


@dataclass
class Section:
    """One part of the report: an artifact's table, its caption and (HTML only) its figure."""

    ids: str
    title: str
    table: pa.Table
    caption: str = ""
    figure: Optional[Callable[[], Any]] = None


# -- what the data is ---------------------------------------------------------------------
def is_bundled(ds: Dataset) -> bool:
    """Whether ``ds`` is (a subset of) the bundled ledger rather than a user's file."""
    return ds.label.startswith("cisd open ledger")


def describe_data(ds: Dataset) -> list[str]:
    """Sentences naming the data the report is computed from: source, rows and date range."""
    interactions, events, first, last = ds._core.shape()
    what = ds.label if is_bundled(ds) else ds.label.removeprefix("file ")
    lines = [f"Data: {what}: {interactions} rows (interactions) in {events} events, dated {first} to {last}."]
    lines.append(NOTICE if is_bundled(ds) else (
        "Every number below is computed from this file, except Figures 4, 5 and 7, which come from "
        "side tables bundled with cisd (their sections say so)."
    ))
    return lines


def _side_table(ds: Dataset, name: str) -> str:
    where = "" if is_bundled(ds) else f", not from {ds.label.removeprefix('file ')}"
    return f"From the side table {name} bundled with cisd{where}."


# -- one function per section, in the paper's order -----------------------------------------
def headline(ds: Dataset) -> Section:
    return Section("S1-S4, S8, S9", "Headline counts", ds.summary(),
                   "Interactions count event x Chinese official x counterpart rows; meetings and "
                   "events count distinct gatherings; *countries count states only.")


def figure1(ds: Dataset) -> Section:
    from . import plot

    return Section("F1, S6", "Annual Meeting Count by Internal Security Official", ds.meetings_by_official_year(),
                   "Meetings (distinct events) per calendar year of each Chinese official, bilateral and "
                   "multilateral.", lambda: plot.official_years(ds))


def figure2(ds: Dataset) -> Section:
    from . import plot

    return Section("F2", "Map of Meetings (Ministerial vs. Non-Ministerial, includes Multilaterals)",
                   ds.country_levels(), "Each counterpart by the level of the Chinese officials it met: "
                   "ministers only, MPS vice/assistant ministers only, or both.",
                   lambda: plot.country_levels_map(ds))


def figure3(ds: Dataset) -> Section:
    from . import plot

    return Section("F3", "Map of Meetings (Ministerial vs. Non-Ministerial, Bilateral Only)",
                   ds.country_levels(include_multilateral=False), "As Figure 2, bilateral meetings only.",
                   lambda: plot.country_levels_map(ds, bilateral_only=True))


def figure4(ds: Dataset) -> Section:
    from . import plot

    rows = gsi_as_of(ds.gsi_supporters().to_pylist(), GSI_AS_OF)
    columns = ["code", "name", "kind", "expressed", "document"]
    table = pa.table({c: [r[c] for r in rows] for c in columns})
    return Section("F4", "Countries Expressing Support for GSI", table,
                   f"States and organisations on record supporting the Global Security Initiative by "
                   f"{GSI_AS_OF}, the cut-off of the F4 rows in the comparison. " + _side_table(ds, "gsi_support.csv"),
                   lambda: plot.gsi_map(ds, as_of=GSI_AS_OF))


def figure5(ds: Dataset) -> Section:
    from . import plot

    return Section("F5", "Official Country Participation in GPSCFL, 2022 and 2024", ds.forum_participation(),
                   "Returning, new in 2024, or did not return. " + _side_table(ds, "forum_participation.csv"),
                   lambda: plot.forum_participation_map(ds))


def figure6(ds: Dataset) -> Section:
    from . import plot

    return Section("F6, S13", "PRC Security Diplomacy Meetings by Month (2024)", ds.meetings_by_month(2024, "GPSCFL"),
                   "Meetings per month of 2024; those linked to the GPSCFL (its own events and their "
                   "sideline meetings) counted apart.", lambda: plot.meetings_by_month(ds))


def figure7(ds: Dataset) -> Section:
    from . import plot

    table = ds.forum_members().select(["forum", "member_code", "member_name", "role", "year"])
    return Section("F7", "China's Regional Security Forums", table,
                   "Members of each regional forum. " + _side_table(ds, "forum_members.csv"),
                   lambda: plot.forum_members_map(ds))


def table1(ds: Dataset) -> Section:
    return Section("T1", "China-Pacific Island Countries police dialogues",
                   ds.pacific_dialogues().select(["date", "city", "virtual", "participants", "cochairs"]))


def figure9(ds: Dataset) -> Section:
    from . import plot

    return Section("F9, S10-S12", "Regional Breakdown of Bilateral Meetings", ds.bilateral_by_region(),
                   "Bilateral meetings per counterpart region, as a share of all bilateral meetings.",
                   lambda: plot.regions(ds))


def table2(ds: Dataset) -> Iterator[Section]:
    yield Section("T2 (left)", "Countries with the most bilateral meetings", ds.meetings_by_country(format="bilateral", top=10))
    yield Section("T2 (right)", "Countries with the most meetings (all)", ds.meetings_by_country(top=10))


def table3(ds: Dataset) -> Iterator[Section]:
    for agency in ("CPLC", "MPS"):
        side = "left" if agency == "CPLC" else "right"
        yield Section(f"T3 ({side})", f"Most bilateral meetings, {agency}",
                      ds.meetings_by_country(format="bilateral", agency=agency, top=10))


def sidelines(ds: Dataset) -> Section:
    return Section("S13-S15", "Sideline meetings",
                   ds.sideline_meetings().select(["date", "parent_event_id", "officials", "counterparts", "ministerial"]))


# -- beyond the paper: before and after the Global Security Initiative ---------------------
#: The comparison's periods: from January 2018 (where the baseline sweep starts) to the eve of
#: the GSI's announcement, against the paper's window.
BEFORE_GSI = (dt.date(2018, 1, 1), GSI_ANNOUNCED - dt.timedelta(days=1))


def before_and_after(ds: Dataset) -> Iterator[Section]:
    """Meetings per month since 2018 with the GSI, the pandemic and the new minister marked,
    and the rates before the GSI against the paper's window with exact intervals."""
    from . import plot

    first = ds._core.shape()[2]
    start = "2018-01" if first is not None and first < BEFORE_GSI[1].isoformat() else None
    yield Section("GSI-1", "Meetings by month, with the GSI, the pandemic and the new minister marked",
                  ds.coverage("year"),
                  "Beyond the paper, which starts in June 2022. Events per month by year and sources per "
                  "event say how dense the record is: a thin year may be a gap in the reachable record, "
                  "not a quiet one.", lambda: plot.timeline(ds, start=start))
    compared = ds.compare_periods(before=BEFORE_GSI, after=PAPER_WINDOW)
    new = next(r["new_countries"] for r in compared.to_pylist() if r["measure"] == "countries")
    yield Section("GSI-2", "Before the GSI (January 2018 - 20 April 2022) and the paper's window",
                  compared.drop_columns(["group", "new_countries"]),
                  "Counts, rates per month and after/before rate ratios with exact 95% intervals "
                  "(ds.compare_periods). Before the GSI the record may be thinner (see GSI-1) and "
                  "2020-2021 are pandemic years, so a ratio mixes policy with record and circumstance. "
                  f"States met in the window and not before: {len(new)}"
                  + (f" ({', '.join(new)})." if new else "."),
                  lambda: plot.before_after(ds, before=BEFORE_GSI, after=PAPER_WINDOW))


# -- beyond the paper: how good the record is ------------------------------------------------
def record_quality(ds: Dataset) -> Iterator[Section]:
    """Sources per event and the shares of events an official source, both sides or only mirror
    copies vouch for, by period and by region (``ds.quality``)."""
    caption = ("Shares are of events: with an official source (a government, ministry, embassy, police "
               "or the forum itself), with sources from both sides (at least one Chinese and one from a "
               "counterpart), resting on mirror copies only, with a partner-side source. A source's side "
               "is whose government, media or outlet wrote its text (CODEBOOK.md, sources). Meetings "
               "known to have happened but not coded are listed by cisd.absences().")
    for ids, by, title, extra in (
        ("Q-1", "period", "How good the record is, before, inside and after the paper's window",
         " Before the window lies the pre-GSI baseline."),
        ("Q-2", "region", "How good the record is, by region",
         " An event counts in every region of its counterparts."),
    ):
        table = ds.quality(by=by)
        if table["note"].null_count == table.num_rows:
            table = table.drop_columns(["note"])
        yield Section(ids, title, table, caption + extra)


def sections(ds: Dataset, figures: bool = False) -> Iterator[Section]:
    """The report's sections in the paper's order. With ``figures`` (needs matplotlib) each
    figure's section carries a function drawing it."""
    for make in (headline, figure1, figure2, figure3, figure4, figure5, figure6, figure7, table1, figure9):
        section = make(ds)
        if not figures:
            section.figure = None
        yield section
    yield from table2(ds)
    yield from table3(ds)
    yield sidelines(ds)
    for section in before_and_after(ds):
        if not figures:
            section.figure = None
        yield section
    yield from record_quality(ds)


# -- the comparison with the paper ----------------------------------------------------------
def window_line(ds: Dataset) -> str:
    """Which events the comparison counts (``ds.reproduce()``'s window)."""
    window = ds.reproduce()["window"][0].as_py()
    return f"This data's numbers count the events dated {window}, the paper's window; the sections above count every event."


def legend_lines() -> list[str]:
    """The artifact codes and units, one line each."""
    return [f"{code}: {meaning}." for code, meaning in LEGEND] + [f"{unit}: {meaning}." for unit, meaning in UNITS]


def places(table: pa.Table) -> list[str]:
    """Where the paper prints each artifact, once per artifact and place."""
    seen: dict[str, list[str]] = {}
    for artifact, place in zip(table["artifact"].to_pylist(), table["paper's place"].to_pylist()):
        if place and artifact not in seen.get(place, []):
            seen.setdefault(place, []).append(artifact)
    return [f"{', '.join(artifacts)}: {place}" for place, artifacts in seen.items()]


# -- rendering ----------------------------------------------------------------------------
def _readable(table: pa.Table) -> pa.Table:
    """Shares as percent (the one way the report writes them) and yes/no for booleans."""
    columns = {}
    for name in table.column_names:
        values = table[name].to_pylist()
        if "share" in name and pa.types.is_floating(table.schema.field(name).type):
            values = [None if v is None else f"{100 * v:.1f}%" for v in values]
        elif pa.types.is_boolean(table.schema.field(name).type):
            values = [None if v is None else ("yes" if v else "no") for v in values]
        columns[name] = values
    return pa.table(columns) if columns else table


def text_report(ds: Dataset) -> str:
    """The report as plain text."""
    parts = ["cisd reproduction report", *describe_data(ds),
             "F8 (LMLECC website screenshot) is not from the dataset: out of scope."]
    for s in sections(ds):
        caption = f"\n{s.caption}" if s.caption else ""
        parts.append(f"\n== {s.ids}: {s.title} =={caption}\n{text_table(_readable(s.table))}")
    compared = comparison(ds)
    parts.append("\n== Comparison with the paper ==")
    parts.append(window_line(ds))
    parts += legend_lines()
    parts.append("Where the paper prints them:")
    parts += [f"  {line}" for line in places(compared)]
    parts.append("")
    parts.append(text_table(compared.drop_columns(["paper's place"]), max_width=200))
    parts.append("\n== Verdict ==")
    parts += verdict(ds).lines()
    return "\n".join(parts) + "\n"


def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode()


def _html_section(s: Section) -> str:
    anchor = s.ids.split(",")[0].split(" ")[0]
    head = f"<section id='{h.escape(anchor)}'><h2>{h.escape(s.ids)}: {h.escape(s.title)}</h2>"
    table = f"<div class='table'>{html_table(_readable(s.table))}</div>"
    if s.figure is None:
        caption = f"<p class='caption'>{h.escape(s.caption)}</p>" if s.caption else ""
        return f"{head}{caption}{table}</section>"
    image = f"<img alt='{h.escape(s.ids)}: {h.escape(s.title)}' src='data:image/png;base64,{_png(s.figure())}'>"
    figure = f"<figure>{image}<figcaption>{h.escape(s.caption)}</figcaption></figure>"
    return f"{head}<div class='pair'>{figure}{table}</div></section>"


_STYLE = (
    "body{font-family:sans-serif;max-width:90em;margin:auto;padding:0 1em}"
    "table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
    ".pair{display:flex;gap:1.5em;align-items:flex-start;flex-wrap:wrap}"
    "figure{margin:0;flex:1 1 40em;max-width:60em}figure img{width:100%;height:auto}"
    "figcaption,.caption{font-size:90%;color:#333}.table{flex:1 1 20em;max-height:40em;overflow:auto}"
)


def html_report(ds: Dataset, figures: bool = True) -> str:
    """The report as one self-contained HTML page (figures embedded as PNG).

    Raises ``ImportError`` naming the ``plot`` extra when ``figures`` is set and matplotlib
    is missing.
    """
    if figures:
        require_matplotlib()
    body = ["<h1>cisd reproduction report</h1>", *(f"<p>{h.escape(line)}</p>" for line in describe_data(ds))]
    body.append("<p>F8 (LMLECC website screenshot) is not from the dataset: out of scope.</p>")
    body += [_html_section(s) for s in sections(ds, figures=figures)]
    compared = comparison(ds)
    body.append(f"<section id='comparison'><h2>Comparison with the paper</h2><p>{h.escape(window_line(ds))}</p><ul>")
    body += [f"<li>{h.escape(line)}</li>" for line in legend_lines()]
    body.append(f"</ul>{html_table(compared)}</section><section id='verdict'><h2>Verdict</h2>")
    body += [f"<p>{h.escape(line)}</p>" for line in verdict(ds).lines()]
    body.append("</section>")
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>cisd report</title>"
        f"<style>{_STYLE}</style></head><body>{''.join(body)}</body></html>"
    )


def require_matplotlib() -> None:
    """Raise ``ImportError`` with the install command when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as e:
        raise ImportError(f"the HTML report draws figures with matplotlib, which is not installed: {PLOT_EXTRA}") from e


def main(argv: Optional[list[str]] = None) -> int:
    """Command line: ``python -m cisd report [--data FILE] [--columns JSON] [--sheet NAME] [--html OUT]``.

    Exit codes: 0 done, 1 the data could not be loaded, 2 usage error or missing extra.
    """
    import argparse
    import json

    import cisd

    parser = argparse.ArgumentParser(prog="python -m cisd", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="print the reproduction report")
    report.add_argument("--data", help="a flat interactions file instead of the bundled ledger")
    report.add_argument("--columns", help='JSON mapping of your headers to fields, e.g. {"Date": "date"}')
    report.add_argument("--sheet", help="spreadsheet sheet name")
    report.add_argument("--html", help=f"also write an HTML report with figures to this path (needs {PLOT_EXTRA})")
    compare = sub.add_parser("compare", help="pair the events of two files (or 'ledger' for the bundled one)")
    compare.add_argument("a", help="first file, or 'ledger'")
    compare.add_argument("b", help="second file, or 'ledger'")
    compare.add_argument("--columns-a", help="JSON mapping of the first file's headers to fields")
    compare.add_argument("--columns-b", help="JSON mapping of the second file's headers to fields")
    compare.add_argument("--days", type=int, default=3, help="largest date gap of a pair (default 3)")
    args = parser.parse_args(argv)
    if args.command == "compare":
        from ._match import compare_main

        try:
            maps = [json.loads(m) if m else None for m in (args.columns_a, args.columns_b)]
        except json.JSONDecodeError as e:
            print(f"error: --columns-a/--columns-b must be JSON objects: {e}", file=sys.stderr)
            return 2
        return compare_main(args.a, args.b, maps[0], maps[1], args.days)
    if args.html:
        try:
            require_matplotlib()
        except ImportError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    try:
        columns = json.loads(args.columns) if args.columns else None
    except json.JSONDecodeError as e:
        print(f"error: --columns is not valid JSON ({e.msg} at character {e.pos}); "
              'expected e.g. --columns \'{"Meeting date": "date"}\'', file=sys.stderr)
        return 2
    try:
        ds = cisd.load(args.data, columns=columns, sheet=args.sheet)
    except (cisd.DataError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except (TypeError, ValueError) as e:  # arguments: a bad --columns mapping, --sheet on a CSV
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(text_report(ds))
    if args.html:
        page = html_report(ds)
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(page)
        print(f"HTML report written to {args.html}")
    return 0
