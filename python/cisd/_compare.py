"""The comparison with the paper, readable on its own: what each number is, where the paper
prints it, in which unit, why a row is blank, and a closing verdict."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

from ._arrow import pa

if TYPE_CHECKING:
    from ._dataset import Dataset

#: The artifact codes of ``cisd.published()`` and ``ds.reproduce()``.
LEGEND = (
    ("S1-S15", "statements in the paper's text (headline counts, shares, ranks)"),
    ("F1-F9", "the paper's figures; a map without printed numbers has a blank row"),
    ("T1-T3", "the paper's tables"),
    (
        "X1-X3",
        "the paper's own inconsistencies: a sum of its printed numbers that disagrees with "
        "another printed number. The 'paper' value is that sum, not a number the paper prints",
    ),
)

#: What each unit counts.
UNITS = (
    ("meetings, events", "distinct gatherings (one event however many officials and counterparts)"),
    ("interactions", "event x Chinese official x foreign counterpart rows"),
    ("countries", "distinct states (organisations counted only where the unit says so)"),
    ("percent", "share of bilateral meetings or of a year's interactions; differences in percentage points (pp)"),
    ("rank", "competition rank: ties share a rank, the next rank skips"),
    ("month", "calendar month of the year"),
)

#: Relative difference below which a number counts as close (the verdict's "within 10%").
CLOSE = 0.10

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

# How each measure of published.csv reads; {0}, {1}, ... are the parts of its key.
_WHAT = {
    "interactions": "interactions, all agencies",
    "events": "events (meetings), all agencies",
    "interactions_by_agency": "interactions of the {0}",
    "meetings_by_agency": "meetings of the {0}",
    "agency_meetings_with": "{0} meetings with {1}",
    "agency_meetings_in_region": "{0} meetings with counterparts in {1}",
    "bilateral_meetings_with": "bilateral meetings with {0}",
    "multilateral_meetings_with": "multilateral meetings with {0} present",
    "all_meetings_with": "all meetings with {0}",
    "agency_bilateral_with": "{0} bilateral meetings with {1}",
    "official_meetings_in_year": "meetings of {0} in {1}",
    "official_meetings_with_since": "meetings of {0} with {1} since {2}",
    "bilateral_meetings": "bilateral meetings",
    "bilateral_countries": "countries met bilaterally",
    "standalone_bilateral_meetings": "standalone bilateral meetings",
    "sideline_bilateral_meetings": "sideline bilateral meetings",
    "bilateral_region_share": "share of bilateral meetings with {0}",
    "bilateral_region_rank": "rank of {0} by bilateral meetings",
    "sideline_meetings_by_level": "{1} sideline meetings at {0}",
    "meetings_around_forum": "{1} meetings of Wang Xiaohong around {0}",
    "forum_share_of_year_interactions": "share of {1} interactions linked to the {0}",
    "sideline_meetings": "sideline meetings at {0}",
    "peak_month": "month with the most meetings in {0}",
    "gsi_supporters": "supporters of the GSI by June 2025 ({0})",
    "forum_members": "members of {0}, China excluded",
    "dialogue_participants": "countries at the {0} police dialogue of {1}",
    "agency_meetings_sum": "sum of the meetings of {0}",
    "agency_interactions_sum": "sum of the interactions of {0}",
    "figure": "{0}",
}

_KEY_WORDS = {
    "ministerial": "ministerial",
    "vm_am": "vice/assistant-minister",
    "states": "states",
    "all": "states and organisations",
    "country_levels": "map of meetings by level",
    "country_levels_bilateral": "map of bilateral meetings by level",
    "forum_participation": "map of GPSCFL participation",
    "out_of_scope": "screenshot of the LMLECC website",
    "PIC": "China-Pacific Islands",
}


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    from ._load import entities

    t = entities()
    return dict(zip(t["code"].to_pylist(), t["name"].to_pylist()))


def _word(part: str) -> str:
    if part in _KEY_WORDS:
        return _KEY_WORDS[part]
    if "+" in part:
        return " + ".join(part.split("+"))
    return _names().get(part, part)


def describe(measure: str, key: str) -> str:
    """A measure and its key in words: ``describe("bilateral_meetings_with", "VNM")`` is
    ``"bilateral meetings with Vietnam"``.

    >>> from cisd._compare import describe
    >>> describe("agency_bilateral_with", "CPLC|RUS")
    'CPLC bilateral meetings with Russia'
    """
    template = _WHAT.get(measure)
    if template is None:
        return f"{measure} ({key})"
    return template.format(*(_word(p) for p in key.split("|")))


def number(value: Optional[float], unit: Optional[str]) -> str:
    """A value as the comparison prints it: integers without decimals, shares as percent."""
    if value is None:
        return ""
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "month" and float(value).is_integer() and 1 <= value <= 12:
        return _MONTHS[int(value) - 1]
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def _difference(value: Optional[float], unit: Optional[str]) -> str:
    if value is None:
        return ""
    if unit == "percent":
        return f"{value:+.1f} pp" if value else "0 pp"
    if float(value).is_integer():
        return f"{int(value):+d}" if value else "0"
    return f"{value:+.1f}"


def agreement(published: Optional[float], computed: Optional[float]) -> str:
    """``exact``, ``within 10%``, ``off by N%`` or empty when a value is missing."""
    if published is None or computed is None:
        return ""
    if computed == published:
        return "exact"
    if published == 0:
        return "differs"
    off = abs(computed - published) / abs(published)
    return "within 10%" if off <= CLOSE else f"off by {off:.0%}"


def _blank_reason(measure: str, computed: Optional[float], knows: bool) -> str:
    if computed is not None:
        return ""
    if measure == "figure":
        return "Blank: the paper prints no number here"
    if not knows:
        return "Blank: the data does not record this"
    return "Blank: nothing in this data for this key"


def check_artifacts(artifacts: tuple[str, ...], known: list[str]) -> None:
    """Raise ``ValueError`` for an artifact id the paper does not have, with the valid ids."""
    valid = list(dict.fromkeys(known))
    for a in artifacts:
        if a not in valid:
            close = difflib.get_close_matches(str(a).upper(), valid, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"unknown artifact {a!r}; valid artifacts: {', '.join(valid)}{hint}")


def comparison(ds: Dataset, artifacts: tuple[str, ...] = ()) -> pa.Table:
    """``ds.reproduce()`` as a reader sees it: every row in words, values formatted in their
    unit, the paper's place, whether it matches, and why a row is blank."""
    from ._reproduce import _Computer

    rows = ds.reproduce().to_pylist()
    if artifacts:
        check_artifacts(artifacts, [r["artifact"] for r in rows])
        rows = [r for r in rows if r["artifact"] in artifacts]
    computer = _Computer(ds)
    out: dict[str, list[str]] = {c: [] for c in (
        "artifact", "what", "paper's place", "unit", "paper", "this data", "difference", "agreement", "note",
    )}
    for r in rows:
        note = r["note"] or ""
        blank = _blank_reason(r["measure"], r["computed"], computer.knows(r["measure"]))
        if blank:
            note = f"{blank} ({note})." if note else f"{blank}."
        if r["artifact"].startswith("X"):
            note = f"The paper's inconsistency, not a printed number: {note}"
        out["artifact"].append(r["artifact"])
        out["what"].append(describe(r["measure"], r["key"]))
        out["paper's place"].append(r["where"] or "")
        out["unit"].append(r["unit"] or "")
        out["paper"].append(number(r["published"], r["unit"]))
        out["this data"].append(number(r["computed"], r["unit"]))
        out["difference"].append(_difference(r["difference"], r["unit"]))
        out["agreement"].append(agreement(r["published"], r["computed"]))
        out["note"].append(note)
    return pa.table(out)


