"""The reproduction table: each published number next to the value computed from a dataset."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional

from ._arrow import pa, pc

from ._published import published

if TYPE_CHECKING:
    from ._dataset import Dataset


#: Figure 4 is "as of June 2025": its row in the comparison and its map use this cut-off.
GSI_AS_OF = "2025-06-30"


def gsi_as_of(rows: list[dict], as_of: str) -> list[dict]:
    """The rows of ``ds.gsi_supporters()`` expressed on or before ``as_of`` (ISO date).

    ``expressed`` may be a year, a month or a day; a statement dated only "2025-06" counts
    as made by 2025-06-30. An undated statement cannot be placed before the cut-off: left out.
    """
    return [r for r in rows if r["expressed"] and str(r["expressed"]) <= as_of[: len(str(r["expressed"]))]]


def as_dict(table: pa.Table, key: str, value: str) -> dict:
    """Two columns of a table as a mapping."""
    return dict(zip(table[key].to_pylist(), table[value].to_pylist()))


def _lookup(table: pa.Table, key_column: str, key: str, value_column: str) -> float:
    rows = table.filter(pc.equal(table[key_column], key))
    return float(rows[value_column][0].as_py()) if rows.num_rows else 0.0


# Measures read straight off ``ds.summary()``.
_SIMPLE = {
    "interactions": "interactions",
    "events": "events",
    "bilateral_meetings": "bilateral_meetings",
    "bilateral_countries": "bilateral_countries",
    "standalone_bilateral_meetings": "standalone_bilateral_meetings",
    "sideline_bilateral_meetings": "sideline_bilateral_meetings",
}


class _Computer:
    """Computes one measure for a key; results are cached per query."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.summary = dict(zip(*ds.summary().to_pydict().values()))
        self._cache: dict[tuple, pa.Table] = {}

    def _countries(self, fmt: Optional[str] = None, agency: Optional[str] = None, ds: Optional[Dataset] = None) -> pa.Table:
        key = (fmt, agency, id(ds))
        if key not in self._cache:
            self._cache[key] = (ds or self.ds).meetings_by_country(format=fmt, agency=agency)
        return self._cache[key]

    def _sidelines(self, parent: str) -> Optional[list[dict]]:
        """The sideline meetings of ``parent``; None when this data has no such event (a
        user's file with other ids), so the row stays blank instead of reading 0."""
        if parent not in self.ds.events["event_id"].to_pylist():
            return None
        return self.ds.sideline_meetings(parent).to_pylist()

    def _sideline_levels(self, parent: str, ministerial: bool) -> Optional[int]:
        t = self._sidelines(parent)
        return None if t is None else sum(1 for r in t if r["ministerial"] == ministerial)

    def knows(self, measure: str) -> bool:
        """Whether some query computes ``measure`` (the paper has numbers the data cannot give)."""
        return measure in _SIMPLE or measure in self._handlers("")

    def compute(self, measure: str, key: str) -> Optional[float]:
        if measure in _SIMPLE:
            return float(self.summary[_SIMPLE[measure]])
        handler = self._handlers(key).get(measure)
        if handler is None:
            return None
        value = handler()
        return None if value is None else float(value)

    def _handlers(self, key: str) -> dict[str, Callable[[], Optional[float]]]:
        s = self.summary
        parts = key.split("|")
        return {
            "interactions_by_agency": lambda: s[f"interactions_{key}"],
            "meetings_by_agency": lambda: s[f"meetings_{key}"],
            "agency_meetings_sum": lambda: sum(s[f"meetings_{a}"] for a in key.split("+")),
            "agency_interactions_sum": lambda: sum(s[f"interactions_{a}"] for a in key.split("+")),
            "agency_meetings_with": lambda: _lookup(self._countries(agency=parts[0]), "counterpart", parts[1], "meetings"),
            "agency_meetings_in_region": lambda: self.ds.filter(agencies=[parts[0]], regions=[parts[1]]).events.num_rows,
            "bilateral_meetings_with": lambda: _lookup(self._countries("bilateral"), "counterpart", key, "meetings"),
            "multilateral_meetings_with": lambda: _lookup(self._countries("multilateral"), "counterpart", key, "meetings"),
            "all_meetings_with": lambda: _lookup(self._countries(), "counterpart", key, "meetings"),
            "agency_bilateral_with": lambda: _lookup(self._countries("bilateral", parts[0]), "counterpart", parts[1], "meetings"),
            "official_meetings_in_year": lambda: self._official_year(parts[0], int(parts[1])),
            "official_meetings_with_since": lambda: self.ds.filter(officials=[parts[0]], counterparts=[parts[1]], start=parts[2]).events.num_rows,
            "bilateral_region_share": lambda: 100.0 * _lookup(self.ds.bilateral_by_region(), "region", key, "share"),
            "bilateral_region_rank": lambda: self._region_rank(key),
            "sideline_meetings_by_level": lambda: self._sideline_levels(parts[0], parts[1] == "ministerial"),
            "sideline_meetings": lambda: None if (t := self._sidelines(key)) is None else len(t),
            "forum_share_of_year_interactions": lambda: self._forum_share(parts[0], int(parts[1])),
            "peak_month": lambda: self._peak_month(int(key)),
            "gsi_supporters": lambda: self._gsi(key),
            "forum_members": lambda: self._members(key),
            "dialogue_participants": lambda: self._dialogue(parts[0], int(parts[1])),
        }

    def _official_year(self, official: str, year: int) -> float:
        t = self.ds.meetings_by_official_year().to_pylist()
        return float(sum(r["meetings"] for r in t if r["official"] == official and r["year"] == year))

    def _region_rank(self, region: str) -> Optional[float]:
        # Competition rank, so a tie with another region is not resolved by sort order.
        counts = as_dict(self.ds.bilateral_by_region(), "region", "meetings")
        if region not in counts:
            return None
        return float(1 + sum(1 for n in counts.values() if n > counts[region]))

    def _forum_share(self, forum: str, year: int) -> Optional[float]:
        t = self.ds.meetings_by_month(year, forum)
        total = sum(t["interactions"].to_pylist())
        return 100.0 * sum(t["forum_interactions"].to_pylist()) / total if total else None

    def _peak_month(self, year: int) -> Optional[float]:
        t = self.ds.meetings_by_month(year, None)
        counts = t["meetings"].to_pylist()
        return float(counts.index(max(counts)) + 1) if any(counts) else None

    def _gsi(self, key: str) -> float:
        # Figure 4 counts support expressed by June 2025; a state with several documents counts once.
        in_time = gsi_as_of(self.ds.gsi_supporters().to_pylist(), GSI_AS_OF)
        return float(len({r["code"] for r in in_time if key == "all" or r["kind"] == "state"}))

    def _members(self, forum: str) -> float:
        rows = self.ds.forum_members(forum).to_pylist()
        return float(len({r["member_code"] for r in rows if r["member_code"] != "CHN" and r.get("role") in (None, "member")}))

    def _dialogue(self, forum: str, year: int) -> Optional[float]:
        events = self.ds.pacific_dialogues() if forum == "PIC" else self.ds.forum_events(forum)
        rows = [r for r in events.to_pylist() if r["date"].year == year]
        return float(len({p for r in rows for p in r["participants"]})) if rows else None


def reproduce(ds: Dataset, window: str) -> pa.Table:
    """The published table with ``computed``, ``difference`` (computed - published) added, and
    ``window`` (the period ``ds`` was cut to, as text) on every row."""
    paper = published()
    computer = _Computer(ds)
    computed: list[Optional[float]] = []
    for measure, key in zip(paper["measure"].to_pylist(), paper["key"].to_pylist()):
        computed.append(None if measure == "figure" else computer.compute(measure, key))
    difference = [
        None if c is None or p is None else round(c - p, 3)
        for c, p in zip(computed, paper["value"].to_pylist())
    ]
    return pa.table(
        {
            "artifact": paper["artifact"],
            "measure": paper["measure"],
            "key": paper["key"],
            "published": paper["value"],
            "computed": pa.array(computed, pa.float64()),
            "difference": pa.array(difference, pa.float64()),
            "unit": paper["unit"],
            "where": paper["where"],
            "note": paper["note"],
            "window": pa.array([window] * paper.num_rows, pa.string()),
        }
    )
