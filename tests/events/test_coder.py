"""The event coder on invented sentences, with actors given by hand."""

from __future__ import annotations

import pytest

from parley.document import Event

STATES = {"Egypt": ["Egypt"], "Sudan": ["Sudan"], "Ethiopia": ["Ethiopia"], "Iran": ["Iran", "Tehran"],
          "Iraq": ["Iraq"], "Kuwait": ["Kuwait"], "Chile": ["Chile"], "Peru": ["Peru"],
          "Norway": ["Norway"], "Bolivia": ["Bolivia"], "United States": ["Washington", "United States"]}


def triples(events: list[Event]) -> set[tuple[str | None, str, str | None]]:
    return {(e.source and e.source.name, e.cameo, e.target and e.target.name) for e in events}


def one(ctx, code: str) -> Event:
    found = [e for e in ctx.events if e.cameo == code]
    assert len(found) == 1, [(e.cameo, e.rule) for e in ctx.events]
    return found[0]


def test_active_sentence_fills_the_contract_fields(run):
    ctx = run("Chile attacked Peru near the border.", STATES, published="2021-05-02")
    event = one(ctx, "190")
    assert (event.source.name, event.target.name) == ("Chile", "Peru")
    assert event.source.text == "Chile" and event.source.actor_id == "chile"
    assert (event.cameo_root, event.plover, event.goldstein, event.quad_class) == ("19", "ASSAULT", -10.0, 4)
    assert event.modality == "asserted" and not event.negated
    assert event.rule == "verb:attack"
    assert 0.0 < event.confidence <= 1.0


def test_passive_agent_is_the_source(run):
    ctx = run("Peru was attacked by Chile.", STATES)
    assert triples(ctx.events) == {("Chile", "190", "Peru")}


def test_coordinated_subjects_give_one_event_each(run):
    ctx = run("Egypt and Sudan met with Ethiopia on the dam.", STATES)
    assert triples(ctx.events) == {("Egypt", "040", "Ethiopia"), ("Sudan", "040", "Ethiopia")}


def test_coordinated_objects_give_one_event_each(run):
    ctx = run("Norway praised Chile and Peru.", STATES)
    assert triples(ctx.events) == {("Norway", "051", "Chile"), ("Norway", "051", "Peru")}


def test_actor_reached_through_a_modified_noun(run):
    ctx = run("The Iranian foreign minister visited Iraq.",
              {"Iran": ["Iranian foreign minister"], "Iraq": ["Iraq"]})
    event = one(ctx, "042")
    assert event.source.name == "Iran" and event.source.text == "Iranian foreign minister"


def test_negation(run):
    ctx = run("Chile did not attack Peru.", STATES)
    event = one(ctx, "190")
    assert event.negated and event.modality == "negated"
    ctx = run("Chile never threatened Peru.", STATES)
    assert one(ctx, "130").negated


def test_refusal_gives_the_rejection_code(run):
    ctx = run("Iran refused to meet the United States.", STATES)
    event = one(ctx, "125")
    assert (event.source.name, event.target.name, event.modality) == ("Iran", "United States", "refused")
    assert not [e for e in ctx.events if e.cameo.startswith("04")]
    ctx = run("Tehran ruled out talks with Washington.", STATES)
    event = one(ctx, "125")
    assert (event.source.name, event.target.name, event.modality) == ("Iran", "United States", "refused")
    assert not [e for e in ctx.events if e.cameo.startswith("04")]


def test_threat_modality_and_code(run):
    ctx = run("Chile threatened to impose sanctions on Peru.", STATES)
    event = one(ctx, "1312")
    assert (event.source.name, event.target.name, event.modality) == ("Chile", "Peru", "threat")
    assert event.plover == "THREATEN"


def test_intent_modality(run):
    ctx = run("Bolivia plans to visit Chile.", STATES)
    event = one(ctx, "036")
    assert (event.source.name, event.target.name, event.modality) == ("Bolivia", "Chile", "intent")
    ctx = run("Norway will host Peru.", STATES)
    assert one(ctx, "043").modality == "intent"


def test_demand_modality_targets_the_addressee(run):
    ctx = run("Norway urged Chile to negotiate with Peru.", STATES)
    event = one(ctx, "026")
    assert (event.source.name, event.target.name, event.modality) == ("Norway", "Chile", "demand")


def test_conditional_is_hypothetical(run):
    ctx = run("Chile could attack Peru if the talks fail.", STATES)
    assert one(ctx, "190").modality == "hypothetical"
    ctx = run("If Chile attacks Peru, Norway will impose sanctions.", STATES)
    assert one(ctx, "190").modality == "hypothetical"


def test_noun_event_with_its_year(run):
    ctx = run("The 1953 coup against Peru still shapes politics.", STATES, published="2020-01-01")
    event = one(ctx, "170")
    assert event.target.name == "Peru"
    assert (event.date.value, event.date.precision, event.date.basis) == ("1953", "year", "explicit")


