"""What a new user meets first: the README's example, the extras, ``import cisd``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _extras() -> dict[str, list[str]]:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["optional-dependencies"]


def test_readme_example_runs_after_what_the_readme_says_to_install(tmp_path: Path) -> None:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Example")[1]
    before, code = re.match(r"(.*?)```python\n(.*?)```", section, re.S).groups()
    # The example needs pandas; the README says so before the code, naming an extra that has it.
    assert "to_pandas()" in code
    extra = re.search(r'pip install "\.\[(\w+)\]"', before).group(1)
    assert any(d.startswith("pandas") for d in _extras()[extra])
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_notebooks_extra_installs_a_jupyter_front_end() -> None:
    assert any(d.startswith("jupyterlab") for d in _extras()["notebooks"])


def test_plot_is_reachable_after_import_cisd_without_importing_matplotlib() -> None:
    code = (
        "import sys, cisd\n"
        "assert 'matplotlib' not in sys.modules and 'cisd.plot' not in sys.modules\n"
        "plot = cisd.plot\n"
        "assert 'matplotlib' not in sys.modules, 'cisd.plot imported matplotlib before drawing'\n"
        "print(sorted(plot.__all__))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "'gsi_map'" in done.stdout and "'table'" in done.stdout


def test_plot_all_names_exactly_its_public_functions() -> None:
    import inspect

    import cisd

    public = {n for n, f in inspect.getmembers(cisd.plot, inspect.isfunction)
              if not n.startswith("_") and f.__module__ == "cisd.plot"}
    assert set(cisd.plot.__all__) == public


def test_help_gives_an_overview_with_pointers() -> None:
    import pydoc

    import cisd

    text = pydoc.render_doc(cisd, renderer=pydoc.plaintext)
    for pointer in ("CODEBOOK.md", "cisd.codebook()", "notebooks/", "cisd.plot", "python -m cisd report"):
        assert pointer in text, pointer


def test_codebook_lists_every_column_of_the_tables_a_user_sees() -> None:
    import cisd

    cb = cisd.codebook()
    assert cb.column_names == ["table", "column", "type", "meaning"]
    documented = {(t, c) for t, c in zip(cb["table"].to_pylist(), cb["column"].to_pylist())}
    ds = cisd.load()
    seen = {
        "events": ds.events, "interactions": ds.interactions, "sources": ds.sources,
        "entities": cisd.entities(), "officials": cisd.officials(), "forum_members": ds.forum_members(),
        "gsi_support": ds.gsi_supporters(), "published": cisd.published(),
    }
    for table, t in seen.items():
        missing = [c for c in t.column_names if (table, c) not in documented]
        assert missing == [], f"{table}: {missing} not in CODEBOOK.md"
    # "date, format, setting" in the interactions table documents three columns.
    row = cisd.codebook("interactions").to_pylist()
    assert {"date", "format", "setting"} <= {r["column"] for r in row}
    assert next(r for r in row if r["column"] == "counterpart")["type"] == "string"


def test_codebook_names_the_valid_tables_on_a_typo() -> None:
    import pytest

    import cisd

    with pytest.raises(ValueError, match=r"valid tables: events, interactions.*did you mean 'events'"):
        cisd.codebook("event")
