"""Framing: tone toward each actor per document, and the loaded or emotive words used about it.

Tone method (target-dependent lexicon): in every sentence that names the actor, each word with a
valence contributes it, weighted by its distance in words to the nearest mention of the actor,
1 / (1 + distance / `TAU`), so that words next to the actor count most and words about another
actor at the far end of the sentence count little. Valences come from the VADER lexicon (shipped
inside the pinned `vaderSentiment` package); a word of Parley's loaded-terms list
(`data/loaded_terms.txt`) that VADER does not know counts `LOADED_VALENCE`; a negator (VADER's own
list) within the three words before a word flips and dampens it by VADER's factor (-0.74). The sum
is squashed to -1..1 as VADER squashes its compound (x / sqrt(x^2 + 15)). An actor's tone in a
document is the mean over its sentences. `FAVOURABLE` is the tone above which the actor is framed
favourably rather than unfavourably.

`TAU`, `LOADED_VALENCE` and `FAVOURABLE` were chosen on the development half of BASIL's annotated
bias spans (target + polarity; triplets split by a hash of their id) and are reported on the other
half by `parley eval basil` (docs/compare.md, docs/accuracy.md). Words of the sentences naming an
actor that are loaded or carry |VADER valence| >= `EMOTIVE` are reported as terms used about it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from ..document import DocumentReport
from .models import ActorFraming, FramingTerm
from .text import sentences, stem, stop_words, token_spans

#: absolute VADER valence at or above which a word counts as emotive.
EMOTIVE = 2.0
#: distance scale, in words, of the weight 1 / (1 + distance / TAU) of a word's valence.
TAU = 2.0
#: valence of a loaded term that the VADER lexicon lacks.
LOADED_VALENCE = -2.5
#: tone above which an actor is framed favourably (below: unfavourably); chosen on BASIL dev.
FAVOURABLE = 0.14
#: VADER's factor for a negated word and its normalisation constant.
NEGATION = -0.74
ALPHA = 15.0
METHOD = (f"target-dependent lexicon tone: VADER (vaderSentiment 3.3.2) and loaded-term valences of the words "
          f"of each sentence naming the actor, weighted 1/(1 + distance/{TAU}) to the nearest mention, negation "
          f"flipped, squashed to -1..1, averaged per document; favourable above {FAVOURABLE}; terms from "
          "Parley's loaded-terms list and VADER words with |valence| >= 2")


@lru_cache(maxsize=1)
def analyzer():
    """The VADER analyser (its lexicon ships inside the vaderSentiment package)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def loaded_terms() -> frozenset[str]:
    """Stems of Parley's loaded-terms list."""
    text = resources.files("parley.compare").joinpath("data/loaded_terms.txt").read_text(encoding="utf-8")
    return frozenset(stem(w.strip()) for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def negators() -> frozenset[str]:
    """VADER's negation words (from the installed package)."""
    from vaderSentiment.vaderSentiment import NEGATE

    return frozenset(w.lower() for w in NEGATE)


def tone(text: str) -> float:
    """VADER compound score of a whole text, -1 (hostile) to 1 (favourable): the sentence-level baseline."""
    return float(analyzer().polarity_scores(text)["compound"])


def word_valence(word: str) -> float:
    """A word's valence: the VADER lexicon's, else LOADED_VALENCE for a loaded term, else 0."""
    low = word.lower()
    value = float(analyzer().lexicon.get(low, 0.0))
    if not value and stem(low) in loaded_terms():
        value = LOADED_VALENCE
    return value


def target_tone(text: str, mentions: Sequence[tuple[int, int]], *, tau: float = TAU) -> float:
    """Tone toward the actor mentioned at `mentions` (character spans in `text`), -1..1.

    Every valenced word counts with weight 1 / (1 + distance / tau), distance in words to the
    nearest mention; a negator in the three words before flips it. No mention: the plain sum.
    """
    toks = token_spans(text)
    at = [i for i, (_, a, b) in enumerate(toks) if any(a < e and s < b for s, e in mentions)]
    neg = negators()
    total = 0.0
    for i, (word, _, _) in enumerate(toks):
        value = word_valence(word)
        if not value:
            continue
        before = [toks[j][0].lower() for j in range(max(0, i - 3), i)]
        if any(w in neg or w.endswith("n't") for w in before):
            value *= NEGATION
        distance = min((abs(i - j) for j in at), default=0)
        total += value / (1.0 + distance / tau)
    return total / (total * total + ALPHA) ** 0.5


def name_mentions(text: str, name: str) -> list[tuple[int, int]]:
    """Character spans in `text` of words of an actor's name ('Barack_Obama': 'Obama', 'Barack', 'Obama's')."""
    stops = stop_words()
    parts = {stem(p) for p in re.split(r"[_\s]+", name.lower()) if len(p) >= 3 and p not in stops}
    return [(a, b) for word, a, b in token_spans(text) if stem(word) in parts]


def polarity(value: float, cut: float = FAVOURABLE) -> str:
    """'pos' when a tone frames the actor favourably, else 'neg'."""
    return "pos" if value > cut else "neg"


def terms_in(text: str) -> list[tuple[str, float, bool]]:
    """(word, valence, loaded) for each loaded or emotive word of a text."""
    lexicon = analyzer().lexicon
    loaded = loaded_terms()
    out = []
    for tok, _, _ in token_spans(text):
        low = tok.lower()
        is_loaded = stem(low) in loaded
        valence = float(lexicon.get(low, 0.0))
        if is_loaded or abs(valence) >= EMOTIVE:
            out.append((low, valence, is_loaded))
    return out


def framing(reports: Sequence[DocumentReport]) -> list[ActorFraming]:
    """Tone and loaded terms toward each actor in each document."""
    out = []
    for report in reports:
        text = report.document.text
        if not text:
            continue
        sents = sentences(text)
        for actor in report.actors:
            spans = sorted({(a, b) for a, b in sents for m in actor.mentions if a <= m.start < b})
            if not spans:
                continue
            tones = [target_tone(text[a:b], [(m.start - a, m.end - a) for m in actor.mentions
                                             if a <= m.start < b]) for a, b in spans]
            counts: Counter = Counter()
            info: dict[str, tuple[float, bool]] = {}
            for a, b in spans:
                for word, valence, is_loaded in terms_in(text[a:b]):
                    counts[word] += 1
                    info[word] = (valence, is_loaded)
            terms = [FramingTerm(term=w, valence=info[w][0], loaded=info[w][1], count=n)
                     for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
            out.append(ActorFraming(document=report.document.id, outlet=report.document.outlet,
                                    actor=actor.name, code=actor.code, tone=round(sum(tones) / len(tones), 4),
                                    sentences=len(spans), terms=terms))
    return out


def tone_by_outlet(items: Sequence[ActorFraming]) -> dict[str, dict[str, float]]:
    """Mean tone per actor per outlet (or document id when the outlet is unknown)."""
    acc: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for f in items:
        acc[f.actor][f.outlet or f.document].append(f.tone)
    return {a: {o: round(sum(v) / len(v), 4) for o, v in per.items()} for a, per in acc.items()}
