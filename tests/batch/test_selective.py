"""The selective parse: same events as the full parse on invented sentences, exact offsets."""

from __future__ import annotations

import pytest

from parley.settings import load_settings

TEXT = (
    "Iran rejected talks with the United States on Monday.\n\n"
    "The weather in the capital was mild and markets were calm.\n\n"
    "France and Germany signed a trade agreement in Paris.  Turkey threatened to expel the Dutch ambassador.\n"
    "\"We will not negotiate under pressure,\" the minister said. Crops grew well this year.\n"
    "Iran accused the envoy Halvard Brennick of spying for 3 years."
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
    assert any(t.dep_ == "ROOT" for t in parsed)
    assert all(t.dep_ == "" for t in skipped) and not list(skipped.ents)


def test_ner_runs_only_where_it_can_add_a_name(docs):
    doc, full = docs
    by_text = {s.text.strip(): s for s in doc.sents if s.text.strip()}
    known = by_text["Iran rejected talks with the United States on Monday."]
    unknown = by_text["Iran accused the envoy Halvard Brennick of spying for 3 years."]
    # every name in the first is a dictionary actor (and Monday a calendar word): no NER there
    assert all(t.ent_iob == 0 for t in known) and any(t.dep_ == "ROOT" for t in known)
    # a name the dictionary lacks (and a number) send the sentence to NER, as the full parse would
    assert all(t.ent_iob != 0 for t in unknown)
    assert {e.text for e in unknown.ents} == {e.text for e in full.char_span(
        unknown.start_char, unknown.end_char, alignment_mode="expand").ents}


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


def test_unparsed_sentence_with_an_unknown_name_gets_entities_only():
    from parley.nlp import parse_many

    text = "The harvest was late this autumn.\nThe old bridge was painted by Oskar Velmund and his crew."
    doc = parse_many([text], load_settings(parse="selective"))[0]
    plain, named = [s for s in doc.sents if s.text.strip()]
    assert all(t.ent_iob == 0 and t.dep_ == "" for t in plain)  # nothing to add: untouched
    assert all(t.dep_ == "" for t in named)  # no event and no quote: no parse
    assert "Oskar Velmund" in {e.text for e in named.ents}  # but NER reads the unknown name


def test_selective_keeps_the_names_the_full_parse_finds():
    from parley.api import analyze

    text = ("The old bridge was painted by Oskar Velmund and his crew.\n"
            "\"The river is calm,\" said Captain Ilse Marrow of the harbour office.")

    def people(mode: str) -> set[str]:
        report = analyze(text, settings=load_settings(parse=mode))
        return {m.text for a in report.actors if a.type == "person" for m in a.mentions}

    assert people("selective") == people("full") and any("Velmund" in p for p in people("full"))
