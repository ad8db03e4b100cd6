"""CSV and TSV (.csv, .tsv): one Document per row, read by the header's column names.

The delimiter is sniffed (comma, semicolon, tab or bar). A "text" column is required (or an
alias such as "body"); other columns go to `Document.extra`. A row without text gets E009;
a file the csv module cannot parse gets E015 from the row where parsing broke.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from ..errors import E, ParleyError
from ..registry import readers
from .core import STAGE, Item, ReaderOptions, failed
from .decode import decode_bytes
from .rows import document_from_record, field_aliases
from .text import source_bytes

_DELIMITERS = ",;\t|"


def sniff_delimiter(sample: str, default: str = ",") -> str:
    """The delimiter the sample's header line most likely uses."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        header = sample.split("\n", 1)[0]
        counts = {d: header.count(d) for d in _DELIMITERS}
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] else default


def read_csv(path: str | Path, options: ReaderOptions) -> Iterator[Item]:
    """One Document per data row (numbered from 1, the header not counted)."""
    name = str(path)
    text, _ = decode_bytes(
        source_bytes(path, options), path=name, min_printable=options.min_printable
    )
    default = "\t" if name.lower().endswith(".tsv") else ","
    csv.field_size_limit(min(max(options.max_bytes, 131072), sys.maxsize))
    rows = csv.reader(
        io.StringIO(text, newline=""), delimiter=sniff_delimiter(text[:8192], default), strict=False
    )
    try:
        header = next(rows)
    except (csv.Error, StopIteration) as exc:
        raise ParleyError(E.E015, path=name, reason=str(exc) or "no header row") from None
    header = [h.strip() for h in header]
    if not any(field_aliases().get(h.lower()) == "text" for h in header):
        shown = ", ".join(h for h in header if h)[:200] or "none"
        raise ParleyError(E.E015, path=name, reason=f"no 'text' column (columns: {shown})")
    number = produced = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            if not produced:  # a header and no row under it: say so rather than yield nothing
                raise ParleyError(E.E003, path=name) from None
            return
        except csv.Error as exc:
            where = f"{name}#{number + 1}"
            yield failed(where, E.E015.entry(stage=STAGE, path=where, reason=str(exc)))
            return
        number += 1
        if not any(cell.strip() for cell in row):
            continue
        record: dict[str, object] = dict(zip(header, row, strict=False))
        if len(row) > len(header):
            record["_unnamed"] = row[len(header) :]
        produced += 1
        yield document_from_record(record, path=name, line=number, options=options)


readers.register(".csv")(read_csv)
readers.register(".tsv")(read_csv)
