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
