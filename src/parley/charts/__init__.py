"""Charts: Plotly figure builders for Parley's analyses, and writers for self-contained HTML and PNG.

Builders take the plain data an analysis returns and give a `plotly.graph_objects.Figure`; they
never compute analysis themselves. `output` writes a figure as HTML with plotly.js embedded
(no CDN) or as PNG through kaleido. Plotly is an optional dependency: a missing install is
reported with E340, not a traceback.
"""

from __future__ import annotations

from .output import html_text, png_bytes, require_plotly, write_html, write_png
from .timeline import timeline_figure

__all__ = ["html_text", "png_bytes", "require_plotly", "timeline_figure", "write_html", "write_png"]
