"""Country names to codes, for merging other country-level tables with cisd's."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Optional, Union

from . import _core

def _is_series(names: Any, package: str) -> bool:
    # Recognised by type, so that neither pandas nor polars is imported unless the input is one.
    kind = type(names)
    return kind.__name__ == "Series" and kind.__module__.split(".")[0] == package


def _missing(name: Any) -> bool:
    return name is None or (isinstance(name, float) and math.isnan(name))


def _texts(names: Sequence[Any]) -> list[Optional[str]]:
    out: list[Optional[str]] = []
    for name in names:
        if _missing(name):
            out.append(None)
        elif isinstance(name, str):
            out.append(name)
        else:
            raise TypeError(f"cisd.codes: expected country names as str, got {name!r} ({type(name).__name__})")
    return out


def codes(names: Union[str, Sequence[Optional[str]], Any], to: str = "iso3") -> Any:
    """Translate country (or organisation) names into codes, with cisd's own name matching.

    ``to`` is ``"iso3"`` (the cisd code: ISO 3166-1 alpha-3, or an organisation's code such as
    ``"INTERPOL"``), ``"iso2"``, ``"cow"`` (Correlates of War, an int), ``"gw"``
    (Gleditsch-Ward, an int) or ``"name"`` (the short English name of ``cisd.entities()``).
    Names, aliases, codes and Chinese names are matched ignoring case, accents and punctuation
    ("Viet Nam", "Lao PDR", "Côte d’Ivoire"). A str gives one code; a list or tuple a list; a
    pandas or polars Series a Series of the same kind (pandas: same index). Missing names
    (None, NaN) stay missing; a code the entity lacks (an organisation's COW/GW/alpha-2 code) is
    None. An ambiguous name ("Congo", "Korea") or an unknown one raises ``ValueError`` naming the
    candidates or the closest known name.

    >>> import cisd
    >>> cisd.codes("Viet Nam")
    'VNM'
    >>> cisd.codes(["Lao PDR", "Timor-Leste"], to="cow")
    [812, 860]
    """
    if isinstance(names, str):
        return _core.codes([names], to)[0]
    if _is_series(names, "pandas"):
        import pandas as pd

        found = _core.codes(_texts(names.tolist()), to)
        dtype = "Int64" if to in ("cow", "gw") else object
        return pd.Series(found, index=names.index, name=names.name, dtype=dtype)
    if _is_series(names, "polars"):
        import polars as pl

        found = _core.codes(_texts(names.to_list()), to)
        return pl.Series(names.name, found, dtype=pl.Int64 if to in ("cow", "gw") else pl.Utf8)
    if isinstance(names, (list, tuple)):
        return _core.codes(_texts(names), to)
    raise TypeError(
        f"cisd.codes: expected a str, a list or tuple of str, or a pandas or polars Series; got {type(names).__name__}"
    )
