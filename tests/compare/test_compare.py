"""Cross-source comparison on invented articles: grouping, alignment, contradictions, coverage,
framing and the HTML report."""

from __future__ import annotations

import json
import re

from parley.compare.align import compatible_dates, interval, numbers
from parley.compare.html import render
from parley.compare.models import CompareReport
from parley.compare.stories import cluster, near_duplicates

from .conftest import STATE_SIDE, UNRELATED, syndicated


def _ids(reports):
    return {k: r.document.id for k, r in reports.items()}


def test_date_intervals_overlap_or_clash():
    assert interval("1979/1981") == ("1979-01-01", "1981-12-31")
    assert interval("1997-11") == ("1997-11-01", "1997-11-31")
    assert not compatible_dates(interval("1979/1981"), interval("1997-11"))
    assert compatible_dates(interval("2018"), interval("2018-05"))
    assert compatible_dates(None, interval("2018"))


def test_numbers_finds_counted_nouns_not_years():
    found = numbers("In 1997 students took 52 American diplomats hostage for 444 days.")
    assert found == {"diplomat": "52"}


def test_near_duplicate_copy_is_found():
    pairs = near_duplicates([STATE_SIDE, syndicated(STATE_SIDE), UNRELATED])
    assert [(i, j) for i, j, _ in pairs] == [(0, 1)]
    assert pairs[0][2] >= 0.7


def test_cluster_keeps_unrelated_story_alone():
    labels, _ = cluster([STATE_SIDE, syndicated(STATE_SIDE), UNRELATED])
    assert labels[0] == labels[1] != labels[2]


def test_every_document_in_exactly_one_story(result, reports):
    ids = _ids(reports)
    seen = [d for s in result.stories for d in s.documents]
    assert sorted(seen) == sorted(ids.values())
    story = next(s for s in result.stories if ids["state"] in s.documents)
    assert {ids["state"], ids["copy"], ids["opposition"]} == set(story.documents)
    assert "near-duplicate" in story.basis and "same story" in story.basis
    alone = next(s for s in result.stories if ids["unrelated"] in s.documents)
    assert alone.documents == [ids["unrelated"]] and alone.basis.startswith("alone")


def test_shared_reference_is_reported_by_both_sides(result, reports):
    ids = _ids(reports)
    geneva = [e for e in result.events if e.date == "2019-03" and "geneva" in e.terms]
    assert geneva, [e.label for e in result.events]
    assert {ids["state"], ids["opposition"]} <= set(geneva[0].reported_by)
    assert all(s.text for s in geneva[0].sightings)


def test_contradiction_on_a_date(result, reports):
    ids = _ids(reports)
    dates = [c for c in result.contradictions if c.field == "date"]
    values = {(v.document, v.value) for c in dates for v in c.values}
    assert (ids["opposition"], "2011") in values
    assert any(doc in (ids["state"], ids["copy"]) and value == "2014" for doc, value in values)


def test_contradiction_on_a_number(result, reports):
    ids = _ids(reports)
    counts = [c for c in result.contradictions if c.field == "number:soldier"]
    assert counts, [c.field for c in result.contradictions]
    values = {v.document: v.value for v in counts[0].values}
    assert values[ids["opposition"]] == "40"
    assert "12" in values.values()
    assert all(v.evidence for v in counts[0].values)


def test_coverage_lists_omissions(result, reports):
    ids = _ids(reports)
    by_doc = {c.document: c for c in result.coverage}
    unrelated = by_doc[ids["unrelated"]]
    assert unrelated.omits == []  # nothing else tells its story
    opposition = by_doc[ids["opposition"]]
    events = {e.id: e for e in result.events}
    # the state side reports things the opposition leaves out, and the reverse
    assert opposition.omits and all(ids["opposition"] not in events[e].reported_by for e in opposition.omits)
    assert set(opposition.reports).isdisjoint(opposition.omits)


def test_quotes_by_speaker_per_document(result):
    speakers = {q.speaker: q for q in result.quotes_by_speaker}
    assert any("Brekke" in name for name in speakers) or any("Vell" in name for name in speakers), speakers


def test_framing_names_loaded_terms_per_outlet(result, reports):
    ids = _ids(reports)
    opp = [f for f in result.framing if f.document == ids["opposition"] and "Valdoria" in f.actor]
    if not opp:  # the knowledge base may not know the invented country: any actor of that outlet
        opp = [f for f in result.framing if f.document == ids["opposition"]]
    terms = {t.term for f in opp for t in f.terms if t.loaded}
    assert "regime" in terms
    assert all(-1.0 <= f.tone <= 1.0 for f in result.framing)


def test_json_has_the_contract_keys(result):
    data = json.loads(result.model_dump_json())
    for key in ("documents", "stories", "events", "contradictions", "quotes_by_speaker"):
        assert key in data
    assert all({"id", "documents", "basis"} <= set(s) for s in data["stories"])
    assert all(e["reported_by"] for e in data["events"])
    CompareReport.model_validate(data)


def test_html_escapes_article_markup_and_has_no_remote_asset(reports):
    from parley.api import analyze
    from parley.compare import compare

    evil = analyze(STATE_SIDE + "\n<script>alert('x')</script> <img src=\"https://example.org/x.png\">",
                   published="2024-05-14", outlet="<b>Evil</b>")
    items = [evil, reports["opposition"]]
    page = render(compare(items), items)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>Evil</b>" not in page
    assert not re.search(r"(src|href)\s*=\s*[\"']?https?:", page)
    assert "<link" not in page
    for panel in ("contradictions", "coverage", "framing"):
        assert f'id="{panel}"' in page
    assert 'class="actor"' in page


def _placed(doc: str, place: str, country: str | None):
    from parley.compare.models import Sighting

    return Sighting(document=doc, text=f"Troops moved in {place}.", start=0, end=10, place=place,
                    place_country=country)


def _place_clashes(*sightings) -> list[str]:
    from parley.compare.contradictions import contradictions
    from parley.compare.models import AlignedEvent

    event = AlignedEvent(id="e1", kind="event", label="x", reported_by=sorted({s.document for s in sightings}),
                         sightings=list(sightings))
    return [c.field for c in contradictions([event])]


def test_a_country_contains_its_cities_so_places_do_not_clash():
    assert _place_clashes(_placed("a", "Tehran", "IRN"), _placed("b", "Iran", "IRN")) == []


def test_places_in_different_countries_or_different_cities_clash():
    assert _place_clashes(_placed("a", "Tehran", "IRN"), _placed("b", "Baghdad", "IRQ")) == ["place"]
    assert _place_clashes(_placed("a", "Tehran", "IRN"), _placed("b", "Isfahan", "IRN")) == ["place"]
    assert _place_clashes(_placed("a", "Tehran", "IRN"), _placed("b", "tehran", "IRN")) == []
