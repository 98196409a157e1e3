"""Offline world base map for the package's choropleth figures.

The geometry is Natural Earth 1:110m admin-0 (public domain), converted once to
``cisd/data/world_110m.json``; see ``cisd/data/MAP_NOTES.md`` for the source,
the ISO3 fixes, the border choices of that layer and how small states are shown.
Maps use the Equal Earth projection (Šavrič, Patterson & Jenny 2018), an
equal-area projection with a closed form, so no projection library is needed.
Nothing here touches the network, and matplotlib is imported only when something
is drawn.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib.resources import files
from typing import Any, Mapping

__all__ = ["SMALL_KM2", "draw_world", "equal_earth", "small_states", "world_codes"]

#: Latitudes shown by :func:`draw_world` (Antarctica is left out).
_LAT = (-58.0, 84.0)

#: A coloured state whose polygons cover less than this (km²) also gets a marker.
SMALL_KM2 = 30_000.0

# Equal Earth coefficients (Šavrič, Patterson & Jenny 2018, eq. 1-2).
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_EARTH_KM2 = 510_072_000.0

#: The Pacific inset: longitudes (east of 0 to 360), latitudes.
_PACIFIC = ((130.0, 210.0), (-25.0, 15.0))


def equal_earth(lon: float, lat: float, central: float = 0.0) -> tuple[float, float]:
    """Equal Earth coordinates (unit sphere) of a point in degrees, for ``central`` meridian.

    >>> from cisd._world import equal_earth
    >>> equal_earth(0.0, 0.0)
    (0.0, 0.0)
    >>> x, y = equal_earth(180.0, 0.0)
    >>> round(x, 4)
    2.7066
    """
    lam = math.radians((lon - central + 180.0) % 360.0 - 180.0 if central else lon)
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


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


def _ring_area(ring: list[tuple[float, float]]) -> float:
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))


def _centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    area = _ring_area(ring)
    if not area:
        return ring[0]
    pairs = list(zip(ring, ring[1:] + ring[:1]))
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    return cx, cy


@lru_cache(maxsize=1)
def _projected() -> dict[str, list[list[tuple[float, float]]]]:
    """Each country's rings in Equal Earth coordinates."""
    return {
        c["iso3"]: [[equal_earth(lon, lat) for lon, lat in ring] for ring in c["rings"]]
        for c in _load()["countries"]
    }


@lru_cache(maxsize=1)
def small_states() -> dict[str, tuple[float, float]]:
    """Every state the map shows smaller than :data:`SMALL_KM2`, with its marker's position
    (lon, lat): the centroid of its largest polygon, or its capital when it has no polygon.

    >>> from cisd._world import small_states
    >>> {"SLB", "NRU", "COK", "TON"} <= set(small_states())
    True
    """
    sphere = 4 * math.pi  # the unit sphere's area, kept by an equal-area projection
    out: dict[str, tuple[float, float]] = {}
    for country in _load()["countries"]:
        rings = _projected()[country["iso3"]]
        # Outer rings are clockwise (negative area), holes anticlockwise: the sum is the land.
        km2 = abs(sum(_ring_area(r) for r in rings)) / sphere * _EARTH_KM2
        if km2 < SMALL_KM2:
            largest = max(country["rings"], key=lambda r: abs(_ring_area([tuple(p) for p in r])))
            out[country["iso3"]] = _centroid([tuple(p) for p in largest])
    for point in _load()["points"]:
        out.setdefault(point["iso3"], (point["lon"], point["lat"]))
    return out


