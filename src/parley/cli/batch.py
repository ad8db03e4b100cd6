"""`parley batch`: code a corpus into partitioned Parquet tables with Dask (resumable)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..errors import ParleyError
from ..settings import load_settings
from . import app
from ._common import check_date, err, fail, out


@app.command("batch")
def batch_command(
    inputs: list[Path] = typer.Argument(..., help="JSONL, CSV, Parquet or WARC files, or folders of articles.",
                                        show_default=False),
    out_dir: Path = typer.Option(..., "--out", "-o", help="Output folder (Parquet tables; resumed if it exists)."),
    workers: int = typer.Option(2, "--workers", "-w", min=1, help="Worker processes of the local cluster."),
    scheduler: str = typer.Option(None, "--scheduler",
                                  help="Dask scheduler address (tcp://host:8786), or 'sync' to run in this process."),
    partition_size: int = typer.Option(200, "--partition-size", min=1, help="Documents per partition."),
    published: str = typer.Option(None, "--published", help="Date (YYYY-MM-DD) for documents that give none."),
    parse: str = typer.Option(None, "--parse", help="selective (default) or full: how much spaCy parses."),
    preload: bool = typer.Option(True, "--preload/--no-preload",
                                 help="Fork the local cluster's workers from one process that loaded the pipeline "
                                      "(--no-preload: each worker starts afresh and loads it)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines."),
) -> None:
    """Code a corpus at scale: partitions run on a Dask cluster and land as Parquet tables.

    The output folder holds documents/, actors/, actor_mentions/, events/, quotes/, times/ and
    errors/ (part-*.parquet, the store's columns). A run that is stopped can be started again
    with the same arguments: it does only the partitions not yet written, and every document
    ends up in the output once. Query it with `parley query --db OUT "SELECT ..."`.

    Examples:

    * `parley batch corpus.jsonl --out out/ --workers 2`

    * `parley batch crawl.warc.gz articles/ --out out/ --scheduler tcp://10.0.0.5:8786`
    """
    from ..batch import run_batch

    settings = load_settings(published=check_date(published), **({"parse": parse} if parse else {}))

    def progress(summary: dict) -> None:
        if not quiet:
            err.print(f"[dim]{summary['done']}/{summary['planned']} partitions "
                      f"(+{summary['documents']} documents, {summary['worker']})[/]")

    try:
        result = run_batch([str(i) for i in inputs], out_dir, workers=workers, scheduler=scheduler,
                           partition_size=partition_size, settings=settings, preload=preload,
                           on_progress=progress)
    except ParleyError as exc:
        fail(exc)
    summary = {"out": str(result.out), "partitions": result.planned, "skipped": result.skipped,
               "written": result.written, "documents": result.documents,
               "duplicates_removed": result.duplicates_removed, "seconds": result.seconds,
               "peak_rss_mb": result.peak_rss_mb, "unreadable": result.unreadable}
    out.print_json(json.dumps(summary))
