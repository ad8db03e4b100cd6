"""Quotes: who said what, as direct, indirect or mixed speech, and the terms actors coin.

The `quotes` pipeline component fills `ctx.quotes`. Quoted stretches come from the quote marks
(`marks`); a cue word from the lexicon (data/cues.txt) in the same sentence names the speaker
through the dependency parse (its subject, or the object of "according to"); pronouns go to the
most recent fitting actor before them. Cue verbs outside quotes with a clausal complement give
indirect speech. Short verbless quotes ("Great Satan") are kept as kind "term", not as speech.
"""

from __future__ import annotations

import bisect
import functools
from importlib import resources
from typing import Any

from ..document import ActorRef, Quote
from ..errors import E
from ..registry import components
from ..settings import Settings
from .marks import Quoted, find_quoted

__all__ = ["extract_quotes", "load_cues", "make_quotes"]

#: A verbless quote of at most this many words is a coined term, not speech.
TERM_MAX_WORDS = 4
#: A quote of at most this many words opened inside a running sentence is a term ("sad.").
EMBEDDED_TERM_WORDS = 3
#: A quote in title case of at most this many words is a title or a term.
TITLE_WORDS = 6
#: A quote resumed within this many characters after its attribution is the same quote.
MERGE_GAP_CHARS = 260
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"it", "they", "them"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


@functools.lru_cache(maxsize=1)
def _cue_table() -> dict[str, frozenset[str]]:
    """cue -> its uses (direct, clause, object) from the packaged lexicon data/cues.txt."""
    text = resources.files("parley.quotes").joinpath("data/cues.txt").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cue, _, uses = line.partition("\t")
        table[" ".join(cue.split()).lower()] = frozenset(u.strip() for u in (uses or "direct,clause").split(","))
    return table


@functools.cache
def load_cues(use: str | None = None) -> frozenset[str]:
    """The cue lemmas ("say", "point out", "according to"), all or those with one `use` (read once)."""
    return frozenset(c for c, uses in _cue_table().items() if use is None or use in uses)


def _cue_of(tok: Any, cues: frozenset[str]) -> str | None:
    """The cue a token starts ("said" -> "say", "pointed out" -> "point out"), or None."""
    return next((form for form in _cue_forms(tok) if form in cues), None)


def _cue_forms(tok: Any, particles: list[int] | None = None) -> tuple[str, ...]:
    """The cues a token may start, the first in `cues` winning: "according to", else a verb's
    phrasal forms ("point out") before its lemma; () for a token that starts none. `particles`
    are the indices of its "prt" children, when the caller has read them off arrays."""
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
        return ("according to",)
    if tok.pos_ not in {"VERB", "AUX"} and tok.tag_ not in _VERB_TAGS:
        return ()
    lemma = tok.lemma_.lower()
    if particles is None:
        return (*(f"{lemma} {child.lower_}" for child in tok.children if child.dep_ == "prt"), lemma)
    return (*(f"{lemma} {tok.doc[k].lower_}" for k in particles), lemma)


class _DocCues:
    """`_cue_of` and `_subject` for one doc, each token read once (a quote's sentence and the
    indirect-speech pass ask about the same tokens again and again), the children they look
    for read off the doc's head and label arrays instead of a Token per child."""

    def __init__(self, doc: Any) -> None:
        import numpy
        from spacy.attrs import DEP, HEAD

        self.doc = doc
        self.forms: dict[int, tuple[str, ...]] = {}
        self.subjects: dict[int, Any | None] = {}
        strings = doc.vocab.strings
        self.chain = {strings[d] for d in ("conj", "xcomp", "advcl")}
        self.deps: list[int] = []
        self.heads: list[int] = []
        #: head index -> its children (in order) labelled "prt" / a subject label
        self.particles: dict[int, list[int]] = {}
        self.subject_kids: dict[int, list[int]] = {}
        if not len(doc):
            return
        array = doc.to_array([DEP, HEAD])
        self.deps = array[:, 0].tolist()
        self.heads = (numpy.arange(len(doc)) + array[:, 1].astype("int64")).tolist()
        prt, subjects = strings["prt"], {strings[d] for d in _SUBJECT_DEPS}
        for k, (dep, head) in enumerate(zip(self.deps, self.heads, strict=True)):
            if head == k:
                continue  # a root is nobody's child
            if dep == prt:
                self.particles.setdefault(head, []).append(k)
            elif dep in subjects:
                self.subject_kids.setdefault(head, []).append(k)

    def cue_of(self, tok: Any, cues: frozenset[str]) -> str | None:
        forms = self.forms.get(tok.i)
        if forms is None:
            forms = self.forms[tok.i] = _cue_forms(tok, self.particles.get(tok.i, []))
        return next((form for form in forms if form in cues), None)

    def subject(self, tok: Any) -> Any | None:
        """`_subject(tok)`."""
        if tok.i in self.subjects:
            return self.subjects[tok.i]
        if tok.lower_ == "according":
            found = _subject(tok)
        else:
            found, head = None, tok.i
            for _ in range(3):  # as `_subject`: its subject, else that of the verb it is conjoined to
                kids = self.subject_kids.get(head)
                if kids:
                    found = self.doc[kids[0]]
                    break
                if self.deps[head] not in self.chain:
                    break
                head = self.heads[head]
        self.subjects[tok.i] = found
        return found


