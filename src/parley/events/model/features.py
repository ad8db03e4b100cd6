"""Cheap sparse features of a sentence for the event model: lemmas, lemma pairs, the main verb's
frame (objects, particles, governed verb, negation, modals) and what the rule coder proposed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .cells import cell_of

#: Parts of speech left out of the bag of lemmas (names say who, not what was done).
SKIP_POS = {"PROPN", "PUNCT", "NUM", "SPACE", "SYM", "X", "DET"}
SPEECH = {"say", "state", "declare", "announce", "tell", "add", "claim", "report", "insist", "note",
          "stress", "argue", "write", "quote", "accord"}
MODALS = {"will", "would", "could", "may", "might", "should", "must", "shall", "can"}
NEGATORS = {"not", "n't", "never", "no"}


def _lemma(token: Any) -> str:
    return token.lemma_.lower()


def _word(token: Any) -> str:
    """A token as a feature word: its lemma, or a placeholder for names and numbers."""
    if token.pos_ == "PROPN" or token.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):
        return "<name>"
    if token.pos_ == "NUM":
        return "<num>"
    return _lemma(token)


def anchor(sent: Any) -> Any:
    """The sentence's main predicate: its root, or the clause a speech verb at the root reports."""
    root = sent.root
    if _lemma(root) in SPEECH:
        for child in root.children:
            if child.dep_ in ("ccomp", "parataxis") and child.pos_ in ("VERB", "AUX"):
                return child
    return root


def _frame(verb: Any, tag: str) -> list[str]:
    """Features of one predicate: lemma, objects, particles, governed verb, negation, modals."""
    lemma = _lemma(verb)
    out = [f"{tag}={lemma}"]
    for child in verb.children:
        dep = child.dep_
        if dep in ("dobj", "attr", "oprd", "nsubjpass", "dative"):
            out += [f"{tag}_obj={_word(child)}", f"{tag}+obj={lemma}+{_word(child)}"]
        elif dep in ("prt", "prep", "agent"):
            out += [f"{tag}_prep={child.lower_}", f"{tag}+prep={lemma}+{child.lower_}"]
            for obj in child.children:
                if obj.dep_ == "pobj":
                    out.append(f"{tag}+pobj={lemma}+{child.lower_}+{_word(obj)}")
        elif dep in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX", "NOUN"):
            out += [f"{tag}_x={_lemma(child)}", f"{tag}+x={lemma}+{_lemma(child)}"]
            for grand in child.children:
                if grand.dep_ in ("dobj", "prt"):
                    out.append(f"{tag}+x+obj={lemma}+{_lemma(child)}+{_word(grand)}")
        elif dep == "neg" or (dep == "advmod" and child.lower_ in NEGATORS):
            out += [f"{tag}_neg", f"{tag}+neg={lemma}"]
        elif dep == "aux" and child.lower_ in MODALS:
            out.append(f"{tag}_aux={child.lower_}")
        elif dep == "auxpass":
            out.append(f"{tag}_passive")
    return out


def sentence_features(sent: Any, rule_events: Sequence[Any] = (), n_actors: int = 0) -> list[str]:
    """The features of one sentence, given the events the rules coded in it and its actor count."""
    words = [_word(t) for t in sent if t.pos_ not in SKIP_POS or t.pos_ == "PROPN"]
    feats = ["bias"]
    feats += [f"w={w}" for w in words if w != "<name>"]
    feats += [f"b={a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    head = anchor(sent)
    feats += _frame(head, "v")
    if head is not sent.root:
        feats += [f"speech={_lemma(sent.root)}"]
    for conj in head.conjuncts:
        if conj.pos_ in ("VERB", "AUX"):
            feats += _frame(conj, "c")
    feats.append(f"actors={min(n_actors, 2)}")
    typed = [e for e in rule_events if e.cameo_root != "01"]
    if not rule_events:
        feats.append("rule=none")
    elif not typed:
        feats.append("rule=statement-only")
    for event in rule_events:
        cell = cell_of(event.cameo)
        trigger = (event.rule or "").split(">")[-1].split("/")[0].split("~")[-1]
        feats += [f"rc={cell}", f"rroot={event.cameo_root}", f"rtrig={trigger}+{cell}"]
        if event.negated:
            feats.append(f"rneg={cell}")
    if typed:
        top = max(typed, key=lambda e: (e.confidence, -e.evidence.start))
        feats += [f"top={cell_of(top.cameo)}", f"topconf={round(top.confidence, 1)}"]
    return feats
