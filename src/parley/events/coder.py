"""The event coder: dependency patterns from the lexicon turn sentences into CAMEO/PLOVER events.

For every sentence that holds a lexicon lemma, each matching verb or event noun gives an event:
its source is the actor of the subject (or the passive agent, or the noun's possessor), its
target the actor of the object or of a target preposition. Frame verbs ("refused to",
"threatened to", "urged X to", "plans to") recode the event they govern (events/frames.tsv).
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import ontology
from ..actors.participants import adopt, context_kb, participant_for
from ..document import Actor, ActorRef, Event, EventDate, Evidence, Location, TimeExpression
from ..ids import digest
from ..registry import components
from ..settings import Settings
from .lexicon import Lexicon, Pattern, load_lexicon, recode, seed_enabled
from .sheet import KEY as SHEET_KEY
from .sheet import actor_at, drop_sheet, sheet_of

#: Prepositions whose object can be an event's target, in order of preference.
TARGET_PREPS = ("with", "against", "on", "to", "toward", "towards", "at", "into", "from", "over", "of")
SUBJECT_DEPS = ("nsubj", "csubj")
OBJECT_DEPS = ("dobj", "dative", "attr", "oprd")
NEGATORS = {"not", "n't", "never", "no", "neither", "nor"}
HYPOTHETICAL_AUX = {"could", "would", "might", "may", "should"}
INTENT_AUX = {"will", "shall", "'ll"}
CONDITION_MARKS = {"if", "unless", "whether"}
RELATIVE_WORDS = re.compile(
    r"\b(yesterday|today|tonight|tomorrow|last|next|this|ago|earlier|later|recent(ly)?|previous|"
    r"coming|past|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|weekend)\b",
    re.IGNORECASE,
)
ANAPHORIC_TIME = re.compile(r"\b(that|the same|the following|the previous) (year|month|day|time)\b",
                            re.IGNORECASE)
YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
LOCATION_PREPS = {"in", "at", "near", "inside"}
#: Adjectives and passive verbs that pass their subject to a "to" clause ("is about to", "is set to").
RAISING_HEADS = {"about", "ready", "willing", "able", "set", "due", "poised", "eager", "likely", "prepared",
                 "keen", "determined", "expect", "schedule", "go", "unable", "unwilling", "reluctant",
                 "slate", "bound", "certain", "sure", "close"}
INTENT_HEADS = {"about", "ready", "willing", "set", "due", "poised", "eager", "prepared", "keen", "determined",
                "expect", "schedule", "go", "slate", "bound", "close"}
REFUSAL_HEADS = {"unwilling", "reluctant"}
#: Nouns that stand for a part or amount of what follows "of" ("the first phase of sanctions").
PARTITIVE_NOUNS = {"phase", "round", "set", "series", "wave", "package", "part", "number", "host", "kind",
                   "type", "string", "batch", "raft", "new", "form", "list", "lot", "pair", "slew", "spate"}
#: Prepositions under which a noun names a place or time, not an event's target.
CIRCUMSTANCE_PREPS = {"in", "at", "near", "inside", "during", "after", "before", "since", "until",
                      "within", "throughout", "amid", "despite", "under"}
#: Prepositions that give a cause, reason or time ("closed its borders *because of* fighting"): their
#: object is why or when something was done, never what was done, so it satisfies no object constraint.
CAUSE_PREPS = {"because", "after", "before", "since", "during", "following", "amid", "despite", "until",
               "due", "owing", "than", "like"}
#: Entity types of a preposition's object that make it a time ("agreed *on Saturday*"), not a particle.
TIME_ENTS = {"DATE", "TIME"}
#: Prepositions whose phrase never holds a loose target: places, times, causes, and the source of a
#: report ("*according to* a report by X", "a hunger strike *outside* Parliament").
LOOSE_SKIP_PREPS = CIRCUMSTANCE_PREPS | CAUSE_PREPS | {"according", "outside", "across", "around", "through",
                                                       "along", "beyond"}
#: Prepositions after a manner noun that name whom an act is aimed at ("in protest *against* X").
MANNER_PREPS = ("against", "of", "at", "over", "to", "with")
#: Pronouns and role nouns that may stand for an actor named earlier ("he", "the leader").
PERSONAL_PRONOUNS = {"he", "she", "him", "her", "his"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
#: Subject pronouns that, in a clause a speech verb reports, stand for its speaker ("X said *it* would").
REPORTED_PRONOUNS = {"it", "they", "he", "she"}
ROLE_NOUNS = {"leader", "president", "minister", "premier", "official", "government", "administration",
              "regime", "spokesman", "spokeswoman", "spokesperson", "chancellor", "king", "ayatollah",
              "prime", "secretary", "envoy", "ambassador", "ministry", "cabinet"}
FRAME_MODALITY = {"refuse": "refused", "threaten": "threat", "appeal": "demand", "demand": "demand",
                  "intent": "intent"}


@dataclass
class Match:
    """A pattern that fired on a token, before actors are resolved."""

    token: Any
    pattern: Pattern
    code: str
    rule: str
    modality: str = "asserted"
    negated: bool = False
    objects: list[Any] = field(default_factory=list)  # tokens that satisfied the object constraint
    sources: list[Any] = field(default_factory=list)
    targets: list[list[Any]] = field(default_factory=list)  # candidate groups, best first
    reported: bool = False
    fallback: list[list[Any]] = field(default_factory=list)  # loose targets, tried last
    scope: Any = None  # the token whose subtree holds the event's own words (for its date)
    support: Any = None  # for a noun event, the verb whose subject it borrowed as its doer
    inner: Any = None  # for a frame verb, the governed verb whose act it recoded ("refused to *meet*")


# ---------------------------------------------------------------------- token helpers

def _lemma(token: Any) -> str:
    return token.lemma_.lower()


def _with_conjuncts(token: Any) -> list[Any]:
    """A token and the tokens coordinated with it ("Egypt and Sudan")."""
    sheet = sheet_of(token.doc)
    tokens = sheet.tokens
    return [token, *[tokens[j] for j in sheet.conjuncts(token.i)]]


def sentence_ents(sent: Any) -> list[Any]:
    """The entities inside a sentence. spaCy's `Span.ents` walks every entity of the document on
    each call; this indexes them once per document (in `doc.user_data`), so long texts stay linear."""
    doc = sent.doc
    index = doc.user_data.get("parley_ents")
    if index is None:
        ents = list(doc.ents)
        index = doc.user_data["parley_ents"] = ([e.start for e in ents], ents)
    starts, ents = index
    lo = bisect.bisect_left(starts, sent.start)
    hi = bisect.bisect_left(starts, sent.end)
    return [e for e in ents[lo:hi] if e.end <= sent.end]


def is_parsed(sent: Any) -> bool:
    """Whether the selective parse gave this sentence a dependency tree (the others have none)."""
    return "ROOT" in sheet_of(sent.doc).dep[sent.start:sent.end]


def _children(token: Any, *deps: str) -> list[Any]:
    sheet = sheet_of(token.doc)
    dep, tokens = sheet.dep, sheet.tokens
    return [tokens[j] for j in sheet.kids[token.i] if dep[j] in deps]  # `Sheet.children`, one call less


def _prep_objects(token: Any, preps: Iterable[str]) -> list[Any]:
    """Objects of the prepositions under `token` whose word is in `preps`, in `preps` order."""
    sheet = sheet_of(token.doc)
    dep, lower = sheet.dep, sheet.lower
    by_word: dict[str, list[int]] = {}
    for child in sheet.kids[token.i]:  # one pass over the children
        if dep[child] in ("prep", "agent", "prt", "dative"):
            by_word.setdefault(lower[child], []).append(child)
    if not by_word:
        return []
    found = []
    tokens, kids = sheet.tokens, sheet.kids
    for prep in preps:
        for child in by_word.get(prep, ()):
            found.extend(tokens[j] for j in kids[child] if dep[j] in ("pobj", "pcomp"))
    return found


def _word_matches(token: Any, alternative: str) -> bool:
    """Whether a noun token is `alternative` ("talks", or "hunger strike" with a modifier)."""
    sheet = sheet_of(token.doc)
    modifier, _, head = alternative.rpartition(" ")
    if head != sheet.lemma[token.i] and head != sheet.lower[token.i]:
        return False
    if not modifier:
        return True
    dep, lemma, lower = sheet.dep, sheet.lemma, sheet.lower
    return any(dep[c] in ("compound", "amod", "nmod") and modifier in (lemma[c], lower[c])
               for c in sheet.kids[token.i])


def _object_word_matches(token: Any, lemma: str, lower: str, alternative: str) -> bool:
    """`_word_matches` for a token whose lemma and lower-case form are already known."""
    modifier, _, head = alternative.rpartition(" ")
    if head != lemma and head != lower:
        return False
    return not modifier or _word_matches(token, alternative)


def _is_time_phrase(prep: Any) -> bool:
    """Whether a preposition only dates the act: all its objects are times ("agreed *on Saturday*")."""
    sheet = sheet_of(prep.doc)
    objects = [o for o in sheet.kids[prep.i] if sheet.dep[o] == "pobj"]
    return bool(objects) and all(sheet.ent_type[o] in TIME_ENTS for o in objects)


def _particle_ok(token: Any, particle: str) -> bool:
    """Whether the particle or preposition a pattern asks for follows the word (a date never counts)."""
    if not particle:
        return True
    sheet = sheet_of(token.doc)
    dep, lower, kids = sheet.dep, sheet.lower, sheet.kids[token.i]
    if any(lower[c] == particle and dep[c] in ("prt", "prep", "agent", "dative", "advmod")
           and not (dep[c] == "prep" and _is_time_phrase(sheet.tokens[c])) for c in kids):
        return True
    # multi-word particle written as one token in the lexicon ("out of")
    first = particle.split()[0]
    return any(lower[c] == first for c in kids if dep[c] == "prt")


def _object_candidates(token: Any, particle: str) -> list[Any]:
    """Nouns that can satisfy an object constraint: objects, passive subjects, preposition objects."""
    sheet = sheet_of(token.doc)
    dep, lower, tokens = sheet.dep, sheet.lower, sheet.tokens
    found: list[Any] = []
    for child in sheet.kids[token.i]:
        label = dep[child]
        if label in OBJECT_DEPS or label == "nsubjpass":
            found.extend(_with_conjuncts(tokens[child]))
        elif label in ("prep", "prt", "agent") and (lower[child] == particle or label == "prt" or
                                                    not particle and lower[child] not in CAUSE_PREPS):
            for grand in sheet.children(child, ("pobj",)):
                found.extend(_with_conjuncts(grand))
        elif label == "xcomp" and sheet.pos[child] in ("NOUN", "VERB"):
            found.append(tokens[child])
    for noun in list(found):  # "imposed the first phase of sanctions": the sanctions are imposed
        if sheet.lemma[noun.i] in PARTITIVE_NOUNS:
            for obj in _prep_objects(noun, ["of"]):
                found.extend(_with_conjuncts(obj))
    if particle and sheet.pos[token.i] == "NOUN":
        found = _prep_objects(token, [particle])
    return found


#: How many words before a verb a `before=` condition looks at (PETRARCH's "NOT *", "SAID * TO").
BEFORE_WINDOW = 4


def _before_ok(token: Any, words: frozenset[str]) -> bool:
    """Whether one of `words` (a word or a two-word phrase) comes shortly before the verb in its sentence:
    the lexicon's `before=` condition, so that "not", "never" or "said" can select a pattern."""
    start = max(token.sent.start, token.i - BEFORE_WINDOW)
    window = [t for t in token.doc[start:token.i] if not t.is_punct]
    single = {w for w in words if " " not in w}
    if any(t.lower_ in single or _lemma(t) in single for t in window):
        return True
    pairs = {f"{a.lower_} {b.lower_}" for a, b in zip(window, window[1:], strict=False)}
    return bool(pairs & {w for w in words if " " in w})