_VERB_TAGS = ("VBD", "VBZ", "VBP", "VBN", "VBG", "VB")


def _cue_candidates(doc: Any) -> list[int]:
    """Indices, in order, of the only tokens `_cue_of` can accept: a verb or auxiliary by its
    part of speech or tag, or "according"; read off arrays so the other tokens cost nothing."""
    import numpy
    from spacy.attrs import LOWER, POS, TAG
    from spacy.parts_of_speech import AUX, VERB

    if not len(doc):
        return []
    strings = doc.vocab.strings
    pos, tag, lower = doc.to_array([POS, TAG, LOWER]).T
    mask = (pos == VERB) | (pos == AUX) | (lower == strings["according"])
    for name in _VERB_TAGS:  # a few comparisons cost less than numpy.isin on short arrays
        mask |= tag == strings[name]
    return numpy.flatnonzero(mask).tolist()


def _subject(cue: Any) -> Any | None:
    """The token that names who speaks: the cue's subject, or the object of "according to"."""
    if cue.lower_ == "according":
        to = cue.doc[cue.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in cue.children if c.dep_ == "pobj"]
        return objs[0] if objs else None
    head = cue
    for _ in range(3):  # "he went on to say", conjoined verbs share the subject
        subj = [c for c in head.children if c.dep_ in _SUBJECT_DEPS]
        if subj:
            return subj[0]
        if head.dep_ in {"conj", "xcomp", "advcl"} and head.head is not head:
            head = head.head
        else:
            break
    return None


def _subject_span(tok: Any) -> tuple[int, int]:
    """Character range of a subject phrase up to its head word (skips trailing clauses)."""
    left = min([tok] + [c.left_edge for c in tok.lefts], key=lambda t: t.i)
    end = tok.idx + len(tok.text)
    for c in tok.rights:  # "Ali Khamenei" parsed as compound/flat to the right
        if c.dep_ in {"compound", "flat", "appos"} and c.pos_ == "PROPN":
            end = c.idx + len(c.text)
    return left.idx, end


class _Speakers:
    """Resolves a subject phrase to an actor reference, pronouns to the latest fitting actor."""

    def __init__(self, ctx: Any, quoted: list[Quoted]) -> None:
        self.ctx = ctx
        spans = ctx.actor_spans() if hasattr(ctx, "actor_spans") else []
        # a name inside someone's quote is not who "he" refers to afterwards
        self.spans = [sp for sp in spans if not any(q.start <= sp[0] < q.end for q in quoted)]
        self.starts = [s for s, _, _ in self.spans]

    def _ref(self, actor: Any, text: str) -> ActorRef:
        return ActorRef(actor_id=actor.id, name=actor.name, code=actor.code, country=actor.country, text=text)

    def _latest(self, before: int, kinds: set[str | None]) -> Any | None:
        for _s, _, actor in reversed(self.spans[: bisect.bisect_left(self.starts, before)]):
            if actor.type in kinds:
                return actor
        return None

    def resolve(self, start: int, end: int) -> ActorRef:
        text = self.ctx.text[start:end]
        hit = self.ctx.actor_at(start, end)
        if hit is not None:
            return self._ref(hit[2], text)
        word = text.lower()
        actor = None
        if word in _PERSON_PRONOUNS:
            actor = self._latest(start, {"person"}) or self._latest(start, {None})
        elif word in _GROUP_PRONOUNS:
            actor = self._latest(start, {"organisation", "organization", "group", "state"}) or (
                self._latest(start, {"person", None}) if word != "it" else None
            )
        return self._ref(actor, text) if actor is not None else ActorRef(text=text)


