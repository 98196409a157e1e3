"""Runs one tool on one file in this (fresh) process and prints one JSON line.

    python benchmarks/worker.py TOOL PATH [--results OUT.json] [--user]

Reports `import_seconds` (importing the tool's module and its library), `seconds` (the work:
load + validate + tables, as `run(path)`), and `max_rss_kb` (this process's peak resident set,
interpreter included). The results themselves go to OUT.json for the cross-check, written after
the clock stops. With `--user`, TOOL names one of `USER_TOOLS` (what a user would write on the
narrow file) instead of the same work.
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tools import TOOLS, USER_TOOLS  # noqa: E402
from tools.common import DataError  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("tool", choices=sorted(TOOLS))
    parser.add_argument("path", type=Path)
    parser.add_argument("--results", type=Path)
    parser.add_argument("--user", action="store_true", help="the narrow-file comparison")
    args = parser.parse_args()
    started = time.perf_counter()
    module = importlib.import_module((USER_TOOLS if args.user else TOOLS)[args.tool])
    imported = time.perf_counter()
    report: dict[str, object] = {"tool": args.tool, "import_seconds": imported - started}
    try:
        results = module.run(args.path)
        report["seconds"] = time.perf_counter() - imported
    except (DataError, NotImplementedError) as e:
        report["error"] = f"{type(e).__name__}: {e}"
        results = None
    except Exception as e:  # cisd.DataError and friends: report, do not hide
        report["error"] = f"{type(e).__name__}: {str(e)[:500]}"
        results = None
    report["max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if results is not None and args.results:
        args.results.write_text(json.dumps(results))
    print(json.dumps(report))
    return 0 if results is not None else 1


if __name__ == "__main__":
    sys.exit(main())