def _draw(ax: Any, colors: Mapping[str, str], default: str, edge: str, marker_size: float, central: float,
          window: tuple[tuple[float, float], tuple[float, float]]) -> None:
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    (west, east), (south, north) = window

    def inside(lon: float, lat: float) -> bool:
        return west <= (lon % 360.0 if central else lon) <= east and south <= lat <= north

    patches, faces = [], []
    for country in _load()["countries"]:
        rings = country["rings"]
        if central:
            # Only the rings of the inset's region: others would wrap across the seam.
            rings = [r for r in rings if all(west - 5 <= lon % 360.0 <= east + 5 for lon, _ in r)]
            rings = [[equal_earth(lon, lat, central) for lon, lat in r] for r in rings]
        else:
            rings = _projected()[country["iso3"]]
        verts: list[tuple[float, float]] = []
        codes: list[int] = []
        for ring in rings:
            # Rings keep the shapefile orientation (outer clockwise, holes anticlockwise),
            # so a compound path renders holes correctly.
            verts.extend(ring)
            codes += [Path.MOVETO] + [Path.LINETO] * (len(ring) - 2) + [Path.CLOSEPOLY]
        if verts:
            patches.append(PathPatch(Path(verts, codes)))
            faces.append(colors.get(country["iso3"], default))
    ax.add_collection(PatchCollection(patches, facecolors=faces, edgecolors=edge, linewidths=0.3, zorder=1))

    marked = [(code, lon, lat) for code, (lon, lat) in small_states().items() if code in colors and inside(lon, lat)]
    if marked:
        xy = [equal_earth(lon, lat, central) for _, lon, lat in marked]
        ax.scatter([p[0] for p in xy], [p[1] for p in xy], s=marker_size, c=[colors[c] for c, _, _ in marked],
                   marker="o", edgecolors="#1a1a1a", linewidths=0.9, zorder=3)
    corners = [equal_earth(lon, lat, central) for lon in (west, (west + east) / 2, east) for lat in (south, 0.0, north)
               if south <= lat <= north]
    ax.set_xlim(min(x for x, _ in corners), max(x for x, _ in corners))
    ax.set_ylim(equal_earth(0.0, south)[1], equal_earth(0.0, north)[1])
    ax.set_aspect("equal")


def draw_world(
    ax: Any,
    colors: Mapping[str, str],
    *,
    default: str = "#e6e6e6",
    edge: str = "white",
    marker_size: float = 30.0,
    pacific_inset: bool = True,
) -> None:
    """Draw the world map on a matplotlib ``Axes``, in the Equal Earth projection.

    Every country polygon is filled with ``colors.get(iso3, default)``. A coloured state
    smaller than :data:`SMALL_KM2` (Singapore, Tonga, the Solomon Islands, Nauru, ...) also
    gets a circle marker with a dark outline (see :func:`small_states`). The Pacific, which the
    map's edge splits, is repeated in an inset at the lower left (``pacific_inset``).

    Parameters
    ----------
    ax:
        A matplotlib ``Axes`` (plain, no projection needed).
    colors:
        ISO3 code -> any matplotlib colour. Codes the map does not know are
        ignored; see :func:`world_codes`.
    default:
        Fill of countries not in ``colors``.
    edge:
        Colour of country borders.
    marker_size:
        Area (points^2, as in ``Axes.scatter``) of the small-state markers.
    """
    from matplotlib.patches import Polygon

    # The globe's outline, so the ocean reads as part of the map.
    outline = [equal_earth(180.0, lat) for lat in range(int(_LAT[0]), int(_LAT[1]) + 1)]
    outline += [equal_earth(-180.0, lat) for lat in range(int(_LAT[1]), int(_LAT[0]) - 1, -1)]
    ax.add_patch(Polygon(outline, closed=True, facecolor="#f4f8fb", edgecolor="#b0b0b0", linewidth=0.5, zorder=0))
    _draw(ax, colors, default, edge, marker_size, 0.0, ((-180.0, 180.0), _LAT))
    ax.set_axis_off()
    if pacific_inset:
        inset = ax.inset_axes((0.0, 0.0, 0.27, 0.4))
        _draw(inset, colors, default, edge, marker_size * 1.2, 180.0, _PACIFIC)
        inset.set_facecolor("#f4f8fb")
        inset.set_xticks([])
        inset.set_yticks([])
        for spine in inset.spines.values():
            spine.set_edgecolor("#666666")
            spine.set_linewidth(0.6)
        inset.set_title("Pacific Islands", fontsize=7, pad=2)
