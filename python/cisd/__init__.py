"""China Internal Security Diplomacy: an open, source-cited ledger and the analysis of
Greitens, Kardon & Waltz (2025), in one import.

>>> import cisd
>>> ds = cisd.load()
>>> ds.summary().num_rows > 0
True
"""

from ._cite import cite
from ._core import DataError
from ._dataset import Dataset
from ._dataverse import fetch_dataverse
from ._load import LEDGER_VERSION, entities, load, officials, validate
from ._match import Match, match
from ._matrix import Matrix
from ._published import published
from ._table import Table
from ._window import GSI_ANNOUNCED, MINISTER_CHANGED, PANDEMIC, PAPER_WINDOW

__version__ = "0.1.0"

__all__ = [
    "LEDGER_VERSION",
    "DataError",
    "GSI_ANNOUNCED",
    "MINISTER_CHANGED",
    "PANDEMIC",
    "PAPER_WINDOW",
    "Dataset",
    "Match",
    "Matrix",
    "Table",
    "__version__",
    "cite",
    "entities",
    "fetch_dataverse",
    "load",
    "match",
    "officials",
    "published",
    "validate",
]
