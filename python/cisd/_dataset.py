"""The `Dataset` class: the tables of a loaded dataset and the paper's queries."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import Any, Optional, Tuple, Union

from ._arrow import pc

from . import _core
from ._matrix import Matrix
from ._reference import read_side_table
from ._table import Table
from ._window import PAPER_WINDOW

DateLike = Union[str, dt.date, None]


def _iso(value: DateLike) -> Optional[str]:
    return value.isoformat() if isinstance(value, dt.date) else value


Period = Tuple[Union[str, dt.date], Union[str, dt.date]]


def _period(name: str, value: Period) -> tuple[str, str]:
    """A (start, end) pair as ISO text; a datetime counts as its day."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name}={value!r}: expected a (start, end) pair of dates")
    out = []
    for bound in value:
        if isinstance(bound, dt.datetime):
            bound = bound.date()
        if not isinstance(bound, (str, dt.date)):
            raise TypeError(
                f"{name}={value!r}: each end must be a 'YYYY-MM' or 'YYYY-MM-DD' string or a "
                f"datetime.date, not {type(bound).__name__}"
            )
        out.append(bound.isoformat() if isinstance(bound, dt.date) else bound)
    return out[0], out[1]


def _strings(values: Union[str, Iterable[str], None]) -> Optional[list[str]]:
    if values is None:
        return None
    return [values] if isinstance(values, str) else list(values)


