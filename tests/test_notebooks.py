"""Every teaching notebook runs top to bottom in a fresh kernel with the network blocked, its
folded answers included."""

from __future__ import annotations

import os
import re
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


ANSWER = re.compile(r"<details>.*?```python\n(.*?)```.*?</details>", re.S)


def unfold_answers(notebook):
    """The notebook with each folded answer's code as a code cell after its markdown cell, so the
    answers run too."""
    nbformat = pytest.importorskip("nbformat")
    cells = []
    for cell in notebook.cells:
        cells.append(cell)
        if cell.cell_type == "markdown":
            cells += [nbformat.v4.new_code_cell(code) for code in ANSWER.findall(cell.source)]
    notebook.cells = cells
    return notebook


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_exercises_come_first_with_answers_folded(path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    cells = nbformat.read(path, as_version=4).cells
    exercises = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith("## Exercises")]
    if not exercises:
        pytest.skip(f"{path.name} has no exercises")
    after = cells[exercises[0]:]
    # Every answer is a collapsed <details> block; no code cell after the exercises gives one away.
    assert [c for c in after if c.cell_type == "code"] == []
    assert any("<details>" in c.source for c in after)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_use_the_packages_helpers(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "def compare(" not in text and "def claims(" not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_offline(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    (tmp_path / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = unfold_answers(nbformat.read(path, as_version=4))
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()


def test_there_are_notebooks() -> None:
    names = {p.name for p in NOTEBOOKS}
    assert "00_quickstart.ipynb" in names
    assert len(names) >= 6
