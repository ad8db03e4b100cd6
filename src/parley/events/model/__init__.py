"""A small learned event model that checks and completes the rule coder, sentence by sentence.

A sparse softmax classifier (linear.py) scores the model's classes (cells.tsv: a PLOVER type
within a penta class) from cheap features (features.py), including the rule coder's own codes.
`EventModel.refine` then (a) recodes the sentence's top rule event when the rule is not confident
and the model prefers another class, and (b) proposes an event when the rules coded none
(or only a statement) but the sentence names actors. Events it makes or changes carry
`rule="model:events-v1..."`. Switch it off with settings.extra `event_model=off` or
PARLEY_EVENT_MODEL=0; point it at other weights with a path there. It is off by default when a
user's verbs file is given (turn it on explicitly then). See docs/events-model.md.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ... import ontology
from ...document import ErrorEntry, Event
from ...errors import E
from ...ids import digest
from ..sheet import actor_spans, sheet_of
from . import cells
from .features import anchor, sentence_features
from .linear import LinearModel, load

NAME = "events-v1"
WEIGHTS = "events-v1.npz"
_FALSE = {"0", "off", "false", "no", "none"}
_TRUE = {"1", "on", "true", "yes", ""}
#: Decision thresholds used when the weights file does not carry its own (see train.py).
DEFAULTS = {"keep": 0.75, "margin": 0.0, "sure": 0.5, "propose": 0.4}


class EventModel:
    """The trained classifier plus the thresholds that decide when it overrules or adds to the rules."""

    def __init__(self, linear: LinearModel, name: str = NAME) -> None:
        self.linear = linear
        self.name = name
        self.keep = float(linear.meta.get("keep", DEFAULTS["keep"]))
        self.margin = float(linear.meta.get("margin", DEFAULTS["margin"]))
        self.sure = float(linear.meta.get("sure", DEFAULTS["sure"]))
        self.propose = float(linear.meta.get("propose", DEFAULTS["propose"]))

    @property
    def rule(self) -> str:
        """The `Event.rule` of events the model made."""
        return f"model:{self.name}"

    def predict(self, sent: Any, rule_events: Sequence[Event] = (), n_actors: int = 0) -> dict[str, float]:
        """Cell -> probability for one parsed sentence."""
        return self.linear.probabilities(sentence_features(sent, rule_events, n_actors))

    def decide(self, probs: dict[str, float], rule_events: Sequence[Event]) -> tuple[str, Event | None] | None:
        """What to do: ("recode", top event), ("propose", None) or None (keep the rules' events)."""
        best = max(probs, key=lambda c: (probs[c], c))
        typed = [e for e in rule_events if e.cameo_root != "01"]
        if typed:
            top = max(typed, key=lambda e: (e.confidence, -e.evidence.start))
            current = cells.cell_of(top.cameo)
            if best == current or ">" in (top.rule or ""):
                return None  # the rules agree, or a frame verb coded the event
            if top.confidence >= self.keep:
                return None  # a confident rule stays authoritative
            if probs[best] >= self.sure and probs[best] - probs[current] >= self.margin:
                return best, top
            return None
        if any(e.cameo != "010" for e in rule_events):
            return None  # a specific comment ("welcomed", "praised"): the rules coded the sentence
        if best != "STATEMENT" and probs[best] >= self.propose:
            return best, None
        return None

    def settled(self, rule_events: Sequence[Event]) -> bool:
        """Whether `decide` keeps the rules' events whatever the model says: the top typed event is
        a frame verb's or confident, or the rules coded a specific comment. The model is not run then."""
        typed = [e for e in rule_events if e.cameo_root != "01"]
        if typed:
            top = max(typed, key=lambda e: (e.confidence, -e.evidence.start))
            return ">" in (top.rule or "") or top.confidence >= self.keep
        return any(e.cameo != "010" for e in rule_events)

    def refine(self, ctx: Any, sent: Any, rule_events: list[Event], memory: Any = None) -> list[Event]:
        """The sentence's events after the model's check: recoded and/or with a proposed event added."""
        if self.settled(rule_events):
            return rule_events  # what `decide` would answer, without scoring the sentence
        n_actors = len(_sentence_actors(ctx, sent))
        probs = self.predict(sent, rule_events, n_actors)
        decision = self.decide(probs, rule_events)
        if decision is None:
            return rule_events
        cell, top = decision
        if top is not None:
            offered = [e.cameo for e in rule_events if cells.cell_of(e.cameo) == cell]
            code = offered[0] if offered else cells.by_name(cell).code
            changed = _recode(ctx, top, code, f"{self.rule}~{top.rule}", probs[cell])
            return [changed if e is top else e for e in rule_events]
        proposed = _propose(ctx, sent, cells.by_name(cell).code, self.rule, probs[cell], memory)
        return rule_events + ([proposed] if proposed else [])


def _sentence_actors(ctx: Any, sent: Any) -> list[tuple[int, int, Any]]:
    lo, hi = sent.start_char, sent.end_char
    return [s for s in actor_spans(ctx) if lo <= s[0] and s[1] <= hi]


def _info_fields(code: str) -> dict[str, Any]:
    info = ontology.cameo(code)
    return {"cameo": info.code, "cameo_root": info.root, "plover": info.plover, "plover_mode": info.plover_mode,
            "goldstein": info.goldstein, "quad_class": info.quad_class}


def _recode(ctx: Any, event: Event, code: str, rule: str, prob: float) -> Event:
    """The event with the model's code; its confidence the mean of the rule's and the model's."""
    fields = _info_fields(code)
    fields["id"] = digest(ctx.document.id, event.evidence.start, fields["cameo"],
                          event.source.actor_id if event.source else None,
                          event.target.actor_id if event.target else None)
    fields["rule"] = rule
    fields["confidence"] = round(min(0.95, max(0.05, (event.confidence + prob) / 2)), 2)
    return event.model_copy(update=fields)


def _propose(ctx: Any, sent: Any, code: str, rule: str, prob: float, memory: Any) -> Event | None:
    """A new event for a sentence where no pattern fired: the main predicate's subject does it to
    its object (or the next actor named); None when the sentence names no actor to do it."""
    from .. import coder

    head = _acting(anchor(sent))
    if head is None:
        return None  # "X is a journalist", "X remained in office": no act to code
    subjects = coder._subjects(head)
    sources = coder._resolve(ctx, subjects, memory)
    if not sources and head.i != sent.root.i:
        subjects = coder._subjects(sent.root)
        sources = coder._resolve(ctx, subjects, memory)
    named = _sentence_actors(ctx, sent)
    doers = [hit for hit in named if not _is_place(ctx, hit)]
    if not sources and doers:  # the first actor named, but not a place ("gunmen killed farmers *in X*")
        sources = [doers[0]]
    if not sources:
        return None
    source = sources[0]
    own = [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge)) for t in subjects]

    def inside_source(hit: tuple[int, int, Any]) -> bool:  # "X, the commander of Y": Y is part of who X is
        return any(lo <= hit[0] and hit[1] <= hi for lo, hi in own) or \
            (not own and source[0] < hit[0] and not _between_verb(sent, source[1], hit[0]))
    groups = [coder._with_conjuncts(t) for t in coder._children(head, "dobj", "dative", "nsubjpass")]
    groups += [coder._with_conjuncts(t) for t in coder._prep_objects(head, coder.TARGET_PREPS)]
    for xcomp in coder._children(head, "xcomp"):
        groups += [coder._with_conjuncts(t) for t in coder._children(xcomp, "dobj")]
        groups += [coder._with_conjuncts(t) for t in coder._prep_objects(xcomp, coder.TARGET_PREPS)]
    groups += coder._phrase_targets(head)
    target = None
    for group in groups:
        hits = [t for t in coder._resolve(ctx, group) if not coder._same_actor(t[2], source[2])
                and not inside_source(t)]
        if hits:
            target = hits[0]
            break
    if target is None:
        target = next((s for s in named if not coder._same_actor(s[2], source[2]) and s[0] > source[0]
                       and not inside_source(s)), None)
    match = coder.Match(token=head, pattern=None, code=code, rule=rule, scope=head)  # type: ignore[arg-type]
    evidence = coder.sentence_evidence(ctx.text, sent)
    src = coder._ref(ctx, source)
    tgt = coder._ref(ctx, target) if target else None
    fields = _info_fields(code)
    negated = any(c.dep_ == "neg" for c in head.children)
    return Event(
        id=digest(ctx.document.id, evidence.start, fields["cameo"], src.actor_id, tgt.actor_id if tgt else None),
        source=src, target=tgt, negated=negated, modality="negated" if negated else coder._modal_from_aux(head),
        date=coder.event_date(ctx, match, sent),
        location=coder.event_location(ctx, sent, {source[2].id} | ({target[2].id} if target else set())),
        evidence=evidence, confidence=round(min(0.75, max(0.05, prob)), 2), rule=rule, **fields,
    )


