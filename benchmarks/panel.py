"""Panel benchmark: a zero-filled state x month panel (distinct-event meetings and interaction
rows per cell) built by cisd's core, by pandas and by polars, results cross-checked.

    python benchmarks/panel.py --rows 1e5        # synthetic file (cached), plus the bundled ledger

Each tool starts from the same loaded interactions (an Arrow table from ``cisd.load``), so the
timing is the panel alone: grouping, distinct counting and the zero-filled cross join with every
state of the entities table. Keep ``--rows`` at 10^5 or below on a shared two-core machine;
10^6 rows is the issue's size for a quiet one.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

import pyarrow as pa

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

import cisd  # noqa: E402

KEYS = ["period", "counterpart"]


def states() -> list[str]:
    return sorted(e["code"] for e in cisd.entities().to_pylist() if e["kind"] == "state" and e["code"] != "CHN")


def with_cisd(ds: cisd.Dataset) -> pa.Table:
    return ds.panel(freq="month").to_arrow().select(KEYS + ["meetings", "interactions"])


def with_pandas(ds: cisd.Dataset) -> pa.Table:
    import pandas as pd

    df = ds.interactions.to_arrow().select(["event_id", "date", "counterpart"]).to_pandas()
    df["period"] = pd.to_datetime(df["date"]).dt.to_period("M").dt.to_timestamp().dt.date
    codes = states()
    # The panel spans the data's first to last event, whoever the counterpart.
    months = pd.period_range(df["period"].min(), df["period"].max(), freq="M").to_timestamp().date
    df = df[df["counterpart"].isin(codes)]
    grouped = df.groupby(KEYS).agg(meetings=("event_id", "nunique"), interactions=("event_id", "size"))
    full = pd.MultiIndex.from_product([months, codes], names=KEYS)
    out = grouped.reindex(full, fill_value=0).reset_index()
    return pa.Table.from_pandas(out, preserve_index=False).select(KEYS + ["meetings", "interactions"])


def with_polars(ds: cisd.Dataset) -> pa.Table:
    import polars as pl

    df = pl.from_arrow(ds.interactions.to_arrow().select(["event_id", "date", "counterpart"]))
    codes = pl.DataFrame({"counterpart": states()})
    df = df.with_columns(pl.col("date").dt.truncate("1mo").alias("period"))
    months = pl.DataFrame({"period": pl.date_range(df["period"].min(), df["period"].max(), "1mo", eager=True)})
    df = df.join(codes, on="counterpart", how="semi")
    grouped = df.group_by(KEYS).agg(pl.col("event_id").n_unique().alias("meetings"), pl.len().alias("interactions"))
    out = (
        months.join(codes, how="cross")
        .join(grouped, on=KEYS, how="left")
        .with_columns(pl.col("meetings").fill_null(0).cast(pl.Int64), pl.col("interactions").fill_null(0).cast(pl.Int64))
        .sort(KEYS)
    )
    return out.to_arrow()


TOOLS: dict[str, Callable[[cisd.Dataset], pa.Table]] = {"cisd": with_cisd, "pandas": with_pandas, "polars": with_polars}


def normalised(table: pa.Table) -> list[tuple]:
    """Rows in one order and with plain Python types, so the tools' outputs compare equal."""
    rows = zip(*(table.column(c).to_pylist() for c in KEYS + ["meetings", "interactions"]))
    return sorted((p, c, int(m), int(i)) for p, c, m, i in rows)


def bench(label: str, ds: cisd.Dataset, repeats: int) -> list[str]:
    """Times every tool on `ds` and checks each result against cisd's; returns report lines."""
    lines, reference = [], None
    for name, build in TOOLS.items():
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            table = build(ds)
            times.append(time.perf_counter() - started)
        rows = normalised(table)
        if reference is None:
            reference = rows
        elif rows != reference:
            raise SystemExit(f"{label}: {name}'s panel differs from cisd's")
        lines.append(f"{label:<24} {name:<7} {min(times) * 1000:9.1f} ms  {len(rows):>9} rows")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=lambda s: int(float(s)), default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path.home() / ".cache" / "cisd-bench")
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    path = args.dir / f"flat-{args.rows}-{generate.DEFAULT_SEED}.csv"
    if not path.exists():
        generate.write_csv(path, args.rows)
    lines = bench("bundled ledger", cisd.load(), args.repeats)
    lines += bench(f"synthetic {args.rows:,} rows", cisd.load(path), args.repeats)
    print("\n".join(lines))
    print("panel: every tool agrees with cisd")
    return 0


if __name__ == "__main__":
    sys.exit(main())
