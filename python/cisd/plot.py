"""Figures of the paper, drawn from a :class:`cisd.Dataset` with matplotlib.

Every function takes a dataset (plus options) and returns a
:class:`matplotlib.figure.Figure`; nothing touches pyplot's global state, the
network or a display, so the helpers work offline, in scripts, notebooks and CI.
matplotlib is imported only when a function is called, so ``import cisd`` stays
light. Each figure carries the paper's title and a small source line naming the
data actually used (``ds.label``): with the bundled ledger that is the
independent, source-cited reconstruction, not the authors' dataset.

============  ===============================  ====================================
paper         function                         query used
============  ===============================  ====================================
Figure 1      :func:`official_years`           ``ds.meetings_by_official_year()``
Figures 2, 3  :func:`country_levels_map`       ``ds.country_levels()``
Figure 4      :func:`gsi_map`                  ``ds.gsi_supporters()``
Figure 5      :func:`forum_participation_map`  ``ds.forum_participation()``
Figure 6      :func:`meetings_by_month`        ``ds.meetings_by_month()``
Figure 7      :func:`forum_members_map`        ``ds.forum_members()``
Figure 8      (out of scope)                   a screenshot of the LMLECC website
Figure 9      :func:`regions`                  ``ds.bilateral_by_region()``
Tables 1-3    :func:`table`                    any pyarrow table
(beyond)      :func:`timeline`                 ``ds.coverage("month")``, ``ds.coverage("year")``
(beyond)      :func:`before_after`             ``ds.compare_periods()``
============  ===============================  ====================================

Figure 8 of the paper is a screenshot of the Lancang-Mekong Law Enforcement and
Security Cooperation Center website, not a product of the dataset, so it has no
helper here.

>>> import cisd, cisd.plot
>>> fig = cisd.plot.regions(cisd.load())
>>> fig.savefig("regions.png", dpi=150)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Optional, Union

import pyarrow as pa

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ._dataset import Dataset

__all__ = [
    "before_after",
    "country_levels_map",
    "forum_members_map",
    "forum_participation_map",
    "gsi_map",
    "header",
    "meetings_by_month",
    "official_years",
    "participation_completeness",
    "regions",
    "scope",
    "source_line",
    "table",
    "timeline",
]

_CHINA = "#8b0000"
_NO_DATA = "#d4d4d4"
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


# -- shared pieces ------------------------------------------------------------------------
def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def _source_line(ds: Dataset, *, is_map: bool = False) -> str:
    line = f"Source: {ds.label} \u2014 computed with cisd"
    if is_map:
        line += ". Map: Natural Earth 1:110m, Equal Earth projection; circled: states under 30,000 km\u00b2"
    return line


def _footer(fig: Figure, ds: Dataset, *, is_map: bool = False, note: Optional[str] = None) -> None:
    """Write the optional note and the source line at the bottom of ``fig``."""
    y = 0.012
    fig.text(0.01, y, _source_line(ds, is_map=is_map), fontsize=7, color="#555555", ha="left", va="bottom")
    if note:
        fig.text(0.01, y + 0.035, note, fontsize=7.5, color="#333333", ha="left", va="bottom", wrap=True)


def scope(ds: Dataset, *, period: bool = True) -> str:
    """What a filtered dataset keeps, in words for a figure's title ("" when unfiltered);
    ``period=False`` leaves out the dates (for a figure that shows them elsewhere).

    >>> import cisd, cisd.plot
    >>> cisd.plot.scope(cisd.load().filter(counterparts=["VNM"], start="2024-01-01"))
    'Vietnam only, from 2024-01-01'
    """
    from ._compare import _word

    f = ds.filters
    parts = []
    for key in ("counterparts", "agencies", "officials", "regions"):
        if f.get(key) is not None:
            values = [f[key]] if isinstance(f[key], str) else list(f[key])
            names = [_word(str(v)) if key == "counterparts" else str(v) for v in values]
            parts.append(f"{', '.join(names)} only")
    for key in ("format", "setting"):
        if f.get(key) is not None:
            parts.append(f"{f[key]} only")
    start, end = (f.get("start"), f.get("end")) if period else (None, None)
    if start and end:
        parts.append(f"{start} to {end}")
    elif start:
        parts.append(f"from {start}")
    elif end:
        parts.append(f"until {end}")
    return ", ".join(parts)


def _window(ds: Dataset) -> str:
    """The period a figure covers: the dates of the data's first and last events (the paper's
    figures cover June 2022 to May 2025; a dataset may cover more)."""
    _, _, first, last = ds._core.shape()
    return f"Events dated {first} to {last}"


def _titles(fig: Figure, title: str, subtitle: Optional[str] = None, ds: Optional[Dataset] = None) -> None:
    # Only figures drawn from ``ds``'s interactions pass it (the side tables ignore filters).
    # A subtitle made by _window() already gives the period.
    subset = scope(ds, period=subtitle != _window(ds)) if ds is not None else ""
    if subset:
        title = f"{title} — {subset}"
    fig.suptitle(title, x=0.01, y=0.985, ha="left", va="top", fontsize=12, fontweight="bold")
    if subtitle:
        fig.text(0.01, 0.925, subtitle, ha="left", va="top", fontsize=9, color="#444444")


def _kinds() -> dict[str, str]:
    from ._load import entities

    t = entities()
    return dict(zip(t["code"].to_pylist(), t["kind"].to_pylist()))


def _map_axes(fig: Figure) -> Axes:
    return fig.add_axes((0.01, 0.2, 0.98, 0.7))


def _legend(ax: Axes, entries: list[tuple[str, str]], title: Optional[str] = None) -> None:
    """The legend under the map (the map's lower left holds the Pacific inset)."""
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=colour, edgecolor="#666666", linewidth=0.4, label=label) for label, colour in entries]
    legend = ax.legend(handles=handles, title=title, loc="upper center", bbox_to_anchor=(0.5, -0.01),
                       ncol=min(len(handles), 3), fontsize=8, title_fontsize=8, frameon=False)
    legend.set_in_layout(False)


