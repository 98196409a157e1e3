"""Ctrl-C during a long load: the notebook gets KeyboardInterrupt within a second."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

CHILD = """
import sys, cisd
print("start", flush=True)
try:
    cisd.load(sys.argv[1])
    print("finished")
except KeyboardInterrupt:
    print("interrupted")
"""


def test_ctrl_c_stops_a_large_load_within_a_second(tmp_path: Path) -> None:
    # Three million rows (no event ids: each row is its own event) take seconds to load, so
    # the signal arrives mid-read.
    path = tmp_path / "big.csv"
    with path.open("w") as f:
        f.write("date,official,counterpart\n")
        for _ in range(30):
            f.write("2023-05-04,Wang Xiaohong,VNM\n" * 100_000)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "start"
    time.sleep(0.3)
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=60)
    elapsed = time.monotonic() - sent
    assert out.strip() == "interrupted"
    assert elapsed < 1.0, f"took {elapsed:.2f} s to stop"
