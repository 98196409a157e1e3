"""The reproduction report: headline numbers, every table and figure, and the comparison
with the paper, from the bundled ledger or a user's file.

Run ``python -m cisd report`` (text) or ``python -m cisd report --html out.html``.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from typing import Optional

import pyarrow as pa

from ._dataset import Dataset
from ._text import html_table, text_table

def sections(ds: Dataset) -> Iterator[tuple[str, str, pa.Table]]:
    """The report's tables in order, each as (artifact ids, title, table)."""
    yield "S1-S4, S8, S9", "Headline counts", ds.summary()
    yield "T2 (left)", "Countries with the most bilateral meetings", ds.meetings_by_country(format="bilateral", top=10)
    yield "T2 (right)", "Countries with the most meetings (all)", ds.meetings_by_country(top=10)
    yield "T3 (left)", "Most bilateral meetings, CPLC", ds.meetings_by_country(format="bilateral", agency="CPLC", top=10)
    yield "T3 (right)", "Most bilateral meetings, MPS", ds.meetings_by_country(format="bilateral", agency="MPS", top=10)
    yield "T1", "China-Pacific Island Countries police dialogues", ds.pacific_dialogues().select(["date", "city", "virtual", "participants", "cochairs"])
    yield "F1, S6", "Annual meeting count by official", ds.meetings_by_official_year()
    yield "F6, S13", "Meetings by month, 2024 (GPSCFL-linked)", ds.meetings_by_month(2024, "GPSCFL")
    yield "F9, S10-S12", "Regional breakdown of bilateral meetings", ds.bilateral_by_region()
    yield "F5", "GPSCFL participation 2022 vs 2024", ds.forum_participation()
    yield "S13-S15", "Sideline meetings", ds.sideline_meetings().select(["date", "parent_event_id", "officials", "counterparts", "ministerial"])
    yield "all", "Reproduction: the paper's numbers next to this data's", ds.reproduce().select(["artifact", "measure", "key", "published", "computed", "difference"])


def _figures(ds: Dataset) -> list[tuple[str, object]]:
    try:
        from . import plot
    except ImportError:
        return []
    return [
        ("F1", plot.official_years(ds)),
        ("F2", plot.country_levels_map(ds)),
        ("F3", plot.country_levels_map(ds, bilateral_only=True)),
        ("F4", plot.gsi_map(ds)),
        ("F5", plot.forum_participation_map(ds)),
        ("F6", plot.meetings_by_month(ds)),
        ("F7", plot.forum_members_map(ds)),
        ("F9", plot.regions(ds)),
    ]


NOTICE = (
    "The bundled data is the cisd open ledger, an independent reconstruction from public "
    "readouts; it is not the authors' dataset (doi:10.7910/DVN/DBZIUW) and is smaller."
)


def text_report(ds: Dataset) -> str:
    """The report as plain text."""
    parts = [f"cisd reproduction report\n{ds!r}\n{NOTICE}\nF8 (LMLECC website screenshot) is not from the dataset: out of scope."]
    for ids, title, table in sections(ds):
        parts.append(f"\n== {ids}: {title} ==\n{text_table(table)}")
    return "\n".join(parts) + "\n"


def html_report(ds: Dataset, figures: bool = True) -> str:
    """The report as one self-contained HTML page (figures embedded as PNG)."""
    import html as h

    body = [f"<h1>cisd reproduction report</h1><p>{h.escape(repr(ds))}</p><p>{h.escape(NOTICE)}</p>"]
    for ids, title, table in sections(ds):
        body.append(f"<h2>{h.escape(ids)}: {h.escape(title)}</h2>{html_table(table)}")
    for ids, figure in _figures(ds) if figures else []:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")  # type: ignore[attr-defined]
        data = base64.b64encode(buffer.getvalue()).decode()
        body.append(f"<h2>{ids}</h2><img alt='{ids}' src='data:image/png;base64,{data}'>")
    style = "body{font-family:sans-serif;max-width:70em;margin:auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}"
    return f"<!doctype html><meta charset='utf-8'><title>cisd report</title><style>{style}</style>{''.join(body)}"


def main(argv: Optional[list[str]] = None) -> int:
    """Command line: ``python -m cisd report [--data FILE] [--columns JSON] [--sheet NAME] [--html OUT]``."""
    import argparse
    import json

    import cisd

    parser = argparse.ArgumentParser(prog="python -m cisd", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="print the reproduction report")
    report.add_argument("--data", help="a flat interactions file instead of the bundled ledger")
    report.add_argument("--columns", help='JSON mapping of your headers to fields, e.g. {"Date": "date"}')
    report.add_argument("--sheet", help="spreadsheet sheet name")
    report.add_argument("--html", help="also write an HTML report with figures to this path")
    args = parser.parse_args(argv)
    columns = json.loads(args.columns) if args.columns else None
    try:
        ds = cisd.load(args.data, columns=columns, sheet=args.sheet)
    except (cisd.DataError, OSError) as e:
        print(f"error: {e}", file=__import__("sys").stderr)
        return 1
    print(text_report(ds))
    if args.html:
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(html_report(ds))
        print(f"HTML report written to {args.html}")
    return 0