def _draw_map(ax: Axes, colours: dict[str, str]) -> list[str]:
    """Draw the world with ``colours`` (plus China); return the codes the map cannot show."""
    from ._world import draw_world, world_codes

    colours = {**colours, "CHN": _CHINA}
    draw_world(ax, colours, default=_NO_DATA)
    known = world_codes()
    return sorted(code for code in colours if code not in known)


def _missing_note(missing: list[str]) -> Optional[str]:
    if not missing:
        return None
    return f"Not drawable on the map: {', '.join(missing)}."


def _join_notes(*notes: Optional[str]) -> Optional[str]:
    kept = [n for n in notes if n]
    return " ".join(kept) if kept else None


# -- Figure 1 -----------------------------------------------------------------------------
def official_years(ds: Dataset, officials: Optional[list[str]] = None) -> Figure:
    """Figure 1: meetings (distinct events) per year for each Chinese official, grouped bars.

    ``officials`` restricts and orders the officials shown (default: every official in the
    data, ministers first, then by total meetings).

    >>> import cisd, cisd.plot
    >>> fig = cisd.plot.official_years(cisd.load())
    >>> any(t.get_text().startswith("Source: cisd open ledger") for t in fig.texts)
    True
    >>> fig.savefig("figure1.png")  # doctest: +SKIP
    """
    t = ds.meetings_by_official_year().to_pylist()
    counts: dict[tuple[str, int], int] = {}
    agency: dict[str, str] = {}
    for row in t:
        counts[(row["official"], row["year"])] = counts.get((row["official"], row["year"]), 0) + row["meetings"]
        agency[row["official"]] = row["agency"]
    years = sorted({year for _, year in counts})
    if officials is None:
        ministers = ["Wang Xiaohong", "Chen Wenqing", "Chen Yixin"]
        totals = {o: sum(v for (oo, _), v in counts.items() if oo == o) for o in agency}
        officials = [o for o in ministers if o in agency] + sorted(
            (o for o in agency if o not in ministers), key=lambda o: (-totals[o], o)
        )
    fig = _figure(10, 5.6)
    ax = fig.add_axes((0.07, 0.14, 0.66, 0.72))
    n = max(len(officials), 1)
    width = 0.8 / n
    from matplotlib import colormaps

    cmap = colormaps["tab10"] if n <= 10 else colormaps["tab20"]
    for i, official in enumerate(officials):
        xs = [j - 0.4 + width * (i + 0.5) for j in range(len(years))]
        ys = [counts.get((official, y), 0) for y in years]
        label = f"{official} ({agency.get(official, '?')})"
        bars = ax.bar(xs, ys, width=width, color=cmap(i % cmap.N), label=label)
        ax.bar_label(bars, labels=[str(v) if v else "" for v in ys], fontsize=6.5, padding=1)
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Meetings (distinct events)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title="Official (agency)", title_fontsize=8, frameon=False)
    _titles(fig, "Annual Meeting Count by Internal Security Official (Bilateral and Multilateral)", _window(ds), ds)
    _footer(fig, ds, note="Calendar years; the first and last years may be partial years of the data's window.")
    return fig


# -- Figures 2 and 3 ----------------------------------------------------------------------
_LEVEL_COLOURS = {
    "both": ("Ministerial and VM/AM MPS meetings", "#1f4e79"),
    "ministerial only": ("Ministerial meeting", "#5b9bd5"),
    "VM/AM only": ("VM/AM MPS meetings", "#f4b183"),
}


