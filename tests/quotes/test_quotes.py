"""Quotes: direct, split, indirect, mixed and term quotes, speakers, offsets, the component."""

import re
from pathlib import Path

import pytest

from parley.document import Actor, Document, Mention
from parley.pipeline import Context
from parley.quotes import extract_quotes, load_cues
from parley.quotes.marks import find_quoted
from parley.registry import components
from parley.settings import load_settings

SEEDS = Path("/work/shared/seeds")
ACTORS = [("Ruto", "person", "KEN"), ("Tinubu", "person", "NGA"), ("Kenya", "state", "KEN"),
          ("the African Union", "organisation", "AFR")]


@pytest.fixture(scope="session")
def nlp():
    from parley.nlp import load_nlp

    return load_nlp()


@pytest.fixture
def make_ctx(nlp):
    def build(text: str) -> Context:
        actors = []
        for name, kind, country in ACTORS:
            ms = [Mention(text=m.group(0), start=m.start(), end=m.end()) for m in re.finditer(re.escape(name), text)]
            if ms:
                actors.append(Actor(id=name.lower(), name=name, type=kind, country=country, mentions=ms))
        ctx = Context(document=Document(id="q", text=text), settings=load_settings(), actors=actors)
        ctx.doc = nlp(text)
        return ctx

    return build


def _quotes(ctx):
    quotes = extract_quotes(ctx)
    for q in quotes:
        if q.kind != "direct" or q.text == ctx.text[q.start : q.end]:
            assert ctx.text[q.start : q.end] == q.text
    return quotes


def test_marks_curly_straight_single():
    text = 'He said "yes". She said \u201cno\u201d. They called it \u2018the long game\u2019 and it\u2019s over.'
    got = [text[q.start : q.end] for q in find_quoted(text)]
    assert got == ["yes", "no", "the long game"]


def test_direct_quote_with_pronoun_speaker(make_ctx):
    ctx = make_ctx("Ruto arrived in Abuja on Friday. \u201cWe are ready to sign the corridor deal today,\u201d he said.")
    (q,) = [q for q in _quotes(ctx) if q.kind == "direct"]
    assert q.text == "We are ready to sign the corridor deal today"
    assert q.speaker.actor_id == "ruto" and q.speaker.text == "he" and q.cue == "say"


def test_multi_sentence_and_continuation(make_ctx):
    text = ('Tinubu told the assembly: "Our ports are open. Our markets are open." '
            '"Nobody should doubt it."')
    quotes = [q for q in _quotes(make_ctx(text)) if q.kind == "direct"]
    assert quotes[0].text == "Our ports are open. Our markets are open."
    assert quotes[0].speaker.actor_id == "tinubu" and quotes[0].cue == "tell"
    assert quotes[1].speaker.actor_id == "tinubu" and quotes[1].cue is None


def test_split_quote_becomes_one(make_ctx):
    text = "\u201cThe border will stay open,\u201d Ruto said, \u201cwhatever the cost to us.\u201d"
    quotes = [q for q in _quotes(make_ctx(text)) if q.kind == "direct"]
    assert len(quotes) == 1
    assert quotes[0].text == "The border will stay open whatever the cost to us."
    assert quotes[0].speaker.name == "Ruto"


def test_indirect_speech_and_according_to(make_ctx):
    text = ("Tinubu insisted that the tariff would be lifted before the harvest. "
            "According to Ruto, the pipeline will be finished within two years.")
    quotes = _quotes(make_ctx(text))
    kinds = {(q.kind, q.cue, q.speaker.actor_id) for q in quotes}
    assert ("indirect", "insist", "tinubu") in kinds
    assert ("indirect", "according to", "ruto") in kinds
    first = [q for q in quotes if q.cue == "insist"][0]
    assert first.text == "the tariff would be lifted before the harvest"


def test_mixed_quote(make_ctx):
    text = "Ruto said the earlier negotiations had been \u201cpointless\u201d for both sides."
    (q,) = _quotes(make_ctx(text))
    assert q.kind == "mixed" and q.speaker.actor_id == "ruto"
    assert "\u201cpointless\u201d" in q.text


def test_scare_quotes_are_terms(make_ctx):
    text = "Kenya again denounced the \u2018iron ring\u2019 of tariffs around its exporters."
    (q,) = _quotes(make_ctx(text))
    assert q.kind == "term" and q.text == "iron ring" and q.speaker.actor_id == "kenya"


