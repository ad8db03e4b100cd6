"""`parley dict import`: convert PETRARCH-format dictionaries into Parley's actor, agent and verb files."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import ParleyError
from . import app
from ._common import fail, out

dict_app = typer.Typer(help="Work with event-coding dictionaries (import PETRARCH/TABARI files).",
                       no_args_is_help=True)
app.add_typer(dict_app, name="dict")


@dict_app.command("import")
def import_command(
    actors: list[Path] = typer.Option(None, "--actors", help="PETRARCH actor dictionary (repeatable)."),
    agents: list[Path] = typer.Option(None, "--agents", help="PETRARCH agent dictionary (repeatable)."),
    verbs: list[Path] = typer.Option(None, "--verbs", help="PETRARCH verb-pattern dictionary (repeatable)."),
    discards: list[Path] = typer.Option(None, "--discards", help="PETRARCH discard list (repeatable)."),
    out_dir: Path = typer.Option(..., "--out", "-o",
                                 help="Folder for actors.jsonl, agents.tsv, verbs.tsv, discards.tsv, report.json."),
    show_skipped: int = typer.Option(10, "--show-skipped", help="How many left-out patterns to list (0: none)."),
) -> None:
    """Convert PETRARCH dictionaries; use the results with `parley analyze --actors ... --verbs ...`.

    Example: `parley dict import --actors Phoenix.Countries.actors.txt --agents Phoenix.agents.txt
    --verbs CAMEO.2.0.txt --out my-dicts`
    """
    from ..dictionaries import convert

    try:
        done = convert(out_dir, actors=actors or None, agents=agents or None, verbs=verbs or None,
                       discards=discards or None)
    except ParleyError as exc:
        fail(exc)
    for kind in ("actors", "agents", "verbs", "discards"):
        part = done.report.get(kind)
        if not isinstance(part, dict):
            continue
        target = getattr(done, f"{kind}_file")
        out.print(f"{kind}: {part['read']} read, {part['written']} written to {target}, "
                  f"{part['approximated']} approximated, {part['skipped']} not converted"
                  + (f", {part['overridden']} written over Parley's shipped actors" if part.get("overridden") else ""),
                  markup=False)
        items = part.get("skipped_items") or []
        for item in items[:show_skipped]:
            out.print(f"  - {item['path']}:{item['line']}: {item['text']} ({item['reason']})", markup=False)
        if len(items) > show_skipped > 0:
            out.print(f"  ... {len(items) - show_skipped} more in {done.folder / 'report.json'}", markup=False)