def _sentences(doc: Any) -> tuple[list[Any], list[int]]:
    sents = list(doc.sents)
    return sents, [s.start_char for s in sents]


def _sentence_at(sents: list[Any], starts: list[int], char: int) -> int:
    return max(0, bisect.bisect_right(starts, char) - 1)


def _inside(tok: Any, quoted: list[Quoted]) -> bool:
    return any(q.start - 1 <= tok.idx < q.end + 1 for q in quoted)


def _embedded(text: str, q: Quoted) -> bool:
    """Whether the quote opens inside a running sentence (not at its start or after a colon)."""
    before = text[max(0, q.start - 3) : q.start].rstrip(" \"“‘'«")
    return bool(before) and before[-1] not in ".!?:\n"


def _is_term(doc: Any, q: Quoted, text: str) -> bool:
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    words = [t for t in span if not t.is_punct] if span is not None else text[q.start : q.end].split()
    if len(words) <= EMBEDDED_TERM_WORDS and _embedded(text, q):
        return True  # called it "sad." / a "sex tape": a label, not a statement
    if len(words) <= TITLE_WORDS and all(w.text[:1].isupper() or not w.text[:1].isalpha() or w.is_stop for w in words) \
            and sum(w.text[:1].isupper() for w in words) >= max(2, len(words) - 1):
        return True  # a Title In Capitals
    if len(words) > TERM_MAX_WORDS or text[q.end - 1 : q.end] in {".", "!", "?"}:
        return False
    return len(words) == 1 or span is None or not any(t.pos_ in {"VERB", "AUX"} for t in span)


