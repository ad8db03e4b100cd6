"""The learned event model: loading, deterministic training, inference, the switch, and that
confident rule codes are kept."""

from __future__ import annotations

import numpy as np
import pytest

from parley.events.model import EventModel, cells, load_for_settings, load_model, setting
from parley.events.model.features import anchor, sentence_features
from parley.events.model.linear import LinearModel, fit, load, log_loss
from parley.settings import Settings

from .conftest import make_context

STATES = {"Norway": ["Norway"], "Peru": ["Peru"], "Chile": ["Chile"], "Iran": ["Iran"],
          "United States": ["United States"]}

#: Invented training sentences: (text, PLOVER type or None, penta class or None).
TINY = [
    ("Norway signed a trade pact with Peru.", "AGREE", 1),
    ("Chile and Peru reached an accord on fishing rights.", "AGREE", 1),
    ("The two governments settled their border quarrel.", "AGREE", 1),
    ("Norway shelled villages along the Peruvian border.", "ASSAULT", 4),
    ("Rebels ambushed a convoy near the capital.", "ASSAULT", 4),
    ("Troops fired mortars at the town overnight.", "ASSAULT", 4),
    ("Chile scolded Peru over the arrests.", "ACCUSE", 3),
    ("The minister blamed Norway for the spill.", "ACCUSE", 3),
    ("Peru denounced the raid as a crime.", "ACCUSE", 3),
    ("Norway shipped tents and food to flood victims in Peru.", "AID", 2),
    ("Chile flew medicine to the stricken province.", "AID", 2),
    ("Donors sent grain to the famine region.", "AID", 2),
    ("Thousands marched through Lima against the tax.", "PROTEST", 4),
    ("Farmers blockaded roads to oppose the reform.", "PROTEST", 4),
    ("Students rallied outside parliament demanding reform.", "PROTEST", 4),
    ("Norway rebuffed the offer from Peru.", "REJECT", 3),
    ("Chile turned down the proposal for a summit.", "REJECT", 3),
    ("The council spurned the request for more troops.", "REJECT", 3),
    ("The spokesman commented on the weather in Oslo.", None, 0),
    ("Officials remarked that the harvest was late.", None, 0),
    ("The minister observed that prices were stable.", None, 0),
    ("Norway lauded the courage of Chilean miners.", None, 1),
    ("Peru shelled rebel positions in the hills.", None, 4),
    ("Chile gave blankets to refugees.", None, 2),
]


@pytest.fixture(scope="module")
def tiny(nlp):
    """Features and allowed cells of the invented training set."""
    feats = [sentence_features(next(iter(nlp(text).sents))) for text, _, _ in TINY]
    allowed = [cells.allowed(plover=p, penta=q) for _, p, q in TINY]
    return feats, allowed


def test_cells_table_is_consistent():
    names = cells.names()
    assert len(names) == len(set(names)) and "STATEMENT" in names
    assert cells.cell_of("043") == "CONSULT"
    assert cells.cell_of("1121") == "ACCUSE"
    assert cells.cell_of("010") == "STATEMENT"
    assert cells.cell_of("100") == "REQUEST/3" and cells.cell_of("020") == "REQUEST/0"
    assert set(cells.allowed(plover="CONCEDE|RETREAT")) == {"CONCEDE", "RETREAT"}
    assert set(cells.allowed(penta=3)) == {"ACCUSE", "REQUEST/3", "REJECT", "THREATEN", "SANCTION"}
    assert set(cells.allowed(penta=0)) == {"STATEMENT", "REQUEST/0"}
    for cell in cells.cells():  # every cell's default code maps back to it
        assert cells.cell_of(cell.code) == cell.name


def test_shipped_model_loads():
    model = load_model()
    assert model.linear.classes == cells.names()
    assert len(model.linear.vocab) > 1000
    assert model.linear.weights.shape == (len(model.linear.vocab), len(cells.names()))
    assert 0 < model.keep <= 1.01 and 0 <= model.margin < 1 and 0 < model.propose < 1
    assert model.rule == "model:events-v1"


def test_training_is_deterministic(tiny):
    feats, allowed = tiny
    a = fit(feats, allowed, cells.names(), l2=0.5)
    b = fit(feats, allowed, cells.names(), l2=0.5)
    assert a.vocab == b.vocab
    assert np.array_equal(a.weights, b.weights) and np.array_equal(a.bias, b.bias)


def test_tiny_model_learns_and_generalises(nlp, tiny):
    feats, allowed = tiny
    model = fit(feats, allowed, cells.names(), l2=0.1)
    assert log_loss(model, feats, allowed) < 0.5
    unseen = {"Chile shelled the border town overnight.": "ASSAULT",
              "Peru signed a pact with Norway.": "AGREE",
              "Farmers marched against the tax in Oslo.": "PROTEST"}
    for text, cell in unseen.items():
        probs = model.probabilities(sentence_features(next(iter(nlp(text).sents))))
        assert max(probs, key=probs.get) == cell, text
        assert abs(sum(probs.values()) - 1) < 1e-6


def test_partial_labels_spread_over_their_cells(tiny):
    feats, allowed = tiny
    model = fit(feats, allowed, cells.names(), l2=0.1)
    probs = model.probabilities(feats[-1])  # "Chile gave blankets": only penta 2 is known
    assert sum(probs[c] for c in cells.allowed(penta=2)) > 0.5


