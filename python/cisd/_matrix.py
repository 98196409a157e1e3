"""The dense count matrix returned by ``Dataset.matrix``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


class Matrix:
    """A dense 2-D count matrix: ``values`` (numpy int64, rows x columns), ``rows`` and
    ``columns`` (labels). ``np.asarray(m)`` gives ``values``; ``m.to_pandas()`` a labelled frame.

    >>> import cisd, numpy as np
    >>> m = cisd.load().matrix(index="agency", columns="year")
    >>> np.asarray(m).shape == (len(m.rows), len(m.columns))
    True
    """

    def __init__(self, values: np.ndarray, rows: list[str], columns: list[str], *, index: str, value: str) -> None:
        self.values = values
        self.rows = rows
        self.columns = columns
        self.index = index
        self.value = value

    def __array__(self, dtype: Any = None, copy: Optional[bool] = None) -> np.ndarray:
        if dtype is None or dtype == self.values.dtype:
            return self.values.copy() if copy else self.values
        return self.values.astype(dtype)

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return (len(self.rows), len(self.columns))

    def to_pandas(self) -> pd.DataFrame:
        """A pandas DataFrame with the row labels as index and the column labels as columns."""
        import pandas as pd

        return pd.DataFrame(self.values, index=pd.Index(self.rows, name=self.index), columns=self.columns)

    def __repr__(self) -> str:
        return (
            f"<cisd.Matrix {self.value} per {self.index}: {self.shape[0]} rows x {self.shape[1]} "
            f"columns, total {int(self.values.sum())}>"
        )