def test_noun_event_with_possessor_and_by_agent(run):
    ctx = run("Washington's withdrawal from the deal angered Iran.", STATES)
    event = one(ctx, "127")
    assert event.source.name == "United States" and event.rule.startswith("noun:withdrawal")
    ctx = run("The assassination of the Bolivian envoy by Chile shocked Peru.",
              {"Bolivia": ["Bolivian envoy"], "Chile": ["Chile"], "Peru": ["Peru"]})
    assert triples(ctx.events) == {("Chile", "186", "Bolivia")}


def test_reported_speech_codes_the_reported_event_and_the_statement(run):
    ctx = run("Iran said Iraq attacked Kuwait.", STATES)
    assert triples(ctx.events) == {("Iran", "010", None), ("Iraq", "190", "Kuwait")}
    assert one(ctx, "190").confidence < run("Iraq attacked Kuwait.", STATES).events[0].confidence


def test_evidence_offsets_are_exact(run):
    text = "Markets were calm.  Chile attacked Peru.\nNorway praised Bolivia in Oslo."
    ctx = run(text, STATES)
    assert len(ctx.events) == 2
    for event in ctx.events:
        assert text[event.evidence.start:event.evidence.end] == event.evidence.text
        assert event.evidence.text in ("Chile attacked Peru.", "Norway praised Bolivia in Oslo.")
        assert event.source.text == text[text.find(event.source.text):][:len(event.source.text)]


def test_date_from_the_sentence_beats_publication(run):
    text = "Chile attacked Peru on 3 March 2019. Norway praised Bolivia."
    ctx = run(text, STATES, published="2019-03-10", times=[("3 March 2019", "2019-03-03", "day")])
    attack, praise = one(ctx, "190"), one(ctx, "051")
    assert (attack.date.value, attack.date.basis) == ("2019-03-03", "explicit")
    assert (praise.date.value, praise.date.precision, praise.date.basis) == ("2019-03-10", "day", "publication")


def test_relative_and_referred_back_dates(run):
    ctx = run("Chile attacked Peru last week.", STATES, published="2019-03-10",
              times=[("last week", "2019-03-03", "day")])
    assert one(ctx, "190").date.basis == "relative"
    ctx = run("The war began in 1879. That year Chile occupied Bolivia.", STATES, published="2019-03-10")
    event = one(ctx, "192")
    assert (event.date.value, event.date.basis) == ("1879", "relative")


def test_no_date_and_no_publication_is_unknown(run):
    ctx = run("Chile attacked Peru.", STATES)
    assert ctx.events[0].date.basis == "unknown" and ctx.events[0].date.value is None


def test_location_in_a_place(run):
    ctx = run("Chile met Peru in Lima.", STATES)
    assert one(ctx, "040").location.name == "Lima"


def test_identical_events_in_a_sentence_are_deduplicated(run):
    ctx = run("Chile attacked Peru and attacked Peru again.", STATES)
    assert len([e for e in ctx.events if e.cameo == "190"]) == 1


def test_ids_are_stable_and_distinct(run):
    first = run("Chile attacked Peru. Norway praised Bolivia.", STATES)
    again = run("Chile attacked Peru. Norway praised Bolivia.", STATES)
    assert [e.id for e in first.events] == [e.id for e in again.events]
    assert len({e.id for e in first.events}) == 2


def test_no_doc_does_nothing(coder):
    from parley.document import Document
    from parley.pipeline import Context
    from parley.settings import Settings

    ctx = Context(document=Document(id="x", text="Chile attacked Peru."), settings=Settings())
    coder(ctx)
    assert ctx.events == []


def test_sentences_without_actors_give_no_events(run):
    assert run("Prices attacked new highs and analysts praised the rally.", {}).events == []


@pytest.mark.parametrize("text,code", [
    ("Chile imposed sanctions on Peru.", "163"),
    ("Chile arrested Peru's ambassador.", "173"),
    ("Chile signed a treaty with Peru.", "057"),
    ("Chile accused Peru of espionage.", "1125"),
    ("Chile sent humanitarian aid to Peru.", "073"),
    ("Chile expelled diplomats from Peru.", "166"),
    ("Chile demanded the release of Peru's soldiers.", "1053"),
])
def test_common_patterns(run, text, code):
    ctx = run(text, STATES)
    assert code in {e.cameo for e in ctx.events}, [(e.cameo, e.rule) for e in ctx.events]


def test_topic_noun_without_a_doer_is_not_an_event(run):
    assert run("The mention of negotiations with Peru was no coincidence.", STATES).events == []
    ctx = run("The coup against Peru failed.", STATES)
    assert triples(ctx.events) == {(None, "170", "Peru")}
