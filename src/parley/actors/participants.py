"""Event participants that no name states: the country behind a nationality adjective on a thing
("shelled Iraqi towns", "a boycott of German goods") or behind the place a group is in
("demonstrators in Baghdad").

`find_actors` lists who is *named*; a demonym alone names nobody ("the Iranian perspective").
Event coders (PETRARCH, ICEWS) still code "Iraqi towns" as IRQ when the towns are an event's
target, so the event coder asks `participant_for` about a source or target noun that no actor
mention covers, and `adopt` adds the participant it uses to the document's actors (every event
actor is then listed, with the words that name it). A capital that is the place of people is those
people's country, never its government: "demonstrators in Baghdad" are Iraqi civilians (IRQCVL).
"""

from __future__ import annotations

import functools
from typing import Any

from ..document import Actor, Mention
from .kb import Entry, KnowledgeBase, default_kb, load_kb
from .translit import fold

#: Dependency labels by which a nationality adjective modifies its noun ("Iraqi towns").
_MODIFIER_DEPS = {"amod", "compound", "nmod"}
#: Prepositions that put a group in a place ("demonstrators in Baghdad", "students from Tehran").
_PLACE_PREPS = {"in", "from", "at", "inside"}
#: Entity labels of longer names a demonym may be part of ("Indian Ocean", "the Iraqi National Congress").
_NAME_LABELS = {"LOC", "FAC", "ORG", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "PERSON"}
#: Parts of speech of nouns that may take part in an event as a thing or a group.
_NOUNS = {"NOUN"}


def participant_for(ctx: Any, token: Any, kb: KnowledgeBase | None = None) -> tuple[int, int, Actor] | None:
    """The country (or country + sector) a noun implies as an event participant, with its span, or None.

    Only for a word that no actor mention covers: a nationality adjective before a noun gives its
    country ("Iraqi towns" -> IRQ, "Iraqi gunmen" -> IRQ + the noun's sector when it is an agent
    noun), asked of the noun or of the adjective itself (a noun event's doer: "Israeli raids"); an
    agent noun in a capital or a country ("protesters in Baghdad") gives that country's collective
    of the noun's sector, never the government seated there; a capital read as a place gives its
    country. `kb` defaults to the knowledge base of the context's settings.
    """
    if token is None or ctx.actor_at(token.idx, token.idx + len(token.text)):
        return None
    kb = kb if kb is not None else context_kb(ctx)
    on_date = _on_date(ctx)
    pos = getattr(token, "pos_", None)
    if pos in ("ADJ", "PROPN") and token.dep_ in _MODIFIER_DEPS and token.head.i > token.i \
            and token.head.pos_ in _NOUNS:
        hit = participant_for(ctx, token.head, kb)  # "Israeli raids": the raids' country, named by "Israeli"
        # a capital before a noun is a place, never a doer: "the Baghdad bombing"
        return hit if hit is not None and hit[0] == token.idx else None
    if pos == "PROPN":
        return _capital_place(ctx, kb, token, on_date)
    if pos not in _NOUNS:
        return None
    sector = kb.agent_sector([token.text]) or kb.agent_sector([token.lemma_])
    found = _demonym_of(ctx, kb, token)
    if found is not None:
        child, country = found
        entry = kb.group_entry(country, sector) if sector else kb.get(country)
        if entry is None:
            return None
        start, end = (child.idx, child.idx + len(child.text)) if not sector else _span(child, token)
        return start, end, _actor(ctx, entry, on_date, start, end)
    if sector is None:
        return None  # "a bombing in Baghdad" names no participant: only people are in a place
    place = _place_of(ctx, kb, token)
    if place is None:
        return None
    country, end = place
    entry = kb.group_entry(country, sector)
    start = token.idx
    return start, end, _actor(ctx, entry, on_date, start, end)


