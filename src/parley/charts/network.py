"""Chart of the actor network: nodes sized by activity, arrows coloured by mean Goldstein.

Takes the (nodes, edges) frames of `parley.analysis.network.network`; lays the graph out with
networkx's spring layout (seeded, so the same data gives the same picture).
"""

from __future__ import annotations

import math
from typing import Any

from .output import require_plotly


def _colour(value: float | None) -> str:
    """A hex colour for one edge: red for conflict, grey for neutral, blue for cooperation."""
    if value is None or value != value:
        return "#BBBBBB"
    t = (max(-10.0, min(10.0, float(value))) + 10) / 20
    lo, hi = ((178, 24, 43), (187, 187, 187)) if t < 0.5 else ((187, 187, 187), (33, 102, 172))
    f = t / 0.5 if t < 0.5 else (t - 0.5) / 0.5
    return "#" + "".join(f"{round(a + (b - a) * f):02x}" for a, b in zip(lo, hi, strict=True))


def layout(nodes: Any, edges: Any, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions from a seeded spring layout (a circle when networkx is absent)."""
    ids = list(nodes["id"])
    try:
        import networkx as nx
    except ImportError:
        n = max(len(ids), 1)
        return {i: (math.cos(2 * math.pi * k / n), math.sin(2 * math.pi * k / n)) for k, i in enumerate(ids)}
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_weighted_edges_from(
        (s, t, float(n)) for s, t, n in zip(edges["source"], edges["target"], edges["events"], strict=True))
    pos = nx.spring_layout(graph, seed=seed, k=1.5 / math.sqrt(max(len(ids), 1)))
    return {k: (float(v[0]), float(v[1])) for k, v in pos.items()}


def network_figure(nodes: Any, edges: Any, title: str | None = None) -> Any:
    """A Plotly figure of the directed actor graph with hover details on nodes and edges."""
    go = require_plotly()
    pos = layout(nodes, edges)
    fig = go.Figure()
    top = max([int(v) for v in edges["events"]] or [1])
    for row in edges.to_dict("records"):
        (x0, y0), (x1, y1) = pos[row["source"]], pos[row["target"]]
        colour = _colour(row["goldstein_mean"])
        fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=2, arrowsize=0.8, standoff=10, startstandoff=8,
                           arrowwidth=1.2 + 3 * row["events"] / top, arrowcolor=colour, opacity=0.85)
        fig.add_trace(go.Scatter(
            x=[(x0 + x1) / 2], y=[(y0 + y1) / 2], mode="markers",
            marker={"size": 9, "color": colour, "opacity": 0.01}, showlegend=False,
            hovertemplate=f"{row['source']} \u2192 {row['target']}<br>{row['events']} events, "
                          f"mean Goldstein {row['goldstein_mean']}<extra></extra>"))
    sizes = [10 + 6 * math.sqrt(s + r) for s, r in zip(nodes["events_sent"], nodes["events_received"], strict=True)]
    fig.add_trace(go.Scatter(
        x=[pos[i][0] for i in nodes["id"]], y=[pos[i][1] for i in nodes["id"]], mode="markers+text",
        text=list(nodes["label"].fillna(nodes["id"])), textposition="top center",
        marker={"size": sizes, "color": "#444444", "line": {"color": "white", "width": 1.5}},
        customdata=list(zip(nodes["events_sent"], nodes["events_received"], strict=True)),
        hovertemplate="%{text}<br>sent %{customdata[0]}, received %{customdata[1]}<extra></extra>",
        showlegend=False))
    n_events = int(edges["events"].sum()) if len(edges) else 0
    fig.update_layout(template="simple_white", height=650,
                      title={"text": title or f"Actor network: {len(nodes)} actors, {n_events} events", "x": 0.01},
                      xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"},
                      margin={"l": 20, "r": 20, "t": 60, "b": 20})
    return fig
