"""The machine's facts and the text of BENCHMARKS.md."""

from __future__ import annotations

from pathlib import Path

import datetime as dt
import os
import platform
import subprocess
from importlib import metadata
from typing import Any, Optional

PACKAGES = ("cisd", "pandas", "polars", "duckdb", "pyarrow", "numpy", "openpyxl", "fastexcel",
            "xlsxwriter", "maturin")
GROWTH_LIMIT = 1.5  # time per row at 10^7 within 1.5x of 10^5 counts as linear


def _first_line(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "not found"


def _proc_field(path: str, key: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1]
    except OSError:
        pass
    return "unknown"


def machine() -> dict[str, Any]:
    versions = {"python": platform.python_version()}
    for p in PACKAGES:
        try:
            versions[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            versions[p] = "not installed"
    versions["rustc"] = _first_line(["rustc", "--version"])
    mem_kb = _proc_field("/proc/meminfo", "MemTotal").split()[0]
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "ram_gib": int(mem_kb) / 2**20 if mem_kb.isdigit() else None,
        "os": _proc_field("/etc/os-release", "PRETTY_NAME").strip().strip('"'),
        "kernel": platform.release(),
        "versions": versions,
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


# -- formatting ------------------------------------------------------------------------------
def _mb(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:,.1f} MB"


def _s(seconds: Optional[float]) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def _yes(ok: Optional[bool]) -> str:
    return "not measured" if ok is None else ("**met**" if ok else "**not met**")


def _runs_table(runs: list[Any], label: str) -> list[str]:
    cisd = {r.rows: r.median for r in runs if r.tool == "cisd"}
    lines = [
        f"| tool | rows | {label} size | seconds (median) | runs | × cisd's time | peak RSS | "
        f"RSS / {label} size | same results as cisd |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in runs:
        ratio = (f"{r.median / cisd[r.rows]:.2f}" if r.median and cisd.get(r.rows) else "–")
        rss = r.max_rss_kb * 1024
        if r.error:
            check = f"not run: {r.error[:120]}"
        elif r.tool == "cisd" and r.mismatch:
            check = "**NO** (XLSX vs CSV): " + "; ".join(r.mismatch[:3])
        elif r.tool == "cisd":
            check = "reference" + (" (equal to its CSV results)" if r.compared else "")
        elif r.mismatch:
            check = "**NO**: " + "; ".join(r.mismatch[:3])
        else:
            check = "yes" if r.compared else "no cisd result to compare"
        peak, per_byte = (_mb(rss), f"{rss / r.file_bytes:.2f}") if rss else ("–", "–")
        lines.append(
            f"| {r.tool} | {r.rows:,} | {_mb(r.file_bytes)} | {_s(r.median)} | {len(r.seconds)} | "
            f"{ratio} | {peak} | {per_byte} | {check} |"
        )
    return lines


def _growth(runs: list[Any]) -> tuple[list[str], dict[str, Optional[float]]]:
    sizes = sorted({r.rows for r in runs if r.rows >= 100_000})
    tools = list(dict.fromkeys(r.tool for r in runs))
    factor: dict[str, Optional[float]] = {}
    lines = ["| tool | " + " | ".join(f"µs/row at {s:,}" for s in sizes) +
             " | largest ÷ 10^5 |", "|---|" + "---:|" * (len(sizes) + 1)]
    for tool in tools:
        per_row = {r.rows: r.median / r.rows for r in runs if r.tool == tool and r.median}
        cells = [f"{per_row[s] * 1e6:.2f}" if s in per_row else "–" for s in sizes]
        known = [s for s in sizes if s in per_row]
        f = per_row[known[-1]] / per_row[known[0]] if len(known) > 1 else None
        factor[tool] = f
        lines.append(f"| {tool} | " + " | ".join(cells) + f" | {f'{f:.2f}' if f else '–'} |")
    return lines, factor


def _goals(runs: list[Any], cold: dict[str, Any], install: Optional[dict[str, Any]],
           growth: dict[str, Optional[float]]) -> list[str]:
    at = {(r.tool, r.rows): r for r in runs if r.kind == "csv"}
    cisd6 = at.get(("cisd", 1_000_000))

    def ratio(tool: str) -> Optional[float]:
        peer = at.get((tool, 1_000_000))
        if cisd6 and cisd6.median and peer and peer.median:
            return peer.median / cisd6.median
        return None

    pandas, polars, duck = ratio("pandas"), ratio("polars"), ratio("duckdb")
    peers = [x for x in (polars, duck) if x is not None]
    big = [r for r in runs if r.tool == "cisd" and r.kind == "csv" and r.rows >= 1_000_000 and r.max_rss_kb]
    worst_rss = max((r.max_rss_kb * 1024 / r.file_bytes for r in big), default=None)
    g = growth.get("cisd")
    table = cold["table"]["median"] if cold else None
    imp = cold["import"]["median"] if cold else None
    inst = install.get("seconds") if install and "error" not in install else None
    f = lambda x: "–" if x is None else f"{x:.2f}×"  # noqa: E731
    return [
        "| goal (issue #5) | measured | |",
        "|---|---|---|",
        f"| 10^6 rows: pandas takes ≥ 10× cisd's time | {f(pandas)} | "
        f"{_yes(None if pandas is None else pandas >= 10)} |",
        f"| 10^6 rows: polars and DuckDB take longer than cisd | polars {f(polars)}, DuckDB {f(duck)} | "
        f"{_yes(None if not peers else all(x > 1 for x in peers))} |",
        f"| cost linear from 10^5 to the largest size (per-row time within {GROWTH_LIMIT}×) | "
        f"{f(g)} | {_yes(None if g is None else g <= GROWTH_LIMIT)} |",
        f"| peak RSS ≤ 2× the CSV (cisd, ≥ 10^6 rows) | {f(worst_rss)} | "
        f"{_yes(None if worst_rss is None else worst_rss <= 2)} |",
        f"| bundled data, fresh process: import + load + one table < 150 ms | {_s(table)} | "
        f"{_yes(None if table is None else table < 0.150)} |",
        f"| import alone < 50 ms | {_s(imp)} | {_yes(None if imp is None else imp < 0.050)} |",
        f"| cold `pip install .` < 4 min on 2 cores | {_s(inst)} | "
        f"{_yes(None if inst is None else inst < 240)} |",
    ]


def _user_tables(runs: list[Any]) -> list[str]:
    """What a user would write, then the floor: the scans beside cisd at each size."""
    tools = [r for r in runs if not r.tool.startswith("scan")]
    if not tools:
        return ["Not run."]
    lines = _runs_table(tools, "CSV")
    cisd = {r.rows: r.median for r in tools if r.tool == "cisd" and r.median}
    scans = [r for r in runs if r.tool.startswith("scan") and r.median]
    if not scans:
        return [*lines, "", "Floor: not measured (examples/scan.rs could not be built)."]
    lines += [
        "",
        "| floor | rows | CSV size | seconds (median) | runs | cisd's load + Table 2 ÷ floor | "
        "floor as a fraction of cisd's time | records counted |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in scans:
        c = cisd.get(r.rows)
        ratio = f"{c / r.median:.1f}×" if c else "–"
        fraction = f"{r.median / c:.1%}" if c else "–"
        check = "**NO**: " + r.mismatch[0] if r.mismatch else "rows + header"
        lines.append(f"| {r.tool} | {r.rows:,} | {_mb(r.file_bytes)} | {_s(r.median)} | "
                     f"{len(r.seconds)} | {ratio} | {fraction} | {check} |")
    return lines


def _goals14(runs: list[Any], growth: dict[str, Optional[float]]) -> list[str]:
    """Issue #14's goals, at the sizes this run measured."""
    def median(tool: str, kind: str, rows: int) -> Optional[float]:
        return next((r.median for r in runs if (r.tool, r.kind, r.rows) == (tool, kind, rows)), None)

    f = lambda x: "–" if x is None else f"{x:.2f}×"  # noqa: E731
    narrow = [r.rows for r in runs if r.kind == "narrow" and r.tool == "cisd"]
    n = max(narrow, default=None)
    polars = median("polars", "narrow", n) if n else None
    cisd = median("cisd", "narrow", n) if n else None
    user = polars / cisd if polars and cisd else None
    same_work = []
    for kind in ("csv", "xlsx"):
        sizes = [r.rows for r in runs if r.kind == kind and r.tool == "cisd" and r.rows >= 1_000_000]
        for rows in sizes or [max((r.rows for r in runs if r.kind == kind), default=0)]:
            base = median("cisd", kind, rows)
            for r in runs:
                if r.kind == kind and r.rows == rows and r.tool != "cisd" and r.median and base:
                    same_work.append((r.median / base, f"{r.tool} {kind.upper()} {rows:,}"))
    worst = min(same_work, default=None)
    big = [r for r in runs if r.tool == "cisd" and r.kind in ("csv", "narrow") and r.max_rss_kb]
    top = max((r.rows for r in big), default=None)
    rss = [(r.max_rss_kb * 1024 / r.file_bytes, r.kind) for r in big if r.rows == top]
    g = growth.get("cisd")
    fastest = min((r.median for r in runs if r.tool.startswith("scan") and r.rows == n and r.median),
                  default=None)
    floor = fastest / cisd if fastest and cisd else None
    return [
        "| goal (issue #14) | measured | |",
        "|---|---|---|",
        f"| narrow {n or 0:,}-row file: `cisd.load` + Table 2 at least as fast as polars' "
        f"`read_csv` + two group-bys | polars takes {f(user)} cisd's time | "
        f"{_yes(None if user is None else user >= 1)} |",
        f"| same work: every peer takes ≥ 3× cisd's time (10^6 and 10^7 rows, CSV and XLSX; "
        f"here the largest sizes run) | slowest ratio: {f(worst[0]) if worst else '–'} "
        f"({worst[1] if worst else '–'}) | {_yes(None if worst is None else worst[0] >= 3)} |",
        f"| peak RSS ≤ the CSV's size (10^7 rows; here {top or 0:,}) | "
        + (", ".join(f"{kind} {x:.2f}×" for x, kind in rss) or "–")
        + f" | {_yes(None if not rss else all(x <= 1 for x, _ in rss))} |",
        f"| time per row flat from 10^5 to 10^7 (here to the largest size run) | {f(g)} | "
        f"{_yes(None if g is None else g <= GROWTH_LIMIT)} |",
        f"| fraction of a plain single-pass scan's speed (the faster scan) that the load + Table 2 reach, narrow "
        f"{n or 0:,} rows | {'–' if floor is None else f'{floor:.1%}'} | stated |",
    ]


def render(runs: list[Any], cold: dict[str, Any], wheel: Optional[dict[str, Any]],
           install: Optional[dict[str, Any]], facts: dict[str, Any]) -> str:
    csv_runs = [r for r in runs if r.kind == "csv"]
    narrow_runs = [r for r in runs if r.kind == "narrow"]
    xlsx_runs = [r for r in runs if r.kind == "xlsx"]
    growth_lines, growth = _growth(csv_runs)
    v = facts["versions"]
    prof = cold["profile"]
    loaded = ", ".join(f"{k} {'yes' if on else 'no'}" for k, on in prof["loaded"].items())
    top = ", ".join(f"{m} {cum / 1000:.0f} ms" for m, cum in prof["top"])
    out = [
        "# Benchmarks",
        "",
        f"Written by `{facts['command']}` on {facts['date']} (seed {facts['seed']}). "
        "Do not edit by hand: rerun the command (see [benchmarks/README.md](benchmarks/README.md)).",
        "",
        "## How to read it",
        "",
        "- Every tool does the same work on the same synthetic file (`benchmarks/generate.py`): "
        "load the flat interactions file, validate it (required fields, dates and the window, "
        "officials and counterparts known, agency/rank against the officials table, rows of an "
        "event agreeing, duplicate interactions, bilaterals with one party, parents present), then "
        "Table 2 (bilateral and all), F1, F6 (2024, with GPSCFL links) and F9. Meetings are "
        "distinct events in every tool.",
        "- *seconds* is the work alone, in a fresh process per run (interpreter start and "
        "imports excluded; they are in the fresh-process rows below); the median of *runs*.",
        "- *× cisd's time* is the tool's seconds divided by cisd's at the same size: 10 means the "
        "tool took ten times as long as cisd; below 1, the tool was faster.",
        "- *peak RSS* is the process's maximum resident set (interpreter and libraries "
        "included, ~50-150 MB before any data), so *RSS / size* is only meaningful from 10^6 rows.",
        "- *same results as cisd*: every table compared value by value with cisd's (shares to 1e-9).",
        "- cisd parses CSV on one thread while another assembles and validates; polars and DuckDB use every core "
        f"({facts['cores']} here). Other jobs may share the machine: load average "
        f"{facts['load_before'][0]:.2f} before, {facts['load_after'][0]:.2f} after.",
        "",
        "## Machine",
        "",
        f"- CPU: {facts['cpu']}, {facts['cores']} logical cores; RAM {facts['ram_gib']:.1f} GiB",
        f"- OS: {facts['os']}, Linux {facts['kernel']}",
        "",
        "## Versions",
        "",
        ", ".join(f"{k} {val}" for k, val in v.items()),
        "",
        "## Goals",
        "",
        *_goals(runs, cold, install, growth),
        "",
        *_goals14(runs, growth),
        "",
        "## CSV: load + validate + Table 2 + F1 + F6 + F9",
        "",
        *_runs_table(csv_runs, "CSV"),
        "",
        "## Growth: time per row",
        "",
        *growth_lines,
        "",
        f"Linear cost keeps µs/row flat; *largest ÷ 10^5* above {GROWTH_LIMIT} means the cost grows "
        "faster than the row count (a quadratic step shows as a factor near the size ratio).",
        "",
        "## XLSX: the same work from a spreadsheet",
        "",
        "Cells are written as text, like the CSV, so the results must equal the CSV's. pandas uses "
        "`read_excel` (openpyxl), polars `read_excel` (calamine through fastexcel). DuckDB reads "
        "XLSX only through its `excel` extension, which it downloads on first use: not reachable "
        "offline, so not run. An XLSX sheet holds at most 1,048,576 rows: no 10^7 row set.",
        "",
        *(_runs_table(xlsx_runs, "XLSX") if xlsx_runs else ["Not run."]),
        "",
        "## What a user would write: Table 2 on a narrow file",
        "",
        "The same generator's rows cut to `event_id, date, official, counterpart, format` "
        "(about one event per two rows). cisd: `cisd.load(p)` (every validation rule) and "
        "`meetings_by_country(format=\"bilateral\")` and `meetings_by_country()`; pandas: "
        "`pd.read_csv(p)` and two `groupby(\"counterpart\")[\"event_id\"].nunique()`; polars: "
        "`pl.read_csv(p)` and two `group_by(\"counterpart\").agg(n_unique)`. The peers validate "
        "nothing. Imports (pyarrow's too, for cisd's tables) are outside the time; meetings per "
        "counterpart compared value by value.",
        "",
        *_user_tables(narrow_runs),
        "",
        "The floor is `examples/scan.rs` on the same file, one thread, page cache warm: the byte "
        "loop reads 1 MiB blocks and counts records and fields (quotes respected); the csv crate "
        "row reads every record into one reused `StringRecord`, as cisd's parsing thread does "
        "before it looks at any cell.",
        "",
        "## Fresh process on the bundled data",
        "",
        "| command | median | min | runs |",
        "|---|---:|---:|---:|",
        *[
            f"| `{cmd}` | {_s(cold[key]['median'])} | {_s(cold[key]['min'])} | {cold[key]['runs']} |"
            for key, cmd in (("python", "python -c pass"), ("import", "import cisd"),
                             ("table", "import cisd; ds = cisd.load(); ds.meetings_by_country()"))
        ],
        "",
        "Wall time of a new `python -c ...` process (page cache warm), interpreter start included. "
        f"`python -X importtime -c 'import cisd'` (cumulative): {top}; "
        f"loaded: {loaded}.",
        "",
        "## Wheel and install",
        "",
        (f"- `maturin build --release`: {wheel['name']}, **{_mb(wheel['bytes'])}** "
         f"(built in {_s(wheel['seconds'])}, incremental target dir)" if wheel and "error" not in wheel
         else f"- wheel: {'not built (--no-wheel/--quick)' if wheel is None else 'build failed: ' + wheel['error']}"),
        (f"- cold `pip install .` (fresh venv, `--no-cache-dir`, empty CARGO_TARGET_DIR, downloads "
         f"included): **{_s(install['seconds'])}**" if install and "error" not in install
         else "- cold `pip install .`: "
         + ("not run (pass `--install`)" if install is None else "failed: " + install["error"])),
        "",
        "## What each step gained",
        "",
        (Path(__file__).parent / "gains.md").read_text().strip(),
        "",
    ]
    return "\n".join(out)
