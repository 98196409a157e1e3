"""Shared fixtures. No test reaches the network: only loopback connections are allowed."""

from __future__ import annotations

import csv
import os
import socket
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: few examples in CI, many on demand (HYPOTHESIS_PROFILE=long python -m pytest).
# No deadline: a load crosses into Rust and its time varies with the machine, not the input.
settings.register_profile("ci", max_examples=25, deadline=None)
settings.register_profile("long", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "localhost", "::1") and self.family != socket.AF_UNIX:
            raise OSError(f"network blocked in tests: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def small_path() -> Path:
    return FIXTURES / "small.csv"


@pytest.fixture
def small(small_path: Path):
    import cisd

    return cisd.load(small_path)


def write_rows(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    """Writes rows (the first is the header) as delimited text."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


def assert_csv_round_trip(ds, out: Path) -> None:
    """Writes `ds` in the flat layout to `out` and checks it loads back identical."""
    import cisd

    ds.to_csv(out)
    again = cisd.load(out)
    assert again.events.equals(ds.events)
    assert again.interactions.equals(ds.interactions)
    assert again.sources.select(["event_id", "url"]).equals(ds.sources.select(["event_id", "url"]))