#: How many words before a complement noun its carrying verb may stand ("took 52 diplomats hostage").
CARRIER_WINDOW = 8


def _carrier(token: Any, pattern: Pattern) -> Any | None:
    """The verb that carries a complement noun (flag carrier=take|hold): the nearest verb with one of
    those lemmas shortly before the noun in its sentence ("held three aid workers *hostage*")."""
    lemmas = set(pattern.flag("carrier").split("|"))
    start = max(token.sent.start, token.i - CARRIER_WINDOW)
    sheet = sheet_of(token.doc)
    for j in range(token.i - 1, start - 1, -1):
        if sheet.pos[j] in ("VERB", "AUX") and sheet.lemma[j] in lemmas:
            return sheet.tokens[j]
    return None


def match_token(token: Any, lexicon: Lexicon) -> tuple[Pattern, list[Any]] | None:
    """The most specific pattern whose lemma, particle, modifier and object fit this token."""
    sheet = sheet_of(token.doc)
    pos, lower = sheet.pos[token.i], sheet.lower[token.i]
    if pos == "VERB" or (pos == "AUX" and sheet.dep[token.i] == "ROOT"):
        kind = "verb"
    elif pos in ("NOUN", "PROPN"):
        kind = "noun"
    else:
        return None
    candidates = lexicon.lookup(kind, sheet.lemma[token.i]) or lexicon.lookup(kind, lower)
    if kind == "verb" and not candidates:  # "took them hostage" with "hostage" tagged as a verb
        candidates = [p for p in lexicon.lookup("noun", lower) if p.flag("carrier")]
        kind = "noun" if candidates else kind
    # what the tests below ask of the parse, worked out once per particle for all the candidates
    particle_ok: dict[str, bool] = {}
    object_words: dict[str, list[tuple[Any, str, str]]] = {}
    object_forms: dict[str, set[str]] = {}  # the candidates' lemmas and forms, for a cheap reject
    for pattern in candidates:
        if pattern.flag("carrier") and _carrier(token, pattern) is None:
            continue
        if pattern.modifier and not _word_matches(token, f"{pattern.modifier} {pattern.lemma}"):
            continue
        if pattern.particle not in particle_ok:
            particle_ok[pattern.particle] = _particle_ok(token, pattern.particle)
        if not particle_ok[pattern.particle]:
            continue
        if pattern.before and not _before_ok(token, pattern.before):
            continue
        if pattern.objects:
            if pattern.particle not in object_words:
                object_words[pattern.particle] = [(o, sheet.lemma[o.i], sheet.lower[o.i])
                                                  for o in _object_candidates(token, pattern.particle)]
                object_forms[pattern.particle] = {w for _o, lemma, lower in object_words[pattern.particle]
                                                  for w in (lemma, lower)}
            if object_forms[pattern.particle].isdisjoint(pattern.object_heads):
                continue  # no candidate is any of the pattern's words
            plain, compound = pattern.object_parts  # `_object_word_matches` on each alternative, split once
            objects = [o for o, lemma, lower in object_words[pattern.particle]
                       if lemma in plain or lower in plain
                       or any((head == lemma or head == lower) and _word_matches(o, alt) for alt, head in compound)]
            if not objects:
                continue
            return pattern, objects
        if kind == "noun" and pattern.particle and not _prep_objects(token, [pattern.particle]):
            continue
        return pattern, []
    return None


def _is_negated(token: Any) -> bool:
    """Negation on the token: "did not attack", "never met", "no talks", "is not ready to meet"."""
    sheet = sheet_of(token.doc)
    dep, lower = sheet.dep, sheet.lower
    for child in sheet.kids[token.i]:
        if dep[child] == "neg" or (dep[child] in ("advmod", "det", "preconj") and lower[child] in NEGATORS):
            return True
    head = _raising_head(token)
    if head is not None:
        return _is_negated(head) or (dep[head.i] in ("acomp", "oprd") and _is_negated(sheet.tokens[sheet.head[head.i]]))
    return False


def _modal_from_aux(token: Any) -> str:
    """Modality marked by auxiliaries and conditions on a verb: hypothetical, intent or asserted."""
    sheet = sheet_of(token.doc)
    dep, lower, heads = sheet.dep, sheet.lower, sheet.head
    kids = sheet.kids[token.i]
    for child in kids:
        if dep[child] == "aux" and lower[child] in HYPOTHETICAL_AUX:
            return "hypothetical"
        if dep[child] == "mark" and lower[child] in CONDITION_MARKS:
            return "hypothetical"
    node = token.i
    while dep[node] in ("conj", "xcomp") and heads[node] != node:
        node = heads[node]
    if dep[node] == "advcl" and any(dep[c] == "mark" and lower[c] in CONDITION_MARKS for c in sheet.kids[node]):
        return "hypothetical"
    if any(dep[c] == "aux" and lower[c] in INTENT_AUX for c in kids):
        return "intent"
    if any(dep[c] == "aux" and lower[c] == "going" for c in kids):
        return "intent"
    head = _raising_head(token)
    if head is not None:
        if sheet.lemma[head.i] in REFUSAL_HEADS:
            return "refused"
        if sheet.lemma[head.i] in INTENT_HEADS or lower[head.i] in INTENT_HEADS:
            return "intent"
    return "asserted"


def _is_reported(token: Any) -> bool:
    """Whether the token sits in the clause of a speech verb ("X said Y attacked Z")."""
    sheet = sheet_of(token.doc)
    dep, lemma, heads = sheet.dep, sheet.lemma, sheet.head
    node = token.i
    while heads[node] != node:
        if dep[node] in ("ccomp", "parataxis") and lemma[heads[node]] in SPEECH_LEMMAS:
            return True
        node = heads[node]
    return False


SPEECH_LEMMAS = {"say", "state", "declare", "announce", "tell", "add", "claim", "report", "insist",
                 "warn", "note", "stress", "allege", "argue", "believe", "think", "write"}


def _subjects(verb: Any) -> list[Any]:
    """Who does the verb: subject, passive agent, or the subject inherited from a governing verb."""
    found = _children(verb, *SUBJECT_DEPS)
    if _children(verb, "nsubjpass", "auxpass"):
        agents = _prep_objects(verb, ["by"]) or _instrument_agents(verb)
        if agents:
            return [a for g in agents for a in _with_conjuncts(g)]
        if not found:
            return []
    sheet = sheet_of(verb.doc)
    dep = sheet.dep[verb.i]
    if found:
        subject = found[0]
        if dep == "relcl" and sheet.tag[subject.i] in ("WDT", "WP"):
            subject = sheet.tokens[sheet.head[verb.i]]
        return _with_conjuncts(subject)
    if dep == "relcl" and sheet.pos[sheet.head[verb.i]] in ("NOUN", "PROPN"):
        return _with_conjuncts(sheet.tokens[sheet.head[verb.i]])
    if dep in ("xcomp", "conj", "advcl", "pcomp", "acomp", "oprd") and sheet.head[verb.i] != verb.i:
        head = sheet.tokens[sheet.head[verb.i]]
        if dep == "xcomp":
            addressees = _children(head, "dobj")
            if addressees:  # "urged Israel to negotiate": Israel negotiates
                return _with_conjuncts(addressees[0])
            passive = _children(head, "nsubjpass")
            if passive and not _prep_objects(head, ["by"]):  # "Chile is set to sign": Chile signs
                return _with_conjuncts(passive[0])
        if dep == "pcomp" and sheet.dep[head.i] == "prep" and sheet.head[head.i] != head.i:
            return _subjects(sheet.tokens[sheet.head[head.i]])  # "after imposing sanctions, Trump proposed talks"
        if dep == "advcl" and sheet.pos[head.i] != "VERB":
            return []
        return _subjects(head)
    return []


#: Prepositions that introduce the means or occasion of a passive verb ("ousted *in* a coup by X").
INSTRUMENT_PREPS = ("in", "through", "during", "with", "after")


