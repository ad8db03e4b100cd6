"""How Parley's output is read for scoring: label maps, penta classes, top event, actor matching."""

from __future__ import annotations

from parley.document import ActorRef, Event, Evidence
from parley.evaluation import coding


def _event(code: str, plover: str | None, conf: float, start: int = 0, src: ActorRef | None = None) -> Event:
    return Event(id=f"e{code}{start}", cameo=code, cameo_root=code[:2], plover=plover, confidence=conf,
                 source=src, evidence=Evidence(text="x", start=start, end=start + 1))


def test_label_maps():
    assert coding.to_parley("DEMAND", "plover2016") == "REQUEST"
    assert coding.to_parley("AGREE", "plover2016") == "AGREE"
    assert coding.from_parley("RETREAT", "plv") == "YIELD"
    assert coding.from_parley("CONCEDE", "plv") == "YIELD"
    assert coding.from_parley(None, "plv") == "NONE"


def test_penta_from_root():
    assert coding.penta_label("01") == "MAKE_STATEMENT"
    assert coding.penta_label("057") == "VERBAL_COOPERATION"
    assert coding.penta_label("07") == "MATERIAL_COOPERATION"
    assert coding.penta_label("125") == "VERBAL_CONFLICT"
    assert coding.penta_label("19") == "MATERIAL_CONFLICT"
    assert coding.penta_label(None) == "NONE"


def test_penta_puts_appeals_with_statements_and_reduced_relations_with_verbal_conflict():
    assert coding.penta_label("023") == "MAKE_STATEMENT"
    assert coding.penta_label("163") == "VERBAL_CONFLICT"
    assert coding.penta_label("172") == "MATERIAL_CONFLICT"
    assert coding.penta_label("999") == "NONE"


def test_plv_penta_follows_the_root():
    table = coding.plv_penta()
    assert table["REQUEST"] == "3" and table["SANCTION"] == "4" and table["YIELD"] == "2"
    assert len(table) == 15


def test_top_event_prefers_typed_non_statement():
    said = _event("010", None, 0.9)
    meet = _event("036", "CONSULT", 0.6, start=5)
    hit = _event("190", "ASSAULT", 0.6, start=2)
    assert coding.top_event([said, meet, hit]) is hit  # tie on confidence: the earlier one
    assert coding.top_event([said]) is said
    assert coding.top_event([]) is None


def test_doc_type_sums_confidence():
    events = [_event("190", "ASSAULT", 0.5), _event("190", "ASSAULT", 0.5, 3), _event("036", "CONSULT", 0.8)]
    assert coding.doc_type(events) == "ASSAULT"
    assert coding.doc_type([]) == "NONE"


def test_actor_matching_is_lenient_but_not_blind():
    ref = ActorRef(name="Ruritanian government", code="RURGOV", country="RUR", text="the Ruritanian cabinet")
    assert coding.actor_matches(ref, "RUR", None)
    assert coding.actor_matches(ref, "GOV", None)  # a sector code inside the combined code
    assert coding.actor_matches(ref, None, "Ruritanian officials")
    assert not coding.actor_matches(ref, "FRE", "Freedonia")
    assert not coding.actor_matches(None, "RUR", "Ruritania")
    assert coding.names_agree("Palestinians", "Palestinian Authority")
