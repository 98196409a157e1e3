"""The benchmark harness still runs: every tool on 10^3 rows, results compared with cisd's.

Timings are not asserted (benchmarks measure ratios in one run, see BENCHMARKS.md); this only
keeps the peers' code and the generator from rotting.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_smoke_run_agrees_with_cisd(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert last.startswith("smoke:") and last.endswith(" 0 failed"), last