class Dataset:
    """A validated dataset: ``events``, ``interactions`` and ``sources`` as tables.

    Every table it returns is a :class:`cisd.Table`: a pyarrow Table that displays as a table.

    Meetings are distinct events; interactions are event x Chinese official x foreign
    counterpart rows (see CODEBOOK.md). Implements ``__arrow_c_stream__`` (its interactions),
    so ``polars.DataFrame(ds)`` and DuckDB read it directly.

    >>> import cisd
    >>> ds = cisd.load()
    >>> ds.filter(agencies=["CPLC"]).interactions["agency"].unique().to_pylist()
    ['CPLC']
    """

    def __init__(self, core: _core.Dataset, *, label: str) -> None:
        self._core = core
        self.label = label
        #: The conditions of every ``filter()`` that made this dataset (figure titles name them).
        self.filters: dict[str, Any] = {}

    # -- tables -------------------------------------------------------------------------
    @property
    def events(self) -> Table:
        """One row per event (see CODEBOOK.md for each column)."""
        return Table(self._core.events())

    @property
    def interactions(self) -> Table:
        """One row per event x Chinese official x foreign counterpart."""
        return Table(self._core.interactions())

    @property
    def sources(self) -> Table:
        """One row per source page of an event."""
        return Table(self._core.sources())

    @property
    def warnings(self) -> Table:
        """Warnings found while loading (same columns as ``cisd.validate``)."""
        return Table(self._core.warnings())

    @property
    def officials(self) -> Table:
        """The officials reference table."""
        return Table(_core.officials())

    @property
    def entities(self) -> Table:
        """The entities reference table."""
        return Table(_core.entities())

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """The interactions table through the Arrow PyCapsule interface."""
        return self._core.interactions().__arrow_c_stream__(requested_schema)

    def __len__(self) -> int:
        return self._core.shape()[0]

    def __repr__(self) -> str:
        interactions, events, first, last = self._core.shape()
        return (
            f"<cisd.Dataset {interactions} interactions in {events} events "
            f"dated {first} to {last}; source: {self.label}>"
        )

    # -- subsetting ---------------------------------------------------------------------
    def filter(
        self,
        *,
        start: DateLike = None,
        end: DateLike = None,
        agencies: Union[str, Iterable[str], None] = None,
        officials: Union[str, Iterable[str], None] = None,
        counterparts: Union[str, Iterable[str], None] = None,
        regions: Union[str, Iterable[str], None] = None,
        format: Optional[str] = None,
        setting: Optional[str] = None,
        precision: Optional[str] = None,
    ) -> Dataset:
        """A new dataset with the interactions that pass every given condition.

        ``start`` and ``end`` are included and may be ``YYYY-MM-DD``, a ``datetime.date`` or a
        month ``YYYY-MM`` (its first day as ``start``, its last as ``end``). An event dated only
        to a month (``date_precision == "month"``) is inside the window only when its whole
        month is: September 2024 is in ``start="2024-09"`` but not in ``start="2024-09-15"``,
        since it may have been before the 15th. ``precision="day"`` keeps day-dated events only.
        Counterparts may be codes, names or aliases; officials English or Chinese names;
        ``regions`` the cisd regions of CODEBOOK.md exactly; ``format``, ``setting`` and
        ``agencies`` their canonical values (case aside). A name that matches nothing raises
        ``ValueError`` listing the valid values. Events keep the interactions that pass; events
        left with none are dropped.

        >>> import cisd
        >>> vn = cisd.load().filter(counterparts=["Viet Nam"])
        >>> set(vn.interactions["counterpart"].to_pylist())
        {'VNM'}
        """
        core = self._core.filter(
            _iso(start), _iso(end), _strings(agencies), _strings(officials),
            _strings(counterparts), _strings(regions), format, setting, precision,
        )
        given = {
            "start": _iso(start), "end": _iso(end), "agencies": agencies, "officials": officials,
            "counterparts": counterparts, "regions": regions, "format": format, "setting": setting,
            "precision": precision,
        }
        conditions = ", ".join(f"{k}={v!r}" for k, v in given.items() if v is not None)
        subset = Dataset(core, label=f"{self.label}, filtered ({conditions})")
        subset.filters = {**self.filters, **{k: v for k, v in given.items() if v is not None}}
        return subset

    def to_csv(self, path: Union[str, os.PathLike[str]]) -> None:
        """Write the flat interactions layout, which ``cisd.load`` reads back to the same data.
        A path without a suffix gets ``.csv`` (``ds.to_csv("mine")`` writes ``mine.csv``).

        >>> import cisd, tempfile, os
        >>> ds = cisd.load()
        >>> out = os.path.join(tempfile.mkdtemp(), "flat.csv")
        >>> ds.to_csv(out)
        >>> cisd.load(out).events.num_rows == ds.events.num_rows
        True
        """
        path = os.fspath(path)
        self._core.to_csv(path if os.path.splitext(path)[1] else path + ".csv")

    def to_pandas(self, table: str = "interactions") -> Any:
        """One table (``interactions``, ``events`` or ``sources``) as a pandas DataFrame ready
        for analysis: dates as ``datetime64``; ``agency``, ``rank``, ``format``, ``setting``,
        ``region``, ``date_precision`` and the sources' ``kind`` and ``side`` as categoricals with every value of the codebook as
        a category (in its order, so a filtered dataset keeps the same categories); integers
        as nullable ``Int64`` (``participants_stated`` stays integer with gaps).

        >>> import cisd
        >>> df = cisd.load().to_pandas("interactions")
        >>> str(df["agency"].dtype), bool(df["date"].dt.year.min() >= 2018)
        ('category', True)
        """
        import pandas as pd

        df = self._named_table(table).to_pandas()
        for column, values in _core.vocabularies().items():
            if column in df.columns:
                df[column] = pd.Categorical(df[column], categories=values)
        return df

    def to_polars(self, table: str = "interactions") -> Any:
        """One table (``interactions``, ``events`` or ``sources``) as a polars DataFrame: dates
        as ``Date``, the vocabulary columns of :meth:`to_pandas` as ``Enum`` over every
        codebook value, integers as ``Int64`` with nulls.

        >>> import cisd
        >>> df = cisd.load().to_polars("events")
        >>> str(df.schema["date"]), df.schema["format"].categories.to_list()
        ('Date', ['bilateral', 'multilateral'])
        """
        import polars as pl

        df = self._named_table(table).to_polars()
        return df.with_columns(
            pl.col(column).cast(pl.Enum(values))
            for column, values in _core.vocabularies().items()
            if column in df.columns
        )

    def _named_table(self, table: str) -> Table:
        tables = {"interactions": lambda: self.interactions, "events": lambda: self.events, "sources": lambda: self.sources}
        _core.check_name("table", table, list(tables))
        return tables[table]()

    # -- the paper's queries ------------------------------------------------------------
    def summary(self) -> Table:
        """Headline counts (S1-S4, S8, S9) as ``measure``, ``value`` (int64).

        Units are in the names: ``interactions*`` count rows; ``events``, ``*meetings*`` count
        distinct events; ``*countries`` count states only, ``*counterparts`` include organisations.

        >>> import cisd
        >>> s = dict(zip(*cisd.load().summary().to_pydict().values()))
        >>> s["bilateral_meetings"] + s["multilateral_meetings"] == s["events"]
        True
        """
        return Table(self._core.summary())

    def meetings_by_country(
        self,
        format: Optional[str] = None,
        agency: Optional[str] = None,
        rank: Optional[str] = None,
        top: Optional[int] = None,
    ) -> Table:
        """Meetings (distinct events) per counterpart: ``rank``, ``counterpart``, ``name``,
        ``meetings`` (Tables 2 and 3).

        ``rank`` is a competition rank (ties share, the next skips); ``top=10`` keeps ranks up to
        10, ties included. ``format`` is bilateral|multilateral, ``agency`` MPS|MSS|CPLC,
        ``rank`` minister|vice_minister|assistant_minister|party_head.

        >>> import cisd
        >>> t = cisd.load().meetings_by_country(format="bilateral", top=5)
        >>> t.column_names
        ['rank', 'counterpart', 'name', 'meetings']
        """
        return Table(self._core.meetings_by_country(format, agency, rank, top))

    def meetings_by_official_year(self) -> Table:
        """Meetings (distinct events) per Chinese official and year: ``official``, ``agency``,
        ``year``, ``meetings`` (Figure 1).

        >>> import cisd
        >>> cisd.load().meetings_by_official_year().column_names
        ['official', 'agency', 'year', 'meetings']
        """
        return Table(self._core.meetings_by_official_year())

    def meetings_by_month(self, year: int, forum: Optional[str] = "GPSCFL") -> Table:
        """Per month of ``year``: ``meetings`` (distinct events), ``interactions``, and those
        linked to ``forum`` (its own events and the sidelines of them) with their shares
        (Figure 6, S13).

        >>> import cisd
        >>> cisd.load().meetings_by_month(2024).num_rows
        12
        """
        return Table(self._core.meetings_by_month(year, forum))

    def bilateral_by_region(self, scheme: str = "cisd") -> Table:
        """Bilateral meetings per counterpart region: ``region``, ``meetings``, ``share``,
        ``denominator`` (all bilateral meetings) (Figure 9, S10-S12).

        ``scheme`` is ``cisd`` (the paper's regions), ``un_region`` or ``un_subregion``.

        >>> import cisd
        >>> t = cisd.load().bilateral_by_region()
        >>> round(sum(t["share"].to_pylist()), 9)
        1.0
        """
        return Table(self._core.bilateral_by_region(scheme))

    def country_levels(self, include_multilateral: bool = True) -> Table:
        """Each counterpart's meetings with ministerial officials and with MPS vice/assistant
        ministers, and ``level``: ministerial only | VM/AM only | both (Figures 2 and 3).

        >>> import cisd
        >>> set(cisd.load().country_levels()["level"].to_pylist()) <= {"ministerial only", "VM/AM only", "both"}
        True
        """
        return Table(self._core.country_levels(include_multilateral))

    def sideline_meetings(self, parent: Optional[str] = None) -> Table:
        """Sideline events (of ``parent``, or all), one row per event, with officials,
        counterparts and whether a ministerial official took part (S13-S15).

        >>> import cisd
        >>> "ministerial" in cisd.load().sideline_meetings().column_names
        True
        """
        return Table(self._core.sideline_meetings(parent))

    def forum_events(self, forum: str) -> Table:
        """Events of one forum code, oldest first, with named participants and co-chairs.

        >>> import cisd
        >>> cisd.load().forum_events("PIC").column_names[:2]
        ['event_id', 'date']
        """
        return Table(self._core.forum_events(forum))

    def pacific_dialogues(self) -> Table:
        """The China-Pacific Island Countries police dialogues (Table 1): the multilateral
        events of forum ``PIC`` (bilaterals held around them are left out).

        >>> import cisd
        >>> cisd.load().pacific_dialogues().num_rows >= 1
        True
        """
        events = self.forum_events("PIC")
        return events.filter(pc.equal(events["format"], "multilateral"))

    def forum_participation(self, forum: str = "GPSCFL", first: int = 2022, second: int = 2024) -> Table:
        """Official country participation in ``forum``: returning / new / did not return between
        two years (Figure 5), from the bundled participation table. A forum or a year without
        participation data there raises ``ValueError`` naming the ones it has.

        >>> import cisd
        >>> set(cisd.load().forum_participation()["status"].to_pylist()) <= {"returning", "new", "did not return"}
        True
        """
        table = read_side_table("forum_participation.csv").to_pylist()
        _core.check_name("forum", forum, sorted({r["forum"] for r in table}))
        rows = [(r["counterpart"], r["name"], r["year"]) for r in table if r["forum"] == forum]
        years = sorted({str(r[2]) for r in rows})
        for year in (first, second):
            _core.check_name(f"year with {forum} participation data", str(year), years)
        return Table(_core.participation_change(rows, first, second))

    def forum_members(self, forum: Optional[str] = None) -> Table:
        """Membership of China's regional security forums (Figure 7), each row sourced.

        >>> import cisd
        >>> "LMC" in cisd.load().forum_members()["forum"].to_pylist()
        True
        """
        table = read_side_table("forum_members.csv")
        return Table(table if forum is None else table.filter(pc.equal(table["forum"], forum)))

    def gsi_supporters(self) -> Table:
        """States and organisations on record supporting the Global Security Initiative
        (Figure 4), each with its document and source.

        >>> import cisd
        >>> cisd.load().gsi_supporters().num_rows > 0
        True
        """
        return Table(read_side_table("gsi_support.csv"))

    def compare_periods(self, before: Period, after: Period, by: Optional[str] = None) -> Table:
        """Counts in two periods, their rates per month and the rate ratio (after / before)
        with an exact 95% interval; one row per measure, or with ``by="region"`` or
        ``by="agency"`` one row per group and measure.

        ``before`` and ``after`` are (start, end) pairs, both ends included, written
        ``"YYYY-MM-DD"``, ``"YYYY-MM"`` (a start month from its first day, an end month to its
        last) or as ``datetime.date``; they may not overlap. Measures: ``meetings``,
        ``bilateral_meetings``, ``multilateral_meetings`` (distinct events), ``countries``
        (distinct states, organisations left out), ``interactions``. An event dated only to a
        month counts in a period only when the whole month lies inside it. Months count whole
        calendar months as 1 and a partial month by the share of its days inside. The interval
        is the exact conditional (Clopper-Pearson) one; ``countries`` rows have no interval
        and list the states met after and not before in ``new_countries``. See CODEBOOK.md.

        >>> import cisd
        >>> t = cisd.load().compare_periods(before=("2022-06", "2023-11"), after=("2023-12", "2025-05"))
        >>> t["measure"].to_pylist()
        ['meetings', 'bilateral_meetings', 'multilateral_meetings', 'countries', 'interactions']
        >>> t["before_months"][0].as_py(), t["after_months"][0].as_py()
        (18.0, 18.0)
        """
        return Table(self._core.compare_periods(_period("before", before), _period("after", after), by))

    def coverage(self, freq: str = "year") -> Table:
        """How dense the record is, per period (``freq`` is ``year``, ``quarter`` or ``month``):
        ``period``, ``start``, ``end``, ``months``, ``events``, ``events_per_month``,
        ``interactions``, ``sources``, ``sources_per_event``.

        Every period from the first event's to the last event's is a row, empty ones included.
        ``months`` counts the months of the period inside the record's span (first event's
        month to last event's month), so a partly covered year is not diluted. A thin period
        may be a gap in the reachable record rather than a quiet one: read it with
        ``sources_per_event`` and METHODS.md.

        >>> import cisd
        >>> t = cisd.load().coverage("year")
        >>> sum(t["events"].to_pylist()) == cisd.load().events.num_rows
        True
        """
        return Table(self._core.coverage(freq))

    def quality(self, by: Optional[str] = None, window: Period = PAPER_WINDOW) -> Table:
        """How good the record is: ``group``, ``events``, ``sources``, ``sources_per_event``, and
        the shares of events with an official source (``share_official``), with sources from
        both sides, at least one Chinese and one partner (``share_both_sides``), resting on
        mirror copies only (``share_mirror_only``) and with a partner-side source
        (``share_partner_side``); ``note`` says why a share is null.

        ``by=None`` gives one row, ``all``; ``by="period"`` the rows ``before``, ``window``
        and ``after`` against ``window`` (default ``cisd.PAPER_WINDOW``; before it lies the
        pre-GSI baseline), where an event dated to a month is in the window only when its whole
        month is; ``by="region"`` one row per region of the counterparts, where an event counts
        in every region it touches. A source's ``kind`` and ``side`` are columns of
        ``sources.csv`` (CODEBOOK.md); a file without them (any flat file) still gets
        ``sources_per_event``, with the other shares null and the ``note`` saying so. What the
        record is known to miss is ``cisd.absences()``.

        >>> import cisd
        >>> q = cisd.load().quality(by="period")
        >>> q["group"].to_pylist()
        ['before', 'window', 'after']
        >>> sum(q["events"].to_pylist()) == cisd.load().events.num_rows
        True
        """
        return Table(self._core.quality(_period("window", window), by))

    # -- research toolkit -----------------------------------------------------------------
    def panel(
        self,
        unit: str = "country",
        freq: str = "year",
        start: DateLike = None,
        end: DateLike = None,
        universe: str = "states",
        by: str = "official",
    ) -> Table:
        """A zero-filled panel ready for regressions, one row per period x state (``unit="country"``)
        or per period x Chinese official (or agency, ``by="agency"``) x state (``unit="dyad"``).

        ``freq`` is year|quarter|month; ``start`` and ``end`` pick the first and last periods (the
        ones holding those days; default: the data's first and last event). ``universe`` is
        ``states`` (every state in the entities table but China), ``gw`` (every entity with a
        Gleditsch-Ward code) or ``all`` (adds territories and organisations). Columns:
        ``period`` (first day), [``official`` | ``agency``], ``counterpart``, ``name``, ``iso2``,
        ``cow_code``, ``gw_code``, ``region``, the counts ``meetings`` (distinct events),
        ``bilateral_meetings``, ``multilateral_meetings``, ``ministerial_meetings``,
        ``vm_am_meetings``, ``interactions``, and the covariates ``gsi_supporter`` (as of the
        period's end), ``lmc_member``, ``sco_member``, ``sco_observer``,
        ``sco_dialogue_partner``, ``eapcco_member``, ``cc5_member``, ``pic_participant`` and
        ``gpscfl_participant`` (that year). See CODEBOOK.md, Panels.

        >>> import cisd
        >>> ds = cisd.load()
        >>> p = ds.panel(freq="year")
        >>> states = set(p["counterpart"].to_pylist())
        >>> sum(p["interactions"].to_pylist()) == sum(c in states for c in ds.interactions["counterpart"].to_pylist())
        True
        """
        return Table(self._core.panel(unit, freq, _iso(start), _iso(end), universe, by))

    def matrix(self, index: str = "counterpart", columns: str = "month", value: str = "meetings") -> Matrix:
        """A dense count matrix for heatmaps and clustering, filled by the core.

        ``index`` and ``columns`` are two different axes among counterpart, official, agency,
        region (the values present, sorted) and month, quarter, year (every period from the
        first event to the last). ``value="meetings"`` counts distinct events per cell,
        ``"interactions"`` rows.

        >>> import cisd, numpy as np
        >>> ds = cisd.load()
        >>> m = ds.matrix(index="counterpart", columns="year")
        >>> pairs = {(r["event_id"], r["counterpart"]) for r in ds.interactions.to_pylist()}
        >>> int(np.asarray(m).sum()) == len(pairs)
        True
        """
        values, rows, labels = self._core.matrix(index, columns, value)
        return Matrix(values, rows, labels, index=index, value=value)

    def network(self) -> Table:
        """Edges between Chinese officials and counterparts: ``official``, ``agency`` (at the
        last meeting), ``counterpart``, ``name``, ``meetings`` (distinct events), ``first``,
        ``last`` (dates), ``bilateral_meetings``.
        ``networkx.from_pandas_edgelist(t.to_pandas(), "official", "counterpart", edge_attr=True)``
        takes it as is.

        >>> import cisd
        >>> cisd.load().network().column_names[:4]
        ['official', 'agency', 'counterpart', 'name']
        """
        return Table(self._core.network())

    def reproduce(self, window: Optional[tuple[DateLike, DateLike]] = PAPER_WINDOW) -> Table:
        """One row per number the paper publishes: ``artifact``, ``measure``, ``key``,
        ``published``, ``computed``, ``difference``, ``unit``, ``where``, ``note``, ``window``.

        ``computed`` comes from the events inside ``window`` (first and last day, inclusive),
        by default the paper's, ``cisd.PAPER_WINDOW`` (1 June 2022 - 31 May 2025), so events
        the ledger holds before or after it do not enter the comparison; ``window=None`` uses
        every event. The ``window`` column states the window used.

        >>> import cisd
        >>> t = cisd.load().reproduce()
        >>> t.column_names[:4], t["window"][0].as_py()
        (['artifact', 'measure', 'key', 'published'], '2022-06-01 to 2025-05-31')
        """
        from ._reproduce import reproduce

        if window is None:
            return Table(reproduce(self, "all events"))
        start, end = window
        inside = self.filter(start=start, end=end)
        return Table(reproduce(inside, f"{_iso(start)} to {_iso(end)}"))

    def compare(self, *artifacts: str) -> Table:
        """The comparison with the paper as a reader sees it, for the given artifact ids (all
        when none): ``artifact``, ``what`` (in words), ``paper's place``, ``unit``, ``paper``,
        ``this data``, ``difference`` (formatted: integers as integers, shares in percent,
        differences of shares in points), ``agreement`` and ``note`` (why a row is blank).
        Computed as ``ds.reproduce()`` is: from the events inside the paper's window.

        >>> import cisd
        >>> cisd.load().compare("T1")["what"].to_pylist()[0]
        'countries at the China-Pacific Islands police dialogue of 2022'
        """
        from ._compare import comparison

        return Table(comparison(self, artifacts))
