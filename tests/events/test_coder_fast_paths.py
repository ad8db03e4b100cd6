"""The events coder's fast paths give what the plain loops they replaced give (no timing here)."""

from __future__ import annotations

import pytest

from parley.events import coder
from parley.events.lexicon import load_lexicon

#: Invented sentences with prepositions, particles, object nouns and coordinated objects.
SENTENCES = [
    "Norway accused Sweden of spying on its embassy in Oslo and of lying about it.",
    "The envoy called for talks with Chile and Peru, and called off the strike by dockers.",
    "Brazil imposed the first phase of sanctions on Argentina over the border dispute.",
    "Kenya rejected calls for negotiations between the rebels and the government.",
    "Ministers ruled out talks, then agreed to a ceasefire with the militia on Tuesday.",
    "The attack on the convoy by gunmen near the border killed three soldiers.",
]


@pytest.fixture(scope="module")
def docs():
    from parley.nlp import load_nlp

    return list(load_nlp().pipe(SENTENCES))


def _plain_prep_objects(token, preps):
    found = []
    for prep in preps:
        for child in token.children:
            if child.dep_ in ("prep", "agent", "prt", "dative") and child.lower_ == prep:
                found.extend(coder._children(child, "pobj", "pcomp"))
    return found


def _plain_match_token(token, lexicon):
    """match_token as a loop that asks the parse again for every candidate pattern."""
    if token.pos_ in ("VERB",) or (token.pos_ == "AUX" and token.dep_ == "ROOT"):
        kind = "verb"
    elif token.pos_ in ("NOUN", "PROPN"):
        kind = "noun"
    else:
        return None
    candidates = lexicon.lookup(kind, coder._lemma(token)) or lexicon.lookup(kind, token.lower_)
    if kind == "verb" and not candidates:
        candidates = [p for p in lexicon.lookup("noun", token.lower_) if p.flag("carrier")]
        kind = "noun" if candidates else kind
    for pattern in candidates:
        if pattern.flag("carrier") and coder._carrier(token, pattern) is None:
            continue
        if pattern.modifier and not coder._word_matches(token, f"{pattern.modifier} {pattern.lemma}"):
            continue
        if not coder._particle_ok(token, pattern.particle):
            continue
        if pattern.before and not coder._before_ok(token, pattern.before):
            continue
        if pattern.objects:
            objects = [o for o in coder._object_candidates(token, pattern.particle)
                       if any(coder._word_matches(o, alt) for alt in pattern.objects)]
            if not objects:
                continue
            return pattern, objects
        if kind == "noun" and pattern.particle and not coder._prep_objects(token, [pattern.particle]):
            continue
        return pattern, []
    return None


@pytest.mark.parametrize("preps", [["of"], ["on", "by", "of"], ["by", "on", "by"], ["between", "among"], []])
def test_prep_objects_keep_order_and_repeats(docs, preps):
    for doc in docs:
        for token in doc:
            assert [t.i for t in coder._prep_objects(token, preps)] == [t.i for t in _plain_prep_objects(token, preps)]


def test_match_token_equals_the_plain_loop(docs):
    lexicon = load_lexicon()
    hits = 0
    for doc in docs:
        for token in doc:
            fast, plain = coder.match_token(token, lexicon), _plain_match_token(token, lexicon)
            assert (fast and (fast[0], [t.i for t in fast[1]])) == (plain and (plain[0], [t.i for t in plain[1]]))
            hits += fast is not None
    assert hits >= len(SENTENCES)


@pytest.mark.parametrize("alternative", ["talks", "hunger strike", "border dispute", "dispute"])
def test_object_word_test_equals_word_matches(docs, alternative):
    for doc in docs:
        for token in doc:
            assert coder._object_word_matches(token, coder._lemma(token), token.lower_, alternative) \
                == coder._word_matches(token, alternative)


def test_trigger_positions_are_the_tokens_the_lexicon_has(docs):
    lexicon = load_lexicon()
    for doc in docs:
        for sent in doc.sents:
            expected = [t.i for t in sent if lexicon.has(t.lemma_) or lexicon.has(t.lower_)]
            assert coder.trigger_positions(sent, lexicon) == expected
        assert coder.trigger_positions(doc[0:0], lexicon) == []


def test_trigger_positions_follow_the_lexicon_asked(docs, tmp_path):
    from parley.events.lexicon import Lexicon, read_file

    path = tmp_path / "mine.tsv"
    path.write_text("kind\tlemma\tparticle\tobject\tcode\tflags\nverb\tmeet\t\t\t040\t\n", encoding="utf-8")
    small = Lexicon(read_file(path))
    sent = next(iter(docs[0].sents))
    everything = coder.trigger_positions(sent, load_lexicon())
    assert coder.trigger_positions(sent, small) == [t.i for t in sent if t.lemma_ == "meet" or t.lower_ == "meet"]
    assert coder.trigger_positions(sent, load_lexicon()) == everything