def _instrument_agents(verb: Any) -> list[Any]:
    """The doer named inside the means of a passive verb without its own agent: "was ousted in a
    coup *organized by X*", "was killed in an attack *by X*"."""
    for noun in _prep_objects(verb, INSTRUMENT_PREPS):
        agents = _prep_objects(noun, ["by"])
        for acl in _children(noun, "acl"):  # "organized and funded by X": the agent of either verb
            for verb_ in _with_conjuncts(acl):
                agents += _prep_objects(verb_, ["by"])
        if agents:
            return agents
    return []


def _raising_head(verb: Any) -> Any | None:
    """The adjective or passive verb that hands its subject to this "to" clause ("is about to")."""
    sheet = sheet_of(verb.doc)
    head = sheet.head[verb.i]
    if sheet.dep[verb.i] != "xcomp" or head == verb.i:
        return None
    if sheet.lemma[head] in RAISING_HEADS or sheet.lower[head] in RAISING_HEADS:
        return sheet.tokens[head]
    return None


def _nested_targets(noun: Any, depth: int = 3) -> list[list[Any]]:
    """Target groups inside a noun phrase, nearest first: "a resumption of ties *with* X",
    "ties *between* X and Y", "an attack *by* X" (the one criticised is the doer)."""
    sheet = sheet_of(noun.doc)
    dep, lower = sheet.dep, sheet.lower
    groups: list[list[Any]] = []
    frontier = [noun]
    for _ in range(depth):
        following = []
        for node in frontier:
            for child in sheet.kids[node.i]:
                word = lower[child]
                if dep[child] not in ("prep", "agent") or word in CIRCUMSTANCE_PREPS:
                    continue
                for obj in sheet.children(child, ("pobj",)):
                    if word in ("between", "among"):
                        groups.append(_with_conjuncts(obj))
                    elif word in TARGET_PREPS or word == "by":
                        groups.append(_with_conjuncts(obj))
                    following.append(obj)
        frontier = following
    return groups


def _clause_subjects(verb: Any) -> list[list[Any]]:
    """Subjects of a clause the verb governs ("Arnor believes *Dagolath and Osgiliath* can cope")."""
    groups = []
    for clause in _children(verb, "ccomp"):
        groups += [_with_conjuncts(t) for t in _children(clause, "nsubj", "nsubjpass")]
    return groups


def _asked(verb: Any) -> list[list[Any]]:
    """Who a demand asks to act: the subject of its `that` clause ("demanded that *X* step down"), also
    of one under its object ("insisted on its demands that *X* grant ...")."""
    groups = _clause_subjects(verb)
    nouns = [*_children(verb, "dobj"), *(o for p in _children(verb, "prep") for o in _children(p, "pobj"))]
    for noun in nouns:
        for clause in _children(noun, "acl", "ccomp"):
            if any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                groups += [_with_conjuncts(t) for t in _children(clause, "nsubj", "nsubjpass")]
    return groups


#: Dependency labels of the words `_phrase_targets` does not walk into (clauses, subjects, markers).
PHRASE_SKIP_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "conj", "csubj", "nsubj", "nsubjpass",
                              "mark", "punct", "cc", "xcomp", "acl", "advmod", "npadvmod"})


def _phrase_targets(verb: Any) -> list[list[Any]]:
    """Every noun after the verb in its own phrase, in text order (PETRARCH's "first actor in the
    verb phrase"), leaving out subordinate clauses, places and times: the last resort for a target."""
    skip = PHRASE_SKIP_DEPS
    sheet = sheet_of(verb.doc)
    dep, lower, pos, kids = sheet.dep, sheet.lower, sheet.pos, sheet.kids
    found: list[int] = []
    first = verb.i

    def walk(node: int) -> None:
        for child in kids[node]:
            if child < first or dep[child] in skip:
                continue
            if dep[child] == "prep" and lower[child] in LOOSE_SKIP_PREPS:
                continue
            if pos[child] in ("NOUN", "PROPN", "ADJ"):
                found.append(child)
            walk(child)

    walk(verb.i)
    return [[sheet.tokens[i]] for i in sorted(found)]


def _verb_targets(verb: Any, pattern: Pattern, objects: list[Any]) -> list[list[Any]]:
    """Candidate target groups for a verb event, best first."""
    groups: list[list[Any]] = []
    preferred = pattern.flag("target")
    if preferred:
        groups += [_with_conjuncts(t) for t in _prep_objects(verb, [preferred])]
    direct = _children(verb, "dobj", "dative")
    groups += [_with_conjuncts(t) for t in direct]
    for obj in objects:  # "talks with Washington", "sanctions on Ukraine"
        groups += [_with_conjuncts(t) for t in _prep_objects(obj, TARGET_PREPS)]
    if _children(verb, "auxpass"):
        groups += [_with_conjuncts(t) for t in _children(verb, "nsubjpass")]
    groups += [_with_conjuncts(t) for t in _prep_objects(verb, TARGET_PREPS)]
    for xcomp in _children(verb, "xcomp"):
        groups += [_with_conjuncts(t) for t in _children(xcomp, "dobj")]
    for obj in [*direct, *objects]:  # "welcomed a resumption of ties between X and Y"
        groups += _nested_targets(obj)
    if pattern.flag("frame") != "speech":
        groups += _clause_subjects(verb)
    return groups


#: "X-led", "X-backed": X is the doer of the event noun they modify ("Iraq's US-led invasion").
LED_WORDS = frozenset({"led", "backed", "sponsored", "funded", "organised", "organized"})


def _led_by(noun: Any) -> list[Any]:
    """The names in "US-led", "Saudi-backed" modifying an event noun."""
    sheet = sheet_of(noun.doc)
    dep, pos, kids = sheet.dep, sheet.pos, sheet.kids
    return [sheet.tokens[name] for mod in kids[noun.i] if dep[mod] == "amod" and sheet.lower[mod] in LED_WORDS
            for name in kids[mod] if dep[name] in ("npadvmod", "compound", "nmod")
            and pos[name] in ("PROPN", "NOUN", "ADJ")]


def _noun_sources(noun: Any) -> list[Any]:
    """Who does a noun event: possessor, "by" object, or a compound/adjective naming an actor;
    with "X-led" the leader, and the possessor is then the one acted on ("Iraq's US-led invasion")."""
    led = _led_by(noun)
    found = led or _children(noun, "poss")
    found += _prep_objects(noun, ["by"])
    for acl in _children(noun, "acl"):  # "a coup organized (and funded) by X"
        for verb in _with_conjuncts(acl):
            found += _prep_objects(verb, ["by"])
    for obj in _prep_objects(noun, ["of"]):  # "the killing of X by Y" with "by Y" attached to X
        found += _prep_objects(obj, ["by"])
    sheet = sheet_of(noun.doc)
    named = [sheet.tokens[c] for c in sheet.kids[noun.i]
             if sheet.dep[c] in ("compound", "amod", "nmod") and sheet.pos[c] in ("PROPN", "ADJ")]
    for mod in list(named):  # "the Iran-Iraq war": Iran hangs on Iraq across the hyphen
        named += [c for c in mod.children if c.dep_ == "compound" and c.pos_ == "PROPN"
                  and c.i + 1 < mod.i and c.doc[c.i + 1].text in ("-", "\u2013")]
    found += named
    found += _hands_of(noun)
    between = _prep_objects(noun, ["between", "among"])
    if between:
        found.append(between[0])
    found = [t for t in found if t.pos_ != "PRON"]
    return [t for g in found for t in _with_conjuncts(g)]


def _hands_of(noun: Any) -> list[Any]:
    """'the killing of X *at the hands of* Y' (or *in the hands of*, attached to X or to an
    apposition of X): Y, the doer, when no verb stands between the phrase and the noun."""
    sheet = sheet_of(noun.doc)
    dep, lower, pos, heads = sheet.dep, sheet.lower, sheet.pos, sheet.head
    found: list[Any] = []
    if "hands" not in sheet.words:
        return found
    for i in sheet.subtree(noun.i):
        if lower[i] != "hands" or dep[i] != "pobj" or lower[heads[i]] not in ("at", "in"):
            continue
        node = heads[heads[i]]
        while node != noun.i and pos[node] not in ("VERB", "AUX") and heads[node] != node:
            node = heads[node]
        if node == noun.i:
            found += _prep_objects(sheet.tokens[i], ["of"])
    return found


#: Prepositions through which a verb carries an event noun ("joined X *for* talks", "engaged *in* talks").
SUPPORT_PREPS = ("for", "in", "into")


def _support_verb(noun: Any) -> Any | None:
    """The verb that carries an event noun ("launched an attack", "issued a statement",
    "joined X for talks"), whose subject is then the noun's doer."""
    sheet = sheet_of(noun.doc)
    head = sheet.head[noun.i]
    if sheet.dep[noun.i] == "dobj" and sheet.pos[head] in ("VERB", "AUX"):
        return sheet.tokens[head]
    if sheet.dep[noun.i] == "pobj" and sheet.lower[head] in SUPPORT_PREPS and sheet.pos[sheet.head[head]] == "VERB":
        return sheet.tokens[sheet.head[head]]
    return None


#: Prepositions after an event noun that name the one acted on ("the assassination of X").
PATIENT_PREPS = ("of", "against", "on")


