"""Framing: tone toward each actor per document, and the loaded or emotive words used about it.

Method: for every sentence that names an actor, VADER's compound score (the lexicon and rules of the
pinned `vaderSentiment` package) is the sentence's tone; an actor's tone in a document is the mean
over its sentences. Words of those sentences that are in Parley's loaded-terms list
(`data/loaded_terms.txt`) or carry a VADER valence of at least `EMOTIVE` in absolute value are
reported as terms used about the actor. Sentence-level, so a sentence naming two actors gives both
the same tone: a known limit of the method.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from ..document import DocumentReport
from .models import ActorFraming, FramingTerm
from .text import sentences, stem, token_spans

#: absolute VADER valence at or above which a word counts as emotive.
EMOTIVE = 2.0
METHOD = ("VADER compound (vaderSentiment 3.3.2 lexicon and rules) of the sentences naming the actor, "
          "averaged per document; terms from Parley's loaded-terms list and VADER words with |valence| >= 2")


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


def tone(text: str) -> float:
    """VADER compound score of a text, -1 (hostile) to 1 (favourable)."""
    return float(analyzer().polarity_scores(text)["compound"])


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
            tones = [tone(text[a:b]) for a, b in spans]
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