def test_save_and_load_round_trip(tmp_path, tiny):
    feats, allowed = tiny
    model = fit(feats, allowed, cells.names(), l2=0.5, meta={"keep": "0.8"})
    path = tmp_path / "tiny.npz"
    model.save(path)
    again = load(path)
    assert again.classes == model.classes and again.vocab == model.vocab and again.meta["keep"] == "0.8"
    for f in feats[:5]:
        p, q = model.probabilities(f), again.probabilities(f)
        assert max(p, key=p.get) == max(q, key=q.get)


def test_switch_and_bad_file(monkeypatch, tmp_path):
    assert load_for_settings(Settings(extra=(("event_model", "off"),))) == (None, None)
    monkeypatch.setenv("PARLEY_EVENT_MODEL", "0")
    assert setting() == "0"
    assert load_for_settings(Settings()) == (None, None)
    monkeypatch.setenv("PARLEY_EVENT_MODEL", "1")
    model, problem = load_for_settings(Settings())
    assert isinstance(model, EventModel) and problem is None
    bad = tmp_path / "broken.npz"
    bad.write_text("not a model")
    model, problem = load_for_settings(Settings(extra=(("event_model", str(bad)),)))
    assert model is None and problem is not None and problem.code == "E250"


def test_anchor_skips_the_reporting_verb(nlp):
    sent = next(iter(nlp("Officials said Chile attacked a border post.").sents))
    assert anchor(sent).lemma_ == "attack"


def _forcing_model(cell: str, word: str) -> EventModel:
    """A hand-made model that puts almost all mass on `cell` whenever `word` is in the sentence."""
    names = cells.names()
    weights = np.zeros((1, len(names)), dtype=np.float32)
    weights[0, names.index(cell)] = 20.0
    linear = LinearModel(names, {f"w={word}": 0}, weights, np.zeros(len(names), dtype=np.float32),
                         {"keep": "0.8", "margin": "0.3", "propose": "0.45"})
    return EventModel(linear, name="test")


def test_model_proposes_an_event_where_no_pattern_fires(nlp):
    from parley.events.coder import code_events
    from parley.events.lexicon import load_lexicon

    ctx = make_context(nlp, "Norway befriended Peru last spring.", STATES)
    lexicon = load_lexicon()
    assert not code_events(ctx, lexicon)
    events = code_events(ctx, lexicon, _forcing_model("SUPPORT", "befriend"))
    assert len(events) == 1
    event = events[0]
    assert event.rule == "model:test" and event.plover == "SUPPORT"
    assert event.source.name == "Norway" and event.target.name == "Peru"
    assert 0 < event.confidence <= 0.75


def test_model_recodes_only_unconfident_rules(nlp):
    from parley.events.coder import code_events
    from parley.events.lexicon import load_lexicon

    lexicon = load_lexicon()
    model = _forcing_model("ASSAULT", "host")
    ctx = make_context(nlp, "Norway will host Peru.", STATES)
    rules = code_events(ctx, lexicon)
    assert [e.cameo for e in rules] == ["043"]
    model.keep = rules[0].confidence + 0.01  # the rule is now "not confident"
    recoded = code_events(ctx, lexicon, model)
    assert recoded[0].plover == "ASSAULT" and recoded[0].rule.startswith("model:test~")
    assert recoded[0].source.name == "Norway" and recoded[0].target.name == "Peru"
    model.keep = rules[0].confidence  # confident again: kept
    assert [e.cameo for e in code_events(ctx, lexicon, model)] == ["043"]


@pytest.mark.parametrize("text,code", [
    ("Norway will host Peru.", "043"),
    ("Iran refused to meet the United States.", "125"),
    ("Norway urged Chile to negotiate with Peru.", "026"),
])
def test_shipped_model_keeps_confident_rule_codes(run, text, code):
    ctx = run(text, STATES)
    assert code in {e.cameo for e in ctx.events}
    assert all(not (e.rule or "").startswith("model:") for e in ctx.events if e.cameo == code)


def test_model_proposes_nothing_for_a_predicate_that_only_says_what_someone_is(nlp):
    from parley.events.coder import code_events
    from parley.events.lexicon import load_lexicon

    ctx = make_context(nlp, "Norway is a country of fjords and friends of Peru.", STATES)
    assert not code_events(ctx, load_lexicon(), _forcing_model("ASSAULT", "country"))


def test_model_uses_the_act_an_adjective_governs(nlp):
    from parley.events.coder import code_events
    from parley.events.lexicon import load_lexicon

    ctx = make_context(nlp, "Norway is eager to befriend Peru.", STATES)
    events = code_events(ctx, load_lexicon(), _forcing_model("SUPPORT", "befriend"))
    assert [(e.source.name, e.plover, e.target.name) for e in events] == [("Norway", "SUPPORT", "Peru")]


def test_model_takes_no_target_from_inside_the_source_phrase(nlp):
    from parley.events.coder import code_events
    from parley.events.lexicon import load_lexicon

    text = "Olav Berg, the commander of the Norway guard, smiled broadly."
    ctx = make_context(nlp, text, {"Olav Berg": ["Olav Berg"], "Norway": ["Norway guard"]})
    events = code_events(ctx, load_lexicon(), _forcing_model("ASSAULT", "smile"))
    assert [(e.source.name, e.target) for e in events] == [("Olav Berg", None)]