def _noun_targets(noun: Any, pattern: Pattern, has_source: bool) -> list[list[Any]]:
    """Target groups of a noun event; without a source only a patient ("coup against X") counts,
    so that a topic ("negotiations with the US") is not coded as an event."""
    groups: list[list[Any]] = []
    preps = TARGET_PREPS if has_source else PATIENT_PREPS
    if _led_by(noun):  # "Iraq's US-led invasion": Iraq is invaded
        groups += [_with_conjuncts(t) for t in _children(noun, "poss")]
    preferred = pattern.flag("target")
    if preferred and (preferred in preps or pattern.objects):  # "the seizure *at* the X embassy"
        groups += [_with_conjuncts(t) for t in _prep_objects(noun, [preferred])]
    groups += [_with_conjuncts(t) for t in _prep_objects(noun, preps)]
    verb = _support_verb(noun)
    if has_source and verb is not None:  # "joined Japan for talks": Japan is the other side
        groups += [_with_conjuncts(t) for t in _children(verb, "dobj", "dative") if t.i != noun.i]
    between = _prep_objects(noun, ["between", "among"])
    if between:
        groups += [[c for c in _with_conjuncts(between[0]) if c.i != between[0].i]]
    if has_source:  # "an attack by Chile on Peru" with "on Peru" parsed under "Chile"
        groups += _nested_targets(noun, depth=2)
    return groups


# ---------------------------------------------------------------------- matching a sentence

#: Per lexicon: word -> whether the lexicon has it (`Lexicon.has`), shared by all documents.
_HAS: weakref.WeakKeyDictionary[Lexicon, dict[str, bool]] = weakref.WeakKeyDictionary()


def trigger_positions(sent: Any, lexicon: Lexicon) -> list[int]:
    """Indices of the sentence's tokens whose lemma or lower-case form the lexicon has: worked out
    once per document from its sheet (kept in `doc.user_data`), each word asked of the lexicon once."""
    doc = sent.doc
    cached = doc.user_data.get("parley_triggers")
    if cached is None or cached[0]() is not lexicon:
        memo = _HAS.setdefault(lexicon, {})
        sheet = sheet_of(doc)
        lemmas, lowers = sheet.lemma, sheet.lower  # `Lexicon.has` lower-cases: the sheet's lemmas already are
        for word in set(lemmas).union(lowers).difference(memo):
            memo[word] = lexicon.has(word)
        hits = [i for i, (lemma, lower) in enumerate(zip(lemmas, lowers, strict=True)) if memo[lemma] or memo[lower]]
        cached = doc.user_data["parley_triggers"] = (weakref.ref(lexicon), hits)
    hits = cached[1]
    return hits[bisect.bisect_left(hits, sent.start):bisect.bisect_left(hits, sent.end)]

def find_matches(sent: Any, lexicon: Lexicon, positions: list[int] | None = None) -> list[Match]:
    """Every event trigger in a sentence, with frames applied and consumed words dropped
    (`positions`: the sentence's `trigger_positions` when the caller has them)."""
    tokens = sheet_of(sent.doc).tokens
    found: dict[int, tuple[Pattern, list[Any]]] = {}
    for i in trigger_positions(sent, lexicon) if positions is None else positions:
        hit = match_token(tokens[i], lexicon)
        if hit:
            found[i] = hit
    consumed: set[int] = set()
    for i, (_pattern, objects) in found.items():
        consumed.update(o.i for o in objects if o.i != i)
    matches: list[Match] = []
    for i, (pattern, objects) in sorted(found.items()):
        token = tokens[i]
        if i in consumed:
            continue
        frame = pattern.flag("frame")
        if pattern.kind == "noun":
            carrier = _carrier(token, pattern) if pattern.flag("carrier") else None
            matches.append(_carried_match(token, pattern, carrier) if carrier is not None
                           else _noun_match(token, pattern))
            continue
        match = Match(token=token, pattern=pattern, code=pattern.code, rule=pattern.id,
                      negated=_is_negated(token), objects=objects, scope=token)
        match.sources = _subjects(token)
        if not match.sources and pattern.flag("doer") == "subject":  # "X is engaged in talks"
            match.sources = [t for g in _children(token, "nsubjpass") for t in _with_conjuncts(g)]
        match.targets = _verb_targets(token, pattern, objects)
        if frame != "speech":
            match.fallback = _phrase_targets(token)
        match.modality = _modal_from_aux(token)
        if frame in FRAME_MODALITY:
            match.modality = FRAME_MODALITY[frame]
            inner = [c for c in token.children if (c.dep_ in ("xcomp", "ccomp") or _to_clause(token, c))
                     and c.i in found and found[c.i][0].kind == "verb" and not pattern.objects]
            if inner:
                inner_token = inner[0]
                inner_pattern, inner_objects = found[inner_token.i]
                consumed.add(inner_token.i)
                consumed.update(o.i for o in inner_objects)
                match.code, match.modality = recode(frame, inner_pattern.code)
                match.rule = f"{pattern.id}>{inner_pattern.id}"
                match.inner = inner_token
                match.objects = inner_objects
                inner_targets = _verb_targets(inner_token, inner_pattern, inner_objects)
                addressee = [_with_conjuncts(t) for t in _children(token, "dobj", "dative")]
                if frame in ("appeal", "demand"):  # "appealed *to X* to reconsider", "called *on X* to"
                    addressee += [_with_conjuncts(t) for t in _prep_objects(token, ("to", "on"))]
                    match.targets = addressee + _asked(token) + inner_targets
                else:
                    match.targets = inner_targets + addressee
                match.fallback = _phrase_targets(inner_token) + match.fallback
                match.negated = match.negated or _is_negated(inner_token)
                if inner_pattern.flag("frame") == "speech" and frame == "refuse":
                    match.negated = False
            else:  # "promised to *continue* aid to X": the promised act's phrase holds the target
                match.fallback = match.fallback + [g for x in _children(token, "xcomp") for g in _phrase_targets(x)]
                if frame in ("appeal", "demand"):  # "demanded that *X* step down": X is the one asked
                    asked = _asked(token)
                    match.targets = asked + [g for g in match.targets if g not in asked]
        if any(NEGATORS.intersection(w.split()) for w in pattern.before):  # "not *" codes the negated act
            match.negated = False
        if match.negated:
            match.modality = "negated"
        if not frame and pattern.code.startswith("01"):  # "is considering sending aid": the comment is the event
            for inner_token in _children(token, "xcomp"):
                if inner_token.i in found and found[inner_token.i][0].kind == "verb":
                    consumed.add(inner_token.i)
                    match.targets += _verb_targets(inner_token, *found[inner_token.i])
        match.reported = _is_reported(token)
        matches.append(match)
    by_token = {m.token.i: m for m in matches}
    for match in matches:
        consumed.update(_one_event(match, by_token))
    return [m for m in matches if m.token.i not in consumed]


def _to_clause(verb: Any, clause: Any) -> bool:
    """Whether `clause` is a "to" infinitive after a frame verb that the parser hung on it as an adverbial
    clause ("have sworn *to fight*"): a frame verb's infinitive is its complement, not a purpose."""
    return clause.dep_ == "advcl" and clause.i > verb.i and \
        any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children) and not _children(verb, "xcomp", "ccomp")


def _same_purpose(match: Match, by_token: dict[int, Match]) -> set[int]:
    """A purpose clause that names the same kind of act as the event it serves ("began a hunger
    strike *to protest* against X"): one event, which takes the clause's targets after its own."""
    token = match.token
    if token.dep_ not in ("advcl", "xcomp", "relcl") or \
            not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return set()
    head = token.head.head if token.dep_ == "relcl" else token.head  # "a strike *to protest*" hangs on the noun
    outer = by_token.get(head.i) or next((by_token[c.i] for c in head.children
                                          if c.dep_ in ("dobj", "pobj") and c.i in by_token), None)
    if outer is None or outer is match or outer.code[:2] != match.code[:2] or ">" in outer.rule:
        return set()
    outer.targets = outer.targets + match.targets
    return {token.i}


#: Verbs that only carry an event noun ("organised a coup", "staged a strike"): the noun is the event.
LIGHT_VERBS = {"organise", "organize", "launch", "stage", "hold", "conduct", "carry", "mount", "wage", "commit",
               "perpetrate", "begin", "start", "undertake", "continue", "resume", "make", "lead",
               "orchestrate", "mastermind", "engineer", "join", "step", "intensify", "escalate"}
#: CAMEO roots of verbal events ("condemned, welcomed, discussed, demanded the attack"): a noun they
#: govern is what they are about, not an act of their subject.
VERBAL_ROOTS = {"01", "02", "03", "04", "05", "09", "10", "11", "12", "13"}
#: Verbal events that name what they are about through a preposition too ("blamed X *for* the bombing").
DISAPPROVAL_ROOTS = {"10", "11", "12", "13"}


#: Appeals ("called / appealed *for* sanctions"): the noun after `for` is the act asked for, not one done.
APPEAL_ROOTS = {"02", "10"}


def _participle_main(token: Any) -> Any | None:
    """The verb that a trailing participle clause without a subject of its own depends on
    (", *killing* 20 people"; "killing one and *arresting* 12"), else None."""
    node = token
    while node.dep_ == "conj" and node.tag_ == "VBG" and node.head.tag_ == "VBG" and node.head.i < node.i:
        node = node.head  # "killing one and arresting 12": the chain's first participle
    if node.tag_ != "VBG" or node.dep_ != "advcl" or node.head.i >= node.i or node.head.pos_ not in ("VERB", "AUX"):
        return None
    if _children(token, *SUBJECT_DEPS, "nsubjpass") or _children(node, *SUBJECT_DEPS, "nsubjpass", "mark"):
        return None  # "..., its forces killing 20" or "while visiting X": a clause of its own
    return node.head