# -- verdict ------------------------------------------------------------------------------
# Rank orders the paper prints: (label, artifact, measure, key prefix).
_ORDERS = (
    ("Agencies by meetings (S2-S4)", None, "meetings_by_agency", ""),
    ("Table 2, bilateral meetings", "T2", "bilateral_meetings_with", ""),
    ("Table 2, all meetings", "T2", "all_meetings_with", ""),
    ("Table 3, CPLC bilateral meetings", "T3", "agency_bilateral_with", "CPLC|"),
    ("Table 3, MPS bilateral meetings", "T3", "agency_bilateral_with", "MPS|"),
)
# Single published values that are findings rather than counts: they hold only exactly.
_EXACT_FINDINGS = (
    ("Peak month of 2024 (Figure 6)", "peak_month"),
    ("Regional order of bilateral meetings (S10, S12)", "bilateral_region_rank"),
)


@dataclass
class Verdict:
    """How far a dataset reproduces the paper (see :func:`verdict`)."""

    compared: int = 0
    exact: int = 0
    close: int = 0
    blank: int = 0
    inconsistencies: int = 0
    findings: list[tuple[str, bool, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The verdict as sentences."""
        far = self.compared - self.exact - self.close
        out = [
            f"Of the {self.compared} numbers the paper prints and this data computes, {self.exact} match "
            f"exactly, {self.close} more are within {CLOSE:.0%} and {far} differ by more.",
            f"{self.blank} rows are blank (maps without numbers, or measures the data does not record); "
            f"the {self.inconsistencies} X rows check the paper's own arithmetic and are not counted.",
            "The paper's findings in this data:",
        ]
        out += [f"  [{'holds' if holds else 'does not hold'}] {label}: {detail}" for label, holds, detail in self.findings]
        return out


def _order_finding(label: str, rows: list[dict]) -> tuple[str, bool, str]:
    names = {r["key"]: _word(r["key"].split("|")[-1]) for r in rows}
    top = max(r["published"] for r in rows)
    leaders = [r["key"] for r in rows if r["published"] == top]
    best = max(r["computed"] or 0 for r in rows)
    held = [k for k in leaders if next(r["computed"] for r in rows if r["key"] == k) == best]
    pairs = kept = 0
    for a in rows:
        for b in rows:
            if a["published"] > b["published"]:
                pairs += 1
                kept += (a["computed"] or 0) > (b["computed"] or 0)
    lead = " / ".join(names[k] for k in leaders)
    detail = (
        f"the paper's first ({lead}) {'is' if held else 'is not'} first here among its {len(rows)} entries; "
        f"{kept} of {pairs} ordered pairs keep the paper's order"
    )
    return label, bool(held), detail


def verdict(ds: Dataset) -> Verdict:
    """Counts of exact and close matches, and which of the paper's findings hold.

    >>> import cisd
    >>> from cisd._compare import verdict
    >>> v = verdict(cisd.load())
    >>> v.exact <= v.compared
    True
    """
    rows = ds.reproduce().to_pylist()
    result = Verdict()
    for r in rows:
        if r["artifact"].startswith("X"):
            result.inconsistencies += 1
        elif r["published"] is None or r["computed"] is None:
            result.blank += 1
        else:
            result.compared += 1
            match = agreement(r["published"], r["computed"])
            result.exact += match == "exact"
            result.close += match == "within 10%"
    for label, artifact, measure, prefix in _ORDERS:
        group = [
            r for r in rows
            if r["measure"] == measure and r["key"].startswith(prefix) and artifact in (None, r["artifact"])
            and r["published"] is not None
        ]
        if len(group) > 1:
            result.findings.append(_order_finding(label, group))
    for label, measure in _EXACT_FINDINGS:
        group = [r for r in rows if r["measure"] == measure and r["published"] is not None]
        if group:
            parts = [
                f"{describe(r['measure'], r['key'])}: paper {number(r['published'], r['unit'])}, "
                f"here {number(r['computed'], r['unit']) or 'none'}"
                for r in group
            ]
            holds = all(r["computed"] == r["published"] for r in group)
            result.findings.append((label, holds, "; ".join(parts)))
    return result
