"""Hand-made reports for store, export and CLI tests (no NLP needed)."""

from __future__ import annotations

from parley.document import (
    Actor,
    ActorRef,
    Document,
    DocumentReport,
    Event,
    EventDate,
    Evidence,
    Location,
    Mention,
    Quote,
    TimeExpression,
)
from parley.ids import document_id


def make_report(text: str = "Egypt and Sudan signed a water accord in Cairo in 2019. "
                "Ethiopia rejected it, the minister said.", published: str | None = "2019-05-02",
                outlet: str | None = "example.org") -> DocumentReport:
    """A small hand-made report with one of everything, for store and export tests."""
    doc = Document(id=document_id(text), path="mem.txt", title="Water accord", outlet=outlet,
                   url="https://example.org/a", published=published, dateline="CAIRO", text=text)
    egypt = Actor(id="EGY", name="Egypt", code="EGY", country="EGY", sectors=[], type="state",
                  mentions=[Mention(text="Egypt", start=0, end=5)])
    sudan = Actor(id="SDN", name="Sudan", code="SDN", country="SDN", sectors=[], type="state",
                  mentions=[Mention(text="Sudan", start=10, end=15)])
    ev = Event(
        id="ev1", source=ActorRef(actor_id="EGY", name="Egypt", code="EGY", country="EGY", text="Egypt"),
        target=ActorRef(actor_id="SDN", name="Sudan", code="SDN", country="SDN", text="Sudan"),
        cameo="057", cameo_root="05", plover="AGREE", goldstein=8.0, quad_class=1,
        date=EventDate(value="2019", precision="year", basis="explicit"),
        location=Location(name="Cairo", country="EGY"),
        evidence=Evidence(text=text[:55], start=0, end=55), confidence=0.8, rule="sign",
    )
    quote = Quote(speaker=ActorRef(name="the minister", text="the minister"), text="Ethiopia rejected it",
                  kind="indirect", cue="say", start=56, end=76)
    time = TimeExpression(text="2019", value="2019", precision="year", start=50, end=54, timex3="2019")
    return DocumentReport(document=doc, actors=[egypt, sudan], events=[ev], quotes=[quote], times=[time])
