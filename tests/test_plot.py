"""Every figure helper renders offline and names the data it was drawn from."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("matplotlib")

import cisd  # noqa: E402
import cisd.plot  # noqa: E402


@pytest.fixture(scope="module")
def ledger() -> cisd.Dataset:
    return cisd.load()


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("official_years", "Annual Meeting Count by Internal Security Official"),
        ("country_levels_map", "Map of Meetings"),
        ("gsi_map", "Countries Expressing Support for GSI"),
        ("forum_participation_map", "Official Country Participation in GPSCFL"),
        ("meetings_by_month", "PRC Security Diplomacy Meetings by Month"),
        ("forum_members_map", "China's Regional Security Forums"),
        ("regions", "Regional Breakdown of Bilateral Meetings"),
    ],
)
def test_figures_render_with_title_and_source(small, name: str, title: str) -> None:
    figure = getattr(cisd.plot, name)(small)
    texts = [t.get_text() for t in figure.texts] + [ax.get_title() for ax in figure.axes]
    texts.append(figure._suptitle.get_text() if figure._suptitle else "")
    assert any(title in t for t in texts), texts
    assert any("file small.csv" in t for t in texts)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_filtered_label_names_the_filter(small) -> None:
    assert "agencies=['MPS']" in small.filter(agencies=["MPS"]).label


def test_timeline_draws_each_months_meetings_and_the_marks(small) -> None:
    figure = cisd.plot.timeline(small, start="2023-11")
    ax = figure.axes[0]
    heights = [p.get_height() for p in ax.patches if p.get_width() < 100]  # bars, not the shaded span
    # Nov 2023 (before the record: 0), Dec: B3; Jan: B4, B5; Mar: B6 (month-dated); Sep: F1, B1, B2.
    assert heights == [0, 1, 2, 0, 1, 0, 0, 0, 0, 0, 3]
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith("GSI announced") for t in texts)
    assert any(t.startswith("Wang Xiaohong minister") for t in texts)
    assert "the paper's window" in texts
    with pytest.raises(ValueError, match="expected a month YYYY-MM"):
        cisd.plot.timeline(small, start="Nov 2023")
    with pytest.raises(ValueError, match="is after end"):
        cisd.plot.timeline(small, start="2024-05", end="2024-01")


def test_before_after_bars_are_the_rates_and_names_the_periods(small) -> None:
    before, after = ("2023-12", "2024-02"), ("2024-03", "2024-09")
    figure = cisd.plot.before_after(small, before=before, after=after)
    bars = figure.axes[0]
    # Rows bottom-up (interactions first): before 4/3 and after 6/7 interactions per month,
    # counted by hand in test_periods.py.
    widths = [p.get_width() for p in bars.patches]
    assert widths[0] == pytest.approx(4 / 3) and widths[5] == pytest.approx(6 / 7)
    assert [t.get_text() for t in bars.get_yticklabels()][-1] == "meetings"
    assert any("before: Dec 2023\u2013Feb 2024 (3.0 months); after: Mar 2024\u2013Sep 2024 (7.0 months)" in t.get_text() for t in figure.texts)
    regions = cisd.plot.before_after(small, before=before, after=after, by="region", measure="countries")
    labels = [t.get_text() for t in regions.axes[0].get_yticklabels()]
    assert sorted(labels) == ["International organisation", "North America", "Russia & Eurasia", "Southeast Asia"]
    with pytest.raises(ValueError, match="measure='meeting': expected one of"):
        cisd.plot.before_after(small, before=before, after=after, by="agency", measure="meeting")


# -- projection and small states ---------------------------------------------------------
def test_equal_earth_matches_hand_computed_points() -> None:
    import math

    from cisd._world import equal_earth

    # x at (180, 0) is pi / (M * A1) with M = sqrt(3)/2, A1 = 1.340264.
    assert math.isclose(equal_earth(180.0, 0.0)[0], math.pi / (math.sqrt(3) / 2 * 1.340264), rel_tol=1e-12)
    # The pole: theta = asin(M) = pi/3; y = theta * (A1 + A2 t^2 + t^6 (A3 + A4 t^2)).
    t = math.pi / 3
    y = t * (1.340264 - 0.081106 * t**2 + t**6 * (0.000893 + 0.003796 * t**2))
    assert math.isclose(equal_earth(0.0, 90.0)[1], y, rel_tol=1e-12)
    # Shifting the central meridian to 180 puts the antimeridian in the middle.
    assert equal_earth(180.0, 10.0, 180.0)[0] == 0.0


def test_equal_earth_keeps_areas() -> None:
    from cisd._world import _ring_area, equal_earth

    def cell(lat0: float) -> float:
        # A 10 x 10 degree cell with densely sampled meridians (they are curves on the map).
        steps = [lat0 + i / 10 for i in range(101)]
        ring = [equal_earth(0.0, lat) for lat in steps] + [equal_earth(10.0, lat) for lat in reversed(steps)]
        return abs(_ring_area(ring))

    # On the sphere a cell's area is proportional to sin(north) - sin(south).
    import math

    sphere = (math.sin(math.radians(10)) - 0) / (math.sin(math.radians(70)) - math.sin(math.radians(60)))
    assert math.isclose(cell(0.0) / cell(60.0), sphere, rel_tol=1e-3)


def test_small_states_get_a_marker_large_ones_do_not() -> None:
    from cisd._world import small_states

    small = small_states()
    assert {"SLB", "NRU", "COK", "TON", "SGP", "VUT"} <= set(small)
    assert not {"FRA", "PNG", "NZL", "VNM"} & set(small)


def test_solomon_islands_nauru_and_cook_islands_are_visible_on_the_map(tmp_path) -> None:
    from matplotlib.colors import to_rgba

    from cisd._world import equal_earth, small_states

    rows = [["event_id", "date", "official", "counterpart", "source_url"]]
    rows += [[f"E{i}", "2024-05-01", "Wang Xiaohong", c, "http://example.org"] for i, c in enumerate(["SLB", "NRU", "COK"])]
    path = tmp_path / "pacific.csv"
    path.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    figure = cisd.plot.country_levels_map(cisd.load(path))
    world = figure.axes[0]
    from matplotlib.collections import PathCollection

    markers = [c for c in world.collections if isinstance(c, PathCollection)]
    points = {tuple(round(v, 6) for v in p) for c in markers for p in c.get_offsets()}
    for code in ("SLB", "NRU", "COK"):
        lon, lat = small_states()[code]
        assert tuple(round(v, 6) for v in equal_earth(lon, lat)) in points, code
    # The markers' outline contrasts with the fills: near black.
    edge = to_rgba(markers[-1].get_edgecolor()[0])
    assert max(edge[:3]) < 0.2
    # The Pacific inset repeats them, centred on the antimeridian.
    inset = world.child_axes[0]
    inset_points = [p for c in inset.collections if isinstance(c, PathCollection) for p in c.get_offsets()]
    assert len(inset_points) == 3


# -- Figure 5 ------------------------------------------------------------------------------
def test_figure5_did_not_return_differs_from_no_data_and_legend_has_no_empty_entry(small) -> None:
    from matplotlib.colors import to_rgb

    figure = cisd.plot.forum_participation_map(small)
    legend = figure.axes[0].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert not [label for label in labels if label.endswith("(0)")]
    colours = {label: to_rgb(h.get_facecolor()) for label, h in zip(labels, legend.legend_handles)}
    no_data = colours["No participation on record"]
    gone = next(c for label, c in colours.items() if label.startswith("Did not return"))
    assert sum((a - b) ** 2 for a, b in zip(gone, no_data)) ** 0.5 > 0.4
    notes = " ".join(t.get_text() for t in figure.texts)
    assert "Participation lists are incomplete" in notes


def test_participation_counts_the_sub_forums(ledger) -> None:
    # Every state named at a GPSCFL multilateral of 2024 (the forum or a sub-forum) is a 2024 participant.
    kinds = dict(zip(cisd.entities()["code"].to_pylist(), cisd.entities()["kind"].to_pylist()))
    events = [e["event_id"] for e in ledger.forum_events("GPSCFL").to_pylist()
              if e["format"] == "multilateral" and e["date"].year == 2024]
    named = {r["counterpart"] for r in ledger.interactions.to_pylist()
             if r["event_id"] in events and kinds[r["counterpart"]] == "state"}
    in_2024 = {r["counterpart"] for r in ledger.forum_participation().to_pylist() if r["status"] in ("returning", "new")}
    assert named and named <= in_2024


def test_completeness_note_counts_the_names_per_year(small) -> None:
    from cisd._reference import read_side_table

    rows = read_side_table("forum_participation.csv").to_pylist()
    n2022 = sum(1 for r in rows if r["forum"] == "GPSCFL" and r["year"] == 2022)
    text = cisd.plot.participation_completeness(small, "GPSCFL", 2022, 2024)
    assert f"{n2022} states named for 2022" in text


# -- titles and tables ---------------------------------------------------------------------
def test_a_filtered_figure_says_so_in_its_title(small) -> None:
    figure = cisd.plot.official_years(small.filter(counterparts=["VNM"]))
    assert figure._suptitle.get_text().endswith("\u2014 Vietnam only")
    figure = cisd.plot.meetings_by_month(small.filter(agencies=["CPLC"], start="2024-01-01"), 2024)
    assert figure._suptitle.get_text().endswith("\u2014 CPLC only, from 2024-01-01")
    # Figure 9 gives the period once, in its subtitle (the first and last events' dates).
    figure = cisd.plot.regions(small.filter(start="2024-01-01", end="2024-12-31"))
    texts = [figure._suptitle.get_text()] + [t.get_text() for t in figure.texts]
    assert "\u2014" not in texts[0]
    assert sum("events dated 2024-01-01 to 2024-09-10" in t for t in texts) == 1
    assert "\u2014" not in cisd.plot.official_years(small)._suptitle.get_text()


def test_table_image_has_readable_headers_yes_no_and_right_aligned_numbers(small) -> None:
    t = small.sideline_meetings().select(["parent_event_id", "ministerial"])
    t = t.append_column("meetings", __import__("pyarrow").array([3] * t.num_rows))
    figure = cisd.plot.table(t, "Sidelines")
    cells = figure.axes[0].tables[0].get_celld()
    headers = [cells[(0, c)].get_text().get_text() for c in range(3)]
    assert headers == ["Parent event ID", "Ministerial", "Meetings"]
    body = [cells[(1, c)] for c in range(3)]
    assert body[1].get_text().get_text() in ("yes", "no")
    assert body[2].get_text().get_horizontalalignment() == "right"
    assert body[0].get_text().get_horizontalalignment() == "left"
