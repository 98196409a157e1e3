"""Execute every notebook in this folder top to bottom in a fresh kernel (used by CI).

    python notebooks/run_all.py            # all *.ipynb here, in name order
    python notebooks/run_all.py 01_new_data.ipynb

Each notebook runs with nbclient (kernel ``python3``, 300 s per cell) in its own folder as the
working directory. Outputs are not written back. Exits 1 and names the notebook and the cell
on the first error in each notebook; all notebooks are tried.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

HERE = Path(__file__).resolve().parent
TIMEOUT = 300
KERNEL = "python3"


def _failing_cell(nb: nbformat.NotebookNode) -> tuple[int, str]:
    """The index and source of the last executed code cell with an error output."""
    failing = (-1, "")
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
            failing = (index, cell.source)
    return failing


def run(path: Path) -> bool:
    if not path.is_file():
        print(f"FAIL {path}: no such notebook", file=sys.stderr)
        return False
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=TIMEOUT,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.monotonic()
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        index, source = _failing_cell(nb)
        where = f"cell {index + 1} of {len(nb.cells)} (counting markdown cells)" if index >= 0 else "a cell"
        print(f"FAIL {path.name}: {where}", file=sys.stderr)
        if source:
            print("---- cell source ----\n" + source + "\n---------------------", file=sys.stderr)
        print(str(error)[-3000:], file=sys.stderr)
        return False
    print(f"ok   {path.name} ({time.monotonic() - start:.1f} s)")
    return True


def main(argv: list[str]) -> int:
    paths = [HERE / a if not Path(a).is_absolute() else Path(a) for a in argv] or sorted(HERE.glob("*.ipynb"))
    if not paths:
        print(f"no notebooks in {HERE}", file=sys.stderr)
        return 1
    failed = [p.name for p in paths if not run(p)]
    if failed:
        print(f"{len(failed)} of {len(paths)} notebook(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"all {len(paths)} notebook(s) ran")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
