"""Title abbreviations stay one token, so a name after "Lt. Gen." is not cut by a sentence break."""

from __future__ import annotations

import pytest

from parley.nlp import load_nlp, split_sentences


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.mark.parametrize("text", ["The visit of Lt. Gen. Arvo Pellin ended early.",
                                  "Col. Dara Venn and Maj. Ilse Korr met in the port."])
def test_titles_end_no_sentence(nlp, text):
    assert len(list(split_sentences(nlp, text).sents)) == 1
    assert len(list(nlp(text).sents)) == 1


def test_a_real_full_stop_still_ends_the_sentence(nlp):
    doc = split_sentences(nlp, "Capt. Orla Henn arrived. She met the mayor.")
    assert [s.text for s in doc.sents] == ["Capt. Orla Henn arrived.", "She met the mayor."]
