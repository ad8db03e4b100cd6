"""Charts of series, networks and maps; the map HTML loads nothing from the internet."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from parley.analysis.geo import event_places
from parley.analysis.network import network
from parley.analysis.series import series
from parley.charts.map import equal_earth, map_figure
from parley.charts.network import network_figure
from parley.charts.output import html_text, png_bytes
from parley.charts.series import series_figure, series_title

REMOTE = re.compile(r"^\s*(https?:)?//", re.I)


class _Links(HTMLParser):
    """Every src/href attribute of the page's tags (inline script text is not tags)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links.extend(v for k, v in attrs if k in ("src", "href", "data", "srcset") and v)


def assert_offline(fig, html: str) -> None:
    # only cartesian traces: no geo or map subplot, which would fetch outlines or tiles from a CDN
    assert {trace.type for trace in fig.data} == {"scatter"}
    parser = _Links()
    parser.feed(html)
    assert not [link for link in parser.links if REMOTE.match(link)], parser.links
    assert "<script src" not in html.lower()
    calls = html.split("Plotly.newPlot(")[1:]
    assert calls, "no plot in the page"
    for call in calls:  # the page's own plot call sets no remote topojson
        assert not re.search(r'"topojsonURL"\s*:\s*"https?:', call)


def test_series_figure_has_quad_bars_and_goldstein_line(store_path):
    frame = series(store_path, dyad="IRN-USA", by="year", directed=False)
    fig = series_figure(frame)
    assert [t.name for t in fig.data] == ["Verbal cooperation", "Material cooperation", "Verbal conflict",
                                          "Material conflict", "Mean Goldstein"]
    assert list(fig.data[3].x) == list(frame["period"])
    assert "IRN \u2194 USA" in series_title(frame)


def test_network_figure_has_one_arrow_per_edge(store_path):
    nodes, edges = network(store_path)
    fig = network_figure(nodes, edges)
    assert len(fig.layout.annotations) == len(edges)
    assert set(fig.data[-1].text) == set(nodes["label"])
    assert_offline(fig, html_text(fig))


def test_map_places_have_coordinates_from_the_gazetteer(store_path):
    places = event_places(store_path)
    by_name = {p: (lat, lon) for p, lat, lon in zip(places["place"], places["lat"], places["lon"], strict=True)}
    assert by_name["Geneva"][0] == pytest.approx(46.2, abs=0.1)
    assert "Scarborough Shoal" in by_name and "Tehran" in by_name
    assert places.attrs["unplaced"] == 3  # three events have no place name at all


def test_map_html_is_self_contained_and_offline(store_path):
    fig = map_figure(event_places(store_path))
    assert len(fig.data) == 3  # globe, countries, events
    assert len([x for x in fig.data[1].x if x is not None]) > 5000  # outlines are really there
    assert_offline(fig, html_text(fig))


def test_equal_earth_projection_is_symmetric_and_bounded():
    x, y = equal_earth(180, 90)
    assert equal_earth(-180, -90) == pytest.approx((-x, -y))
    assert equal_earth(0, 0) == pytest.approx((0.0, 0.0))
    assert equal_earth(180, 0)[0] == pytest.approx(2.7066, abs=1e-3)  # half the equator
    assert y == pytest.approx(1.3174, abs=1e-3) and 0 < x < 2.7  # the pole is a shorter line


@pytest.mark.slow
def test_map_png_renders_without_network(store_path):
    pytest.importorskip("kaleido")
    data = png_bytes(map_figure(event_places(store_path)), width=800, height=450)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
