"""The data reaches pandas, polars and DuckDB through Arrow, and the stubs match the module."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

import cisd


def test_pandas(small) -> None:
    df = small.interactions.to_pandas()
    assert len(df) == 10
    assert df.groupby("agency")["event_id"].nunique().to_dict() == {"CPLC": 2, "MPS": 5, "MSS": 1}


def test_polars_reads_dataset_directly(small) -> None:
    pl = pytest.importorskip("polars")
    df = pl.DataFrame(small)
    assert df.height == 10
    assert df.filter(pl.col("counterpart") == "RUS")["event_id"].n_unique() == 3


def test_duckdb_reads_dataset(small) -> None:
    duckdb = pytest.importorskip("duckdb")
    ds = small  # noqa: F841 - DuckDB finds it by name through __arrow_c_stream__
    got = duckdb.sql("select count(distinct event_id) from ds where format = 'bilateral'").fetchall()
    assert got == [(6,)]


def test_queries_from_threads_match_serial(small) -> None:
    serial = [small.meetings_by_country().to_pylist(), small.bilateral_by_region().to_pylist()]
    results: list[list] = []

    def work() -> None:
        for _ in range(20):
            results.append([small.meetings_by_country().to_pylist(), small.bilateral_by_region().to_pylist()])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 80
    assert all(r == serial for r in results)


def test_stubs_match_compiled_module() -> None:
    pytest.importorskip("mypy")
    run = subprocess.run([sys.executable, "-m", "mypy.stubtest", "cisd._core"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def _modules_after(code: str, names: list[str]) -> list[bool]:
    probe = f"import sys; {code}; print(*[n in sys.modules for n in {names!r}])"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return [word == "True" for word in out.split()]


def test_import_is_light() -> None:
    heavy = ["pandas", "matplotlib", "pyarrow", "numpy", "urllib.request"]
    assert _modules_after("import cisd", heavy) == [False] * len(heavy)


def test_first_table_needs_pyarrow_but_not_pandas() -> None:
    code = "import cisd; cisd.load().meetings_by_country()"
    assert _modules_after(code, ["pyarrow", "pandas"]) == [True, False]


def test_docstring_examples_run() -> None:
    import doctest
    import importlib

    for name in ["cisd", "cisd._load", "cisd._dataset", "cisd._cite", "cisd._published", "cisd._dataverse"]:
        result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, name