def _participle_detail(match: Match, by_token: dict[int, Match]) -> set[int]:
    """A trailing participle clause that only details its main event, to be dropped: the same
    kind of act (CAMEO root) as the main event or an act beside it ("shelled X, *killing* 20";
    "opened fire to disperse them, killing one and *arresting* 12"), or a verbal act that says
    what the main act means ("rejected the plan, *urging* Y to ..."; "demonstrated, *calling for* Z").
    Its targets go to the main event when that has none of its own."""
    main_verb = _participle_main(match.token)
    if main_verb is None:
        return set()
    beside = [by_token[c.i] for c in main_verb.children
              if c.dep_ in ("advcl", "xcomp") and c.i in by_token and c.i < match.token.i and c.i != match.token.i]
    # "fired shots to *disperse* them, killing two": with no event of its own the main verb's
    # purpose clause is the main act
    outer = by_token.get(main_verb.i) or (beside[0] if beside else None)
    if outer is None or outer.pattern is None or outer.pattern.flag("frame") == "speech" or outer.code[:2] == "01":
        return set()
    same = match.code[:2] in {m.code[:2] for m in [outer, *beside]}
    said = match.code[:2] in VERBAL_ROOTS
    if not (same or said):
        return set()
    # "demonstrated, calling for independence *from X*": X is the protest's target, tried after the
    # main act's own (which may name nobody: "opened fire *on Sunday*, wounding X's guards")
    outer.targets = outer.targets + [g for g in match.targets if g not in outer.targets]
    outer.fallback = outer.fallback + [g for g in match.fallback if g not in outer.fallback]
    return {match.token.i}


def _one_event(match: Match, by_token: dict[int, Match]) -> set[int]:
    """Trigger tokens that repeat `match`'s real event, to be dropped: a light verb that carries the
    event noun ("organised a coup": the coup), a noun that a verbal event is about ("condemned the
    attack": no attack by the condemner), and the means of a passive verb ("was ousted in a coup by X")."""
    if match.pattern is None:
        return set()
    if match.pattern.kind == "verb":
        return _same_purpose(match, by_token) | _participle_detail(match, by_token)
    verb = match.support
    if verb is not None and verb.i in by_token:
        if _lemma(verb) in LIGHT_VERBS and not by_token[verb.i].pattern.flag("frame"):
            return {verb.i}  # a frame verb ("planned, threatened an attack") is never light
        about = by_token[verb.i].code[:2]  # "condemned the attack"; "blamed X *for* the bombing", not "left for talks"
        asked = about in APPEAL_ROOTS and match.token.head.lower_ == "for"  # "called *for* sanctions"
        if about in VERBAL_ROOTS and (match.token.dep_ == "dobj" or about in DISAPPROVAL_ROOTS or asked):
            return {match.token.i}
    same_kind = _same_kind_phrase(match, by_token)
    if same_kind:
        return same_kind
    head = match.token.head
    if match.token.dep_ == "pobj" and head.lower_ in INSTRUMENT_PREPS and head.head.i in by_token:
        governing = by_token[head.head.i]
        if governing.pattern.kind == "verb" and _children(governing.token, "auxpass") \
                and not _prep_objects(governing.token, ["by"]):
            return {match.token.i}
    return set()


