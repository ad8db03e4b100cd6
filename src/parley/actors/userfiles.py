"""Users' own actor files: JSONL, YAML or CSV rows read into knowledge-base rows, and the config
that names them (`parley.toml` `[actors] files = [...]` or `PARLEY_ACTORS_FILES`).

Every reader turns a file into (line number, row dict) pairs in the JSONL entry format, so that one
validator (`kb.entry_from_dict`) checks them all; problems become error entries, never exceptions.
"""

from __future__ import annotations

import csv
import io
import os
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..document import ErrorEntry
from ..errors import E

#: The columns of an actors CSV; a row with a `role` adds a dated role to the actor named in `name`.
CSV_COLUMNS = ("name", "aliases", "type", "country", "sectors", "code", "role", "start", "end")
CONFIG_NAME = "parley.toml"
ENV_VAR = "PARLEY_ACTORS_FILES"
SUFFIXES = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".yaml": "yaml", ".yml": "yaml",
            ".csv": "csv", ".tsv": "csv"}

Row = tuple[int, dict[str, Any]]


def file_format(path: Path) -> str | None:
    """'jsonl', 'yaml' or 'csv' by the file's suffix; None when unsupported."""
    return SUFFIXES.get(path.suffix.lower())


def yaml_rows(text: str, path: str, errors: list[ErrorEntry]) -> list[Row]:
    """Rows of a YAML actors file: a list of entries, or a mapping with an `actors` list."""
    try:
        import yaml
    except ImportError:
        errors.append(E.E108.entry(stage="actors", path=path))
        return []
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        errors.append(E.E104.entry(stage="actors", path=path, reason=str(exc).splitlines()[0][:200]))
        return []
    if isinstance(data, dict) and "actors" in data:
        data = data["actors"]
    if data is None:
        return []
    if not isinstance(data, list):
        errors.append(E.E104.entry(stage="actors", path=path,
                                   reason="the top level must be a list of actors or have an 'actors' list"))
        return []
    return [(number, _dates_as_text(item)) for number, item in enumerate(data, 1)]


def _dates_as_text(item: Any) -> Any:
    """YAML reads 2018-08-14 as a date: turn dates in roles back into ISO strings."""
    if isinstance(item, dict):
        return {k: _dates_as_text(v) for k, v in item.items()}
    if isinstance(item, list):
        return [_dates_as_text(v) for v in item]
    if hasattr(item, "isoformat") and not isinstance(item, str):
        return item.isoformat()[:10]
    return item


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def csv_rows(text: str, path: str, errors: list[ErrorEntry]) -> list[Row]:
    """Rows of an actors CSV; rows naming the same actor are joined, each `role` becoming a dated role."""
    delimiter = "\t" if path.lower().endswith(".tsv") else ","
    try:
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        header = [h.strip().lower() for h in reader.fieldnames or []]
    except csv.Error as exc:
        errors.append(E.E105.entry(stage="actors", path=path, line=1, reason=str(exc)))
        return []
    if "name" not in header:
        errors.append(E.E105.entry(stage="actors", path=path, line=1, reason="no 'name' column in the header"))
        return []
    by_key: dict[str, Row] = {}
    try:
        for number, raw in enumerate(reader, 2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            name = row.get("name")
            if not name:
                errors.append(E.E105.entry(stage="actors", path=path, line=number, reason="empty 'name'"))
                continue
            key = row.get("id") or name
            if key not in by_key:
                entry: dict[str, Any] = {"name": name, "roles": []}
                if row.get("id"):
                    entry["id"] = row["id"]
                for column in ("type", "country", "code"):
                    if row.get(column):
                        entry[column] = row[column]
                if row.get("sectors"):
                    entry["sectors"] = _split(row["sectors"])
                entry["aliases"] = _split(row.get("aliases"))
                by_key[key] = (number, entry)
            _, entry = by_key[key]
            for alias in _split(row.get("aliases")):
                if alias not in entry["aliases"]:
                    entry["aliases"].append(alias)
            if row.get("role"):
                sectors = _split(row.get("sectors"))
                entry["roles"].append({
                    "title": row["role"], "country": row.get("country") or None,
                    "sector": sectors[0] if sectors else None, "start": row.get("start") or None,
                    "end": row.get("end") or None, "code": row.get("code") or None})
                entry.setdefault("type", "person")
    except csv.Error as exc:
        errors.append(E.E105.entry(stage="actors", path=path, line=reader.line_num, reason=str(exc)))
    rows = list(by_key.values())
    for _, entry in rows:
        if entry["roles"]:
            entry.pop("code", None)  # the code went to the roles
        if not entry["roles"]:
            del entry["roles"]
    return rows


def jsonl_lines(text: str) -> list[str]:
    """The lines of a JSONL file (kept as text: the JSON reader reports its own line numbers)."""
    return text.splitlines()


# -- configuration ----------------------------------------------------------------------------

def _config_files(folder: Path, errors: list[ErrorEntry]) -> list[Path]:
    config = folder / CONFIG_NAME
    if not config.is_file():
        return []
    try:
        data = tomllib.loads(config.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        errors.append(E.E107.entry(stage="actors", path=str(config), reason=str(exc)[:200]))
        return []
    section = data.get("actors", {})
    files = section.get("files", []) if isinstance(section, dict) else []
    if isinstance(files, str):
        files = [files]
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        errors.append(E.E107.entry(stage="actors", path=str(config),
                                   reason="[actors] files must be a list of paths"))
        return []
    return [(folder / f).expanduser() if not Path(f).expanduser().is_absolute() else Path(f).expanduser()
            for f in files]


def user_files(folder: Path | None = None, environ: dict[str, str] | None = None,
               errors: list[ErrorEntry] | None = None) -> tuple[Path, ...]:
    """Actor files named by `parley.toml` ([actors] files) in `folder` (default: the working
    directory) and then by PARLEY_ACTORS_FILES (paths separated by os.pathsep or commas)."""
    errors = errors if errors is not None else []
    environ = os.environ if environ is None else environ
    found = _config_files(folder or Path.cwd(), errors)
    env = environ.get(ENV_VAR, "")
    for part in env.replace(",", os.pathsep).split(os.pathsep):
        if part.strip():
            found.append(Path(part.strip()).expanduser())
    return tuple(dict.fromkeys(found))


def iter_rows(path: Path, text: str, errors: list[ErrorEntry]) -> Iterator[Row]:
    """(line, row) pairs of a YAML or CSV actors file."""
    kind = file_format(path)
    if kind == "yaml":
        yield from yaml_rows(text, str(path), errors)
    elif kind == "csv":
        yield from csv_rows(text, str(path), errors)
