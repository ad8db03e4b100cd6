"""The fast attribute rules give spaCy's attribute ruler's result exactly (no timing here)."""

from __future__ import annotations

import pytest

from parley import nlp as nlp_module
from parley.settings import load_settings

#: Invented sentences that exercise the ruler's special rules: contractions, "gonna", "let's",
#: expletive "there", aux verbs, determiners, white space tokens, several paragraphs.
SENTENCES = [
    "Ministers ain't gonna sign that deal, and y'all know it.",
    "Let's be clear: there is nothin' the envoy can't fix, c'mon.",
    "There were protests after the council got the report and the mayor gets the blame.",
    "Which delegation has been asked to leave?  That one  was.",
    "The   committee   will meet\t again on 3 May 2024 in Oslo.",
    "He gotta go; she doesn't want to.",
    "Nothing happened.",
    "",
]


@pytest.fixture(scope="module")
def nlp():
    return nlp_module.load_nlp()


@pytest.fixture(scope="module")
def parsed(nlp):
    """The sentences tagged and parsed, before the attribute ruler."""
    after = nlp.pipe_names[nlp.pipe_names.index("attribute_ruler"):]
    return list(nlp.pipe(SENTENCES, disable=after))


def test_rules_find_the_ruler_s_matches(nlp, parsed):
    ruler = nlp.get_pipe("attribute_ruler")
    rules = nlp_module.AttributeRules(ruler)
    for doc in parsed:
        assert rules.matches(doc) == ruler.match(doc), doc.text


def test_most_rules_skip_the_matcher(nlp):
    rules = nlp_module.AttributeRules(nlp.get_pipe("attribute_ruler"))
    in_table = {attr_id for entries in rules.table.values() for attr_id, _, _ in entries}
    assert len(in_table) > 0.9 * len(nlp.get_pipe("attribute_ruler").attrs)
    assert len(rules.rest) + len(in_table) == len(nlp.get_pipe("attribute_ruler").attrs)


def test_token_tests_decline_what_they_cannot_read(nlp):
    strings = nlp.vocab.strings
    assert nlp_module._token_tests({"TAG": "NN", "OP": "?"}, strings) is None
    assert nlp_module._token_tests({"ENT_TYPE": "GPE"}, strings) is None
    assert nlp_module._token_tests({"LOWER": {"FUZZY": "gonna"}}, strings) is None
    assert nlp_module._token_tests({"TAG": {"IN": ["NN", "NNS"]}, "IS_SPACE": False}, strings) == (
        (0, "in", frozenset({strings["NN"], strings["NNS"]})), (3, "in", frozenset({0})))


def test_parse_many_is_the_same_with_and_without_the_fast_rules(monkeypatch):
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

    text = "\n\n".join(s for s in SENTENCES if s) + "\n\nIran rejected talks with the United States."
    settings = load_settings(parse="selective")
    fast = nlp_module.parse_many([text], settings)[0]
    monkeypatch.setattr(nlp_module, "FAST_ATTRIBUTE_RULES", False)
    plain = nlp_module.parse_many([text], settings)[0]
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    assert (fast.to_array(attrs) == plain.to_array(attrs)).all()
    assert any(t.pos_ for t in fast)