def test_organisation_pronoun(make_ctx):
    text = "the African Union met on Monday. It warned that the ceasefire was in danger of collapse."
    quotes = [q for q in _quotes(make_ctx(text)) if q.kind == "indirect"]
    assert quotes and quotes[0].speaker.actor_id == "the african union" and quotes[0].speaker.text == "It"


def test_unknown_speaker_kept_as_text(make_ctx):
    text = "A senior diplomat said that the vote would be delayed by a week."
    (q,) = _quotes(make_ctx(text))
    assert q.speaker.actor_id is None and q.speaker.text == "A senior diplomat"


def test_cue_lexicon_is_data():
    cues = load_cues()
    assert {"say", "point out", "according to", "warn"} <= cues


def test_component_without_doc_parses_itself(nlp):
    text = "\u201cWe will not move,\u201d said the minister."
    ctx = Context(document=Document(id="c", text=text), settings=load_settings())
    components.get("quotes")(load_settings())(ctx)
    assert ctx.quotes and ctx.quotes[0].kind == "direct" and ctx.quotes[0].speaker.text == "the minister"


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.exists(), reason="../shared absent")
def test_seed_quotes(nlp):
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text("utf-8")
        ctx = Context(document=Document(id=path.stem, text=text), settings=load_settings())
        ctx.doc = nlp(text)
        quotes = extract_quotes(ctx)
        assert quotes
        assert all(0 <= q.start < q.end <= len(text) for q in quotes)


def test_double_apostrophe_marks():
    text = "''We will sign,'' he said, ''whatever it takes.'' It's done."
    assert [text[q.start : q.end] for q in find_quoted(text)] == ["We will sign", "whatever it takes."]


def test_quote_resumed_after_attribution_sentence_is_one_quote(make_ctx):
    text = ("\u201cThe corridor will open in May,\u201d Ruto said. \u201cNobody in Nairobi doubts it any more, "
            "and the trucks are already waiting.\u201d")
    (q,) = [q for q in _quotes(make_ctx(text)) if q.kind == "direct"]
    assert q.start == text.index("The corridor") and q.end == text.index("waiting.") + len("waiting.")
    assert q.speaker.actor_id == "ruto"


def test_two_speakers_are_not_merged(make_ctx):
    text = ("\u201cThe corridor will open in May,\u201d Ruto said. \u201cIt will not open before the rains end,\u201d "
            "Tinubu replied.")
    direct = [q for q in _quotes(make_ctx(text)) if q.kind == "direct"]
    assert [q.speaker.actor_id for q in direct] == ["ruto", "tinubu"]


def test_speaker_named_before_a_colon_and_paragraph(make_ctx):
    text = "Ruto told the delegates:\n\n\u201cWe will not wait for anyone to approve the corridor this year.\u201d"
    (q,) = [q for q in _quotes(make_ctx(text)) if q.kind == "direct"]
    assert q.speaker.actor_id == "ruto" and q.cue == "tell"


def test_inserted_attribution_gives_indirect_speech(make_ctx):
    text = "The tariffs, Tinubu said, will be lifted before the summit opens."
    (q,) = [q for q in _quotes(make_ctx(text)) if q.kind == "indirect"]
    assert q.speaker.actor_id == "tinubu" and q.cue == "say"
    assert q.text.startswith("The tariffs") and q.text.endswith("opens")


def test_object_of_a_speech_act_is_its_content(make_ctx):
    text = "Ruto called for an immediate ceasefire along the border."
    (q,) = _quotes(make_ctx(text))
    assert q.kind == "indirect" and q.cue in {"call", "call for"}
    assert q.text == "an immediate ceasefire along the border" and q.speaker.actor_id == "ruto"


def test_a_physical_attack_is_no_speech_but_an_attack_on_a_plan_is(make_ctx):
    physical = _quotes(make_ctx("Kenya attacked rebel camps near the river at dawn."))
    assert not [q for q in physical if q.cue == "attack"]
    (q,) = _quotes(make_ctx("Ruto attacked the corridor plan in a long speech."))
    assert q.kind == "indirect" and q.cue == "attack" and q.speaker.actor_id == "ruto"
    assert q.text == "the corridor plan"


def test_short_embedded_quote_is_a_term(make_ctx):
    text = "Tinubu called the plan \u201csad.\u201d and left the hall."
    quotes = _quotes(make_ctx(text))
    assert [q.kind for q in quotes if q.text.startswith("sad")] == ["term"]
