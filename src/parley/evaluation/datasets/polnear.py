"""PolNeAR attribution relations: quote content detection and speaker agreement (test compartment).

Each test article is analysed end to end with its publication date; Parley's quotes (coined
terms left out) are scored against one annotator's attributions per article (the first listed).
Content: a quote matches a gold content span when they overlap by at least half of the longer
span (one-to-one, best first); `content_recall_any` accepts any overlap. Discontinuous gold spans
are taken from their first start to their last end. `direct_recall` is the recall on gold
contents that open with a quotation mark. Speaker: over matched pairs whose gold has a source,
Parley's speaker agrees when its text shares a word with the gold source (pronouns included) or
its resolved name shares a content word with it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ...api import analyze
from ...errors import E, ParleyError
from .. import coding
from ..metrics import ErrorLog, match_spans, prf, safe_div, token_f1

NAME = "polnear"
TASK = "quote/attribution: content span P/R/F1 and speaker agreement (test compartment)"
LAYOUT = ("attributions_index.jsonl", "*/text/*.txt")
LABELS = "gold"
COMPARTMENT = "test"
_OPEN_QUOTES = "\"“‘'«"
_PEER = "textacy direct_quotations per paragraph; ../shared/eval/README.md (2026-11-23, shared part)"
REFERENCE: list[dict[str, Any]] = [
    {"system": "textacy", "metric": "content_precision", "value": 0.82, "source": _PEER},
    {"system": "textacy", "metric": "content_recall", "value": 0.20, "source": _PEER},
    {"system": "textacy", "metric": "direct_recall", "value": 0.83, "source": _PEER},
    {"system": "textacy", "metric": "speaker_accuracy", "value": 0.89, "source": _PEER},
    {"system": "human annotators", "metric": "attribution agreement", "value": 0.923,
     "source": "Newell et al. 2018, LREC (PolNeAR README)"},
]


def load(folder: Path, limit: int | None = None) -> list[tuple[dict[str, Any], str]]:
    """(index record of the first annotator, article text) for each test article."""
    index = folder / "attributions_index.jsonl"
    if not index.is_file():
        raise ParleyError(E.E402, path=folder, name=NAME, reason="no attributions_index.jsonl")
    seen: set[str] = set()
    out = []
    for line in index.read_text("utf-8").splitlines():
        if limit and len(out) >= limit:
            break
        if not line.strip():
            continue
        rec = json.loads(line)
        if rec.get("compartment") != COMPARTMENT or rec["doc"] in seen:
            continue
        seen.add(rec["doc"])
        name = rec["doc"] if rec["doc"].endswith(".txt") else rec["doc"] + ".txt"
        path = folder / COMPARTMENT / "text" / name
        try:
            out.append((rec, path.read_text("utf-8")))
        except OSError as exc:
            raise ParleyError(E.E402, path=path, name=NAME, reason=str(exc)) from exc
    return out


def _span(parts: list[dict[str, Any]]) -> tuple[int, int]:
    return (min(p["start"] for p in parts), max(p["end"] for p in parts))


def speaker_agrees(speaker: Any | None, gold_source: str) -> bool:
    """Whether Parley's speaker (surface text or resolved name) agrees with the gold source text."""
    if speaker is None:
        return False
    return token_f1(speaker.text, gold_source) > 0 or coding.names_agree(speaker.name, gold_source)


def evaluate(folder: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Content P/R/F1 (>=50% overlap), any-overlap and direct-quote recall, speaker agreement."""
    docs = load(folder, limit)
    log = ErrorLog()
    n_gold = n_sys = matched = any_matched = n_direct = direct_matched = with_src = spk_ok = 0
    for rec, text in docs:
        report = analyze(text, published=rec.get("publication_date"))
        quotes = [q for q in report.quotes if q.kind != "term"]
        gold = [a for a in rec.get("attributions", []) if a.get("content")]
        gspans = [_span(a["content"]) for a in gold]
        sspans = [(q.start, q.end) for q in quotes]
        n_gold += len(gold)
        n_sys += len(quotes)
        pairs = match_spans(gspans, sspans, threshold=0.5)
        loose = {gi for gi, _ in match_spans(gspans, sspans, threshold=1e-9)}
        any_matched += len(loose)
        matched += len(pairs)
        direct = {gi for gi, (s, _) in enumerate(gspans) if text[s:s + 1] in _OPEN_QUOTES}
        n_direct += len(direct)
        hit = {gi for gi, _ in pairs}
        direct_matched += len(direct & hit)
        for gi, si in pairs:
            src = gold[gi].get("source") or []
            if not src:
                continue
            with_src += 1
            gsrc = " ".join(p["text"] for p in src)
            if speaker_agrees(quotes[si].speaker, gsrc):
                spk_ok += 1
            else:
                sp = quotes[si].speaker
                log.add("wrong_actor", id=f"{rec['doc']}:{gold[gi]['id']}", text=quotes[si].text[:160],
                        gold=gsrc, pred=(sp.text or sp.name) if sp else "NONE")
        for gi, a in enumerate(gold):
            if gi not in hit:
                kind = "direct" if gi in direct else "indirect"
                log.add("missed", id=f"{rec['doc']}:{a['id']}", text=text[gspans[gi][0]:gspans[gi][1]][:160],
                        gold=kind, pred="NONE")
        used = {si for _, si in pairs}
        for si, q in enumerate(quotes):
            if si not in used:
                log.add("spurious", id=rec["doc"], text=q.text[:160], gold="NONE", pred=q.kind)
    c = prf(matched, n_sys - matched, n_gold - matched)
    return {
        "records": len(docs),
        "gold_attributions": n_gold,
        "system_quotes": n_sys,
        "content_precision": c["precision"],
        "content_recall": c["recall"],
        "content_f1": c["f1"],
        "content_recall_any": round(safe_div(any_matched, n_gold), 4),
        "direct_recall": round(safe_div(direct_matched, n_direct), 4),
        "speaker_accuracy": round(safe_div(spk_ok, with_src), 4),
        **log.figures(),
    }
