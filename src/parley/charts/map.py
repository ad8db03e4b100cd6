"""World map of events, drawn entirely offline: Natural Earth outlines as plain Plotly shapes.

plotly.js's geo maps fetch their outlines from a CDN, so this map does not use them: country
outlines from `parley.places.outlines` are projected here (Equal Earth, an equal-area world
projection) and drawn as filled traces on ordinary axes. The HTML embeds plotly.js and the
outlines; the PNG renders through kaleido without a network.
"""

from __future__ import annotations

import math
from typing import Any

from ..errors import ParleyError
from .output import require_plotly

# Equal Earth projection constants (Šavrič, Patterson and Jenny, 2018).
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Project (lon, lat) in degrees to Equal Earth plane coordinates."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * math.cos(theta) / (3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def _path(points: Any) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for lon, lat in points:
        x, y = equal_earth(lon, lat)
        xs.append(x)
        ys.append(y)
    return xs, ys


def _outline_traces(go: Any) -> list[Any]:
    """The globe's edge and every country as filled grey shapes (no countries when unavailable)."""
    edge = [(-180.0, lat) for lat in range(-90, 91, 5)] + [(180.0, lat) for lat in range(90, -91, -5)]
    ex, ey = _path(edge + edge[:1])
    traces = [go.Scatter(x=ex, y=ey, mode="lines", fill="toself", fillcolor="#EAF2F8",
                         line={"color": "#9DB4C8", "width": 1}, hoverinfo="skip", showlegend=False)]
    try:
        from ..places.outlines import countries

        shapes = countries()
    except ParleyError:
        return traces
    xs: list[float | None] = []
    ys: list[float | None] = []
    for country in shapes:
        for ring in country.rings:
            rx, ry = _path(ring)
            xs.extend([*rx, None])
            ys.extend([*ry, None])
    traces.append(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor="#D9D9D9",
                             line={"color": "#FFFFFF", "width": 0.6}, hoverinfo="skip",
                             showlegend=False, connectgaps=False))
    return traces


def map_figure(places: Any, title: str | None = None) -> Any:
    """A Plotly world map: one circle per place, area by event count, colour by mean Goldstein."""
    go = require_plotly()
    fig = go.Figure(_outline_traces(go))
    if len(places):
        xy = [equal_earth(lon, lat) for lon, lat in zip(places["lon"], places["lat"], strict=True)]
        top = max(int(v) for v in places["events"])
        gold = [0.0 if v is None or v != v else float(v) for v in places["goldstein_mean"]]
        labels = [f"{p} ({c})" if isinstance(c, str) and c else str(p)
                  for p, c in zip(places["place"], places["country"], strict=True)]
        fig.add_trace(go.Scatter(
            x=[p[0] for p in xy], y=[p[1] for p in xy], mode="markers", text=labels,
            marker={"size": [8 + 30 * math.sqrt(int(n) / top) for n in places["events"]],
                    "color": gold, "cmin": -10, "cmax": 10,
                    "colorscale": [[0.0, "#B2182B"], [0.5, "#F7F7F7"], [1.0, "#2166AC"]],
                    "colorbar": {"title": {"text": "Mean<br>Goldstein"}, "thickness": 12, "len": 0.6},
                    "line": {"color": "#333333", "width": 0.8}, "opacity": 0.85,
                    "symbol": ["circle" if p == "place" else "circle-open-dot" for p in places["precision"]]},
            customdata=list(zip(places["events"], gold, places["precision"], strict=True)),
            hovertemplate="%{text}<br>%{customdata[0]} events, mean Goldstein %{customdata[1]:.2f}"
                          "<br>located by %{customdata[2]}<extra></extra>",
            showlegend=False))
    total = int(places["events"].sum()) if len(places) else 0
    fig.update_layout(
        template="simple_white", height=620, plot_bgcolor="white",
        title={"text": title or f"Where the events took place ({total} events)", "x": 0.01},
        xaxis={"visible": False, "range": [-2.85, 2.85]},
        yaxis={"visible": False, "scaleanchor": "x", "range": [-1.4, 1.4]},
        margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return fig