def _same_kind_phrase(match: Match, by_token: dict[int, Match]) -> set[int]:
    """An event noun in an "in" phrase of manner that names the same kind of act (CAMEO root) as the
    act it hangs on ("staged a hunger strike *in protest* against X", "marched *in protest* over Y"):
    one act, which takes the phrase's targets after its own. A noun with a doer of its own stays."""
    token = match.token
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "in" or prep.dep_ != "prep" or _noun_sources(token):
        return set()
    head = prep.head
    carried = [by_token.get(c.i) for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    own = by_token.get(head.i)
    order = [*carried, own] if _lemma(head) in LIGHT_VERBS else [own, *carried]
    outer = next((m for m in order if m is not None and m is not match and m.code[:2] == match.code[:2]
                  and ">" not in m.rule), None)
    if outer is None:
        return set()
    outer.targets = outer.targets + [g for g in match.targets if g not in outer.targets]
    return {token.i}


def _carried_match(noun: Any, pattern: Pattern, verb: Any) -> Match:
    """A complement noun's event ("X took Y hostage"): the carrying verb's subject does it to the
    verb's object, or to the actor named in the noun's own modifiers ("held aid workers hostage")."""
    negated = _is_negated(verb)
    match = Match(token=noun, pattern=pattern, code=pattern.code, rule=f"{pattern.id}<{_lemma(verb)}",
                  negated=negated, modality="negated" if negated else _modal_from_aux(verb),
                  scope=verb.head if verb.dep_ == "conj" else verb)
    match.sources = _subjects(verb)
    objects = [o for o in _children(verb, "dobj", "dative") if o.i != noun.i]
    match.targets = [_with_conjuncts(o) for o in objects]
    match.targets += [[c] for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
    match.reported = _is_reported(verb)
    return match


def _noun_match(noun: Any, pattern: Pattern) -> Match:
    negated = any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)
    match = Match(token=noun, pattern=pattern, code=pattern.code, rule=pattern.id, negated=negated,
                  modality="negated" if negated else "asserted", scope=noun)
    match.sources = _noun_sources(noun)
    verb = _support_verb(noun)
    if not match.sources and verb is not None:  # "Iraq launched its assault on X"
        match.sources = [t for t in _subjects(verb)]
        match.support = verb
    match.targets = _noun_targets(noun, pattern, has_source=bool(match.sources))
    match.reported = _is_reported(noun)
    return match


# ---------------------------------------------------------------------- actors, dates, places

def actor_for(ctx: Any, token: Any) -> tuple[int, int, Actor] | None:
    """The actor mention naming this noun: the word itself, its modifiers, appositions, "of" objects
    (remembered per word while `code_events` codes the document: the actors do not change then)."""
    sheet = ctx.doc.user_data.get(SHEET_KEY) if ctx.doc is not None else None
    memo = sheet.named if sheet is not None else None
    if memo is None:
        return _actor_for(ctx, token)
    if token.i not in memo:
        memo[token.i] = _actor_for(ctx, token)
    return memo[token.i]


def _actor_for(ctx: Any, token: Any) -> tuple[int, int, Actor] | None:
    hit = actor_at(ctx, token.idx, token.idx + len(token))
    if hit:
        return hit
    sheet = sheet_of(token.doc)
    for child in sheet.children(token.i, ("compound", "amod", "nmod", "poss", "appos", "npadvmod")):
        hit = actor_at(ctx, child.idx, child.idx + len(child))
        for grand in child.lefts if not hit else ():  # "a Taliban-claimed bomb"
            hit = hit or actor_at(ctx, grand.idx, grand.idx + len(grand))
        if hit:
            return hit
    for child in _children(token, "acl"):  # "missiles fired by the army": the army
        for agent in _prep_objects(child, ["by"]):
            hit = actor_at(ctx, agent.idx, agent.idx + len(agent)) or actor_for(ctx, agent)
            if hit:
                return hit
    for obj in _prep_objects(token, ["of", "from"]):
        if sheet.pos[token.i] == "NOUN":  # "the leader of Iran", "students from Iran" name Iran's people
            hit = actor_for(ctx, obj)
            if hit:
                return hit
    for child in _children(token, "appos"):
        hit = actor_for(ctx, child)
        if hit:
            return hit
    return None


def _same_actor(a: Actor, b: Actor) -> bool:
    """Whether two actors are one: the same id, or the same name (a self-dyad, never an event)."""
    return a.id == b.id or (bool(a.name) and a.name.casefold() == (b.name or "").casefold())


def _ref(ctx: Any, hit: tuple[int, int, Actor]) -> ActorRef:
    start, end, actor = hit
    return ActorRef(actor_id=actor.id, name=actor.name, code=actor.code, country=actor.country,
                    text=ctx.text[start:end])


def coordinated_modifiers(token: Any) -> list[Any]:
    """Modifiers of a noun that are coordinated with each other ("the *British and US* governments"),
    each of which names an actor of its own; empty when the noun has no coordinated modifier."""
    sheet = sheet_of(token.doc)
    dep, kids = sheet.dep, sheet.kids
    found: list[Any] = []
    for child in kids[token.i]:
        if dep[child] in ("amod", "compound", "nmod") and any(dep[c] == "conj" for c in kids[child]):
            found += [m for m in _with_conjuncts(sheet.tokens[child]) if sheet.pos[m.i] in ("PROPN", "ADJ", "NOUN")]
    return found


def _resolve(ctx: Any, tokens: Iterable[Any], memory: Memory | None = None,
             participants: Participants | None = None) -> list[tuple[int, int, Actor]]:
    """The actors that nouns name, once each; a noun with coordinated modifiers ("the British and
    US governments") names one actor per modifier. With `participants`, a noun that names nobody
    may still imply one ("shelled *Iraqi* towns", "demonstrators in Baghdad")."""
    hits: list[tuple[int, int, Actor]] = []
    for token in tokens:
        found = [actor_for(ctx, token) or (memory.antecedent(ctx, token) if memory else None)
                 or (participants.find(token) if participants else None)]
        for modifier in coordinated_modifiers(token):
            found.append(actor_at(ctx, modifier.idx, modifier.idx + len(modifier)))
        for hit in found:
            if hit and all(h[2].id != hit[2].id for h in hits):
                hits.append(hit)
    return hits


def _local_people(ctx: Any, tokens: Iterable[Any]) -> list[tuple[int, int, Actor]]:
    """For an unnamed group as the doer ("demonstrators *in Baghdad*", "rebels in the Ivory Coast"),
    the actor of the place it is in: its people. Plural common nouns only, so that an event noun
    ("talks in Geneva") never becomes its venue."""
    people = [t for t in tokens if t.pos_ == "NOUN" and t.tag_ == "NNS"]
    return _resolve(ctx, [o for t in people for o in _prep_objects(t, ["in"])])


class Participants:
    """Event participants that no name states (`parley.actors.participants`), looked up once per word;
    those that kept events use are added to the document's actors at the end (`adopt_used`), so the
    report lists every event actor while the coding of later sentences sees only named actors."""

    def __init__(self, ctx: Any, kb: Any = None) -> None:
        self.ctx = ctx
        self.kb = kb if kb is not None else context_kb(ctx)
        self.found: dict[int, tuple[int, int, Actor] | None] = {}  # token index -> participant
        self.event: Any = None  # the event word a target is looked up for (see `for_event`)

    def for_event(self, token: Any) -> Participants:
        """A view (sharing the lookups) that finds targets of the event word `token`."""
        view = object.__new__(Participants)  # a shallow copy (copy.copy is slow for a few fields)
        view.__dict__.update(self.__dict__)
        view.event = token
        return view

    def find(self, token: Any) -> tuple[int, int, Actor] | None:
        """The participant a word implies, or None; for an event's target, not a preposition's object
        before the event word ("*From an Iranian perspective*, the seizure ..." is a point of view)."""
        if self.event is not None and token.dep_ == "pobj" and token.i < self.event.i:
            return None
        if token.i not in self.found:
            self.found[token.i] = participant_for(self.ctx, token, self.kb)
        return self.found[token.i]

    def adopt_used(self, events: Iterable[Event]) -> None:
        """Add to `ctx.actors` each participant that one of `events` names (same id, text, sentence)."""
        named = {(e.evidence.start, e.evidence.end, ref.actor_id, ref.text)
                 for e in events for ref in (e.source, e.target) if ref is not None}
        if not named:
            return
        for hit in {(h[0], h[1], h[2].id): h for h in self.found.values() if h is not None}.values():
            start, end, actor = hit
            text = self.ctx.text[start:end]
            if any(lo <= start and end <= hi and ident == actor.id and said == text
                   for lo, hi, ident, said in named):
                adopt(self.ctx, hit)


class Memory:
    """Who the text has been talking about, so that "he", "we" in a quote or a bare "the leader"
    can be given the actor named before (a light, local coreference: speakers and sentence subjects)."""

    def __init__(self, ctx: Any, kb: Any = None) -> None:
        self.by_id = {a.id: a for a in ctx.actors}
        self.speakers = [(q.start, q.end, self.by_id.get(q.speaker.actor_id)) for q in ctx.quotes
                         if q.speaker and q.speaker.actor_id in self.by_id]
        self.subjects: list[tuple[int, Actor]] = []  # (sentence start, actor) of earlier sentences
        self.inferred: set[tuple[int, int]] = set()  # spans whose actor came from context
        self.ctx = ctx
        self.participants = Participants(ctx, kb)

    def _reporter(self, token: Any) -> tuple[int, int, Actor] | None:
        """The mention of the actor whose speech verb reports the clause this pronoun is the subject of."""
        if token.dep_ not in ("nsubj", "nsubjpass"):
            return None
        node = token.head
        while node.head.i != node.i and node.dep_ in ("conj", "xcomp", "acomp"):
            node = node.head
        if node.dep_ != "ccomp" or _lemma(node.head) not in SPEECH_LEMMAS:
            return None
        for subject in _children(node.head, "nsubj"):
            hit = actor_for(self.ctx, subject)
            if hit:
                return hit
        return None

    def note(self, ctx: Any, sent: Any) -> None:
        """Remember the actor that is the main subject of a sentence."""
        sheet = sheet_of(sent.doc)
        dep, heads = sheet.dep, sheet.head
        for i in range(sent.start, sent.end):
            if dep[i] in ("nsubj", "nsubjpass") and dep[heads[i]] == "ROOT":
                token = sheet.tokens[i]
                hit = actor_for(ctx, token) or self.antecedent(ctx, token)
                if hit:
                    self.subjects.append((sent.start_char, hit[2]))
                    return

    def antecedent(self, ctx: Any, token: Any) -> tuple[int, int, Actor] | None:
        """The actor a pronoun or a bare role noun stands for, or None."""
        hit = self._antecedent(token)
        if hit:
            self.inferred.add(hit[:2])
        return hit

    def _antecedent(self, token: Any) -> tuple[int, int, Actor] | None:
        sheet = sheet_of(token.doc)
        dep, pos, i = sheet.dep, sheet.pos, token.i
        word = sheet.lower[i]
        span = (token.idx, token.idx + len(token))
        speaker = self._reporter(token) if word in REPORTED_PRONOUNS else None
        if speaker is not None:  # "Syria says *it* will withdraw": the one who says it, named in the sentence
            return speaker
        if word in FIRST_PERSON:  # "we" inside a quote is its speaker
            for start, end, actor in self.speakers:
                if actor and start <= token.idx < end:
                    return (*span, actor)
            return None
        role = pos[i] == "NOUN" and sheet.lemma[i] in ROLE_NOUNS and not any(
            dep[c] in ("compound", "amod", "poss", "nmod") and pos[c] in ("PROPN", "ADJ") for c in sheet.kids[i])
        if word not in PERSONAL_PRONOUNS and not role:
            return None
        sent = token.sent
        sent_start = sent.start_char
        if dep[i] in ("nsubj", "nsubjpass") and sheet.lemma[sheet.head[i]] in SPEECH_LEMMAS:
            for start, end, actor in self.speakers:  # the quotes component names "he said"'s speaker
                if actor and start < sent.end_char and end >= sent_start - 3:
                    return (*span, actor)
        earlier = [a for start, a in self.subjects if start < sent_start]
        return (*span, earlier[-1]) if earlier else None


def _time_basis(time: TimeExpression) -> str:
    if YEAR.search(time.text) or re.search(r"\d{1,2}(st|nd|rd|th)?\b", time.text):
        return "explicit" if not RELATIVE_WORDS.search(time.text) else "relative"
    return "relative"


def _earlier_year(ctx: Any, before: int) -> EventDate | None:
    """The year of the nearest time expression (or bare year) before an offset, for "that year"."""
    earlier = [t for t in ctx.times if t.end <= before and t.value]
    if earlier:
        last = max(earlier, key=lambda t: t.end)
        return EventDate(value=last.value[:4], precision="year", basis="relative")
    years = list(YEAR.finditer(ctx.text[:before]))
    if years:
        return EventDate(value=years[-1].group(1), precision="year", basis="relative")
    return None


def _dates_another_noun(ctx: Any, match: Match, start: int, end: int) -> bool:
    """Whether a date only modifies some other noun ("mentioning *the 2015 nuclear deal*"), so that
    it is that thing's date and not the event's."""
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    if root.dep_ not in ("nummod", "compound", "amod", "nmod") or root.head.pos_ not in ("NOUN", "PROPN"):
        return False
    node = root.head  # the noun it dates; ours when it hangs on the event word with no verb between
    while node.i != match.token.i:
        if node.head.i == node.i or node.pos_ in ("VERB", "AUX"):
            return True
        node = node.head
    return False


#: Clauses that modify a noun ("which joined NATO in 2023", "the deal signed in 2015"): a date
#: inside one dates what the clause says about that noun.
NOUN_CLAUSES = frozenset({"relcl", "acl"})
#: Prepositions that give an event its setting: the date of "*in an interview that aired
#: Wednesday*" or "*in letters sent on 19 October*" is the event's own.
SETTING_PREPS = frozenset({"in", "on", "at", "during", "through", "via", "throughout"})


def _in_other_clause(ctx: Any, match: Match, start: int, end: int) -> bool:
    """Whether a date (its character offsets) sits in a clause that describes one of the event's
    participants ("*Finland, which joined NATO in 2023*, signed", "withdrew from *the deal signed
    in 2015*"): a noun under the event word, other than the event's own noun or its setting ("in an
    interview that aired Wednesday"), with the event word outside the clause. A clause hanging
    elsewhere is left to the nearest-date rule, which a misplaced parse ("hostage" under an
    earlier verb) must not turn against its own date."""
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    sheet = sheet_of(ctx.doc)
    head, dep = sheet.head, sheet.dep
    node = span.root.i
    while head[node] != node and dep[node] not in NOUN_CLAUSES:
        node = head[node]
    own = {match.token.i} | ({match.scope.i} if match.scope is not None else set())
    noun = head[node]
    if dep[node] not in NOUN_CLAUSES or noun in own:  # "the coup, which took place in 1953": its own
        return False
    if dep[noun] == "pobj" and sheet.lower[head[noun]] in SETTING_PREPS:  # the event's setting
        return False
    return not _under(head, match.token.i, node) and _under(head, noun, match.token.i)


def _under(head: list[int], word: int, top: int) -> bool:
    """Whether token `word` is `top` or one of its descendants (heads as token indices)."""
    while word != top and head[word] != word:
        word = head[word]
    return word == top


def sentence_times(ctx: Any, lo: int, hi: int) -> list[TimeExpression]:
    """The time expressions within [lo, hi), by start (once per sentence while the document is coded)."""
    sheet = ctx.doc.user_data.get(SHEET_KEY) if ctx.doc is not None else None
    memo = sheet.times if sheet is not None else None
    found = memo.get((lo, hi)) if memo is not None else None
    if found is None:
        found = sorted((t for t in ctx.times if lo <= t.start and t.end <= hi), key=lambda t: t.start)
        if memo is not None:
            memo[(lo, hi)] = found
    return found


def event_date(ctx: Any, match: Match, sent: Any) -> EventDate:
    """When the event happened: a date in its sentence, a referred-back year, or the publication date."""
    lo, hi = sent.start_char, sent.end_char
    times = sentence_times(ctx, lo, hi)
    inside: list[TimeExpression] = []
    outside: list[TimeExpression] = []
    if times:  # (most sentences have none: then the event's phrase need not be measured)
        scope_lo = match.scope.left_edge.idx if match.scope is not None else lo
        scope_hi = (match.scope.right_edge.idx + len(match.scope.right_edge)) if match.scope is not None else hi
        # not a date of some other noun: "the 2015 deal", "Finland, *which joined NATO in 2023*,"
        times = [t for t in times if not _dates_another_noun(ctx, match, t.start, t.end)
                 and not _in_other_clause(ctx, match, t.start, t.end)]
        inside = [t for t in times if scope_lo <= t.start and t.end <= scope_hi]
        # outside the event's phrase, the nearest date first: a sentence that lists several dated
        # events ("seized the embassy in 1979 ..., and the invasion of Iraq in 2003") dates each by its own
        at, end = match.token.idx, match.token.idx + len(match.token)
        outside = sorted((t for t in times if t not in inside),
                         key=lambda t: (max(t.start - end, at - t.end, 0), t.start))
    for time in inside + outside:
        if ANAPHORIC_TIME.search(time.text):
            found = _earlier_year(ctx, time.start)
            if found:
                return found
            continue
        if time.value:
            return EventDate(value=time.value, precision=time.precision, basis=_time_basis(time))
    sheet = sheet_of(sent.doc)
    if match.scope is not None:  # "the 1953 coup": a year modifying the event noun
        for child in sheet.children(match.scope.i, ("nummod", "compound", "npadvmod", "amod")):
            if YEAR.fullmatch(child.text):
                return EventDate(value=child.text, precision="year", basis="explicit")
        for ent in sentence_ents(sent):
            if ent.label_ == "DATE":
                text = ctx.text[ent.start_char:ent.end_char].strip()  # `ent.text`, without joining its tokens
                if YEAR.fullmatch(text) and not _dates_another_noun(ctx, match, ent.start_char, ent.end_char) \
                        and not _in_other_clause(ctx, match, ent.start_char, ent.end_char):
                    return EventDate(value=text, precision="year", basis="explicit")
    anaphor = ANAPHORIC_TIME.search(ctx.text[lo:hi])  # the sentence's text (`sent.text` joins its tokens)
    if anaphor:
        found = _earlier_year(ctx, lo + anaphor.start())
        if found:
            return found
    published = getattr(ctx.document, "published", None)
    if published:
        precision = "day" if len(published) >= 10 else ("month" if len(published) == 7 else "year")
        return EventDate(value=published, precision=precision, basis="publication")
    return EventDate()


def event_location(ctx: Any, sent: Any, skip: set[str]) -> Location | None:
    """A place the sentence puts the event "in" (a GPE, LOC or FAC entity after in/at)."""
    for ent in sentence_ents(sent):
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        head = ent.root.head
        if ent.root.dep_ == "pobj" and head.lower_ in LOCATION_PREPS:
            hit = actor_at(ctx, ent.start_char, ent.end_char)
            if hit and hit[2].id in skip:
                continue
            return Location(name=ent.text, country=hit[2].country if hit else None)
    return None


# ---------------------------------------------------------------------- events

def confidence(match: Match, has_source: bool, has_target: bool) -> float:
    """Heuristic confidence: actors found, pattern specificity, noun vs verb, reported or hypothetical."""
    score = 0.45 + 0.15 * has_source + 0.15 * has_target
    score += 0.05 * min(match.pattern.specificity, 2)
    if match.pattern.kind == "noun":
        score -= 0.1
    if match.reported:
        score -= 0.05
    if match.modality == "hypothetical":
        score -= 0.1
    return round(min(0.95, max(0.05, score)), 2)


def sentence_evidence(text: str, sent: Any) -> Evidence:
    """The sentence as evidence, without surrounding whitespace, so text[start:end] == evidence.text."""
    start, end = sent.start_char, sent.end_char
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return Evidence(text=text[start:end], start=start, end=end)


#: CAMEO roots of acts done to a place's people (protest, coercion, assault, fighting): with no one
#: else named, the place where they happen is their target ("imposed a curfew in Cizre *in Turkey*");
#: for acts other than protests only when the place is a state (PETRARCH codes no city as a target).
#: A show of force (15) is made *in* a place, not to it ("mobilized supporters in X").
PLACE_ROOTS = {"14", "17", "18", "19", "20"}
#: Easing such restrictions (CAMEO 081x: curfew, state of emergency, bans) is done to the same people:
#: "lifted the curfew *in X*" as "imposed a curfew *in X*".
PLACE_CODES = ("081",)


#: Prepositions whose event noun dates or explains another act ("*since* the invasion", "*after* the coup").
TIME_PREPS = {"since", "after", "before", "following", "until", "amid", "during"}


def _time_reference(noun: Any) -> bool:
    """Whether an event noun only dates or explains another act: the object of a preposition of time."""
    return noun.dep_ == "pobj" and noun.head.lower_ in TIME_PREPS


def _place_words(match: Match) -> list[Any]:
    """Nouns after in/at/inside/near in the event's own phrase, in text order (nearest place first)."""
    scope = match.scope if match.scope is not None else match.token
    sheet = sheet_of(scope.doc)
    dep, lower, heads, tokens = sheet.dep, sheet.lower, sheet.head, sheet.tokens
    return [tokens[i] for i in sheet.subtree(scope.i) if dep[i] == "pobj" and lower[heads[i]] in LOCATION_PREPS
            and not _manner_noun(tokens[i])]


def _manner_objects(match: Match) -> list[Any]:
    """Objects of the prepositions after a manner noun in the event's own phrase ("in protest *against*
    X", "in defiance *of* X"): whom a protest is aimed at when nobody else is named."""
    scope = match.scope if match.scope is not None else match.token
    sheet = sheet_of(scope.doc)
    dep, lower, heads, tokens = sheet.dep, sheet.lower, sheet.head, sheet.tokens
    nouns = [tokens[i] for i in sheet.subtree(scope.i) if dep[i] == "pobj" and lower[heads[i]] == "in"
             and _manner_noun(tokens[i])]
    return [o for noun in nouns for o in _prep_objects(noun, MANNER_PREPS)]


def _manner_noun(token: Any) -> bool:
    """Whether a noun after "in" names a manner or state, not a place: a bare singular common noun
    ("*in protest* of X's refusal", "in principle", "in response"), whose phrase names no venue."""
    return sheet_of(token.doc).tag[token.i] == "NN" and not _children(token, "det", "poss", "amod", "compound", "nummod")


def make_events(ctx: Any, match: Match, sent: Any, memory: Memory | None = None) -> Iterator[Event]:
    """The events of one match: one per source actor (coordinated subjects give several)."""
    unnamed = memory.participants if memory is not None else None  # participants no name states
    sources = _resolve(ctx, match.sources, memory, unnamed) or _local_people(ctx, match.sources)
    patients = unnamed.for_event(match.token) if unnamed is not None else None
    targets: list[tuple[int, int, Actor]] = []
    source_ids = {s[2].id for s in sources}
    loose = False
    for group in match.targets:
        targets = [t for t in _resolve(ctx, group, participants=patients)
                   if not any(_same_actor(t[2], s[2]) for s in sources)]
        if targets:
            break
    if not targets and sources:
        for group in match.fallback:
            targets = [t for t in _resolve(ctx, group, participants=patients)
                       if not any(_same_actor(t[2], s[2]) for s in sources)]
            if targets:
                loose = True
                break
    info = ontology.cameo(match.code)
    if not sources and info.root == "14" and any(t.pos_ == "NOUN" for t in match.sources):
        sources = _resolve(ctx, _place_words(match), participants=unnamed)[:1]  # "people blocked streets *in Hong Kong*": its people protest
    if not targets and sources and info.root == "14":  # "blocked streets *in defiance of X*": against X
        targets = [t for t in _resolve(ctx, _manner_objects(match), participants=patients)
                   if not any(_same_actor(t[2], s[2]) for s in sources)][:1]
    place = False
    if not targets and sources and (info.root in PLACE_ROOTS or info.code.startswith(PLACE_CODES)) \
            and match.pattern.kind == "verb":
        targets = [t for t in _resolve(ctx, _place_words(match), participants=unnamed)
                   if not any(_same_actor(t[2], s[2]) for s in sources)][:1]
        if info.root != "14" and not all(t[2].type == "state" for t in targets):
            targets = []  # force done in a town is not done to the town; a protest there is its people's
        place = bool(targets)
    if not sources:  # a doer-less event needs a passive verb, or a noun of conflict with a patient
        if not targets or match.pattern.flag("frame") == "speech":
            return
        if match.pattern.kind == "verb" and not _children(match.token, "nsubjpass", "auxpass"):
            return
        if match.pattern.kind == "noun" and info.quad_class == 1:
            return
    evidence = sentence_evidence(ctx.text, sent)
    date = event_date(ctx, match, sent)
    skip = source_ids | {t[2].id for t in targets}
    location = event_location(ctx, sent, skip)
    mutual = _mutual(match, sources, targets)
    if match.pattern.kind == "noun" and not targets and not mutual and _time_reference(match.token):
        return  # "asylum ... *since* last month's invasion": a past act that dates another, naming no one hit
    for source in sources or [None]:
        for target in ([t for t in sources if not _same_actor(t[2], source[2])][:1] if mutual else targets) \
                or [None]:
            if source and target and _same_actor(source[2], target[2]):
                continue  # a self-dyad ("Iran" and "Tehran" as one actor) is never an event
            src = _ref(ctx, source) if source else None
            tgt = _ref(ctx, target) if target else None
            score = confidence(match, source is not None, target is not None)
            if loose or place or (source and memory and source[:2] in memory.inferred):
                score = round(max(0.05, score - 0.05), 2)  # a loose or place target, or a source from context
            yield Event(
                id=digest(ctx.document.id, evidence.start, info.code,
                          src.actor_id if src else None, tgt.actor_id if tgt else None),
                source=src, target=tgt, cameo=info.code, cameo_root=info.root,
                plover=info.plover, plover_mode=info.plover_mode, goldstein=info.goldstein,
                quad_class=info.quad_class, negated=match.negated, modality=match.modality,
                date=date, location=location, evidence=evidence,
                confidence=score,
                rule=match.rule + ("+loose" if loose else "") + ("+place" if place else ""),
            )


#: CAMEO roots of acts two parties do to each other: consultation, cooperation, fighting.
MUTUAL_ROOTS = {"04", "05", "06", "19"}


def _mutual(match: Match, sources: list[tuple[int, int, Actor]], targets: list[tuple[int, int, Actor]]) -> bool:
    """A noun of a mutual act whose two sides modify it and no one else is named ("the Iran-Iraq
    war", "the Iran and Iraq wars", "Sino-Soviet talks"): each side is the other's target."""
    if targets or match.pattern.kind != "noun" or match.code[:2] not in MUTUAL_ROOTS:
        return False
    if len({s[2].id for s in sources}) < 2:
        return False
    return all(t.dep_ in ("compound", "amod", "nmod", "conj") and t.i < match.token.i for t in match.sources)


def _inner_topic(match: Match, found: list[Event], made: list[tuple[Match, list[Event]]]) -> Match | None:
    """The verb event whose phrase holds this noun event, when the noun is only what that event is
    about: a noun with no doer ("promised to continue military *aid* to X", "threatened an offensive
    in its *war* with X"), or any noun under a frame verb, whose acts are not asserted ("threatened
    to stop *negotiations*", "refused to end its *blockade*"); and a verb event deeper in a frame
    verb's complement than the act it recoded ("refused to allow X to land and *evacuate* Y")."""
    if not found:
        return None
    if match.pattern.kind == "verb":
        return _framing_verb(match, made)
    doerless = not any(e.source for e in found)
    for other, events in made:
        if other is match or other.pattern.kind != "verb" or not any(e.source for e in events):
            continue
        framed = other.pattern.flag("frame") not in (None, "", "speech")
        if (doerless or framed) and other.token.i < match.token.i and other.token.is_ancestor(match.token):
            return other
    return None


def _framing_verb(match: Match, made: list[tuple[Match, list[Event]]]) -> Match | None:
    """The frame verb (refuse, threaten, demand, appeal, intent: not speech) in whose complement this
    verb event lies, reached from it through complements and coordination only: below the act the
    frame recoded, or, for a frame verb used alone, below its `to` complement ("refused to allow ...")."""
    frames = {m.token.i: m for m, events in made if m is not match and m.pattern.kind == "verb"
              and m.pattern.flag("frame") not in (None, "", "speech") and any(e.source for e in events)}
    inners = {m.inner.i: m for m in frames.values() if m.inner is not None}
    node = match.token
    while node.head.i != node.i and node.dep_ in ("xcomp", "ccomp", "conj", "advcl"):
        if node.dep_ == "advcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
            return None  # "refused to meet Y *after* X attacked": an act of its own
        if node.dep_ == "conj" and node.tag_ != node.head.tag_:
            return None  # "refused to meet Y and *attacked* Z": a finite verb is asserted
        step, node = node.dep_, node.head
        if node.i in inners:
            return inners[node.i]
        if node.i in frames:
            frame = frames[node.i]
            return frame if frame.inner is None and step in ("xcomp", "advcl") else None
    return None


#: CAMEO roots of material conflict (protest, force posture, coercion, assault, fighting, mass violence).
FORCE_ROOTS = {"14", "15", "17", "18", "19", "20"}


def _idle_detail(match: Match, found: list[Event], made: list[tuple[Match, list[Event]]]) -> bool:
    """Whether a trailing participle clause of force (`FORCE_ROOTS`) that names nobody it is done to
    only tells how its main act was done ("rioted, setting fire to mattresses and *smashing*
    furniture"; "declared a state of siege, *arresting* opponents"); one that names its own target
    stays an act ("arresting twenty X students"), and so does an act of another nature ("signed the
    order, *imposing* new sanctions")."""
    if match.pattern.kind != "verb" or not found or any(e.target for e in found) or match.code[:2] not in FORCE_ROOTS:
        return False
    main_verb = _participle_main(match.token)
    return main_verb is not None and any(m.token.i == main_verb.i and f for m, f in made if m is not match)


def _purpose_only(match: Match, found: list[Event], made: list[tuple[Match, list[Event]]]) -> bool:
    """Whether a verb event is only the purpose of another act of its doer ("signed an agreement *to
    increase* trade"): a `to` clause without a subject of its own, under a verb that made an event."""
    token = match.token
    if match.pattern.kind != "verb" or not found or token.dep_ != "advcl" or token.head.i > token.i \
            or not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) \
            or _children(token, *SUBJECT_DEPS, "nsubjpass"):
        return False
    return any(m.token.i == token.head.i and any(e.source for e in f) for m, f in made if m is not match)