#: Predicates that state what someone is rather than what someone does.
STATIVE = {"be", "have", "seem", "become", "remain", "appear", "stay", "belong", "base"}


def _acting(head: Any) -> Any | None:
    """The verb that names an act: the predicate itself, the verb an adjective governs ("is willing *to
    withdraw*"), or None for a predicate that only says what someone is."""
    if head.pos_ == "VERB" and head.lemma_.lower() not in STATIVE:
        return head
    for child in head.children:
        if child.dep_ in ("acomp", "attr", "xcomp"):
            for verb in [child, *child.children]:
                if verb.dep_ == "xcomp" and verb.pos_ == "VERB" and verb.lemma_.lower() not in STATIVE:
                    return verb
    return None


def _is_place(ctx: Any, hit: tuple[int, int, Any]) -> bool:
    """Whether an actor mention is where something happens (the object of in/at/near/inside)."""
    from ..coder import LOCATION_PREPS

    span = ctx.doc.char_span(hit[0], hit[1], alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in LOCATION_PREPS


def _between_verb(sent: Any, start: int, end: int) -> bool:
    """Whether a verb stands between two character offsets of a sentence (so they are in different phrases)."""
    sheet = sheet_of(sent.doc)
    pos, tokens = sheet.pos, sheet.tokens
    return any(pos[i] in ("VERB", "AUX") and start <= tokens[i].idx < end for i in range(sent.start, sent.end))


def setting(extra: Sequence[tuple[str, str]] = ()) -> str:
    """The event-model setting: settings.extra `event_model`, else $PARLEY_EVENT_MODEL, else on."""
    value = dict(extra).get("event_model")
    if value is None:
        value = os.environ.get("PARLEY_EVENT_MODEL", "")
    return value.strip()


@functools.lru_cache(maxsize=4)
def load_model(path: str | None = None) -> EventModel:
    """The event model from `path`, or the one shipped in the package (cached; OSError/ValueError if bad)."""
    if path:
        return EventModel(load(Path(path)), name=Path(path).stem)
    with resources.as_file(resources.files(__package__).joinpath(WEIGHTS)) as shipped:
        return EventModel(load(shipped))


def load_for_settings(settings: Any) -> tuple[EventModel | None, ErrorEntry | None]:
    """The model the settings ask for (None when switched off, or by default with a user's verbs
    file) and the E250 entry if it failed to load."""
    value = setting(settings.extra)
    if value.lower() in _FALSE:
        return None, None
    if not value and getattr(settings, "verbs_file", None):
        return None, None  # a user's own dictionary is its own coding scheme: the model learned the built-in one
    path = None if value.lower() in _TRUE else value
    try:
        return load_model(path), None
    except (OSError, ValueError, KeyError) as exc:
        return None, E.E250.entry(stage="events", path=path or WEIGHTS, reason=str(exc)[:200])
