"""Every teaching notebook runs top to bottom in a fresh kernel with the network blocked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))

# Loaded by the kernel's interpreter at start-up (via PYTHONPATH): refuses every connection
# that is not loopback, so a notebook that needs the internet fails here.
BLOCKER = '''
import socket
_connect = socket.socket.connect
def _guarded(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if self.family != socket.AF_UNIX and host not in ("127.0.0.1", "localhost", "::1"):
        raise OSError("network blocked while testing notebooks: %r" % (address,))
    return _connect(self, address)
socket.socket.connect = _guarded
'''


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_offline(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    (tmp_path / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()


def test_there_are_notebooks() -> None:
    names = {p.name for p in NOTEBOOKS}
    assert "00_quickstart.ipynb" in names
    assert len(names) >= 6