def country_levels_map(ds: Dataset, bilateral_only: bool = False) -> Figure:
    """Figures 2 and 3: each state coloured by the level of the Chinese officials it met.

    Levels come from ``ds.country_levels(include_multilateral=not bilateral_only)``:
    ministerial only, MPS vice/assistant ministers (VM/AM) only, or both. Organisations
    (Interpol, ASEAN, ...) have no territory; their number is given in a footnote.

    >>> import cisd, cisd.plot
    >>> fig = cisd.plot.country_levels_map(cisd.load(), bilateral_only=True)
    >>> fig.savefig("figure3.png")  # doctest: +SKIP
    """
    t = ds.country_levels(include_multilateral=not bilateral_only).to_pylist()
    kinds = _kinds()
    colours: dict[str, str] = {}
    counts = {level: 0 for level in _LEVEL_COLOURS}
    organisations: list[str] = []
    for row in t:
        code = row["counterpart"]
        if kinds.get(code) == "organisation":
            organisations.append(row["name"] or code)
            continue
        if code == "CHN" or row["level"] not in _LEVEL_COLOURS:
            continue
        colours[code] = _LEVEL_COLOURS[row["level"]][1]
        counts[row["level"]] += 1
    fig = _figure(11, 6.4)
    ax = _map_axes(fig)
    missing = _draw_map(ax, colours)
    entries = [(f"{label} ({counts[level]})", colour) for level, (label, colour) in _LEVEL_COLOURS.items() if counts[level]]
    entries.append(("China", _CHINA))
    _legend(ax, entries, title="States and territories (n)")
    which = "Bilateral Only" if bilateral_only else "includes Multilaterals"
    _titles(fig, f"Map of Meetings (Ministerial vs. Non-Ministerial, {which})", _window(ds), ds)
    org_note = (
        f"Not on the map: {len(organisations)} international organisation(s) also met"
        + (f" ({', '.join(sorted(organisations))})." if organisations else ".")
    )
    _footer(fig, ds, is_map=True, note=_join_notes(org_note, _missing_note(missing)))
    return fig


# -- Figure 4 -----------------------------------------------------------------------------
def gsi_map(ds: Dataset, as_of: Union[str, dt.date, None] = None) -> Figure:
    """Figure 4: states on record expressing support for the Global Security Initiative.

    Uses the rows of ``ds.gsi_supporters()`` with ``kind == "state"`` (one colour per state,
    however many documents it has). ``as_of`` (ISO date) keeps statements made on or before
    that day; the paper's map is "as of June 2025", i.e. ``as_of="2025-06-30"``.

    >>> import cisd, cisd.plot
    >>> fig = cisd.plot.gsi_map(cisd.load(), as_of="2025-06-30")
    >>> fig.savefig("figure4.png")  # doctest: +SKIP
    """
    from ._reproduce import gsi_as_of

    rows = ds.gsi_supporters().to_pylist()
    if as_of is not None:
        rows = gsi_as_of(rows, as_of if isinstance(as_of, str) else as_of.isoformat())
    states = sorted({r["code"] for r in rows if r["kind"] == "state" and r["code"] != "CHN"})
    others = sorted({r["name"] or r["code"] for r in rows if r["kind"] != "state"})
    colour = "#2e75b6"
    fig = _figure(11, 6.4)
    ax = _map_axes(fig)
    missing = _draw_map(ax, {code: colour for code in states})
    _legend(ax, [(f"Expressed support for GSI ({len(states)} states)", colour), ("China", _CHINA)])
    subtitle = "States with at least one sourced statement or document of support"
    if as_of is not None:
        subtitle += f", as of {as_of}"
    _titles(fig, "Countries Expressing Support for GSI", subtitle)
    org_note = f"Not on the map: {len(others)} organisation(s) on record ({', '.join(others)})." if others else None
    _footer(fig, ds, is_map=True, note=_join_notes(org_note, _missing_note(missing)))
    return fig


# -- Figure 5 -----------------------------------------------------------------------------
_STATUS_COLOURS = {
    "returning": ("Returning", "#2e75b6"),
    "new": ("New in {second}", "#70ad47"),
    # Orange, not grey: a state that did not return is data, unlike the no-data grey.
    "did not return": ("Did not return in {second}", "#ed7d31"),
}


