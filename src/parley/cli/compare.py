"""`parley compare`: how several outlets tell the same story (a thin door over parley.compare)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table

from ..document import DocumentReport
from ..errors import E, ParleyError
from . import app
from ._common import fail, out


class Format(StrEnum):
    table = "table"
    json = "json"
    html = "html"


def _reports(paths: list[str], db: Path | None, story: str | None) -> list[DocumentReport]:
    """Reports of the files given and/or of the store; only one story's when `story` is set."""
    from ..api import analyze_files
    from ..store import Store

    if story and not db:
        raise ParleyError(E.E503)
    reports: list[DocumentReport] = []
    if db:
        with Store(db, read_only=True) as store:
            reports += list(store.reports())
    if paths:
        reports += [r for r in analyze_files(paths) if r.document.text.strip()]
    if story:
        from ..compare import group_stories

        stories = group_stories(reports)
        chosen = next((s for s in stories if s.id == story), None)
        if chosen is None:
            raise ParleyError(E.E501, story=story, db=db, known=", ".join(s.id for s in stories))
        keep = set(chosen.documents)
        reports = [r for r in reports if r.document.id in keep]
    if not reports:
        raise ParleyError(E.E500)
    return reports


def _table(result) -> None:  # noqa: ANN001
    names = {d.id: d.outlet or (d.path or d.id).rsplit("/", 1)[-1] for d in result.documents}
    t = Table(title="Stories", title_justify="left", title_style="bold")
    for col in ("story", "documents", "basis"):
        t.add_column(col)
    for s in result.stories:
        t.add_row(s.id, ", ".join(names[d] for d in s.documents), s.basis)
    out.print(t)
    t = Table(title="Events reported by more than one document", title_justify="left", title_style="bold")
    for col in ("event", "date", "reported by"):
        t.add_column(col)
    for e in result.events:
        if len(e.reported_by) > 1:
            t.add_row(e.label, e.date or "", ", ".join(names[d] for d in e.reported_by))
    out.print(t)
    t = Table(title="Contradictions", title_justify="left", title_style="bold")
    for col in ("event", "field", "values"):
        t.add_column(col)
    for c in result.contradictions:
        t.add_row(c.label, c.field, "; ".join(f"{v.value} ({names[v.document]})" for v in c.values))
    out.print(t)
    t = Table(title="Coverage", title_justify="left", title_style="bold")
    for col in ("document", "reports", "only it", "omits"):
        t.add_column(col)
    for c in result.coverage:
        t.add_row(names[c.document], str(len(c.reports)), str(len(c.exclusive)), str(len(c.omits)))
    out.print(t)


@app.command("compare")
def compare_command(
    paths: list[str] = typer.Argument(None, help="Files or folders to compare (or none with --db).",
                                      show_default=False),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table: readable; json: one "
                               "object (documents, stories, events, contradictions, quotes_by_speaker, ...); "
                               "html: a self-contained side-by-side report."),
    out_file: Path | None = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout."),
    db: Path | None = typer.Option(None, "--db", help="Also compare the documents kept in this store."),
    story: str | None = typer.Option(None, "--story", help="Only the documents of this story id "
                                     "(as listed by a comparison of the store)."),
) -> None:
    """Compare how outlets tell the same story: stories, shared events, contradictions, coverage, framing.

    Examples:

    * `parley compare a.txt b.html --format html --out report.html`

    * `parley compare --db parley.duckdb --format json`
    """
    from ..compare import compare
    from ..compare.html import render

    try:
        reports = _reports(list(paths or []), db, story)
        result = compare(reports)
        if fmt is Format.table and out_file is None:
            _table(result)
            return
        if fmt is Format.html:
            text = render(result, reports)
        elif fmt is Format.json:
            text = result.model_dump_json(indent=2)
        else:
            from io import StringIO

            from rich.console import Console

            buf = StringIO()
            console = Console(file=buf, width=160)
            global out  # noqa: PLW0603
            saved, out = out, console  # type: ignore[assignment]
            try:
                _table(result)
            finally:
                out = saved
            text = buf.getvalue()
        if out_file is None:
            sys.stdout.write(text + "\n")
        else:
            try:
                out_file.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise ParleyError(E.E502, path=out_file, reason=exc.strerror or str(exc)) from exc
    except ParleyError as exc:
        fail(exc)
