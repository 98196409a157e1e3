"""Runs the benchmarks of issue #5 and writes BENCHMARKS.md.

    python benchmarks/run.py                      # everything but the cold install (long: 10^7 rows)
    python benchmarks/run.py --install            # ... and a cold `pip install .` in a fresh venv
    python benchmarks/run.py --quick              # 10^3 and 10^5 rows, one run each, no wheel
    python benchmarks/run.py --smoke              # CI: 10^3 rows, cross-check, no file written
    python benchmarks/run.py --render             # rewrite BENCHMARKS.md from the last run
    python benchmarks/run.py --sizes 1e5,1e6 --tools cisd,polars
    python benchmarks/run.py --narrow-sizes 1e5,1e6   # what a user would write (issue #14)

Every (tool, size, repeat) runs in a fresh process (benchmarks/worker.py), which reports the
time of the work alone (load + validate + Table 2 + F1 + F6 + F9), its import time and its peak
RSS. The narrow file (event_id, date, official, counterpart, format) is also read the way a user
would (`tools/user*.py`: `cisd.load` + Table 2 against `read_csv` + two group-bys), beside a plain
single-pass scan of the same file (examples/scan.rs), the floor. Every tool's tables are compared value by value with cisd's; a mismatch is reported and
makes the exit status non-zero. Generated files are cached in $CISD_BENCH_DIR (default
~/.cache/cisd-bench), outside the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import report  # noqa: E402
from tools import TOOLS, USER_TOOLS  # noqa: E402
from tools.common import differences  # noqa: E402

XLSX_TOOLS = ("cisd", "pandas", "polars")  # DuckDB's excel extension needs a download


@dataclass
class Run:
    """The runs of one tool on one file."""

    tool: str
    kind: str  # "csv", "xlsx", or "narrow" (what a user would write; the scan floor)
    rows: int
    file_bytes: int
    seconds: list[float] = field(default_factory=list)
    import_seconds: list[float] = field(default_factory=list)
    max_rss_kb: int = 0
    error: Optional[str] = None
    mismatch: list[str] = field(default_factory=list)
    compared: bool = False  # results checked against cisd's (for cisd on XLSX: its CSV's)

    @property
    def median(self) -> Optional[float]:
        return statistics.median(self.seconds) if self.seconds else None


def size_list(text: str) -> list[int]:
    return [int(float(s)) for s in text.split(",") if s.strip()]


WRITERS = {"csv": generate.write_csv, "xlsx": generate.write_xlsx,
           "narrow": generate.write_narrow_csv}


def data_file(directory: Path, rows: int, seed: int, kind: str) -> Path:
    if kind == "narrow":
        path = directory / f"narrow-{rows}-seed{seed}.csv"
    else:
        path = directory / f"interactions-{rows}-seed{seed}.{kind}"
    if not path.exists():
        started = time.perf_counter()
        print(f"generating {path.name} ...", file=sys.stderr, flush=True)
        WRITERS[kind](path, rows, seed)
        print(f"  {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)
    return path


def work(tool: str, path: Path, results: Path, timeout: float, user: bool = False) -> dict[str, Any]:
    """One fresh process doing the work once (`user`: what a user would write, narrow file)."""
    cmd = [sys.executable, str(HERE / "worker.py"), tool, str(path), "--results", str(results)]
    cmd += ["--user"] if user else []
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f}s"}
    lines = done.stdout.strip().splitlines()
    if not lines:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-500:]}"}
    return json.loads(lines[-1])


def measure(tool: str, kind: str, path: Path, rows: int, repeats: int, timeout: float,
            scratch: Path) -> tuple[Run, Optional[dict[str, Any]]]:
    run = Run(tool, kind, rows, path.stat().st_size)
    results_path = scratch / f"{tool}-{kind}-{rows}.json"
    for _ in range(repeats):
        report_ = work(tool, path, results_path, timeout, user=kind == "narrow")
        if "error" in report_:
            run.error = report_["error"]
            break
        run.seconds.append(report_["seconds"])
        run.import_seconds.append(report_["import_seconds"])
        run.max_rss_kb = max(run.max_rss_kb, report_["max_rss_kb"])
        print(f"  {tool:7} {kind:4} {rows:>10,} rows  {report_['seconds']:8.3f}s  "
              f"{report_['max_rss_kb'] / 1024:7.0f} MB", file=sys.stderr, flush=True)
    results = json.loads(results_path.read_text()) if run.seconds else None
    return run, results


def repeats_for(rows: int, quick: bool, repeats: Optional[int] = None, kind: str = "csv") -> int:
    if repeats:
        return repeats
    if quick:
        return 1
    # pandas reads a 10^6-row workbook for minutes: one run keeps a full run within the hour.
    if kind == "xlsx" and rows >= 1_000_000:
        return 1
    return 5 if rows <= 100_000 else 3 if rows <= 1_000_000 else 1


def run_table(kind: str, sizes: list[int], tools: list[str], args: argparse.Namespace,
              scratch: Path) -> list[Run]:
    """Runs every tool at every size; checks every tool's results against cisd's."""
    runs: list[Run] = []
    for rows in sizes:
        path = data_file(args.dir, rows, args.seed, kind)
        reference: Optional[dict[str, Any]] = None
        for tool in tools:
            run, results = measure(tool, kind, path, rows,
                                   repeats_for(rows, args.quick, args.repeats, kind),
                                   args.timeout, scratch)
            if tool == "cisd":
                reference = results
                # Same seed, same rows: cisd must read the XLSX file as it reads the CSV.
                from_csv = scratch / f"cisd-csv-{rows}.json"
                if kind == "xlsx" and results is not None and from_csv.exists():
                    run.mismatch = differences(json.loads(from_csv.read_text()), results)
                    run.compared = True
            elif results is not None and reference is not None:
                run.mismatch = differences(reference, results)
                run.compared = True
            runs.append(run)
    return runs


def scan_binary() -> Optional[Path]:
    """Builds examples/scan.rs, the floor; None (with the reason on stderr) when it cannot."""
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    try:
        done = subprocess.run(["cargo", "build", "--release", "--example", "scan", "--quiet"],
                              cwd=REPO, capture_output=True, text=True)
    except OSError as e:
        print(f"no scan floor: {e}", file=sys.stderr)
        return None
    if done.returncode:
        print(f"no scan floor: {done.stderr.strip()[-500:]}", file=sys.stderr)
        return None
    return (REPO / target if not target.is_absolute() else target) / "release" / "examples" / "scan"


SCANS = {"bytes": "scan: byte loop", "csv": "scan: csv crate"}


def run_floor(binary: Path, sizes: list[int], args: argparse.Namespace) -> list[Run]:
    """The plain single-pass scans of each narrow file; a record count other than the rows and
    the header is reported as a mismatch."""
    runs = []
    for rows in sizes:
        path = data_file(args.dir, rows, args.seed, "narrow")
        for mode, tool in SCANS.items():
            run = Run(tool, "narrow", rows, path.stat().st_size)
            for _ in range(repeats_for(rows, args.quick, args.repeats)):
                done = subprocess.run([str(binary), str(path), mode], capture_output=True,
                                      text=True, check=True)
                out = json.loads(done.stdout)
                run.seconds.append(out["seconds"])
                if out["records"] != rows + 1:
                    run.mismatch = [f"{out['records']:,} records, expected {rows + 1:,}"]
            print(f"  {tool:16} {rows:>10,} rows  {run.median:8.3f}s", file=sys.stderr, flush=True)
            runs.append(run)
    return runs


# -- the other measurements ----------------------------------------------------------------
def fresh_process(code: str, repeats: int) -> dict[str, float]:
    """Median and min wall time of `python -c code` in a new process (file cache warm)."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return {"median": statistics.median(times), "min": min(times), "runs": repeats}


