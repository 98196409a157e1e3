"""China Internal Security Diplomacy: an open, source-cited ledger and the analysis of
Greitens, Kardon & Waltz (2025), in one import.

Start here
    ``ds = cisd.load()`` loads the bundled cisd open ledger (an independent reconstruction,
    not the authors' dataset); ``cisd.load("file.xlsx", columns={...})`` loads your own file
    and ``cisd.validate(path)`` lists every problem in it.

The data
    ``ds.events``, ``ds.interactions``, ``ds.sources`` (Arrow tables; ``.to_pandas()``),
    ``cisd.entities()``, ``cisd.officials()``; ``cisd.codes(names, to="iso3")`` turns country
    names ("Viet Nam", "Lao PDR") into ISO, COW or GW codes for merging. Every table and column
    is defined in CODEBOOK.md; ``cisd.codebook()`` gives it as a table to look a column up.

The paper's analysis
    ``ds.summary()``, ``ds.meetings_by_country()``, ``ds.meetings_by_official_year()``,
    ``ds.meetings_by_month()``, ``ds.bilateral_by_region()``, ``ds.country_levels()``,
    ``ds.pacific_dialogues()``, ``ds.forum_participation()``, ... ``ds.reproduce()`` and
    ``ds.compare()`` put each published number (``cisd.published()``) next to this data's.

Figures and report
    ``cisd.plot`` draws Figures 1-9 (needs the ``plot`` extra); ``python -m cisd report``
    prints the whole reproduction (``--html out.html`` with figures).

Teaching notebooks
    ``notebooks/`` in the repository (00_quickstart to 05_reproduction; install the
    ``notebooks`` extra and run ``jupyter lab notebooks/``). Cite with ``cisd.cite()``.

>>> import cisd
>>> ds = cisd.load()
>>> ds.summary().num_rows > 0
True
"""

from typing import Any

from ._cite import cite
from ._codebook import codebook
from ._codes import codes
from ._core import DataError
from ._dataset import Dataset
from ._dataverse import fetch_dataverse
from ._load import LEDGER_VERSION, absences, entities, load, officials, validate
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
    "absences",
    "cite",
    "codebook",
    "codes",
    "entities",
    "fetch_dataverse",
    "load",
    "match",
    "officials",
    "plot",
    "published",
    "validate",
]


def __getattr__(name: str) -> Any:
    # cisd.plot after a bare `import cisd`, without importing matplotlib (or plot) before it is used.
    if name == "plot":
        import importlib

        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module 'cisd' has no attribute {name!r}")
