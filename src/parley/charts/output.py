"""Writes Plotly figures: one self-contained HTML file (plotly.js inline) or a PNG via kaleido."""

from __future__ import annotations

import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import E, ParleyError


def require_plotly() -> ModuleType:
    """`plotly.graph_objects`, or a ParleyError E340 that says how to install it."""
    try:
        import plotly.graph_objects as go
    except ImportError as exc:
        raise ParleyError(E.E340, reason=str(exc)) from exc
    return go


def html_text(fig: Any) -> str:
    """The figure as one HTML page with plotly.js embedded, so it opens offline."""
    return fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False, "responsive": True})


def write_html(fig: Any, path: str | Path) -> Path:
    """Write `fig` as a self-contained HTML page; E341 when the file cannot be written."""
    path = Path(path)
    try:
        path.write_text(html_text(fig), encoding="utf-8")
    except OSError as exc:
        raise ParleyError(E.E341, path=path, reason=str(exc)) from exc
    return path


def png_bytes(fig: Any, *, width: int = 1400, height: int | None = None, scale: float = 1.0) -> bytes:
    """The figure rendered as PNG by kaleido; E342 when no renderer is installed or it fails."""
    try:
        import kaleido  # noqa: F401
    except ImportError as exc:
        raise ParleyError(E.E342, reason=f"kaleido is not installed ({exc})") from exc
    height = height or int(fig.layout.height or 700)
    if fig.layout.xaxis.rangeslider.visible:  # an interactive control: no use in a picture
        fig = type(fig)(fig)
        fig.update_xaxes(rangeslider={"visible": False})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # plotly 6 nags about kaleido 0.2
            return fig.to_image(format="png", width=width, height=height, scale=scale)
    except Exception as exc:  # kaleido raises ValueError/RuntimeError/OSError depending on version
        raise ParleyError(E.E342, reason=str(exc)) from exc


def write_png(fig: Any, path: str | Path, **size: Any) -> Path:
    """Write `fig` as a PNG file; E341 when the file cannot be written, E342 without a renderer."""
    data = png_bytes(fig, **size)
    path = Path(path)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ParleyError(E.E341, path=path, reason=str(exc)) from exc
    return path
