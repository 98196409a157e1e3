"""pyarrow, imported on first use, so that ``import cisd`` stays fast.

pyarrow and numpy take longer to import than all of cisd; a notebook that only imports cisd
(or runs ``python -m cisd --help``) should not pay for them.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any


class _Deferred:
    """Stands for a module and imports it when an attribute is first read."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        module: ModuleType = importlib.import_module(self._name)
        return getattr(module, attribute)


if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv
else:
    pa = _Deferred("pyarrow")
    pc = _Deferred("pyarrow.compute")
    pacsv = _Deferred("pyarrow.csv")


def table(stream: Any) -> pa.Table:
    """A pyarrow Table from an object with ``__arrow_c_stream__``.

    ``pa.table`` first asks whether its argument is a pandas DataFrame, which imports pandas
    (a quarter of a second) even when pandas is never used; reading the stream directly does not.
    """
    return pa.RecordBatchReader.from_stream(stream).read_all()
