"""Chart of a dyad or actor series: events per period by QuadClass, and mean Goldstein below.

Takes the DataFrame `parley.analysis.series.series` returns; draws a figure fit for a paper
(plain white template, labelled axes, colour-blind-safe QuadClass colours).
"""

from __future__ import annotations

from typing import Any

from .output import require_plotly

#: QuadClass names and colours (Okabe-Ito palette: cooperation blue/green, conflict orange/red).
QUADS = (
    ("quad1", "Verbal cooperation", "#56B4E9"),
    ("quad2", "Material cooperation", "#009E73"),
    ("quad3", "Verbal conflict", "#E69F00"),
    ("quad4", "Material conflict", "#D55E00"),
)


def series_title(frame: Any) -> str:
    """A title that says what was counted: the dyad or actor, the period and the date basis."""
    attrs = getattr(frame, "attrs", {}) or {}
    if attrs.get("dyad"):
        arrow = " \u2192 " if attrs.get("directed", True) else " \u2194 "
        who = arrow.join(attrs["dyad"].split("-", 1))
    elif attrs.get("actor"):
        who = f"Events involving {attrs['actor']}"
    else:
        who = "All events"
    basis = "report date" if attrs.get("date") == "report" else "event date"
    return f"{who}, per {attrs.get('by', 'period')} ({basis})"


def series_figure(frame: Any, title: str | None = None) -> Any:
    """A two-panel Plotly figure: stacked QuadClass counts, then mean Goldstein per period."""
    go = require_plotly()
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.65, 0.35], vertical_spacing=0.06)
    x = list(frame["period"])
    for column, name, colour in QUADS:
        fig.add_trace(go.Bar(x=x, y=list(frame[column]), name=name, marker_color=colour,
                             hovertemplate=f"%{{x}}<br>{name}: %{{y}}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(
        x=x, y=[None if v != v else v for v in frame["goldstein_mean"]], name="Mean Goldstein",
        mode="lines+markers", connectgaps=False, line={"color": "#333333", "width": 2},
        marker={"size": 6}, customdata=list(zip(frame["events"], frame["goldstein_sum"], strict=True)),
        hovertemplate="%{x}<br>mean Goldstein %{y:.2f}<br>sum %{customdata[1]:.1f} over "
                      "%{customdata[0]} events<extra></extra>"), row=2, col=1)
    fig.add_hline(y=0, line={"color": "#999999", "width": 1, "dash": "dot"}, row=2, col=1)
    fig.update_layout(
        barmode="stack", template="simple_white", height=620,
        title={"text": title or series_title(frame), "x": 0.01},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
        margin={"l": 70, "r": 20, "t": 90, "b": 50}, bargap=0.15,
    )
    fig.update_yaxes(title_text="Events", row=1, col=1, rangemode="tozero")
    fig.update_yaxes(title_text="Goldstein (mean)", range=[-10.5, 10.5], row=2, col=1)
    fig.update_xaxes(type="category", row=1, col=1)
    fig.update_xaxes(type="category", row=2, col=1)
    return fig
