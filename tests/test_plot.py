"""Every figure helper renders offline and names the data it was drawn from."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("matplotlib")

import cisd.plot  # noqa: E402


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