def participation_completeness(ds: Dataset, forum: str, first: int, second: int) -> str:
    """How complete the participation lists behind Figure 5 are, in one sentence: how many
    states the sources name each year against the participants a source states.

    >>> import cisd, cisd.plot
    >>> "states named" in cisd.plot.participation_completeness(cisd.load(), "GPSCFL", 2022, 2024)
    True
    """
    from ._reference import read_side_table

    named = {year: 0 for year in (first, second)}
    for r in read_side_table("forum_participation.csv").to_pylist():
        if r["forum"] == forum and r["year"] in named:
            named[r["year"]] += 1
    stated: dict[int, int] = {}
    for r in ds.forum_events(forum).to_pylist():
        if r["format"] == "multilateral" and r["date"].year in named and r["participants_stated"]:
            stated[r["date"].year] = max(stated.get(r["date"].year, 0), r["participants_stated"])
    parts = [
        f"{named[y]} states named for {y}" + (f" (a source states {stated[y]} foreign participants)" if y in stated else "")
        for y in (first, second)
    ]
    return (
        f"Participation lists are incomplete: {' and '.join(parts)}. A state absent from a year's list "
        "may have attended unnamed, so 'did not return' and 'new' are upper bounds."
    )


def forum_participation_map(ds: Dataset, forum: str = "GPSCFL", first: int = 2022, second: int = 2024) -> Figure:
    """Figure 5: official country participation in ``forum`` in two years.

    Each state is returning (present both years), new in ``second`` or did not return,
    from ``ds.forum_participation(forum, first, second)`` (participants of the forum's
    sub-forums included). The note under the map says how complete the lists are.

    >>> import cisd, cisd.plot
    >>> fig = cisd.plot.forum_participation_map(cisd.load())
    >>> fig.savefig("figure5.png")  # doctest: +SKIP
    """
    rows = ds.forum_participation(forum, first, second).to_pylist()
    colours: dict[str, str] = {}
    counts = {status: 0 for status in _STATUS_COLOURS}
    for row in rows:
        if row["status"] in _STATUS_COLOURS and row["counterpart"] != "CHN":
            colours[row["counterpart"]] = _STATUS_COLOURS[row["status"]][1]
            counts[row["status"]] += 1
    fig = _figure(11, 6.4)
    ax = _map_axes(fig)
    missing = _draw_map(ax, colours)
    entries = [
        (f"{label.format(second=second)} ({counts[status]})", colour)
        for status, (label, colour) in _STATUS_COLOURS.items()
        if counts[status]
    ]
    entries += [("China (host)", _CHINA), ("No participation on record", _NO_DATA)]
    _legend(ax, entries, title=f"Participation, {first} vs {second}")
    _titles(
        fig,
        f"Official Country Participation in {forum}, {first} and {second}",
        "States named as official participants of the forum or its sub-forums",
    )
    note = participation_completeness(ds, forum, first, second)
    _footer(fig, ds, is_map=True, note=_join_notes(note, _missing_note(missing)))
    return fig


