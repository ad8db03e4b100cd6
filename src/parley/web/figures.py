"""Plotly figures for the pages, as JSON that the page's own script hands to the local plotly.js.

The dashboard and dyad figures are built here; the timeline uses parley.charts. A missing Plotly
gives None (the page keeps its tables) rather than an error page.
"""

from __future__ import annotations

import json
from typing import Any

QUAD_NAMES = {1: "1 verbal cooperation", 2: "2 material cooperation", 3: "3 verbal conflict",
              4: "4 material conflict"}
QUAD_COLOURS = {1: "#2c7fb8", 2: "#31a354", 3: "#fd8d3c", 4: "#d7301f"}


def _go() -> Any:
    try:
        import plotly.graph_objects as go
    except ImportError:
        return None
    return go


def script_json(fig: Any) -> str | None:
    """A figure's JSON, safe inside <script type="application/json"> (no '<', '>' or '&' left)."""
    if fig is None:
        return None
    text = fig.to_json() if hasattr(fig, "to_json") else json.dumps(fig)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _layout(fig: Any, title: str, **extra: Any) -> Any:
    extra.setdefault("height", 340)
    fig.update_layout(title=title, margin={"l": 50, "r": 20, "t": 50, "b": 40}, template="plotly_white",
                      legend={"orientation": "h", "y": -0.2}, **extra)
    return fig


def quad_over_time(volumes: list[dict[str, Any]]) -> Any:
    """Stacked bars: events per month, by QuadClass."""
    go = _go()
    if go is None or not volumes:
        return None
    periods = sorted({v["period"] for v in volumes})
    fig = go.Figure()
    for quad in (1, 2, 3, 4, None):
        counts = {v["period"]: v["events"] for v in volumes if v["quad_class"] == quad}
        if counts:
            fig.add_bar(x=periods, y=[counts.get(p, 0) for p in periods],
                        name=QUAD_NAMES.get(quad, "no QuadClass"), marker_color=QUAD_COLOURS.get(quad, "#999"))
    return _layout(fig, "Events per month by QuadClass", barmode="stack", xaxis={"type": "category"})


def top_dyads(dyads: list[dict[str, Any]]) -> Any:
    """Horizontal bars: the most frequent dyads, coloured by their mean Goldstein value."""
    go = _go()
    if go is None or not dyads:
        return None
    labels = [f"{d['source']} → {d['target']}" for d in dyads][::-1]
    fig = go.Figure(go.Bar(x=[d["events"] for d in dyads][::-1], y=labels, orientation="h",
                           marker={"color": [d["goldstein_mean"] or 0 for d in dyads][::-1],
                                   "colorscale": "RdBu", "cmin": -10, "cmax": 10, "showscale": True,
                                   "colorbar": {"title": {"text": "Goldstein"}}}))
    return _layout(fig, "Top dyads (events)", height=max(260, 28 * len(labels) + 80))


def series_figures(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """Three charts of a series: events, Goldstein sum and mean, QuadClass breakdown."""
    go = _go()
    if go is None or not rows:
        return {}
    x = [r["period"] for r in rows]
    events = _layout(go.Figure(go.Bar(x=x, y=[r["events"] for r in rows], name="events", marker_color="#555")),
                     f"{title}: events", xaxis={"type": "category"})
    gold = go.Figure()
    gold.add_bar(x=x, y=[r["goldstein_sum"] for r in rows], name="Goldstein sum", marker_color="#9ecae1")
    gold.add_scatter(x=x, y=[r["goldstein_mean"] for r in rows], name="Goldstein mean", mode="lines+markers",
                     yaxis="y2", line={"color": "#08519c"})
    _layout(gold, f"{title}: Goldstein", xaxis={"type": "category"},
            yaxis2={"overlaying": "y", "side": "right", "range": [-10, 10], "title": {"text": "mean"}})
    quad = go.Figure()
    for i in range(1, 5):
        quad.add_bar(x=x, y=[r[f"quad{i}"] for r in rows], name=QUAD_NAMES[i], marker_color=QUAD_COLOURS[i])
    _layout(quad, f"{title}: QuadClass", barmode="stack", xaxis={"type": "category"})
    return {"events": events, "goldstein": gold, "quad": quad}


def timeline(points: list[Any], title: str = "Timeline") -> Any:
    """The timeline chart from parley.charts (None when it or Plotly is unavailable)."""
    if not points or _go() is None:
        return None
    try:
        from ..charts import timeline_figure
    except ImportError:
        return None
    return timeline_figure(points, title=title)
