"""Tone toward a target, scored on BASIL's bias spans (each has a target entity and a polarity).

For each annotated span, the sentence holding it and the span's target name are given to
`parley.compare.target_tone` (the method Parley's comparison report uses); the tone is read
as 'pos' above `FAVOURABLE`, else 'neg', and compared with the span's gold polarity. The
span's own position is not used: Parley sees the sentence and the actor, as in a comparison.
Baselines: the majority class, and the plain sentence-level VADER compound cut at the value that
gives the best macro-F1 on the development half. Figures are given for the held-out ('test') half
of the triplets (the cut-offs of framing.py were chosen on the 'dev' half) and for all spans.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ...errors import E, ParleyError
from ..metrics import accuracy, macro_f1
from ._samestory import split

LABELS = ("neg", "pos")
#: cut-offs tried when choosing the sentence baseline's cut on the development half.
CUTS = tuple(x / 100 for x in range(-60, 61, 2))


def load_spans(folder: Path, stories: set[str] | None = None) -> list[dict[str, Any]]:
    """One record per bias span with a target and polarity: sentence, target, polarity, aim, bias, story."""
    articles: dict[str, dict[str, Any]] = {}
    for path in sorted((folder / "articles").glob("*/*.json")):
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ParleyError(E.E402, path=path, name="basil", reason=str(exc)) from exc
        articles[rec.get("uuid")] = rec
    out = []
    for path in sorted((folder / "annotations").glob("*/*.json")):
        try:
            ann = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ParleyError(E.E402, path=path, name="basil", reason=str(exc)) from exc
        art = articles.get(ann.get("uuid"))
        if art is None or (stories is not None and art.get("triplet-uuid") not in stories):
            continue
        sents = [s for para in art.get("body-paragraphs", []) for s in para]
        for span in ann.get("phrase-level-annotations", []):
            ident, target, pol = span.get("id", ""), span.get("target"), span.get("polarity")
            if not target or pol not in LABELS:
                continue
            if ident == "title":
                sentence = art.get("title") or ""
            elif ident[1:].isdigit() and int(ident[1:]) < len(sents):
                sentence = sents[int(ident[1:])]
            else:
                continue
            out.append({"sentence": sentence, "target": target, "polarity": pol, "aim": span.get("aim"),
                        "bias": span.get("bias"), "story": art.get("triplet-uuid")})
    return out


def _scores(spans: Sequence[dict[str, Any]], score: Callable[[dict[str, Any]], float], cut: float,
            prefix: str) -> dict[str, float]:
    gold = [s["polarity"] for s in spans]
    pred = ["pos" if score(s) > cut else "neg" for s in spans]
    return {f"{prefix}accuracy": accuracy(gold, pred), f"{prefix}macro_f1": macro_f1(gold, pred, LABELS)}


def best_cut(spans: Sequence[dict[str, Any]], score: Callable[[dict[str, Any]], float]) -> float:
    """The cut in CUTS with the best macro-F1 on `spans` (ties: the one nearest 0)."""
    values = [score(s) for s in spans]
    gold = [s["polarity"] for s in spans]

    def quality(cut: float) -> tuple[float, float]:
        return macro_f1(gold, ["pos" if v > cut else "neg" for v in values], LABELS), -abs(cut)

    return max(CUTS, key=quality)


def tone_figures(spans: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy and macro-F1 of Parley's target tone and of the baselines, on the test half and on all."""
    from ...compare.framing import FAVOURABLE, name_mentions, target_tone, tone

    cache: dict[int, float] = {}

    def parley(s: dict[str, Any]) -> float:
        key = id(s)
        if key not in cache:
            cache[key] = target_tone(s["sentence"], name_mentions(s["sentence"], s["target"]))
        return cache[key]

    def sentence(s: dict[str, Any]) -> float:
        return tone(s["sentence"])

    dev = [s for s in spans if split(s["story"]) == "dev"]
    test = [s for s in spans if split(s["story"]) == "test"]
    out: dict[str, Any] = {"tone_spans": len(spans), "tone_test_spans": len(test),
                           "tone_target_named": round(sum(bool(name_mentions(s["sentence"], s["target"]))
                                                          for s in spans) / max(1, len(spans)), 4)}
    if not test or not dev:
        return out | _scores(spans, parley, FAVOURABLE, "tone_")
    out |= _scores(test, parley, FAVOURABLE, "tone_test_")
    out |= _scores(spans, parley, FAVOURABLE, "tone_all_")
    lexical = [s for s in test if s["bias"] == "lex"]
    if lexical:
        out["tone_test_lexical_macro_f1"] = _scores(lexical, parley, FAVOURABLE, "")["macro_f1"]
    out["tone_dev_best_cut"] = best_cut(dev, parley)
    cut = best_cut(dev, sentence)
    out["tone_sentence_cut"] = cut
    out |= _scores(test, sentence, cut, "tone_sentence_test_")
    out |= _scores(test, lambda s: -1.0, 0.0, "tone_majority_test_")
    return out