# -- Figure 6 -----------------------------------------------------------------------------
def meetings_by_month(ds: Dataset, year: int = 2024, forum: Optional[str] = "GPSCFL") -> Figure:
    """Figure 6: meetings (distinct events) per month of ``year``; those linked to ``forum``
    (its own events and their sideline meetings) are stacked in a highlight colour.

    >>> import cisd, cisd.plot
    >>> fig = cisd.plot.meetings_by_month(cisd.load(), 2024)
    >>> fig.savefig("figure6.png")  # doctest: +SKIP
    """
    t = ds.meetings_by_month(year, forum).to_pydict()
    months = t["month"]
    total = t["meetings"]
    linked = t["forum_meetings"] if forum is not None else [0] * len(months)
    other = [a - b for a, b in zip(total, linked)]
    fig = _figure(10, 5.4)
    ax = fig.add_axes((0.07, 0.15, 0.9, 0.7))
    xs = list(range(len(months)))
    ax.bar(xs, other, color="#7f9cbf", label="Other meetings")
    if forum is not None:
        ax.bar(xs, linked, bottom=other, color="#c0504d", label=f"{forum} and its sideline meetings")
    for x, value in zip(xs, total):
        if value:
            ax.text(x, value, str(value), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(xs, [_MONTHS[m - 1] for m in months])
    ax.set_ylabel("Meetings (distinct events)")
    ax.set_ylim(0, max(total + [1]) * 1.12)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    subtitle = None
    if forum is not None:
        share = sum(t["forum_interactions"]) / sum(t["interactions"]) if sum(t["interactions"]) else 0.0
        subtitle = f"{forum}-linked: {sum(linked)} of {sum(total)} meetings, {share:.0%} of interactions in {year}"
    _titles(fig, f"PRC Security Diplomacy Meetings by Month ({year})", subtitle, ds)
    _footer(fig, ds)
    return fig


# -- Figure 7 -----------------------------------------------------------------------------
def forum_members_map(ds: Dataset) -> Figure:
    """Figure 7: China's regional security forums on one map.

    Colours: Lancang-Mekong (LMC) members; participants in the China-Pacific Island
    Countries police dialogue (latest year in the data); EAPCCO members (the China-East
    Africa dialogue); SCO members; SCO observers. A state in several forums gets the colour
    of the first in that order (e.g. Myanmar is shown as LMC, not as an SCO dialogue partner;
    SCO dialogue partners are not shown).

    >>> import cisd, cisd.plot
    >>> fig = cisd.plot.forum_members_map(cisd.load())
    >>> fig.savefig("figure7.png")  # doctest: +SKIP
    """
    rows = ds.forum_members().to_pylist()
    forums = {r["forum"] for r in rows}
    pic = "PIC" if "PIC" in forums else None
    # The membership of the latest dialogue in the data (the table also lists later ones).
    dialogue_years = [d.year for d in ds.pacific_dialogues()["date"].to_pylist()]
    pic_year = max(dialogue_years, default=None)

    def members(forum: Optional[str], roles: tuple[str, ...], year: Optional[int] = None) -> list[str]:
        return sorted(
            {
                r["member_code"]
                for r in rows
                if r["forum"] == forum
                and r["member_code"] != "CHN"
                and (r["role"] or "member") in roles
                and (year is None or r["year"] == year)
            }
        )

    layers = [
        ("Lancang-Mekong Cooperation (LMC)", members("LMC", ("member",)), "#ed7d31"),
        (
            f"China-Pacific Islands police dialogue ({pic_year})",
            members(pic, ("member", "participant", "co_chair"), pic_year),
            "#00a19a",
        ),
        ("China-East Africa dialogue (EAPCCO)", members("EAPCCO", ("member",)), "#ffc000"),
        ("SCO member", members("SCO", ("member",)), "#2e75b6"),
        ("SCO observer", members("SCO", ("observer",)), "#9dc3e6"),
    ]
    colours: dict[str, str] = {}
    shown: list[int] = []
    for _, codes, colour in layers:
        new = [c for c in codes if c not in colours]
        colours.update({c: colour for c in new})
        shown.append(len(new))
    fig = _figure(11, 6.4)
    ax = _map_axes(fig)
    missing = _draw_map(ax, colours)
    entries = [
        (f"{label} ({n}{'' if n == len(codes) else f' of {len(codes)}'})", colour)
        for (label, codes, colour), n in zip(layers, shown)
        if codes
    ]
    entries.append(("China", _CHINA))
    _legend(ax, entries, title="Forum (a state in several forums takes the first listed)")
    _titles(fig, "China's Regional Security Forums", "Members of each forum, China excluded from the counts")
    _footer(fig, ds, is_map=True, note=_missing_note(missing))
    return fig


# -- Figure 9 -----------------------------------------------------------------------------
def regions(ds: Dataset, scheme: str = "cisd") -> Figure:
    """Figure 9: bilateral meetings per counterpart region, as horizontal bars with the
    share and count of each (``ds.bilateral_by_region(scheme)``).

    ``scheme`` is ``cisd`` (the paper's regions), ``un_region`` or ``un_subregion``.

    >>> import cisd, cisd.plot
    >>> fig = cisd.plot.regions(cisd.load(), scheme="un_region")
    >>> fig.savefig("figure9.png")  # doctest: +SKIP
    """
    # The query lists the largest region first; barh draws from the bottom, so reverse it
    # (ties keep the query's order).
    t = ds.bilateral_by_region(scheme).to_pylist()[::-1]
    labels = [r["region"] or "(no region)" for r in t]
    values = [r["meetings"] for r in t]
    denominator = t[0]["denominator"] if t else 0
    height = max(3.5, 0.38 * len(t) + 1.8)
    fig = _figure(9, height)
    ax = fig.add_axes((0.28, 1.1 / height, 0.62, 1 - 2.0 / height))
    bars = ax.barh(range(len(t)), values, color="#2e75b6")
    ax.bar_label(bars, labels=[f"{100 * r['share']:.1f}% (n={r['meetings']})" for r in t], fontsize=8, padding=3)
    ax.set_yticks(range(len(t)), labels, fontsize=9)
    ax.set_xlabel("Bilateral meetings (distinct events)")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(values + [1]) * 1.3)
    ax.spines[["top", "right"]].set_visible(False)
    scheme_note = "" if scheme == "cisd" else f"; regions: {scheme}"
    subset = scope(ds, period=False)
    title = "Regional Breakdown of Bilateral Meetings" + (f" \u2014 {subset}" if subset else "")
    fig.suptitle(title, x=0.01, y=1 - 0.15 / height, ha="left", va="top", fontsize=12, fontweight="bold")
    subtitle = f"Share of all {denominator} bilateral meetings{scheme_note}; {_window(ds).lower()}"
    fig.text(0.01, 1 - 0.5 / height, subtitle, ha="left", va="top", fontsize=9, color="#444444")
    _footer(fig, ds)
    return fig


