"""Fixtures for the web tests: a small invented store, an app over it, and a test client.

The reports are written here by hand (no NLP), with several dyads, dates over two years, every
QuadClass, and one hostile document whose text, title and actor name carry HTML.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")

from parley.document import (  # noqa: E402
    Actor,
    ActorRef,
    Document,
    DocumentReport,
    Event,
    EventDate,
    Evidence,
    Mention,
    Quote,
    TimeExpression,
)
from parley.ids import document_id  # noqa: E402
from parley.store import Store  # noqa: E402

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ACTORS = {
    "EGY": ("Egypt", "EGY"), "SDN": ("Sudan", "SDN"), "ETH": ("Ethiopia", "ETH"),
    "NOR": ("Norway", "NOR"), "CHL": ("Chile", "CHL"),
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's chromium with Playwright (skipped without it)")
    config.addinivalue_line("filterwarnings", "ignore:.*httpx2.*")


def _ref(code: str) -> ActorRef:
    name, country = ACTORS[code]
    return ActorRef(actor_id=code, name=name, code=code, country=country, text=name)


def build_report(title: str, outlet: str, published: str, sentences: list[tuple[str, str, str, str, str, float, int, str]],
                 *, quote: str | None = None, extra_text: str = "") -> DocumentReport:
    """A report whose events are (source, verb text, target, cameo, plover, goldstein, quad, date) sentences."""
    text, events, mentions = "", [], {}
    for i, (src, verb, tgt, cameo, plover, goldstein, quad, date) in enumerate(sentences):
        start = len(text)
        sentence = f"{ACTORS[src][0]} {verb} {ACTORS[tgt][0]} in {date}."
        text += sentence + " "
        for code, offset in ((src, start), (tgt, start + sentence.index(ACTORS[tgt][0]))):
            mentions.setdefault(code, []).append(Mention(text=ACTORS[code][0], start=offset,
                                                         end=offset + len(ACTORS[code][0])))
        precision = "day" if len(date) == 10 else "month" if len(date) == 7 else "year"
        events.append(Event(id=f"{title[:6]}-{i}", source=_ref(src), target=_ref(tgt), cameo=cameo,
                            cameo_root=cameo[:2], plover=plover, goldstein=goldstein, quad_class=quad,
                            date=EventDate(value=date, precision=precision, basis="explicit"),
                            evidence=Evidence(text=sentence, start=start, end=start + len(sentence)),
                            confidence=0.7, rule="test"))
    quotes = []
    if quote:
        start = len(text) + 1
        text += f'"{quote}," the minister said. '
        quotes.append(Quote(speaker=ActorRef(name="the minister", text="the minister"), text=quote,
                            kind="direct", cue="said", start=start, end=start + len(quote)))
    text += extra_text
    actors = [Actor(id=c, name=ACTORS[c][0], code=c, country=ACTORS[c][1], type="state", mentions=m)
              for c, m in mentions.items()]
    times = [TimeExpression(text=e.date.value, value=e.date.value, precision=e.date.precision,
                            start=e.evidence.end - len(e.date.value) - 1, end=e.evidence.end - 1) for e in events]
    doc = Document(id=document_id(text), path=f"{title}.txt", title=title, outlet=outlet,
                   url="https://news.example/" + title.replace(" ", "-"), published=published, text=text)
    return DocumentReport(document=doc, actors=actors, events=events, quotes=quotes, times=times)


def corpus() -> list[DocumentReport]:
    """Four invented articles from three outlets."""
    return [
        build_report("Water accord signed", "river.example", "2019-05-02", [
            ("EGY", "signed an accord with", "SDN", "057", "AGREE", 8.0, 1, "2019-05-01"),
            ("ETH", "rejected the plan of", "EGY", "120", "REJECT", -4.0, 3, "2019-05-02"),
        ], quote="We will not accept it"),
        build_report("Dam talks resume", "delta.example", "2019-06-10", [
            ("EGY", "met officials of", "SDN", "040", "CONSULT", 1.0, 1, "2019-06-09"),
            ("EGY", "accused", "ETH", "112", "ACCUSE", -2.0, 3, "2019-06"),
            ("SDN", "sent aid to", "ETH", "070", "AID", 7.0, 2, "2019"),
        ]),
        build_report("Fishing dispute", "fjord.example", "2020-02-03", [
            ("NOR", "seized boats from", "CHL", "171", "COERCE", -9.2, 4, "2020-02-01"),
            ("NOR", "accused", "CHL", "112", "ACCUSE", -2.0, 3, "2020-02-02"),
        ]),
        build_report(f"Hostile {HOSTILE}", "river.example", "2020-03-01", [
            ("EGY", "threatened", "ETH", "130", "THREATEN", -4.4, 3, "2020-03-01"),
        ], extra_text=f"Markup in the article: {HOSTILE} and &amp; entities."),
    ]


@pytest.fixture(scope="session")
def reports() -> list[DocumentReport]:
    return corpus()


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory, reports: list[DocumentReport]) -> Path:
    """A DuckDB store holding the invented corpus (read-only use: tests that write make their own)."""
    path = tmp_path_factory.mktemp("web") / "parley.duckdb"
    with Store(path) as store:
        store.add_many(reports)
    return path


@pytest.fixture(scope="session")
def client(store_path: Path):
    from fastapi.testclient import TestClient

    from parley.web import create_app

    with TestClient(create_app(store_path), client=("127.0.0.1", 50000)) as c:
        yield c


def fake_analyzer(upload):  # noqa: ANN001, ANN201
    """Reads an upload with Parley's readers but codes nothing: tests the upload path without spaCy."""
    from parley.readers import document_from_text

    if upload.text:
        doc = document_from_text(upload.text, path="pasted text", title=upload.title, outlet=upload.outlet,
                                 published=upload.published)
        yield DocumentReport(document=doc)
    for name, data in upload.files:
        doc = document_from_text(data.decode("utf-8", "replace"), path=name, published=upload.published)
        yield DocumentReport(document=doc)


@pytest.fixture
def make_client(tmp_path: Path):
    """A factory of test clients over a fresh store in tmp_path (uploads use `fake_analyzer` by default)."""
    from fastapi.testclient import TestClient

    from parley.web import create_app

    def make(host: str = "127.0.0.1", analyzer=fake_analyzer, **options) -> TestClient:  # noqa: ANN001
        app = create_app(tmp_path / "w.duckdb", analyzer=analyzer, **options)
        return TestClient(app, client=(host, 50000))
    return make
