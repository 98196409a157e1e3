"""Offline world base map for the package's choropleth figures.

The geometry is Natural Earth 1:110m admin-0 (public domain), converted once to
``cisd/data/world_110m.json``; see ``cisd/data/MAP_NOTES.md`` for the source,
the ISO3 fixes and the border choices of that layer.  Nothing here touches the
network, and matplotlib is imported only when something is drawn.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any, Mapping

__all__ = ["draw_world", "world_codes"]

#: Plot window: longitudes and latitudes shown by :func:`draw_world`.
_XLIM = (-180.0, 180.0)
_YLIM = (-60.0, 85.0)


@lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    """Read ``cisd/data/world_110m.json`` once and cache the parsed dict."""
    text = (files("cisd") / "data" / "world_110m.json").read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _polygon_codes() -> frozenset[str]:
    """ISO3 codes drawn as polygons."""
    return frozenset(c["iso3"] for c in _load()["countries"])


def world_codes() -> frozenset[str]:
    """Return every ISO3 code :func:`draw_world` can show (polygon or point marker)."""
    return _polygon_codes() | frozenset(p["iso3"] for p in _load()["points"])


def draw_world(
    ax: Any,
    colors: Mapping[str, str],
    *,
    default: str = "#e6e6e6",
    edge: str = "white",
    marker_size: float = 28.0,
) -> None:
    """Draw the world map on a matplotlib ``Axes``.

    Every country polygon is filled with ``colors.get(iso3, default)``.  States
    too small for the 1:110m layer (e.g. Singapore, Tonga, Malta) are drawn as
    circle markers at their capital, but only if their ISO3 code is a key of
    ``colors``.  The axes get an equal aspect, longitudes -180..180, latitudes
    -60..85, and are hidden.

    Parameters
    ----------
    ax:
        A matplotlib ``Axes`` (plain lon/lat, no projection needed).
    colors:
        ISO3 code -> any matplotlib colour.  Codes the map does not know are
        ignored; see :func:`world_codes`.
    default:
        Fill of countries not in ``colors``.
    edge:
        Colour of country borders.
    marker_size:
        Area (points^2, as in ``Axes.scatter``) of the small-state markers.
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    data = _load()
    patches = []
    faces = []
    for country in data["countries"]:
        verts: list[list[float]] = []
        codes: list[int] = []
        for ring in country["rings"]:
            # Rings keep the shapefile orientation (outer clockwise, holes
            # anticlockwise), so a compound path renders holes correctly.
            verts.extend(ring)
            codes.append(Path.MOVETO)
            codes.extend([Path.LINETO] * (len(ring) - 2))
            codes.append(Path.CLOSEPOLY)
        if not verts:
            continue
        patches.append(PathPatch(Path(verts, codes)))
        faces.append(colors.get(country["iso3"], default))
    ax.add_collection(
        PatchCollection(
            patches,
            facecolors=faces,
            edgecolors=edge,
            linewidths=0.3,
            zorder=1,
        )
    )

    polys = _polygon_codes()
    pts = [p for p in data["points"] if p["iso3"] in colors and p["iso3"] not in polys]
    if pts:
        ax.scatter(
            [p["lon"] for p in pts],
            [p["lat"] for p in pts],
            s=marker_size,
            c=[colors[p["iso3"]] for p in pts],
            marker="o",
            edgecolors="#333333",
            linewidths=0.5,
            zorder=3,
        )

    ax.set_xlim(*_XLIM)
    ax.set_ylim(*_YLIM)
    ax.set_aspect("equal")
    ax.set_axis_off()
