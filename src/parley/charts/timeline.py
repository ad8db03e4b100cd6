"""The timeline chart: dated events and references of several documents on one linear date axis."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Any, Literal

from ..timeline import TimelinePoint, quad_class_name
from .output import require_plotly

Colour = Literal["quadclass", "document"]

#: QuadClass colours: cooperation in blues/greens, conflict in orange/red; references grey.
QUAD_COLOURS = {1: "#2c7fb8", 2: "#31a354", 3: "#fd8d3c", 4: "#d7301f", None: "#7f7f7f"}
DOC_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
               "#bcbd22", "#393b79")
_ROW_OFFSET = {"event": 0.18, "reference": -0.18}
_SYMBOL = {"event": "circle", "reference": "diamond-open"}


def _wrap(text: str, width: int = 80) -> str:
    """Hover text broken into lines (Plotly hover labels do not wrap by themselves)."""
    words, lines, line = html.escape(text).split(), [], ""
    for w in words:
        if line and len(line) + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return "<br>".join(lines + [line])


def _hover(p: TimelinePoint) -> str:
    head = f"<b>{html.escape(p.label)}</b><br>{p.value} ({p.precision}"
    head += f", {p.basis})" if p.basis else ")"
    return f"{head}<br><i>{html.escape(p.document)}</i> [{p.start}–{p.end}]<br>{_wrap(p.evidence)}"


def _jitter(i: int) -> float:
    """A small deterministic spread so points on the same day and row do not hide each other."""
    return ((i * 7919) % 11 - 5) * 0.02


def _group(p: TimelinePoint, colour: Colour) -> str:
    if colour == "document":
        return p.document
    return quad_class_name(p.quad_class) if p.kind == "event" else "reference (time expression)"


def timeline_figure(points: Sequence[TimelinePoint], *, colour: Colour = "quadclass",
                    title: str | None = None) -> Any:
    """A Plotly figure: one row per document, events above references, coloured by QuadClass or document."""
    go = require_plotly()
    docs = list(dict.fromkeys(p.document for p in points))
    row = {d: i for i, d in enumerate(docs)}
    groups: dict[tuple[str, str], list[tuple[int, TimelinePoint]]] = {}
    for i, p in enumerate(points):
        groups.setdefault((_group(p, colour), p.kind), []).append((i, p))
    fig = go.Figure()

    def colour_of(name: str, p: TimelinePoint) -> str:
        if colour == "document":
            return DOC_COLOURS[row[p.document] % len(DOC_COLOURS)]
        return QUAD_COLOURS.get(p.quad_class if p.kind == "event" else None, QUAD_COLOURS[None])

    _add_spans(fig, go, points, row)
    for (name, kind), members in sorted(groups.items(), key=lambda kv: (kv[0][1] != "event", kv[0][0])):
        first = members[0][1]
        fig.add_trace(go.Scatter(
            x=[p.middle.isoformat() for _, p in members],
            y=[row[p.document] + _ROW_OFFSET[p.kind] + _jitter(i) for i, p in members],
            mode="markers", name=f"{name} · {kind}s" if colour == "document" else name,
            marker={"color": colour_of(name, first), "symbol": _SYMBOL[kind], "size": 10 if kind == "event" else 8,
                    "line": {"width": 1, "color": colour_of(name, first)}},
            hovertext=[_hover(p) for _, p in members], hoverinfo="text",
            customdata=[[p.value, p.document_id, p.start, p.end] for _, p in members],
        ))
    years = [p.middle.year for p in points] or [dt.date.today().year]
    span_years = max(max(years) - min(years), 1)
    fig.update_layout(
        title=title or f"Timeline: {sum(p.kind == 'event' for p in points)} events, "
                       f"{sum(p.kind == 'reference' for p in points)} dated references, {len(docs)} document(s)",
        template="plotly_white", hovermode="closest", height=max(360, 140 + 90 * len(docs)),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        margin={"l": 20, "r": 20, "t": 100, "b": 40},
    )
    fig.update_xaxes(
        type="date", title="date", showgrid=True, rangeslider={"visible": span_years > 5},
        dtick="M120" if span_years > 40 else ("M60" if span_years > 15 else None), tickformat="%Y" if span_years > 5 else None,
    )
    fig.update_yaxes(tickvals=list(range(len(docs))), ticktext=[_short(d) for d in docs],
                     range=[-0.6, len(docs) - 0.4], showgrid=False, zeroline=False, automargin=True)
    return fig


def _add_spans(fig: Any, go: Any, points: Sequence[TimelinePoint], row: dict[str, int]) -> None:
    """Thin bars for values that cover more than a month (a year, a decade, "1979/1981")."""
    xs: list[str | None] = []
    ys: list[float | None] = []
    for i, p in enumerate(points):
        if (p.last - p.first).days > 31:
            y = row[p.document] + _ROW_OFFSET[p.kind] + _jitter(i)
            xs += [p.first.isoformat(), p.last.isoformat(), None]
            ys += [y, y, None]
    if xs:
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="covered period", hoverinfo="skip",
                                 line={"color": "rgba(120,120,120,0.45)", "width": 3}))


def _short(name: str, width: int = 40) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"
