"""Hand-made stores for analysis tests: reports whose events we choose, no NLP needed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from factories import make_report

from parley.document import ActorRef, DocumentReport, Event, EventDate, Evidence, Location
from parley.ids import document_id
from parley.store import TABLES, Store

#: (source, target, cameo, goldstein, quad, date value, precision, place) per event.
Spec = tuple[str | None, str | None, str, float, int, str | None, str, str | None]


def _ref(code: str | None) -> ActorRef | None:
    if code is None:
        return None
    return ActorRef(actor_id=code, name=f"Actor {code}", code=code, country=code[:3], text=code)


def build_report(text: str, published: str, specs: list[Spec]) -> DocumentReport:
    """A report of `text` whose events are exactly `specs`."""
    base = make_report(text=text, published=published)
    doc = base.document.model_copy(update={"id": document_id(text + published)})
    events = [
        Event(id=f"e{i}", source=_ref(s), target=_ref(t), cameo=cameo, cameo_root=cameo[:2],
              goldstein=g, quad_class=q, date=EventDate(value=d, precision=p, basis="explicit" if d else "unknown"),
              location=Location(name=place) if place else None,
              evidence=Evidence(text=text[:20], start=0, end=20))
        for i, (s, t, cameo, g, q, d, p, place) in enumerate(specs)
    ]
    return base.model_copy(update={"document": doc, "events": events})


#: A small invented corpus: an Iran-USA story told in 2025 that recalls the 1953 coup, and more.
CORPUS: list[tuple[str, str, list[Spec]]] = [
    ("Invented report one about Iran and the United States, looking back.", "2025-03-14", [
        ("USA", "IRN", "180", -9.0, 4, "1953-08-19", "day", "Tehran"),       # the coup, in 1953
        ("IRN", "USA", "125", -5.0, 3, "2025-03-13", "day", "Geneva"),
        ("IRN", "USA", "040", 1.0, 1, "2025", "year", None),
    ]),
    ("Invented report two: Washington answers Tehran the next month.", "2025-04-02", [
        ("USA", "IRN", "112", -2.0, 3, "2025-04-01", "day", "Washington"),
        ("USAGOV", "IRNGOV", "036", 4.0, 1, "2025-04-01", "day", None),
        ("FRA", "IRN", "057", 8.0, 1, None, "unknown", "Paris"),
    ]),
    ("Invented report three: a dispute at sea, reported in January 2026.", "2026-01-09", [
        ("CHN", "PHL", "138", -7.0, 4, "2026-01-08", "day", "Scarborough Shoal"),
        ("PHL", "CHN", "111", -2.0, 3, "2026-01-09", "day", None),
    ]),
]


@pytest.fixture
def corpus_reports() -> list[DocumentReport]:
    return [build_report(text, published, specs) for text, published, specs in CORPUS]


@pytest.fixture
def store_path(tmp_path: Path, corpus_reports: list[DocumentReport]) -> Path:
    path = tmp_path / "study.duckdb"
    with Store(path) as store:
        store.add_many(corpus_reports)
    return path


@pytest.fixture
def batch_dir(tmp_path: Path, store_path: Path) -> Path:
    """The same data as a batch output folder: DIR/<table>/part-00001.parquet, events nested."""
    out = tmp_path / "batch"
    with Store(store_path, read_only=True) as store:
        for table in TABLES:
            if table == "events":
                ids = [r[0] for r in store.con.execute("SELECT id FROM documents ORDER BY id").fetchall()]
                for n, doc in enumerate(ids):
                    folder = out / "events" / f"doc={n}"
                    folder.mkdir(parents=True)
                    store.con.execute(f"COPY (SELECT * FROM events WHERE doc_id = '{doc}') TO "
                                      f"'{folder / 'part-00001.parquet'}' (FORMAT PARQUET)")
                continue
            folder = out / table
            folder.mkdir(parents=True)
            store.con.execute(f"COPY (SELECT * FROM {table}) TO '{folder / 'part-00001.parquet'}' (FORMAT PARQUET)")
    return out


@pytest.fixture
def make_store(tmp_path: Path) -> Callable[..., Path]:
    def make(reports: list[DocumentReport], name: str = "x.duckdb") -> Path:
        path = tmp_path / name
        with Store(path) as store:
            store.add_many(reports)
        return path
    return make
