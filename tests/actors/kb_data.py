"""Helpers shared by the tests of the actor data files: their rows, and checks every file of dated
roles must pass."""

from __future__ import annotations

import json
from importlib import resources

from parley.actors.kb import default_kb


def data_rows(name: str) -> list[dict]:
    """The rows of one JSONL data file shipped in parley/actors/data."""
    text = resources.files("parley.actors").joinpath("data", name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def rough_roles_without_note(rows: list[dict]) -> list[tuple[str, dict]]:
    """Roles dated only to the month or year that give no `note` saying so."""
    return [(row["id"], role) for row in rows for role in row.get("roles", [])
            if any(d and len(d) < 10 for d in (role.get("start"), role.get("end"))) and not role.get("note")]


def earliest_start(country: str, title: str) -> str | None:
    """When the knowledge base's first holder of an office took it, or None if it lists none."""
    starts = [r.start for e in default_kb().entries.values() for r in e.roles
              if r.country == country and r.title == title and r.start]
    return min(starts, default=None)
