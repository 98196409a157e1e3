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
