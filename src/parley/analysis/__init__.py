"""Analysis of stored event data: dyad series, actor networks and DataFrames for researchers.

Every function reads through `source.open_source`, so a DuckDB store and a batch output folder
(DIR/<table>/*.parquet) are read the same way. Analysis returns data; charts and the CLI draw it.
"""

from __future__ import annotations

from .source import open_source

__all__ = ["open_source"]