def _under_frame(ctx: Any, frame: Match, events: list[Event]) -> list[Event]:
    """The events of an act coordinated with a frame verb's governed act, recoded by the same frame
    ("threatened to impose sanctions and *to expel* diplomats": a threat to expel, 136)."""
    out = []
    for e in events:
        code, modality = recode(frame.pattern.flag("frame"), e.cameo)
        info = ontology.cameo(code)
        out.append(e.model_copy(update={
            "id": digest(ctx.document.id, e.evidence.start, info.code, e.source.actor_id if e.source else None,
                         e.target.actor_id if e.target else None),
            "cameo": info.code, "cameo_root": info.root, "plover": info.plover, "plover_mode": info.plover_mode,
            "goldstein": info.goldstein, "quad_class": info.quad_class, "modality": modality,
            "rule": f"{frame.pattern.id}>{e.rule}"}))
    return out


def _give_targets(events: list[Event], topic: list[Event], ctx: Any) -> list[Event]:
    """The events with the target of the noun they are about, where they have none of their own
    ("promised military aid *to X*": the promise is made to X)."""
    target = next((e.target for e in topic if e.target), None)
    if target is None:
        return events
    out = []
    for e in events:
        if e.target is None and not (e.source and e.source.actor_id == target.actor_id):
            e = e.model_copy(update={"target": target, "id": digest(
                ctx.document.id, e.evidence.start, e.cameo, e.source.actor_id if e.source else None,
                target.actor_id)})
        out.append(e)
    return out


