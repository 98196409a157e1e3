"""Where the bundled data lives."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def data_dir() -> Path:
    """The folder of the bundled ledger and reference tables."""
    return Path(str(files("cisd") / "data"))