def _strip_end(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " .,;:\n":
        end -= 1
    while start < end and text[start] in " ,;:\n":
        start += 1
    return start, end


def _clause(cue: Any, quoted: list[Quoted], text: str | None = None) -> tuple[int, int] | None:
    """The reported clause of a cue: its clausal complement, or the rest of the sentence.
    `text` is the doc's text when the caller has it (spaCy rebuilds `doc.text` on every access)."""
    doc = cue.doc
    text = doc.text if text is None else text
    if cue.lower_ == "according":
        phrase_end = max(t.i for t in doc[cue.i + 1].subtree) + 1
        sent = cue.sent
        if cue.i == sent.start or (cue.i - sent.start <= 2):
            start = doc[phrase_end].idx if phrase_end < len(doc) else sent.end_char
            return _strip_end(text, start, sent.end_char)
        return _strip_end(text, sent.start_char, cue.idx)
    comps = [c for c in cue.children if c.dep_ in {"ccomp", "xcomp"} and c.i > cue.i]
    if not comps:
        return _fronted_clause(cue, text)
    comp = comps[0]
    toks = list(comp.subtree)
    first = toks[0]
    if first.dep_ == "mark" and first.lower_ == "that" and len(toks) > 1:
        first = toks[1]
    last = toks[-1]
    return _strip_end(text, first.idx, last.idx + len(last.text))


@functools.lru_cache(maxsize=1)
def said_things() -> frozenset[str]:
    """Nouns for things said, written, proposed or decided (data/said_things.txt)."""
    text = resources.files("parley.quotes").joinpath("data/said_things.txt").read_text("utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _object_content(cue: Any, text: str | None = None, said_only: bool = False) -> tuple[int, int] | None:
    """What a cue's object says: "cited [the polls]", "called for [a ceasefire]", "called [them "x"]".
    `said_only`: the cue has a physical sense too ("attacked [the plan]" but not "attacked rebel
    positions"), so its object counts only when its head names something said (`said_things`)."""
    text = cue.doc.text if text is None else text
    parts = [c for c in cue.children if c.dep_ in {"dobj", "oprd", "ccomp"} and c.i > cue.i]
    if not parts:
        preps = [c for c in cue.children if c.dep_ in {"prep", "prt"} and c.i > cue.i and c.lower_ in {"for", "to", "of", "on"}]
        parts = [g for p in preps[:1] for g in p.children if g.dep_ == "pobj"]
    parts = [p for p in parts if p.pos_ != "PRON" or p.lower_ not in {"it", "them", "him", "her", "this", "that"}
             or any(c.dep_ == "oprd" for c in cue.children)]
    if said_only:
        parts = [p for p in parts if p.lemma_.lower() in said_things()]
    if not parts:
        return None
    toks = sorted((t for p in parts for t in p.subtree), key=lambda t: t.i)
    if cue.lower_ == "according" or len(toks) < 1:
        return None
    return _strip_end(text, toks[0].idx, toks[-1].idx + len(toks[-1].text))


def _fronted_clause(cue: Any, text: str | None = None) -> tuple[int, int] | None:
    """The reported clause set before its cue: "Talks failed, the minister said(, because ...)."

    spaCy makes the cue the root and the clause before it its ccomp; the reported speech is the
    sentence without the "X said" insert, taken here from the clause's start to the sentence's end.
    """
    doc = cue.doc
    text = doc.text if text is None else text
    sent = cue.sent
    subj = _subject(cue)
    if cue.dep_ == "parataxis" and subj is not None and subj.i > sent.start + 1:
        return _strip_end(text, sent.start_char, sent.end_char)  # "Acts of protest, he said, are ..."
    comps = [c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i]
    if not comps or subj is None or subj.i < comps[0].i or cue.dep_ != "ROOT":
        return None
    toks = list(comps[0].subtree)
    who = {t.i for t in subj.subtree}
    end = sent.end_char if _words_after(doc, cue.i + 1, sent.end, who) > 2 else toks[-1].idx + len(toks[-1].text)
    return _strip_end(text, toks[0].idx, end)


def _words_after(doc: Any, start: int, end: int, skip: set[int], enough: int = 3) -> int:
    """How many non-punctuation tokens of doc[start:end] are outside `skip`, counted up to `enough`
    (token by token: a Span would make a Token of every word to the sentence's end)."""
    count = 0
    for i in range(start, end):
        if i not in skip and not doc[i].is_punct:
            count += 1
            if count >= enough:
                break
    return count


def extract_quotes(ctx: Any, doc: Any | None = None) -> list[Quote]:
    """Every quote in the context's text, with its speaker resolved to an actor where possible."""
    text = ctx.text
    if doc is None:
        doc = ctx.doc
    if doc is None:
        from ..nlp import load_nlp

        doc = load_nlp()(text)
    cues, clause_cues, object_cues = load_cues("direct"), load_cues("clause"), load_cues("object")
    said_cues = load_cues("said")
    every_cue = load_cues()
    quoted = find_quoted(text)
    speakers = _Speakers(ctx, quoted)
    sents, starts = _sentences(doc)
    maybe = _cue_candidates(doc)
    dc = _DocCues(doc)
    out: list[Quote] = []
    last: tuple[ActorRef | None, int] = (None, -10)  # latest speaker and its sentence index

    # 1. quoted stretches: direct speech or terms
    for q in quoted:
        first_s = _sentence_at(sents, starts, max(0, q.start - 1))
        last_s = _sentence_at(sents, starts, max(q.start, q.end - 1))
        lo, hi = sents[first_s].start, sents[last_s].end
        cue_toks = [
            t for t in (doc[i] for i in maybe[bisect.bisect_left(maybe, lo) : bisect.bisect_left(maybe, hi)])
            if not _inside(t, quoted) and dc.cue_of(t, cues) is not None
        ]
        cue_toks.sort(key=lambda t: (dc.subject(t) is None, min(abs(t.idx - q.end), abs(q.start - t.idx))))
        cue = cue_toks[0] if cue_toks else None
        content = text[q.start : q.end]
        if _is_term(doc, q, text):
            if cue is not None and cue.idx < q.start and dc.subject(cue) is not None:
                clause = _clause(cue, quoted, text)
                if clause and clause[0] <= q.start and q.end <= clause[1] + 1:
                    out.append(Quote(speaker=speakers.resolve(*_subject_span(dc.subject(cue))),
                                     text=text[clause[0] : clause[1]], kind="mixed",
                                     cue=dc.cue_of(cue, cues), start=clause[0], end=clause[1]))
                    continue
            root = sents[first_s].root
            subj = [c for c in root.children if c.dep_ in _SUBJECT_DEPS]
            speaker = None
            if subj:
                ref = speakers.resolve(*_subject_span(subj[0]))
                speaker = ref if ref.actor_id else None
            out.append(Quote(speaker=speaker, text=content, kind="term", cue=None, start=q.start, end=q.end))
            continue
        if cue is None and first_s > 0 and sents[first_s - 1].text.rstrip().endswith(":"):
            # “X said:” closing the sentence (or paragraph) before the quote
            prev = sents[first_s - 1]
            lead = [t for t in (doc[i] for i in maybe[bisect.bisect_left(maybe, prev.start) : bisect.bisect_left(maybe, prev.end)])
                    if not _inside(t, quoted) and dc.cue_of(t, cues) is not None]
            cue = next((t for t in reversed(lead) if dc.subject(t) is not None), None)
        subj = dc.subject(cue) if cue is not None else None
        if subj is not None:
            speaker: ActorRef | None = speakers.resolve(*_subject_span(subj))
            cue_word = dc.cue_of(cue, cues)
        elif first_s - last[1] <= 2 and last[0] is not None:
            speaker, cue_word = last[0], None  # a quote that goes on from the last speaker's
        else:
            speaker, cue_word = None, dc.cue_of(cue, cues) if cue is not None else None
        if speaker is not None:
            last = (speaker, last_s)
        out.append(Quote(speaker=speaker, text=content, kind="direct", cue=cue_word, start=q.start, end=q.end))

    out = _merge_split(out, text)

    # 2. indirect speech: cue verbs outside quotes with a reported clause
    reporting = clause_cues | object_cues
    for tok in (doc[i] for i in maybe):  # the sentences cover the doc: every cue, in text order
        cue_word = dc.cue_of(tok, every_cue)
        if cue_word is None or _inside(tok, quoted) or cue_word not in reporting:
            continue
        subj = dc.subject(tok)
        clause = _clause(tok, quoted, text) if cue_word in clause_cues else None
        if clause is None and cue_word in object_cues:
            clause = _object_content(tok, text, said_only=cue_word in said_cues)
            if clause and any(o.kind == "term" and clause[0] <= o.start < clause[1] + 1 for o in out):
                continue  # denounced the "iron ring": a coined term, kept as such, not speech
        if subj is None or clause is None or clause[1] - clause[0] < 3:
            continue
        s, e = clause
        overlapping = [o for o in out if o.kind in {"direct", "mixed"} and o.start < e and s < o.end]
        inner = [q for q in quoted if s <= q.start and q.end <= e + 1]
        if overlapping:
            # “...” set inside a reported clause that starts before it: mixed speech
            if not all(s + 2 < o.start and o.end <= e + 1 and o.kind == "direct" for o in overlapping):
                continue
            out = [o for o in out if o not in overlapping]
        speaker = speakers.resolve(*_subject_span(subj))
        out = [o for o in out if not (o.kind == "term" and s <= o.start and o.end <= e + 1)]
        out.append(Quote(speaker=speaker, text=text[s:e], kind="mixed" if inner else "indirect",
                         cue=cue_word, start=s, end=e))
    return sorted(out, key=lambda o: o.start)


def _same_speaker(a: ActorRef | None, b: ActorRef | None) -> bool:
    if a is None or b is None:
        return True
    if a.actor_id and b.actor_id:
        return a.actor_id == b.actor_id
    return (a.text or "").lower() == (b.text or "").lower()


def _merge_split(quotes: list[Quote], text: str) -> list[Quote]:
    """Join “first part,” he said, “second part” (also across “... ,” he said. “...”) into one quote.

    A quote that goes on after the attribution, in the same paragraph and by the same speaker,
    is one stretch of speech: news style breaks it only to say who speaks.
    """
    merged: list[Quote] = []
    for q in quotes:
        prev = merged[-1] if merged else None
        if prev is not None and prev.kind == q.kind == "direct" and q.start - prev.end < MERGE_GAP_CHARS:
            gap = text[prev.end : q.start]
            tail = gap.rstrip(" “\"'‘")
            split = gap.lstrip().startswith((",", "”", '"', "'", "’")) and tail.endswith((",", ".", ":"))
            resumed = tail.endswith(",") or (
                prev.cue is not None and len(gap.split()) <= 40 and (q.cue is None or _same_speaker(prev.speaker, q.speaker)))
            if split and "\n" not in gap and resumed:
                if (prev.cue or q.cue or prev.speaker or q.speaker) and _same_speaker(prev.speaker, q.speaker):
                    merged[-1] = Quote(speaker=prev.speaker or q.speaker, text=f"{prev.text} {q.text}",
                                       kind="direct", cue=prev.cue or q.cue, start=prev.start, end=q.end)
                    continue
        merged.append(q)
    return merged


@components.register("quotes")
def make_quotes(settings: Settings) -> Any:
    """Component: fill `ctx.quotes` with direct, indirect and mixed quotes and coined terms."""

    def quotes_component(ctx: Any) -> None:
        try:
            load_cues()
        except (OSError, UnicodeDecodeError) as exc:
            ctx.errors.append(E.E320.entry(stage="quotes", path="parley/quotes/data/cues.txt", reason=str(exc)))
            return
        ctx.quotes = extract_quotes(ctx)

    return quotes_component
