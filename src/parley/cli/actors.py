"""`parley actors`: look a name up in the knowledge base, and list the named actors it could not resolve."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import click
import typer
from typer.core import TyperGroup

from ..errors import ParleyError
from ..store import DEFAULT_DB
from . import app
from ._common import check_date, fail, out


class _ActorsGroup(TyperGroup):
    """Reads `parley actors --unresolved [...]` as the `unresolved` subcommand (the issue's spelling)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if "--unresolved" in args and (not args or args[0] not in self.commands):
            args = ["unresolved", *(a for a in args if a != "--unresolved")]
        return super().parse_args(ctx, args)


actors_app = typer.Typer(cls=_ActorsGroup, no_args_is_help=True,
                         help="Inspect actor resolution: `lookup NAME`, and `--unresolved` names to add "
                              "to an actors file (see parley/actors/README.md).")
app.add_typer(actors_app, name="actors")


def _settings_files(actors: Path | None) -> tuple[str, ...]:
    from ..actors.resolver import actor_files
    from ..settings import load_settings

    return actor_files(load_settings(actors_file=actors))


@actors_app.command("lookup")
def lookup_command(
    name: str = typer.Argument(..., help="A name or phrase: 'Khamenei', 'the US president', 'Iranian officials'."),
    on_date: str | None = typer.Option(None, "--date", "-d", help="Resolve roles as on this date (YYYY-MM-DD)."),
    actors: Path | None = typer.Option(None, "--actors", help="Extra actors file (JSONL, YAML or CSV)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Show what NAME resolves to and why (exact alias, titles stripped, fuzzy score, role holder...).

    Example: `parley actors lookup "the US president" --date 2018-08-14`
    """
    from ..actors.kb import load_kb, load_kb_errors
    from ..actors.resolver import explain

    date = check_date(on_date)
    files = _settings_files(actors)
    for problem in load_kb_errors(files):
        out.print(f"warning: {problem.message}", markup=False, style="yellow")
    result = explain(name, date, load_kb(files))
    if as_json:
        out.print(json.dumps(result, ensure_ascii=False), markup=False)
        return
    if not result["resolved"]:
        out.print(f"{name!r}: not resolved ({result['method']})", markup=False)
        if result.get("key"):
            out.print(f"  romanisation key: {result['key']}", markup=False)
        raise typer.Exit(1)
    lines = [f"{name!r} -> {result['name']} [{result['id']}]",
             f"  type: {result['type']}   country: {result['country']}   sectors: "
             f"{', '.join(result['sectors']) or '-'}   code: {result['code']}",
             f"  why: {result['method']}" + (f" (titles stripped: {result['cleaned']!r})"
                                             if result["method"] == "title stripped" else "")]
    if result.get("alias") and result["method"] != "exact alias":
        lines.append(f"  matched: {result['alias']!r}" + (f", score {result['score']:g} "
                     f"(threshold {result['threshold']:g})" if result.get("score") is not None else ""))
    if result.get("key") and "key" in result["method"]:
        lines.append(f"  romanisation key: {result['key']}")
    role = result.get("role")
    if role:
        lines.append(f"  role{' on ' + date if date else ''}: {role['title']} ({role['country']}) "
                     f"{role['start'] or '?'} to {role['end'] or 'now'}")
    for line in lines:
        out.print(line, markup=False)


def unresolved_from_store(db: Path) -> Counter[tuple[str, str]]:
    """(name, type) -> mentions of actors the store holds unresolved (ids starting 'x:')."""
    from ..store import Store

    counts: Counter[tuple[str, str]] = Counter()
    with Store(db, read_only=True) as store:
        _, rows = store.query("SELECT name, coalesce(type, '?'), sum(n_mentions) FROM actors "
                              "WHERE actor_id LIKE 'x:%' GROUP BY name, type")
    for name, kind, n in rows:
        counts[(str(name), str(kind))] += int(n or 0)
    return counts


def unresolved_from_paths(paths: list[Path], actors: Path | None = None,
                          on_date: str | None = None) -> Counter[tuple[str, str]]:
    """(name, entity label) -> count of PERSON/ORG/NORP/GPE mentions the knowledge base did not resolve."""
    from ..actors.kb import load_kb
    from ..actors.resolver import find_unresolved
    from ..nlp import load_nlp
    from ..readers import read_paths

    kb = load_kb(_settings_files(actors))
    nlp = load_nlp()
    counts: Counter[tuple[str, str]] = Counter()
    for document, _errors in read_paths([str(p) for p in paths], published=on_date):
        text = document.text
        if not text.strip():
            continue
        date = document.published or on_date
        for name, label, _, _ in find_unresolved(text, nlp(text), kb, date):
            counts[(name, label)] += 1
    return counts


@actors_app.command("unresolved")
def unresolved_command(
    paths: list[Path] = typer.Argument(None, help="Articles to analyse (default: read the store)."),
    db: Path | None = typer.Option(None, "--db", help=f"DuckDB store to read (default {DEFAULT_DB})."),
    limit: int = typer.Option(50, "--limit", "-n", min=1, help="Show the N most frequent names."),
    actors: Path | None = typer.Option(None, "--actors", help="Extra actors file (JSONL, YAML or CSV)."),
    published: str | None = typer.Option(None, "--published", help="Date for articles without one."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
) -> None:
    """List named actors that Parley saw but could not resolve, most frequent first.

    Also spelt `parley actors --unresolved [--db FILE] [PATH...] [--limit N]`. Add the names to an
    actors file (`--actors`, or `[actors] files` in parley.toml) to resolve them next time.
    """
    try:
        if paths:
            counts = unresolved_from_paths(paths, actors, check_date(published))
        else:
            db = db or Path(DEFAULT_DB)
            if not db.is_file():
                fail(f"no store at {db}: pass --db FILE or article paths")
            counts = unresolved_from_store(db)
    except ParleyError as exc:
        fail(exc)
    rows: list[dict[str, Any]] = [{"name": n, "type": k, "count": c}
                                  for (n, k), c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    rows = rows[:limit]
    if as_json:
        out.print(json.dumps(rows, ensure_ascii=False), markup=False)
        return
    if not rows:
        out.print("no unresolved named actors", markup=False)
        return
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        out.print(f"{r['count']:>6}  {r['name']:<{width}}  {r['type']}", markup=False)