def import_profile() -> dict[str, Any]:
    """`-X importtime` for `import cisd`: the heaviest modules, and which big libraries load."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import cisd"],
                          capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[0].startswith("import time:") and parts[1].strip().isdigit():
            rows.append((parts[2].rstrip(), int(parts[0].split(":")[1]), int(parts[1])))
    cumulative = {name.strip(): cum for name, _, cum in rows}
    heavy = ("pandas", "matplotlib", "polars", "duckdb", "numpy", "pyarrow")
    named = ("cisd", "pyarrow", "pyarrow.compute", "numpy")
    return {
        "loaded": {h: h in cumulative for h in heavy},
        # (module, cumulative microseconds): what `import cisd` spends where.
        "top": [(m, cumulative[m]) for m in named if m in cumulative],
    }


def cold_rows(repeats: int) -> dict[str, Any]:
    return {
        "python": fresh_process("pass", repeats),
        "import": fresh_process("import cisd", repeats),
        "table": fresh_process("import cisd; ds = cisd.load(); ds.meetings_by_country()", repeats),
        "profile": import_profile(),
    }


def build_wheel(directory: Path) -> dict[str, Any]:
    """`maturin build --release` into the cache (its own target dir, so no lock on target/)."""
    out = directory / "wheel"
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, CARGO_TARGET_DIR=str(directory / "target-wheel"))
    maturin = shutil.which("maturin") or str(Path(sys.executable).parent / "maturin")
    started = time.perf_counter()
    done = subprocess.run([maturin, "build", "--release", "--out", str(out)], cwd=REPO, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    wheels = sorted(out.glob("*.whl"))
    if done.returncode or not wheels:
        return {"error": done.stderr.strip()[-800:]}
    return {"name": wheels[0].name, "bytes": wheels[0].stat().st_size, "seconds": seconds}


def cold_install() -> dict[str, Any]:
    """`pip install .` in a new venv with no pip cache and an empty cargo target dir."""
    with tempfile.TemporaryDirectory(prefix="cisd-install-") as tmp:
        venv, target = Path(tmp) / "venv", Path(tmp) / "target"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        env = dict(os.environ, CARGO_TARGET_DIR=str(target), PIP_NO_CACHE_DIR="1")
        started = time.perf_counter()
        done = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-cache-dir", str(REPO)],
                              env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
    if done.returncode:
        return {"error": done.stderr.strip()[-800:], "seconds": seconds}
    return {"seconds": seconds}


# -- smoke -----------------------------------------------------------------------------------
def smoke(args: argparse.Namespace) -> int:
    """10^3 rows, every tool once, CSV and XLSX: results must equal cisd's, and a broken file
    must be refused by every tool. Writes nothing but temporary files."""
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cisd-smoke-") as tmp:
        scratch = Path(tmp)
        args.dir, args.quick, args.repeats = scratch, True, 1
        runs = run_table("csv", [1000], list(TOOLS), args, scratch)
        runs += run_table("xlsx", [1000], list(XLSX_TOOLS), args, scratch)
        runs += run_table("narrow", [1000], list(USER_TOOLS), args, scratch)
        for run in runs:
            if run.error or run.mismatch:
                failures.append(f"{run.tool} {run.kind}: {run.error or run.mismatch}")
        broken = scratch / "broken.csv"
        generate.write_broken_csv(scratch / f"interactions-1000-seed{args.seed}.csv", broken)
        for tool in TOOLS:
            outcome = work(tool, broken, scratch / f"broken-{tool}.json", args.timeout)
            if "error" not in outcome:
                failures.append(f"{tool}: accepted a file with errors")
    for f in failures:
        print("FAIL", f)
    print(f"smoke: {len(runs) + len(TOOLS) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


# -- main ------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=size_list, default=size_list("1e3,1e5,1e6,1e7"))
    parser.add_argument("--xlsx-sizes", type=size_list, default=size_list("1e3,1e5,1e6"),
                        help=f"at most {generate.XLSX_MAX_ROWS:,} rows (an XLSX sheet's limit)")
    parser.add_argument("--narrow-sizes", type=size_list, default=size_list("1e5,1e6,1e7"),
                        help="what a user would write, on the narrow file")
    parser.add_argument("--tools", type=lambda s: s.split(","), default=list(TOOLS))
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--dir", type=Path,
                        default=Path(os.environ.get("CISD_BENCH_DIR", "~/.cache/cisd-bench")).expanduser())
    parser.add_argument("--repeats", type=int,
                        help="runs per (tool, size); default 5 up to 10^5 rows, 3 at 10^6, 1 above")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per run")
    parser.add_argument("--quick", action="store_true", help="10^3 and 10^5 rows, one run, no wheel")
    parser.add_argument("--smoke", action="store_true", help="CI check: 10^3 rows, no file written")
    parser.add_argument("--install", action="store_true", help="also time a cold `pip install .`")
    parser.add_argument("--no-wheel", action="store_true", help="skip `maturin build --release`")
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument("--render", action="store_true",
                        help="only rewrite BENCHMARKS.md from the last run's raw numbers")
    args = parser.parse_args()
    if args.smoke:
        return smoke(args)
    if args.render:
        last = json.loads((args.dir / "last-run.json").read_text())
        runs = [Run(**r) for r in last["runs"]]
        args.out.write_text(report.render(runs, last["cold"], last["wheel"], last["install"], last["facts"]))
        return 0
    if args.quick:
        args.sizes = [s for s in args.sizes if s <= 100_000] or size_list("1e3,1e5")
        args.xlsx_sizes = [s for s in args.xlsx_sizes if s <= 1000]
        args.narrow_sizes = [s for s in args.narrow_sizes if s <= 100_000]
        args.no_wheel = True
    unknown = [t for t in args.tools if t not in TOOLS]
    if unknown or "cisd" not in args.tools:
        parser.error(f"tools must include cisd and be among {', '.join(TOOLS)}")
    too_big = [s for s in args.xlsx_sizes if s > generate.XLSX_MAX_ROWS]
    if too_big:
        parser.error(f"XLSX sizes {too_big} exceed a sheet's {generate.XLSX_MAX_ROWS:,} rows")
    args.dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="results-", dir=args.dir))

    load_before = os.getloadavg()
    runs = run_table("csv", args.sizes, args.tools, args, scratch)
    xlsx_tools = [t for t in args.tools if t in XLSX_TOOLS]
    runs += run_table("xlsx", args.xlsx_sizes, xlsx_tools, args, scratch)
    user_tools = [t for t in args.tools if t in USER_TOOLS]
    runs += run_table("narrow", args.narrow_sizes, user_tools, args, scratch)
    binary = scan_binary() if args.narrow_sizes else None
    runs += run_floor(binary, args.narrow_sizes, args) if binary else []
    print("cold process ...", file=sys.stderr, flush=True)
    cold = cold_rows(5 if args.quick else 20)
    wheel = None if args.no_wheel else build_wheel(args.dir)
    install = cold_install() if args.install else None
    facts = report.machine() | {"load_before": load_before, "load_after": os.getloadavg(),
                                "seed": args.seed, "command": " ".join(["python", *sys.argv])}
    text = report.render(runs, cold, wheel, install, facts)
    args.out.write_text(text)
    raw = args.dir / "last-run.json"
    raw.write_text(json.dumps({"runs": [r.__dict__ for r in runs], "cold": cold, "wheel": wheel,
                               "install": install, "facts": facts}, indent=1, default=str))
    print(f"wrote {args.out} (raw numbers: {raw})", file=sys.stderr)
    mismatches = [r for r in runs if r.mismatch]
    for r in mismatches:
        print(f"MISMATCH {r.tool} {r.kind} {r.rows}: {r.mismatch}", file=sys.stderr)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
