"""How to cite the paper, the authors' dataset and the bundled ledger."""

from __future__ import annotations

_PLAIN = """\
Paper: Greitens, Sheena Chestnut, Isaac B. Kardon, and Cameron Waltz. 2025. "A New World Cop on
the Beat? China's Internal Security Diplomacy." Carnegie Endowment for International Peace, July 2025.

Authors' dataset: Greitens, Kardon, and Waltz. 2025. "China Internal Security Diplomacy Dataset",
version 1.0, 2025-07-21. Harvard Dataverse. doi:10.7910/DVN/DBZIUW.

Bundled data: cisd open ledger, version {version}: an independent, source-cited reconstruction
from public readouts, shipped with the cisd Python package;
NOT the authors' dataset.
"""

_BIBTEX = """\
@techreport{{greitens2025worldcop,
  author      = {{Greitens, Sheena Chestnut and Kardon, Isaac B. and Waltz, Cameron}},
  title       = {{A New World Cop on the Beat? China's Internal Security Diplomacy}},
  institution = {{Carnegie Endowment for International Peace}},
  year        = {{2025}},
  month       = jul
}}
@misc{{greitens2025dataset,
  author    = {{Greitens, Sheena Chestnut and Kardon, Isaac B. and Waltz, Cameron}},
  title     = {{China Internal Security Diplomacy Dataset}},
  version   = {{1.0}},
  publisher = {{Harvard Dataverse}},
  year      = {{2025}},
  doi       = {{10.7910/DVN/DBZIUW}}
}}
@misc{{cisd_ledger,
  title  = {{cisd open ledger: a source-cited reconstruction of China's internal security diplomacy, June 2022--May 2025}},
  note   = {{Independent reconstruction, not the authors' dataset. Version {version}}},
  year   = {{2026}}
}}
"""


def cite(style: str = "plain") -> str:
    """Citations for the paper, the authors' Dataverse dataset and the bundled ledger.

    ``style`` is ``plain`` or ``bibtex``.

    >>> import cisd
    >>> "doi:10.7910/DVN/DBZIUW" in cisd.cite()
    True
    """
    from ._load import LEDGER_VERSION

    if style == "plain":
        return _PLAIN.format(version=LEDGER_VERSION)
    if style == "bibtex":
        return _BIBTEX.format(version=LEDGER_VERSION)
    raise ValueError(f"style={style!r}: expected 'plain' or 'bibtex'")