def sentence_events(ctx: Any, sent: Any, lexicon: Lexicon, memory: Memory | None = None) -> list[Event]:
    """The rule coder's events of one sentence, one per (source, target, code)."""
    events: dict[tuple, Event] = {}
    positions = trigger_positions(sent, lexicon)
    if positions:
        made = [(match, list(make_events(ctx, match, sent, memory))) for match in find_matches(sent, lexicon, positions)]
        made = [(m, f) for m, f in made if not _idle_detail(m, f, made) and not _purpose_only(m, f, made)]
        for match, found in list(made):
            outer = _inner_topic(match, found, made)
            if outer is not None and outer.inner is not None and match.token.dep_ == "conj" \
                    and match.token.head.i == outer.inner.i:  # "threatened to impose sanctions and expel ..."
                made = [(m, _under_frame(ctx, outer, f) if m is match else f) for m, f in made]
            elif outer is not None:
                made = [(m, _give_targets(f, found, ctx) if m is outer else f) for m, f in made if m is not match]
        for event in (e for _match, found in made for e in found):
                key = (event.source and event.source.actor_id, event.target and event.target.actor_id, event.cameo)
                if key not in events or events[key].confidence < event.confidence:
                    events[key] = event
    return list(events.values())


def one_code_per_act(ctx: Any, events: list[Event]) -> list[Event]:
    """The sentence's events with one code per act: when the learned model recoded one event of a
    rule ("model:...~RULE"), the other events of that rule (coordinated actors of the same act,
    "X and Y signed a treaty") take the same code, so one act is not counted as two kinds."""
    recoded = {e.rule.split("~", 1)[1]: e for e in events if e.rule and e.rule.startswith("model:") and "~" in e.rule}
    if not recoded:
        return events
    out: dict[tuple, Event] = {}
    for e in events:
        model_event = recoded.get(e.rule or "")
        if model_event is not None and e.cameo != model_event.cameo:
            info = ontology.cameo(model_event.cameo)
            e = e.model_copy(update={
                "id": digest(ctx.document.id, e.evidence.start, info.code, e.source.actor_id if e.source else None,
                             e.target.actor_id if e.target else None),
                "cameo": info.code, "cameo_root": info.root, "plover": info.plover, "plover_mode": info.plover_mode,
                "goldstein": info.goldstein, "quad_class": info.quad_class, "rule": model_event.rule,
                "confidence": min(e.confidence, model_event.confidence)})
        key = (e.source and e.source.actor_id, e.target and e.target.actor_id, e.cameo)
        if key not in out or out[key].confidence < e.confidence:
            out[key] = e
    return list(out.values())


def code_events(ctx: Any, lexicon: Lexicon, model: Any = None, kb: Any = None) -> list[Event]:
    """All events of a parsed document, one per (sentence, source, target, code); with a `model`
    (parley.events.model.EventModel) each sentence's rule events are checked and completed by it.
    `kb`: the actors' knowledge base for the context's settings (`context_kb`), when the caller has it."""
    events: dict[tuple, Event] = {}
    sheet_of(ctx.doc).hold_actors(ctx)  # the actors stay as they are until `adopt_used`
    try:
        memory = Memory(ctx, kb)
        for sent in ctx.doc.sents:
            found = sentence_events(ctx, sent, lexicon, memory)
            if model is not None and is_parsed(sent):
                found = one_code_per_act(ctx, model.refine(ctx, sent, found, memory))
            for event in found:
                key = (event.evidence.start, event.source and event.source.actor_id,
                       event.target and event.target.actor_id, event.cameo)
                if key not in events or events[key].confidence < event.confidence:
                    events[key] = event
            memory.note(ctx, sent)
    finally:
        drop_sheet(ctx.doc)
    memory.participants.adopt_used(events.values())
    return list(events.values())


@components.register("events")
def make_event_coder(settings: Settings) -> Any:
    """Component: code CAMEO/PLOVER events from the parsed sentences and the actors found; the
    learned model (events/model) re-checks low-confidence codes unless switched off."""
    from .model import load_for_settings

    lexicon = load_lexicon(settings.verbs_file, seed_enabled(settings.extra))
    model, problem = load_for_settings(settings)

    known: list[Any] = [None, None]  # settings, and the knowledge base `context_kb` gives for them

    def events_component(ctx: Any) -> None:
        if problem is not None:
            ctx.errors.append(problem)
        if ctx.doc is None:
            return
        if known[0] is not ctx.settings:  # looked up once per settings, as the actors stage reads its files once
            known[:] = [ctx.settings, context_kb(ctx)]
        ctx.events.extend(code_events(ctx, lexicon, model, known[1]))

    return events_component
