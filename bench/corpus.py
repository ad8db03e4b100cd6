"""Writes a corpus of varied news-like articles for the benchmark, from templates and word lists.

Each article mixes event sentences (two countries and an act), attributed speech and background
sentences without actors, in proportions close to wire news (about a third of sentences name two
or more actors). Country, demonym, capital and leader names are real so actors and events fire.
Deterministic for a given seed. Usage: python bench/corpus.py N OUT.jsonl [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

DATA = Path(__file__).with_name("data")
#: Share of each kind of sentence in an article.
MIX = {"event": 0.35, "quote": 0.2, "back": 0.45}


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text("utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def load() -> tuple[list[list[str]], dict[str, list[str]], dict[str, list[str]]]:
    """(countries, templates by kind, slot words) from bench/data."""
    templates: dict[str, list[str]] = {}
    for kind, text in _rows("templates.txt"):
        templates.setdefault(kind, []).append(text)
    words = {slot: values.split("|") for slot, values in _rows("words.tsv")}
    return _rows("countries.tsv"), templates, words


def _fill(template: str, rng: random.Random, countries: list[list[str]], words: dict[str, list[str]]) -> str:
    a, b = rng.sample(countries, 2)
    slots = {f"{p}{k}": v for p, c in (("A", a), ("B", b))
             for k, v in zip(("", "dem", "cap", "lead"), c, strict=True)}
    slots.update({slot: rng.choice(values) for slot, values in words.items()})
    return template.format(**slots)


def article(n: int, rng: random.Random, countries, templates, words) -> dict[str, str]:
    """One article: 8-16 sentences in 3-6 paragraphs, a title and a date."""
    size = rng.randint(8, 16)
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=size)
    kinds[0] = "event"  # a news lead names who did what
    sentences = [_fill(rng.choice(templates[k]), rng, countries, words) for k in kinds]
    paragraphs, k = [], 0
    while k < len(sentences):
        step = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[k:k + step]))
        k += step
    published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    return {"id": f"bench-{n}", "title": sentences[0][:60], "published": published.isoformat(),
            "outlet": rng.choice(["Example Wire", "Daily Sample", "Test Herald"]),
            "text": "\n\n".join(paragraphs) + f"\n\n(Dispatch {n}.)"}


def write_corpus(n: int, path: Path, seed: int = 7) -> Path:
    """Write `n` articles as JSON Lines to `path`."""
    rng = random.Random(seed)
    countries, templates, words = load()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(json.dumps(article(i, rng, countries, templates, words), ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(write_corpus(args.n, args.out, args.seed))
