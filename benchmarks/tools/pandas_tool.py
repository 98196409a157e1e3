"""The same work in pandas: `read_csv` / `read_excel`, vectorised checks, `groupby`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import (
    ENTITIES_CSV, EVENT_FIELDS, F6_FORUM, F6_YEAR, FORMATS, OFFICIALS_CSV, PRECISIONS, REQUIRED,
    SETTINGS, WINDOW_END, WINDOW_START, Results, share, stop_on_errors,
)

# Only an empty cell is missing: "NA" (Namibia's ISO2) or "None" are values.
_READ = {"dtype": str, "keep_default_na": False, "na_values": [""]}


def load(path: Path) -> pd.DataFrame:
    if path.suffix == ".xlsx":
        return pd.read_excel(path, **_READ)
    # The pyarrow engine is pandas' fastest CSV reader (multi-threaded); same result as "c".
    return pd.read_csv(path, engine="pyarrow", **_READ)


def _dates(text: pd.Series) -> pd.Series:
    """Day dates, or the first of the month for `YYYY-MM` (cisd's month precision)."""
    day = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    month = pd.to_datetime(text.where(day.isna()), format="%Y-%m", errors="coerce")
    return day.fillna(month)


def validate(df: pd.DataFrame, officials: pd.DataFrame, codes: pd.Index) -> dict[str, int]:
    known = officials.set_index("official")
    table_agency = df["official"].map(known["agency"])
    table_rank = df["official"].map(known["rank"])
    day = df["day"]
    bilateral = df.loc[df["format"] == "bilateral", ["event_id", "counterpart"]]
    # Rows of one event must agree: more than one distinct non-empty value is a conflict (an
    # empty cell does not conflict, as in cisd's merge). nunique skips missing values and, on
    # pandas' arrow strings, is much faster than the min != max test the other peers use.
    per_event = df.groupby("event_id", sort=False)[["day", *EVENT_FIELDS]].nunique()
    vocabulary = {"format": FORMATS, "setting": SETTINGS, "date_precision": PRECISIONS}
    return {
        "missing_value": int(df[list(REQUIRED)].isna().sum().sum()),
        "bad_date": int((df["date"].notna() & day.isna()).sum()),
        "unknown_official": int((df["official"].notna() & table_agency.isna()).sum()),
        "unknown_counterpart": int(
            (df["counterpart"].notna() & ~df["counterpart"].isin(codes)).sum()
            + (df["host_country"].notna() & ~df["host_country"].isin(codes)).sum()
        ),
        "bad_value": int(sum((df[c].notna() & ~df[c].isin(v)).sum() for c, v in vocabulary.items())),
        "inconsistent_event": int((per_event > 1).sum().sum()),
        "duplicate_interaction": int(df.duplicated(["event_id", "official", "counterpart"]).sum()),
        "bilateral_many_parties": int(
            (bilateral.groupby("event_id", sort=False)["counterpart"].nunique() > 1).sum()
        ),
        # A hash lookup, not `isin`: pandas' `isin` on arrow strings walks its lookup values
        # one by one in Python, which dominates at 10^6 event ids.
        "parent_missing": int(
            (pd.Index(df["event_id"].unique()).get_indexer(df["parent_event_id"].dropna()) < 0).sum()
        ),
        "outside_window": int(
            ((day < pd.Timestamp(WINDOW_START)) | (day > pd.Timestamp(WINDOW_END))).sum()
        ),
        # Only a known official can disagree with the table (an unknown one is an error above).
        "agency_mismatch": int(
            (df["agency"].notna() & table_agency.notna() & (df["agency"] != table_agency)).sum()
        ),
        "rank_mismatch": int(
            (df["rank"].notna() & table_rank.notna() & (df["rank"] != table_rank)).sum()
        ),
    }


def by_country(df: pd.DataFrame) -> list[tuple]:
    t = (
        df.groupby(["counterpart", "name"], sort=False)["event_id"].nunique()
        .rename("meetings").reset_index()
        .sort_values(["meetings", "name"], ascending=[False, True], kind="stable")
    )
    t["rank"] = t["meetings"].rank(method="min", ascending=False).astype(int)
    return list(t[["rank", "counterpart", "name", "meetings"]].itertuples(index=False, name=None))


def run(path: Path) -> Results:
    df = load(path)
    officials = pd.read_csv(OFFICIALS_CSV, usecols=["official", "agency", "rank", "start"], **_READ)
    officials = (officials.assign(start=officials["start"].fillna("")).sort_values("start", kind="stable")
                 .drop_duplicates("official", keep="last").drop(columns="start"))
    entities = pd.read_csv(ENTITIES_CSV, usecols=["code", "name", "region"], **_READ)
    df["day"] = _dates(df["date"])
    errors, warnings = stop_on_errors(validate(df, officials, pd.Index(entities["code"])))

    # The officials and entities tables are authoritative for agency, name and region.
    by_code = entities.set_index("code")
    df["agency"] = df["official"].map(officials.set_index("official")["agency"])
    df["name"] = df["counterpart"].map(by_code["name"])
    df["region"] = df["counterpart"].map(by_code["region"])
    df["year"] = df["day"].dt.year
    # Filters below copy every column they keep: keep only the ones the tables use.
    df = df[["event_id", "day", "year", "format", "forum", "parent_event_id", "official", "agency",
             "counterpart", "name", "region"]]
    is_bilateral = df["format"] == "bilateral"

    f1 = (
        df.groupby(["official", "agency", "year"])["event_id"].nunique().reset_index()
        .sort_values(["official", "year"])
    )

    events = df.drop_duplicates("event_id")[["event_id", "day", "forum", "parent_event_id"]]
    parent_forum = events["parent_event_id"].map(events.set_index("event_id")["forum"])
    linked = (events["forum"] == F6_FORUM) | (parent_forum == F6_FORUM)
    linked_ids = events.loc[linked, "event_id"]
    months = pd.RangeIndex(1, 13)

    def per_month(frame: pd.DataFrame) -> pd.Series:
        frame = frame[frame["day"].dt.year == F6_YEAR]
        return frame.groupby(frame["day"].dt.month).size().reindex(months, fill_value=0)

    meetings, interactions = per_month(events), per_month(df)
    forum_meetings = per_month(events[linked])
    forum_interactions = per_month(df[df["event_id"].isin(linked_ids)])
    f6 = [
        (m, int(meetings[m]), int(interactions[m]), int(forum_meetings[m]),
         int(forum_interactions[m]), share(forum_meetings[m], meetings[m]),
         share(forum_interactions[m], interactions[m]))
        for m in months
    ]

    pairs = df[is_bilateral].drop_duplicates(["event_id", "counterpart"])
    regions = pairs.groupby("region").size().rename("meetings").reset_index()
    regions = regions.sort_values(["meetings", "region"], ascending=[False, True])
    total = int(regions["meetings"].sum())

    return {
        "errors": errors,
        "warnings": warnings,
        "t2_bilateral": by_country(df[is_bilateral]),
        "t2_all": by_country(df),
        "f1": [(o, a, int(y), int(n)) for o, a, y, n in f1.itertuples(index=False, name=None)],
        "f6": f6,
        "f9": [(r, int(n), n / total, total) for r, n in regions.itertuples(index=False, name=None)],
    }