# -- Before and after the Global Security Initiative ------------------------------------------
def _month(value: Union[str, dt.date]) -> dt.date:
    """The first day of the month a ``YYYY-MM``/``YYYY-MM-DD`` string or a date falls in."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    try:
        return dt.date.fromisoformat(f"{value}-01" if len(value) == 7 else value).replace(day=1)
    except ValueError:
        raise ValueError(f"{value!r}: expected a month YYYY-MM, a date YYYY-MM-DD or a datetime.date") from None


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def timeline(ds: Dataset, start: Union[str, dt.date, None] = None, end: Union[str, dt.date, None] = None) -> Figure:
    """Meetings (distinct events) per month, with the pandemic years shaded, the Global Security
    Initiative's announcement and the change of Minister of Public Security marked, the paper's
    window bracketed, and each year's average per month as a step line (``ds.coverage()``).

    ``start`` and ``end`` (``YYYY-MM``, ``YYYY-MM-DD`` or dates) bound the months drawn; by
    default the first and last month with an event. Months without an event are drawn as 0: in
    a thin stretch of the record that can mean a gap in the record rather than a quiet month.

    >>> import cisd, cisd.plot
    >>> fig = cisd.plot.timeline(cisd.load(), start="2018-01")
    >>> fig.savefig("timeline.png")  # doctest: +SKIP
    """
    from matplotlib.dates import DateFormatter, YearLocator, date2num

    from ._window import GSI_ANNOUNCED, MINISTER_CHANGED, PANDEMIC, PAPER_WINDOW

    monthly = {r["start"]: r["events"] for r in ds.coverage("month").to_pylist()}
    first = _month(start) if start is not None else min(monthly, default=_month(GSI_ANNOUNCED))
    last = _month(end) if end is not None else max(monthly, default=first)
    if first > last:
        raise ValueError(f"start={start!r} is after end={end!r}")
    months = [first]
    while months[-1] < last:
        months.append(_next_month(months[-1]))
    counts = [monthly.get(m, 0) for m in months]
    fig = _figure(11, 5.4)
    ax = fig.add_axes((0.06, 0.17, 0.92, 0.66))
    left, right = date2num(first), date2num(_next_month(last))
    ax.bar([date2num(m) + 14 for m in months], counts, width=24, color="#7f9cbf", label="Meetings in the month")
    # coverage("year") averages over the months of each year inside the record's span.
    recorded = (date2num(min(monthly)), date2num(_next_month(max(monthly)))) if monthly else (left, left)
    for r in ds.coverage("year").to_pylist():
        lo = max(date2num(r["start"]), left, recorded[0])
        hi = min(date2num(r["end"]) + 1, right, recorded[1])
        if lo < hi and r["events_per_month"] is not None:
            ax.plot([lo, hi], [r["events_per_month"]] * 2, color="#1f3b5c", linewidth=1.6)
    ax.plot([], [], color="#1f3b5c", linewidth=1.6, label="Average per month of the year's recorded months")
    top = max(counts + [1]) * 1.25
    ax.set_ylim(0, top)
    ax.set_xlim(left, right)
    ax.axvspan(date2num(PANDEMIC[0]), date2num(PANDEMIC[1]) + 1, color="#d9d9d9", alpha=0.6, zorder=0, label="Pandemic years (2020\u20132021)")
    window = (date2num(PAPER_WINDOW[0]), date2num(PAPER_WINDOW[1]) + 1)
    ax.plot(window, [top * 0.965] * 2, color="#7f6000", linewidth=1.2)
    ax.text(sum(window) / 2, top * 0.975, "the paper's window", ha="center", va="bottom", fontsize=8, color="#7f6000")
    gsi, minister = date2num(GSI_ANNOUNCED), date2num(MINISTER_CHANGED)
    ax.axvline(gsi, color="#c0504d", linestyle="--", linewidth=1.3)
    ax.text(gsi - 12, top * 0.9, f"GSI announced\n{GSI_ANNOUNCED:%d %b %Y}", ha="right", va="top", fontsize=8, color="#c0504d")
    ax.axvline(minister, color="#2f5597", linestyle=":", linewidth=1.5)
    ax.text(minister + 12, top * 0.9, f"Wang Xiaohong minister\n{MINISTER_CHANGED:%d %b %Y}", ha="left", va="top", fontsize=8, color="#2f5597")
    ax.xaxis.set_major_locator(YearLocator())
    ax.xaxis.set_major_formatter(DateFormatter("%Y"))
    ax.set_ylabel("Meetings (distinct events)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    _titles(fig, "PRC Internal Security Meetings by Month",
            f"{months[0]:%B %Y} to {months[-1]:%B %Y}: {sum(counts)} meetings; marked: the pandemic years, the GSI, the new minister")
    _footer(fig, ds, note="A month without a recorded meeting is drawn as 0; where the record is thin (few sources per event) that may be a gap in the record, not a quiet month.")
    return fig


def _bound_text(value: Union[str, dt.date]) -> str:
    """A period's end as written: a month as ``Apr 2022``, a day as ``20 Apr 2022``."""
    if isinstance(value, str) and len(value) == 7:
        return f"{_month(value):%b %Y}"
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    return f"{day.day} {day:%b %Y}"


