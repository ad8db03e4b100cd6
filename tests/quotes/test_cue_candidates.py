"""The quote stage only looks at tokens that can be cue words, and finds every one of them."""

from __future__ import annotations

from parley.nlp import load_nlp
from parley.quotes import _cue_candidates, _cue_of, load_cues


def test_candidates_hold_every_token_a_cue_can_start():
    nlp = load_nlp()
    doc = nlp("According to the envoy, talks failed. The minister said the border would stay shut, "
              "and aides pointed out that nobody had asked. \"We refuse,\" she added.")
    cues = load_cues()
    maybe = _cue_candidates(doc)
    assert maybe == sorted(maybe)
    accepted = [t.i for t in doc if _cue_of(t, cues) is not None]
    assert accepted and set(accepted) <= set(maybe)
    assert doc[0].i in maybe  # "According"
    assert len(maybe) < len(doc)  # nouns, names and punctuation are never looked at


def test_no_tokens_no_candidates():
    assert _cue_candidates(load_nlp().make_doc("")) == []


def test_per_doc_reader_agrees_with_the_plain_functions():
    from parley.quotes import _DocCues, _subject

    doc = load_nlp()("Aides pointed out that the talks failed, the minister said. According to the envoy, "
                     "\"we refuse,\" she added, and officials warned that nobody had asked.")
    reader = _DocCues(doc)
    for cues in (load_cues(), load_cues("direct"), load_cues("clause"), load_cues("object")):
        for tok in doc:
            assert reader.cue_of(tok, cues) == _cue_of(tok, cues)
    for tok in doc:
        assert reader.subject(tok) == _subject(tok)
    assert reader.cue_of(doc[1], load_cues()) == "point out"


def test_words_after_counts_up_to_enough():
    from parley.quotes import _words_after

    doc = load_nlp().make_doc("Talks failed , he said , after a long night .")
    assert _words_after(doc, 4, len(doc), skip=set()) == 3
    assert _words_after(doc, 4, len(doc), skip=set(), enough=10) == 5
    assert _words_after(doc, 4, len(doc), skip={4, 6, 7, 8}) == 1