def adopt(ctx: Any, hit: tuple[int, int, Actor]) -> None:
    """Add a participant's mention to `ctx.actors` (merged into the actor of the same id) so the
    report lists every actor its events name; hits on listed actors (names, pronouns an event
    resolved to an antecedent) are left alone: mentions are names and participants only."""
    start, end, actor = hit
    if any(known is actor for known in ctx.actors):
        return
    for known in ctx.actors:
        if known.id == actor.id:
            if not any(m.start == start and m.end == end for m in known.mentions):
                known.mentions.append(Mention(text=ctx.text[start:end], start=start, end=end))
                known.mentions.sort(key=lambda m: (m.start, m.end))
            return
    ctx.actors.append(actor)
    ctx.actors.sort(key=lambda a: a.mentions[0].start if a.mentions else 0)


def context_kb(ctx: Any) -> KnowledgeBase:
    """The knowledge base the actors stage used for this context (the same user files, cached)."""
    settings = getattr(ctx, "settings", None)
    if settings is None:
        return default_kb()
    from .resolver import actor_files

    agents = tuple(p.strip() for p in dict(settings.extra).get("agents_file", "").split(",") if p.strip())
    try:
        return load_kb(actor_files(settings), float(settings.fuzzy_threshold), agents)
    except Exception:  # noqa: BLE001 - a bad user file was reported by the actors stage already
        return default_kb()


@functools.lru_cache(maxsize=8)
def capital_countries(kb: KnowledgeBase) -> dict[str, str]:
    """Folded capital name -> the state it is the capital of ("baghdad" -> IRQ)."""
    out: dict[str, str] = {}
    for entry in kb.entries.values():
        if entry.type == "state":
            for name in entry.capital:
                out.setdefault(fold(name), entry.id)
    return out


def _on_date(ctx: Any) -> str | None:
    document = getattr(ctx, "document", None)
    value = getattr(document, "published", None) or getattr(getattr(ctx, "settings", None), "published", None)
    return str(value)[:10] if value else None


def _demonym_of(ctx: Any, kb: KnowledgeBase, token: Any) -> tuple[Any, str] | None:
    """The capitalised nationality adjective modifying `token` and its country id, if any."""
    for child in token.children:
        if child.dep_ not in _MODIFIER_DEPS or child.i > token.i or not child.text[:1].isupper():
            continue
        if child.ent_type_ in _NAME_LABELS:
            continue  # part of a longer name: "Indian Ocean", "Iraqi National Congress"
        if ctx.actor_at(child.idx, child.idx + len(child.text)):
            continue  # already an actor mention: the coder finds it itself
        country = kb.demonyms.get(fold(child.text))
        if country and kb.get(country) is not None:
            return child, country
    return None


def _place_of(ctx: Any, kb: KnowledgeBase, token: Any) -> tuple[str, int] | None:
    """(country, end offset) of the capital or country an agent noun is in ("protesters in Baghdad")."""
    capitals = capital_countries(kb)
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ not in _PLACE_PREPS:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.pos_ != "PROPN":
                continue
            words = [t for t in obj.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [obj]
            start, end = words[0].idx, obj.idx + len(obj.text)
            name = ctx.text[start:end]
            country = capitals.get(fold(name))
            if country is None:
                hit = ctx.actor_at(start, end)
                actor = hit[2] if hit else None
                if actor is not None and actor.type == "state" and actor.country:
                    country = actor.country
            if country:
                return country, end
    return None


def _capital_place(ctx: Any, kb: KnowledgeBase, token: Any, on_date: str | None) -> tuple[int, int, Actor] | None:
    """A capital the actors stage read as a place ("arrived in Amman") as its country, never its government."""
    words = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [token]
    start, end = words[0].idx, token.idx + len(token.text)
    country = capital_countries(kb).get(fold(ctx.text[start:end]))
    entry = kb.get(country) if country else None
    if entry is None:
        return None
    return start, end, _actor(ctx, entry, on_date, start, end)


def _span(child: Any, token: Any) -> tuple[int, int]:
    """Character span from the demonym to its noun ("Iraqi gunmen")."""
    return child.idx, token.idx + len(token.text)


def _actor(ctx: Any, entry: Entry, on_date: str | None, start: int, end: int) -> Actor:
    country, sectors = entry.affiliation(on_date)
    return Actor(id=entry.id, name=entry.name, code=entry.code_on(on_date), country=country,
                 sectors=list(sectors), type=entry.type,
                 mentions=[Mention(text=ctx.text[start:end], start=start, end=end)])