def _period_text(row: dict[str, Any], side: str, bounds: tuple[Any, Any]) -> str:
    span = f"{_bound_text(bounds[0])}\u2013{_bound_text(bounds[1])}"
    return f"{side}: {span} ({row[side + '_months']:.1f} months)"


def before_after(
    ds: Dataset,
    before: tuple[Union[str, dt.date], Union[str, dt.date]],
    after: tuple[Union[str, dt.date], Union[str, dt.date]],
    by: Optional[str] = None,
    measure: str = "meetings",
) -> Figure:
    """Rates per month in two periods as paired bars, and their ratio (after / before) with its
    exact 95% interval on a log scale (``ds.compare_periods``).

    Without ``by`` one row per measure; with ``by="region"`` or ``by="agency"`` one row per
    group for ``measure``. A ratio with nothing before is drawn at the right edge with an
    arrow; distinct countries have no interval (see CODEBOOK.md).

    >>> import cisd, cisd.plot
    >>> fig = cisd.plot.before_after(cisd.load(), before=("2022-06", "2023-11"), after=("2023-12", "2025-05"))
    >>> fig.savefig("before_after.png")  # doctest: +SKIP
    """
    t = ds.compare_periods(before=before, after=after, by=by).to_pylist()
    if by is None:
        rows, labels = t, [r["measure"].replace("_", " ") for r in t]
    else:
        measures = sorted({r["measure"] for r in t})
        if t and measure not in measures:
            raise ValueError(f"measure={measure!r}: expected one of {', '.join(measures)}")
        rows = [r for r in t if r["measure"] == measure]
        labels = [r["group"] for r in rows]
    rows, labels = rows[::-1], labels[::-1]
    height = max(3.8, 0.5 * len(rows) + 2.2)
    fig = _figure(11, height)
    # Laid out in inches from the top (title, subtitle, legend), so tall figures do not overlap.
    bottom, span = 1.0 / height, 1 - 2.25 / height
    bars = fig.add_axes((0.2, bottom, 0.4, span))
    ratios = fig.add_axes((0.66, bottom, 0.31, span), sharey=bars)
    ys = list(range(len(rows)))
    for offset, side, colour in ((0.2, "before", "#a6a6a6"), (-0.2, "after", "#c0504d")):
        drawn = bars.barh([y + offset for y in ys], [r[f"{side}_rate"] for r in rows], height=0.38, color=colour, label=f"{side} (per month)")
        bars.bar_label(drawn, labels=[f"{r[side + '_rate']:.2f} (n={r[side + '_count']})" for r in rows], fontsize=7, padding=2)
    bars.set_yticks(ys, labels, fontsize=9)
    bars.set_xlabel("Rate per month" + ("" if by is None else f" ({measure.replace('_', ' ')})"))
    bars.set_xlim(0, max([r["before_rate"] for r in rows] + [r["after_rate"] for r in rows] + [0.1]) * 1.35)
    bars.spines[["top", "right"]].set_visible(False)
    bars.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=8, frameon=False)
    finite = [v for r in rows for v in (r["rate_ratio"], r["ci_low"], r["ci_high"]) if v is not None and 0 < v < float("inf")]
    low, high = (min(finite + [1.0]) / 1.6, max(finite + [1.0]) * 1.6)
    ratios.set_xscale("log")
    ratios.set_xlim(low, high)
    from matplotlib.ticker import FuncFormatter

    ratios.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ratios.axvline(1.0, color="#555555", linewidth=0.8)
    for y, r in zip(ys, rows):
        ratio, lo, hi = r["rate_ratio"], r["ci_low"], r["ci_high"]
        if ratio is None:
            ratios.text(1.0, y, "  no events in either period", va="center", fontsize=7.5, color="#555555")
            continue
        if lo is not None and hi is not None:
            ratios.plot([max(lo, low), min(hi, high)], [y, y], color="#1f3b5c", linewidth=1.6)
            if hi == float("inf"):
                ratios.plot([high], [y], marker=">", color="#1f3b5c", clip_on=False)
            if lo == 0:
                ratios.plot([low], [y], marker="<", color="#1f3b5c", clip_on=False)
        if ratio == float("inf"):
            ratios.text(high, y + 0.25, "none before ", ha="right", va="bottom", fontsize=7, color="#1f3b5c")
        elif ratio == 0:
            ratios.text(low, y + 0.25, " none after", ha="left", va="bottom", fontsize=7, color="#1f3b5c")
        else:
            ratios.plot([ratio], [y], marker="o", color="#1f3b5c")
    ratios.set_xlabel("After / before (95% exact interval)")
    ratios.tick_params(axis="y", left=False, labelleft=False)
    ratios.spines[["top", "right"]].set_visible(False)
    first = t[0] if t else {"before_months": 0.0, "after_months": 0.0}
    subtitle = f"{_period_text(first, 'before', before)}; {_period_text(first, 'after', after)}"
    fig.suptitle("Meetings Before and After" + ("" if by is None else f", by {by}"), x=0.01, y=1 - 0.15 / height, ha="left", va="top", fontsize=12, fontweight="bold")
    fig.text(0.01, 1 - 0.5 / height, subtitle, ha="left", va="top", fontsize=9, color="#444444")
    _footer(fig, ds, note="Countries are distinct states met: no interval (they do not grow in proportion to time)." if by is None else None)
    return fig


