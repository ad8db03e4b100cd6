"""Write converted dictionaries to a folder, with a report; cache conversions by input hashes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import E, ParleyError
from .actors import convert_actors
from .agents import convert_agents
from .common import Tally
from .discards import convert_discards
from .verbs import convert_verbs

#: Bump when the conversion changes, so that cached outputs are rebuilt.
VERSION = "7"
ACTORS, AGENTS, VERBS, REPORT = "actors.jsonl", "agents.tsv", "verbs.tsv", "report.json"
DISCARDS = "discards.tsv"


@dataclass(frozen=True)
class Converted:
    """Paths of a converted set (None where nothing of that kind was given) and its report."""

    folder: Path
    actors_file: Path | None
    agents_file: Path | None
    verbs_file: Path | None
    report: dict[str, object]
    discards_file: Path | None = None


def _paths(values: Sequence[str | Path] | str | Path | None) -> list[Path]:
    if values is None:
        return []
    if isinstance(values, (str, Path)):
        return [Path(values)]
    return [Path(v) for v in values]


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, "utf-8")
    except OSError as exc:
        raise ParleyError(E.E452, path=path, reason=exc.strerror or str(exc)) from exc


def convert(out: str | Path, *, actors: Sequence[str | Path] | str | Path | None = None,
            agents: Sequence[str | Path] | str | Path | None = None,
            verbs: Sequence[str | Path] | str | Path | None = None,
            discards: Sequence[str | Path] | str | Path | None = None) -> Converted:
    """Convert PETRARCH actor, agent, verb and discard files into `out` (actors.jsonl, agents.tsv,
    verbs.tsv, discards.tsv) with report.json."""
    actor_paths, agent_paths, verb_paths = _paths(actors), _paths(agents), _paths(verbs)
    discard_paths = _paths(discards)
    if not (actor_paths or agent_paths or verb_paths or discard_paths):
        raise ParleyError(E.E451)
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParleyError(E.E452, path=folder, reason=exc.strerror or str(exc)) from exc
    report: dict[str, object] = {"version": VERSION, "inputs": {}}
    inputs: dict[str, list[str]] = {}
    files: dict[str, Path | None] = {"actors": None, "agents": None, "verbs": None, "discards": None}
    if actor_paths:
        tally = Tally()
        rows = convert_actors(actor_paths, tally)
        files["actors"] = folder / ACTORS
        _write(files["actors"], "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        report["actors"] = tally.as_dict()
        inputs["actors"] = [str(p) for p in actor_paths]
    if agent_paths:
        tally = Tally()
        agent_rows = convert_agents(agent_paths, tally)
        files["agents"] = folder / AGENTS
        header = ("# noun (lowercase, singular and plural)\tcode appended to the country's code, or put "
                  "before it when it ends in ~ (converted from PETRARCH agents)\n")
        _write(files["agents"], header + "".join(f"{a}\t{s}\n" for a, s in agent_rows))
        report["agents"] = tally.as_dict()
        inputs["agents"] = [str(p) for p in agent_paths]
    if verb_paths:
        tally = Tally()
        verb_rows = convert_verbs(verb_paths, tally)
        files["verbs"] = folder / VERBS
        header = "kind\tlemma\tparticle\tobject\tcode\tflags\n"
        _write(files["verbs"], "# Converted from PETRARCH verb patterns by `parley dict import`.\n" + header
               + "".join("\t".join(r) + "\n" for r in verb_rows))
        report["verbs"] = tally.as_dict()
        inputs["verbs"] = [str(p) for p in verb_paths]
    if discard_paths:
        tally = Tally()
        discard_rows = convert_discards(discard_paths, tally)
        files["discards"] = folder / DISCARDS
        _write(files["discards"], "# phrase (lower case)\tlevel: sentence or story (converted from PETRARCH discards)\n"
               + "".join(f"{p}\t{level}\n" for p, level in discard_rows))
        report["discards"] = tally.as_dict()
        inputs["discards"] = [str(p) for p in discard_paths]
    report["inputs"] = inputs
    _write(folder / REPORT, json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    return Converted(folder, files["actors"], files["agents"], files["verbs"], report, files["discards"])


def default_cache_dir() -> Path:
    """Where cached conversions live: $PARLEY_CACHE_DIR, else ~/.cache/parley/dicts (a temp dir if unwritable)."""
    root = os.environ.get("PARLEY_CACHE_DIR")
    base = Path(root) if root else Path.home() / ".cache" / "parley"
    return base / "dicts"


def _digest(groups: Sequence[list[Path]]) -> str:
    h = hashlib.sha256(VERSION.encode())
    for label, group in zip(("actors", "agents", "verbs", "discards"), groups, strict=True):
        h.update(label.encode())
        for path in group:
            try:
                h.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError as exc:
                raise ParleyError(E.E450, path=path, reason=exc.strerror or str(exc)) from exc
    return h.hexdigest()[:20]


def convert_cached(*, actors: Sequence[str | Path] | str | Path | None = None,
                   agents: Sequence[str | Path] | str | Path | None = None,
                   verbs: Sequence[str | Path] | str | Path | None = None,
                   discards: Sequence[str | Path] | str | Path | None = None,
                   cache_dir: str | Path | None = None) -> Converted:
    """Like `convert`, into a cache folder keyed by the inputs' hashes: a rerun reuses the output."""
    groups = [_paths(actors), _paths(agents), _paths(verbs), _paths(discards)]
    key = _digest(groups)
    roots = [Path(cache_dir)] if cache_dir else [default_cache_dir(), Path(tempfile.gettempdir()) / "parley-dicts"]
    for root in roots:
        folder = root / key
        report_path = folder / REPORT
        if report_path.is_file():
            report = json.loads(report_path.read_text("utf-8"))
            found = [folder / name if group and (folder / name).is_file() else None
                     for name, group in zip((ACTORS, AGENTS, VERBS, DISCARDS), groups, strict=True)]
            return Converted(folder, *found[:3], report=report, discards_file=found[3])
        try:
            root.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=key + ".", dir=root))
        except OSError:
            continue
        try:
            convert(work, actors=groups[0], agents=groups[1], verbs=groups[2], discards=groups[3])
            if not folder.exists():
                os.replace(work, folder)
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
        return convert_cached(actors=groups[0], agents=groups[1], verbs=groups[2], discards=groups[3],
                              cache_dir=root)
    raise ParleyError(E.E452, path=roots[0], reason="no writable cache folder")
