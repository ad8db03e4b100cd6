"""The `places` component: sentence place, else dateline, resolved offline; registered by name."""

from __future__ import annotations

import pytest

from parley.document import ActorRef, Document, Event, Evidence, Location
from parley.errors import E, ParleyError
from parley.pipeline import Context, Pipeline
from parley.places import component
from parley.places.component import make_places
from parley.registry import components
from parley.settings import load_settings


def _ctx(text: str, dateline: str | None, events: list[Event]) -> Context:
    doc = Document(id="d1", text=text, dateline=dateline, published="2025-05-01")
    return Context(document=doc, settings=load_settings(), events=events)


def _event(text: str, location: Location | None = None, source: str | None = "RUS") -> Event:
    ref = ActorRef(actor_id=source, name=source, code=source, country=source) if source else None
    return Event(id="e", source=ref, cameo="010", cameo_root="01", location=location,
                 evidence=Evidence(text=text, start=0, end=len(text)))


def test_component_is_registered_and_accepted_by_the_pipeline_settings():
    assert "places" in components
    settings = load_settings(pipeline=("places",))
    assert settings.pipeline == ("places",)
    assert Pipeline(settings).names == ["places"]


def test_sentence_place_wins_over_dateline_without_a_parse():
    text = "Officials met in Murmansk on Monday to discuss fishing quotas."
    ctx = _ctx(text, "OSLO", [_event(text)])
    make_places(load_settings())(ctx)
    loc = ctx.events[0].location
    assert (loc.name, loc.country, loc.basis) == ("Murmansk", "RUS", "sentence")
    assert loc.lat == pytest.approx(68.97, abs=0.05)


def test_dateline_is_the_fallback_and_shown_in_title_case():
    text = "The ministers signed the agreement after long talks."
    ctx = _ctx(text, "BUENOS AIRES", [_event(text, source="BRA")])
    make_places(load_settings())(ctx)
    loc = ctx.events[0].location
    assert (loc.name, loc.country, loc.basis) == ("Buenos Aires", "ARG", "dateline")


def test_dateline_places_the_news_but_not_what_happened_years_before():
    from parley.document import EventDate

    text = "The leader recalled the coup that toppled the government."
    old = _event(text).model_copy(update={"date": EventDate(value="1953", precision="year", basis="explicit")})
    decade = _event(text).model_copy(update={"date": EventDate(value="198", precision="decade", basis="explicit")})
    recent = _event(text).model_copy(update={"date": EventDate(value="2025-04-20", precision="day", basis="explicit")})
    today = _event(text).model_copy(update={"date": EventDate(value="2025-05-01", precision="day", basis="publication")})
    ctx = _ctx(text, "MADRID", [old, decade, recent, today])
    make_places(load_settings())(ctx)
    assert [e.location.name if e.location else None for e in ctx.events] == [None, None, "Madrid", "Madrid"]


def test_without_a_publication_date_the_latest_event_date_stands_for_it():
    from parley.document import EventDate

    text = "The leader recalled the coup and the deal."
    old = _event(text).model_copy(update={"date": EventDate(value="1953", precision="year", basis="explicit")})
    late = _event(text).model_copy(update={"date": EventDate(value="2020-01", precision="month", basis="explicit")})
    ctx = Context(document=Document(id="d2", text=text, dateline="MADRID"), settings=load_settings(),
                  events=[old, late])
    make_places(load_settings())(ctx)
    assert [e.location.name if e.location else None for e in ctx.events] == [None, "Madrid"]


def test_date_values_end_on_their_last_day():
    import datetime as dt

    assert component._date_end("1953") == dt.date(1953, 12, 31)
    assert component._date_end("1997-11") == dt.date(1997, 11, 30)
    assert component._date_end("2024-12") == dt.date(2024, 12, 31)
    assert component._date_end("1979/1981") == dt.date(1981, 12, 31)
    assert component._date_end("198") == dt.date(1989, 12, 31)
    assert component._date_end("1980", "decade") == dt.date(1989, 12, 31)
    assert component._date_end("PAST_REF") is None


def test_dateline_ignores_the_actors_country():
    text = "The United States withdrew from the agreement."
    ctx = _ctx(text, "GENEVA", [_event(text, source="USA")])  # not Geneva, Illinois
    make_places(load_settings())(ctx)
    assert ctx.events[0].location.country == "CHE"


def test_a_place_found_by_the_events_coder_is_resolved_and_kept():
    text = "A further round is expected in Oman next month."
    ctx = _ctx(text, "GENEVA", [_event(text, location=Location(name="Oman"))])
    make_places(load_settings())(ctx)
    loc = ctx.events[0].location
    assert (loc.name, loc.country, loc.basis) == ("Oman", "OMN", "sentence")


def test_unknown_place_is_kept_by_name():
    text = "Talks were held in Xqzzyville."
    ctx = _ctx(text, None, [_event(text, location=Location(name="Xqzzyville"))])
    make_places(load_settings())(ctx)
    assert ctx.events[0].location.name == "Xqzzyville" and ctx.events[0].location.country is None


def test_no_place_at_all_leaves_location_empty():
    text = "Nothing here names a place."
    ctx = _ctx(text, None, [_event(text)])
    make_places(load_settings())(ctx)
    assert ctx.events[0].location is None


def test_missing_gazetteer_becomes_an_error_entry(monkeypatch):
    def broken():
        raise ParleyError(E.E555, reason="test")

    monkeypatch.setattr(component, "load_gazetteer", broken)
    text = "Officials met in Murmansk."
    ctx = _ctx(text, None, [_event(text)])
    make_places(load_settings())(ctx)
    assert [e.code for e in ctx.errors] == ["E555"] and ctx.events[0].location is None


@pytest.mark.slow
def test_with_spacy_the_place_after_in_is_found_and_actors_are_not_places():
    from parley.api import analyze

    settings = load_settings(pipeline=("nlp", "actors", "times", "quotes", "events", "places"))
    report = analyze("Pakistan accused India on Friday of shelling villages. "
                     "The Pakistani government later condemned India at a meeting in Lahore.",
                     published="2025-05-02", settings=settings)
    assert report.events, "the events coder found nothing"
    placed = [e for e in report.events if e.location is not None]
    assert placed, [e.evidence.text for e in report.events]
    for event in placed:
        assert event.location.name not in ("India", "Pakistan")
    assert any(e.location.name == "Lahore" and e.location.country == "PAK" for e in placed)
