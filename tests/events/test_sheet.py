"""The events coder's per-document sheet and cached lookups give what spaCy and the plain code give."""

from __future__ import annotations

import random

import numpy as np
import pytest

from parley.events import coder
from parley.events.model import load_model
from parley.events.sheet import KEY, Sheet, actor_at, actor_spans, drop_sheet, sheet_of

from .conftest import make_context

#: Invented sentences with coordination, passives, relative clauses, particles and nested phrases.
SENTENCES = [
    "Norway and Sweden signed a treaty with Chile, Peru and Bolivia on Tuesday.",
    "The envoy, who was expelled by Kenya, called off talks and flew home.",
    "Brazil said it would impose the first phase of sanctions on Argentina over the dispute.",
    "Rebels in the north were attacked at the hands of militias backed by the army.",
    "Ministers ruled out talks; the union, however, agreed to end the strike.",
]


@pytest.fixture(scope="module")
def docs(nlp):
    return list(nlp.pipe(SENTENCES))


def test_sheet_reads_what_the_tokens_say(docs):
    for doc in docs:
        sheet = Sheet(doc)
        assert sheet.n == len(doc)
        for token in doc:
            i = token.i
            assert sheet.tokens[i].i == i and sheet.tokens[i] is sheet.tokens[i]  # one Token, reused
            assert sheet.head[i] == token.head.i
            assert (sheet.dep[i], sheet.lower[i], sheet.lemma[i], sheet.pos[i], sheet.tag[i], sheet.ent_type[i]) == \
                (token.dep_, token.lower_, token.lemma_.lower(), token.pos_, token.tag_, token.ent_type_)
            assert list(sheet.kids[i]) == [c.i for c in token.children]
            assert sheet.conjuncts(i) == [c.i for c in token.conjuncts]
            assert sheet.subtree(i) == [t.i for t in token.subtree]
            assert [t.i for t in sheet.children(i, ("prep", "dobj"))] == \
                [c.i for c in token.children if c.dep_ in ("prep", "dobj")]
        assert sheet.words == {t.lower_ for t in doc}


def test_sheet_of_an_empty_doc(nlp):
    sheet = Sheet(nlp.make_doc(""))
    assert (sheet.n, sheet.head, sheet.kids, sheet.tag, sheet.ent_type) == (0, [], [], [], [])


def test_sheet_is_kept_until_dropped(docs):
    doc = docs[0]
    sheet = sheet_of(doc)
    assert sheet_of(doc) is sheet and doc.user_data[KEY] is sheet
    drop_sheet(doc)
    assert KEY not in doc.user_data and sheet_of(doc) is not sheet
    drop_sheet(doc)


def test_held_actor_lookups_answer_as_the_context(nlp):
    text = "Norway and Sweden met Chile in Oslo, and Norway thanked Chile."
    ctx = make_context(nlp, text, {"Norway": ["Norway"], "Sweden": ["Sweden"], "Chile": ["Chile"], "Oslo": ["Oslo"]})
    plain = {(t.idx, t.idx + len(t)): ctx.actor_at(t.idx, t.idx + len(t)) for t in ctx.doc}
    plain[(0, len(text))] = ctx.actor_at(0, len(text))  # a long range that overlaps several mentions
    drop_sheet(ctx.doc)
    assert all(actor_at(ctx, *span) == hit for span, hit in plain.items())  # no sheet: asks the context
    sheet_of(ctx.doc).hold_actors(ctx)
    assert actor_spans(ctx) == ctx.actor_spans()
    for _ in range(2):  # first worked out, then remembered
        assert all(actor_at(ctx, *span) == hit for span, hit in plain.items())
    drop_sheet(ctx.doc)


def test_code_events_leaves_no_sheet_behind(run):
    ctx = run("Norway signed a treaty with Chile.", {"Norway": ["Norway"], "Chile": ["Chile"]})
    assert [e.cameo for e in ctx.events] and KEY not in ctx.doc.user_data


def test_sentence_times_are_those_inside_by_start(nlp):
    text = "On Monday Norway met Chile. On Friday and Thursday Peru met Chile."
    times = [("Friday", "2020-01-03", "day"), ("Monday", "2020-01-06", "day"), ("Thursday", "2020-01-02", "day")]
    ctx = make_context(nlp, text, {}, times=times)
    second = list(ctx.doc.sents)[1]
    expected = sorted((t for t in ctx.times if second.start_char <= t.start and t.end <= second.end_char),
                      key=lambda t: t.start)
    assert [t.text for t in expected] == ["Friday", "Thursday"]
    assert coder.sentence_times(ctx, second.start_char, second.end_char) == expected
    sheet_of(ctx.doc).hold_actors(ctx)
    assert coder.sentence_times(ctx, second.start_char, second.end_char) == expected
    drop_sheet(ctx.doc)


def test_probabilities_equal_the_plain_sum():
    linear = load_model().linear
    names = list(linear.vocab)
    rng = random.Random(7)

    def plain(features):
        rows = sorted({linear.vocab[f] for f in features if f in linear.vocab})
        scores = linear.bias.astype(np.float64) + (linear.weights[rows].sum(axis=0) if rows else 0.0)
        exp = np.exp(scores - scores.max())
        return {c: float(p) for c, p in zip(linear.classes, exp / exp.sum(), strict=True)}

    for _ in range(200):
        features = rng.sample(names, rng.randint(0, 80)) + ["no such feature"] * rng.randint(0, 2)
        assert linear.probabilities(features) == plain(features)  # bit for bit


@pytest.mark.parametrize("confidence,rule,cameo,settled", [
    (0.95, "verb:sign", "057", True),  # a confident rule
    (0.5, "verb:sign", "057", False),
    (0.5, "verb:refuse>verb:meet", "125", True),  # a frame verb's code
    (0.5, "verb:say", "010", False),  # a plain statement: the model may propose an act
    (0.5, "verb:comment", "012", True),  # a specific comment
])
def test_a_settled_sentence_is_one_decide_keeps(run, confidence, rule, cameo, settled):
    model = load_model()
    ctx = run("Norway signed a treaty with Chile.", {"Norway": ["Norway"], "Chile": ["Chile"]})
    event = ctx.events[0].model_copy(update={"confidence": confidence, "rule": rule, "cameo": cameo,
                                             "cameo_root": cameo[:2]})
    assert model.settled([event]) is settled
    if settled:
        classes = model.linear.classes
        for cell in classes:  # whatever the model says, `decide` keeps the rules' events
            probs = {c: (0.9 if c == cell else 0.1 / len(classes)) for c in classes}
            assert model.decide(probs, [event]) is None
    assert model.settled([]) is False
