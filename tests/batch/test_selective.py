"""The selective parse: same events as the full parse on invented sentences, exact offsets."""

from __future__ import annotations

import pytest

from parley.settings import load_settings

TEXT = (
    "Iran rejected talks with the United States on Monday.\n\n"
    "The weather in the capital was mild and markets were calm.\n\n"
    "France and Germany signed a trade agreement in Paris.  Turkey threatened to expel the Dutch ambassador.\n"
    "\"We will not negotiate under pressure,\" the minister said. Crops grew well this year."
)


@pytest.fixture(scope="module")
def docs():
    from parley.nlp import parse_many

    selective = parse_many([TEXT], load_settings(parse="selective"))[0]
    full = parse_many([TEXT], load_settings(parse="full"))[0]
    return selective, full


def test_offsets_and_sentences_stay_exact(docs):
    doc, _ = docs
    assert doc.text == TEXT
    for token in doc:
        assert TEXT[token.idx:token.idx + len(token.text)] == token.text
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert "The weather in the capital was mild and markets were calm." in sents
    assert doc.char_span(0, 4).text == "Iran"


def test_only_candidate_sentences_are_parsed(docs):
    doc, _ = docs
    by_text = {s.text.strip(): s for s in doc.sents if s.text.strip()}
    parsed = by_text["Iran rejected talks with the United States on Monday."]
    skipped = by_text["The weather in the capital was mild and markets were calm."]
    assert any(t.dep_ == "ROOT" for t in parsed) and any(e.text == "Monday" for e in parsed.ents)
    assert all(t.dep_ == "" for t in skipped) and not list(skipped.ents)


def test_same_events_as_full_parse():
    from parley.api import analyze

    def events(mode: str) -> set[tuple]:
        report = analyze(TEXT, published="2019-03-05", settings=load_settings(parse=mode, published="2019-03-05"))
        return {(e.cameo, e.source and e.source.name, e.target and e.target.name, e.evidence.start)
                for e in report.events}

    selective, full = events("selective"), events("full")
    assert selective == full and len(full) >= 3


def test_bad_parse_mode_is_refused():
    from parley.errors import ParleyError
    from parley.nlp import parse_mode

    with pytest.raises(ParleyError, match="E650"):
        parse_mode(load_settings(parse="fast"))
