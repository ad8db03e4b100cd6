"""GreedyNer: spaCy's recogniser's entities, decoded for a whole batch at once, must be spaCy's own."""

from __future__ import annotations

import pytest

from parley.greedy_ner import GreedyNer, greedy_ner
from parley.nlp import load_nlp, numpy_gemm, split_sentences

#: Written for these tests: names of one and several words next to each other and to sentence
#: ends, numbers, dates, money, nationalities, odd spacing, and sentences inside one Doc.
TEXTS = [
    "The foreign minister of Oravia, Dalia Venk, met the Castellan envoy in Port Elsing on Monday.",
    "Sanctions worth $4.5 billion were lifted by the European Union in March 2021.",
    "Kasem Ardani and Mira Solberg of the Northern Alliance Party signed the accord.",
    "On 12 June, 300 soldiers of the Third Armoured Brigade crossed the Venta river near Hollin.",
    "The United Nations Security Council voted 13 to 2.   The Russian and Chinese envoys objected.",
    "Iran's Supreme Leader rejected talks with Washington; Tehran said the 2015 deal was dead.",
    "Prime Minister Aldo Marchetti told reporters in Rome that Italy would send 2,000 troops.",
    "\"We will not negotiate,\" said General Omar Haddad, commander of the Syrian Arab Army.",
    "Protesters gathered outside the U.S. Embassy in Nairobi, Kenya, on Friday evening.",
    "The World Bank and the International Monetary Fund lent Pakistan $6 billion last year.",
    "NATO, the EU and the African Union condemned the coup in Niamey.",
    "Siemens AG and Volkswagen shares fell 3% in Frankfurt after the Bundestag vote.",
    "He arrived.",
    "Ukraine",
    "A",
]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _docs(nlp, parsed: bool):
    docs = [split_sentences(nlp, text) for text in TEXTS]
    if parsed:  # the parser marks sentence starts, which the entity rules read
        docs = list(nlp.get_pipe("parser").pipe(nlp.get_pipe("tok2vec").pipe(docs)))
    return docs


def _entities(docs):
    return [([(e.start, e.end, e.label_) for e in doc.ents], [t.ent_iob_ for t in doc]) for doc in docs]


@pytest.mark.parametrize("parsed", [False, True])
@pytest.mark.parametrize("batch_size", [1, 4, 256])
def test_same_entities_as_spacy(nlp, parsed, batch_size):
    decoder = greedy_ner(nlp)
    assert decoder is not None
    with numpy_gemm(nlp):
        expected = list(nlp.get_pipe("ner").pipe(_docs(nlp, parsed), batch_size=batch_size))
        ours = _docs(nlp, parsed)
        decoder(ours, batch_size)
    assert _entities(ours) == _entities(expected)
    assert any(doc.ents for doc in ours)  # the texts do hold entities


def test_docs_with_entities_already_go_through_spacy(nlp):
    from spacy.tokens import Span

    decoder = greedy_ner(nlp)
    preset, plain = split_sentences(nlp, TEXTS[0]), split_sentences(nlp, TEXTS[0])
    preset.set_ents([Span(preset, 0, 2, label="ORG")])
    expected = nlp.get_pipe("ner")(split_sentences(nlp, TEXTS[0]).copy())
    decoder([preset, plain])
    assert (0, 2, "ORG") in [(e.start, e.end, e.label_) for e in preset.ents]  # spaCy keeps preset ones
    assert _entities([plain]) == _entities([expected])


def test_unusable_models_are_refused():
    class Moves:
        pass

    class Ner:
        moves = Moves()
        cfg = {"beam_width": 1}
        model = None

    assert not GreedyNer.usable(Ner())


def test_a_recogniser_listening_to_a_shared_tok2vec_is_refused(nlp):
    """A listener needs the shared tok2vec to run first, which the decoder does not do."""
    import copy

    from thinc.api import Model, chain

    ner = copy.copy(nlp.get_pipe("ner"))
    assert GreedyNer.usable(ner)
    listener = Model("tok2vec-listener", lambda model, X, is_train: (X, lambda dY: dY))
    ner.model = Model("parser_model", ner.model._func, layers=[chain(listener, ner.model.layers[0]),
                                                               *ner.model.layers[1:]],
                      attrs=dict(ner.model.attrs))
    assert not GreedyNer.usable(ner)