# -- Tables -------------------------------------------------------------------------------
def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def header(column: str) -> str:
    """A column name as a table image shows it: ``parent_event_id`` is "Parent event ID".

    >>> import cisd.plot
    >>> cisd.plot.header("meetings_MPS")
    'Meetings MPS'
    """
    words = column.split("_")
    words = [w.upper() if w.lower() in ("id", "iso2", "iso3", "un", "cow", "gw") else w for w in words]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def table(t: Union[pa.Table, Any], title: str, *, source: Optional[str] = None, max_rows: int = 40) -> Figure:
    """Render a table (pyarrow, or anything ``pa.table`` accepts, e.g. a pandas DataFrame)
    as a matplotlib figure, for Tables 1-3 in reports.

    ``source`` is printed at the bottom (pass ``cisd.plot.source_line(ds)``); rows beyond
    ``max_rows`` are cut and counted in a note.

    >>> import cisd, cisd.plot
    >>> ds = cisd.load()
    >>> fig = cisd.plot.table(ds.meetings_by_country(format="bilateral", top=10),
    ...                       "Countries with the Most Meetings", source=cisd.plot.source_line(ds))
    >>> fig.savefig("table2.png")  # doctest: +SKIP
    """
    if not isinstance(t, pa.Table):
        t = pa.table(t)
    rows = t.slice(0, max_rows).to_pylist()
    columns = t.column_names
    cells = [[_cell(r[c]) for c in columns] for r in rows] or [["" for _ in columns]]
    numeric = [pa.types.is_integer(t.schema.field(c).type) or pa.types.is_floating(t.schema.field(c).type) for c in columns]
    columns = [header(c) for c in columns]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    total = max(sum(widths), 1)
    fig_width = min(max(6.0, 0.085 * total + 1.0), 16.0)
    fig_height = 0.95 + 0.24 * (len(cells) + 1)
    fig = _figure(fig_width, fig_height)
    ax = fig.add_axes((0.02, 0.7 / fig_height, 0.96, 1 - 1.25 / fig_height))
    ax.set_axis_off()
    drawn = ax.table(
        cellText=cells,
        colLabels=columns,
        colWidths=[w / total for w in widths],
        loc="upper center",
        cellLoc="left",
        colLoc="left",
    )
    drawn.auto_set_font_size(False)
    drawn.set_fontsize(8)
    drawn.scale(1.0, 1.25)
    fractions = [w / total for w in widths]
    for (row, col), cell in drawn.get_celld().items():
        cell.set_linewidth(0.3)
        # Cell.PAD is a fraction of the cell's width: keep the padding about equal in all columns.
        cell.PAD = min(0.1, 0.012 / max(fractions[col], 1e-6))
        if numeric[col]:
            cell.set_text_props(ha="right")
            cell._loc = "right"  # a Table aligns all cells alike; the cell keeps its own in _loc
        if row == 0:
            cell.set_facecolor("#dde6f0")
            cell.set_text_props(fontweight="bold")
    fig.suptitle(title, x=0.01, y=1 - 0.12 / fig_height, ha="left", va="top", fontsize=11, fontweight="bold")
    note = f"{t.num_rows - max_rows} more row(s) not shown." if t.num_rows > max_rows else None
    if note:
        fig.text(0.01, 0.3 / fig_height + 0.012, note, fontsize=7.5, color="#333333")
    if source:
        fig.text(0.01, 0.012, source, fontsize=7, color="#555555", ha="left", va="bottom")
    return fig


def source_line(ds: Dataset, *, is_map: bool = False) -> str:
    """The source line the figures print: ``"Source: " + ds.label + " — computed with cisd"``.

    >>> import cisd, cisd.plot
    >>> cisd.plot.source_line(cisd.load()).startswith("Source: cisd open ledger")
    True
    """
    return _source_line(ds, is_map=is_map)

