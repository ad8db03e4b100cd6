"""Sentence capping and line breaks: the array-based loop cuts where the token walk cut."""

from __future__ import annotations

import random

import pytest
from spacy.tokens import Doc

from parley import nlp as nlp_module


def _walk(doc, limit):
    """The token-by-token version of `cap_sentences` (the reference)."""
    length, last_break = 0, -1
    for token in doc:
        if token.i == 0 or token.is_sent_start:
            length, last_break = 1, -1
            continue
        length += 1
        if token.i and doc[token.i - 1].text in (",", ";", ":"):
            last_break = token.i
        if length > limit:
            cut = last_break if last_break > token.i - limit // 4 else token.i
            doc[cut].is_sent_start = True
            length, last_break = token.i - cut + 1, -1
    return doc


@pytest.fixture(scope="module")
def vocab():
    return nlp_module.load_nlp().vocab


def _random_doc(vocab, rng):
    words = [rng.choice(["word", ",", ";", ":", "talks", "."]) for _ in range(rng.randint(1, 90))]
    starts = [True] + [rng.random() < 0.04 for _ in words[1:]]
    return Doc(vocab, words=words, sent_starts=starts)


@pytest.mark.parametrize("limit", [4, 9, 16, 40])
def test_capping_cuts_where_the_walk_cuts(vocab, limit):
    rng = random.Random(limit)
    for _ in range(200):
        doc = _random_doc(vocab, rng)
        again = Doc(vocab, words=[t.text for t in doc], sent_starts=[bool(t.is_sent_start) for t in doc])
        capped = nlp_module.cap_sentences(doc, limit)
        walked = _walk(again, limit)
        assert [t.is_sent_start for t in capped] == [t.is_sent_start for t in walked]
        assert max(len(s) for s in capped.sents) <= limit


def test_a_long_page_without_full_stops_is_cut(vocab):
    text = ", ".join(["the envoy met the minister"] * 120)
    doc = nlp_module.split_sentences(nlp_module.load_nlp(), text)
    assert max(len(s) for s in doc.sents) <= nlp_module.MAX_SENTENCE_TOKENS
    assert doc.text == text


def test_line_breaks_still_start_sentences_in_the_full_parse():
    nlp = nlp_module.load_nlp()
    doc = nlp("Iran rejected the offer of talks\nfrance welcomed it")
    after = [t for t in doc if t.text == "france"][0]
    assert after.is_sent_start
