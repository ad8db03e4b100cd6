"""GreedyParser: spaCy's parser's parses, with each step's arithmetic done for a whole batch, must
be spaCy's own (heads, labels, sentence starts)."""

from __future__ import annotations

import pytest
from spacy.attrs import DEP, HEAD, SENT_START
from spacy.tokens import Doc

from parley.greedy_parser import GreedyParser, greedy_parser
from parley.nlp import load_nlp, numpy_gemm, split_sentences

#: Written for these tests: short and long sentences, clauses, coordination, quotes, lists, line
#: breaks (sentence starts set before the parse), several sentences in one Doc, and one word.
TEXTS = [
    "The foreign minister of Oravia, Dalia Venk, met the Castellan envoy in Port Elsing on Monday.",
    "Sanctions worth $4.5 billion, which the council had imposed in 2019, were lifted in March.",
    "\"We will not negotiate with people who broke their word,\" the general told the crowd.",
    "Talks collapsed.\nThe envoys left the capital the next morning and did not return.",
    "Protesters marched, chanted and burned flags; the police, outnumbered, watched from a bridge.",
    "Although the treaty was signed in 1987, neither side ratified it until the talks resumed.",
    "He said that she said that they had agreed to meet again after the vote in Geneva.",
    "Oil, wheat, steel and copper prices rose as the blockade of the strait entered its third week.",
    "Why would anyone believe a government that denies what everyone saw?",
    "Yes.",
    "Ukraine",
    "",
]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _tagged(nlp, texts=TEXTS):
    """Docs as the parser receives them in Parley: embedded, tagged, line breaks marked."""
    docs = [split_sentences(nlp, text) for text in texts]
    docs = nlp.get_pipe("tagger").pipe(nlp.get_pipe("tok2vec").pipe(docs))
    return [nlp.get_pipe("parley_line_breaks")(doc) for doc in docs]


def _parses(docs):
    return [doc.to_array([HEAD, DEP, SENT_START]).tolist() for doc in docs]


@pytest.mark.parametrize("batch_size", [1, 4, 256])
def test_same_parses_as_spacy(nlp, batch_size):
    decoder = greedy_parser(nlp)
    assert decoder is not None
    with numpy_gemm(nlp):
        expected = list(nlp.get_pipe("parser").pipe(_tagged(nlp), batch_size=batch_size))
        ours = list(decoder.pipe(_tagged(nlp), batch_size=batch_size))
    assert [doc.text for doc in ours] == TEXTS  # every Doc back, in its order
    assert _parses(ours) == _parses(expected)
    assert ours[1].has_annotation("DEP") and len(list(ours[3].sents)) == 2


def test_unseen_classes_get_the_lowest_score_as_in_spacy(nlp):
    """A class the model never saw in training is scored as spaCy's loop scores it."""
    parser = nlp.get_pipe("parser")
    attrs = parser.model.attrs
    before = attrs.get("unseen_classes")
    attrs["unseen_classes"] = {parser.moves.n_moves - 1, 1}
    try:
        with numpy_gemm(nlp):
            expected = list(parser.pipe(_tagged(nlp), batch_size=8))
            ours = list(GreedyParser(parser).pipe(_tagged(nlp), batch_size=8))
    finally:
        attrs["unseen_classes"] = before
    assert _parses(ours) == _parses(expected)


def test_preset_sentence_starts_are_kept(nlp):
    """A Doc whose sentence starts are set before the parse keeps them (the parser must respect them)."""
    words = ["The", "vote", "failed", "Ministers", "resigned", "at", "once", "."]
    doc = Doc(nlp.vocab, words=words, sent_starts=[True, False, False, True, False, False, False, False])
    doc = nlp.get_pipe("tagger")(nlp.get_pipe("tok2vec")(doc))
    with numpy_gemm(nlp):
        greedy_parser(nlp).parse([doc])
    assert [sent.start for sent in doc.sents] == [0, 3]
    assert all(token.head.sent.start == token.sent.start for token in doc)


def test_unusable_parsers_are_refused(nlp):
    class Beam:
        cfg = {"beam_width": 4}
        model = nlp.get_pipe("parser").model
        moves = nlp.get_pipe("parser").moves

        def transition_states(self, states, scores):  # pragma: no cover - never called
            return []

        def set_annotations(self, docs, states):  # pragma: no cover - never called
            return None

    class NoModel:
        cfg = {"beam_width": 1}
        model = None

    assert GreedyParser.usable(nlp.get_pipe("parser"))
    assert not GreedyParser.usable(Beam())
    assert not GreedyParser.usable(NoModel())
