"""The same work in polars: `scan_csv` / `read_excel`, lazy queries run by `collect_all`."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from .common import (
    ENTITIES_CSV, EVENT_FIELDS, F6_FORUM, F6_YEAR, FORMATS, OFFICIALS_CSV, PRECISIONS, REQUIRED,
    SETTINGS, WINDOW_END, WINDOW_START, Results, share, stop_on_errors,
)

c = pl.col


def load(path: Path) -> pl.LazyFrame:
    # Every column as text (cisd reads cells as text too); empty cells are null.
    if path.suffix == ".xlsx":
        return pl.read_excel(path, infer_schema_length=0).lazy()
    return pl.scan_csv(path, infer_schema=False)


def _day() -> pl.Expr:
    """Day dates, or the first of the month for `YYYY-MM` (cisd's month precision)."""
    return pl.coalesce(
        c("date").str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        (c("date") + "-01").str.strptime(pl.Date, "%Y-%m-%d", strict=False),
    ).alias("day")


def checks(df: pl.LazyFrame, codes: pl.Series) -> list[pl.LazyFrame]:
    """One-row frames of rule counts (collected with everything else)."""
    vocabulary = {"format": FORMATS, "setting": SETTINGS, "date_precision": PRECISIONS}
    rows = df.select(
        missing_value=pl.sum_horizontal(c(f).is_null().sum() for f in REQUIRED),
        bad_date=(c("date").is_not_null() & c("day").is_null()).sum(),
        unknown_official=(c("official").is_not_null() & c("table_agency").is_null()).sum(),
        unknown_counterpart=(c("counterpart").is_not_null() & c("name").is_null()).sum()
        + (c("host_country").is_not_null() & ~c("host_country").is_in(codes.implode())).sum(),
        bad_value=pl.sum_horizontal(
            (c(f).is_not_null() & ~c(f).is_in(list(v))).sum() for f, v in vocabulary.items()
        ),
        duplicate_interaction=pl.len() - pl.struct("event_id", "official", "counterpart").n_unique(),
        parent_missing=(
            c("parent_event_id").is_not_null()
            & ~c("parent_event_id").is_in(c("event_id").unique().implode())
        ).sum(),
        outside_window=((c("day") < WINDOW_START) | (c("day") > WINDOW_END)).sum(),
        agency_mismatch=(c("agency").is_not_null() & (c("agency") != c("table_agency"))).sum(),
        rank_mismatch=(c("rank").is_not_null() & (c("rank") != c("table_rank"))).sum(),
    )
    # Rows of one event must agree: more than one distinct non-null value is a conflict (an
    # empty cell does not conflict, as in cisd's merge).
    inconsistent = (
        df.group_by("event_id")
        .agg((c(f).drop_nulls().n_unique() > 1).alias(f) for f in ("day", *EVENT_FIELDS))
        .select(inconsistent_event=pl.sum_horizontal(c(f).sum() for f in ("day", *EVENT_FIELDS)))
    )
    many = (
        df.filter(c("format") == "bilateral")
        .group_by("event_id").agg(c("counterpart").n_unique())
        .select(bilateral_many_parties=(c("counterpart") > 1).sum())
    )
    return [rows, inconsistent, many]


def by_country(df: pl.LazyFrame) -> pl.LazyFrame:
    return (
        df.group_by("counterpart", "name")
        .agg(meetings=c("event_id").n_unique())
        .sort(["meetings", "name"], descending=[True, False])
        .select(c("meetings").rank("min", descending=True).alias("rank"), "counterpart", "name",
                "meetings")
    )


def run(path: Path) -> Results:
    officials = (
        pl.read_csv(OFFICIALS_CSV, columns=["official", "agency", "rank", "start"], infer_schema=False)
        .sort(pl.col("start").fill_null(""))
        .unique("official", keep="last")
        .drop("start")
    )
    entities = pl.read_csv(ENTITIES_CSV, columns=["code", "name", "region"], infer_schema=False)
    # Load once into memory; the checks and the tables then share it.
    df = (
        load(path)
        .with_columns(_day())
        .join(officials.lazy().rename({"agency": "table_agency", "rank": "table_rank"}),
              on="official", how="left")
        .join(entities.lazy().rename({"code": "counterpart"}), on="counterpart", how="left")
        .collect()
        .lazy()
    )
    found = pl.collect_all(checks(df, entities["code"]))
    problems = {k: int(v) for frame in found for k, v in frame.row(0, named=True).items()}
    errors, warnings = stop_on_errors(problems)

    # The officials table is authoritative for the agency.
    df = df.with_columns(agency=c("table_agency"), year=c("day").dt.year())
    bilateral = df.filter(c("format") == "bilateral")
    events = df.unique("event_id").select("event_id", "day", "forum", "parent_event_id")
    linked = (
        events.join(events.select(parent_event_id="event_id", parent_forum="forum"),
                    on="parent_event_id", how="left")
        .filter((c("forum") == F6_FORUM) | (c("parent_forum") == F6_FORUM))
        .select("event_id", linked=pl.lit(True))
    )
    months = pl.LazyFrame({"month": pl.int_range(1, 13, eager=True).cast(pl.Int8)})

    def per_month(frame: pl.LazyFrame, name: str) -> pl.LazyFrame:
        counts = (
            frame.filter(c("day").dt.year() == F6_YEAR)
            .group_by(month=c("day").dt.month()).agg(pl.len().alias(name))
        )
        return months.join(counts, on="month", how="left").fill_null(0)

    f6 = (
        per_month(events, "meetings")
        .join(per_month(df, "interactions"), on="month")
        .join(per_month(events.join(linked, on="event_id"), "forum_meetings"), on="month")
        .join(per_month(df.join(linked, on="event_id"), "forum_interactions"), on="month")
        .sort("month")
    )
    regions = (
        bilateral.unique(["event_id", "counterpart"])
        .group_by("region").agg(meetings=pl.len())
        .with_columns(denominator=c("meetings").sum())
        .select("region", "meetings", share=c("meetings") / c("denominator"), denominator="denominator")
        .sort(["meetings", "region"], descending=[True, False])
    )
    f1 = (
        df.group_by("official", "agency", "year").agg(meetings=c("event_id").n_unique())
        .sort("official", "year")
    )
    t2b, t2a, f1d, f6d, f9d = pl.collect_all([by_country(bilateral), by_country(df), f1, f6, regions])
    return {
        "errors": errors,
        "warnings": warnings,
        "t2_bilateral": t2b.rows(),
        "t2_all": t2a.rows(),
        "f1": f1d.rows(),
        "f6": [
            (m, n, i, fm, fi, share(fm, n), share(fi, i))
            for m, n, i, fm, fi in f6d.select("month", "meetings", "interactions",
                                              "forum_meetings", "forum_interactions").rows()
        ],
        "f9": f9d.rows(),
    }
