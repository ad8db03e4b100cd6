"""The measured methods of the comparison: target-dependent tone, CSLS story cut, alignment pairs."""

from __future__ import annotations

import numpy as np

from parley.compare.align import Pair
from parley.compare.framing import name_mentions, polarity, target_tone, tone
from parley.compare.stories import csls, names, story_features


def _tone(sentence: str, name: str) -> float:
    return target_tone(sentence, name_mentions(sentence, name))


def test_tone_follows_the_words_next_to_each_actor():
    sentence = ("The brave and generous Senator Alden Marsh thanked voters, while critics long ago had "
                "called the mayor Petra Quell corrupt, cruel and dishonest.")
    assert _tone(sentence, "Alden_Marsh") > _tone(sentence, "Petra_Quell")
    assert _tone(sentence, "Alden_Marsh") > 0 > _tone(sentence, "Petra_Quell")


def test_negation_flips_a_word():
    assert _tone("Governor Ilse Darrow is honest.", "Ilse_Darrow") > 0
    assert _tone("Governor Ilse Darrow is not honest.", "Ilse_Darrow") < 0


def test_loaded_term_counts_against_the_actor():
    assert _tone("The regime of Ostrava Kell sent more troops.", "Ostrava_Kell") < 0


def test_tone_is_bounded_and_neutral_without_valenced_words():
    assert _tone("Minister Rafe Odell met farmers on Tuesday.", "Rafe_Odell") == 0.0
    assert -1.0 <= _tone("Awful terrible horrible disastrous cruel " * 5 + "Rafe Odell", "Rafe_Odell") <= 1.0
    assert -1.0 <= tone("A good day.") <= 1.0


def test_name_mentions_match_name_parts_and_possessives():
    text = "Obama spoke; Obama's aides and Barack himself left."
    spans = name_mentions(text, "Barack_Obama")
    assert [text[a:b] for a, b in spans] == ["Obama", "Obama's", "Barack"]
    assert name_mentions("Nobody is named here.", "Barack_Obama") == []


def test_polarity_cut():
    assert polarity(0.5) == "pos"
    assert polarity(0.0) == "neg"


def test_names_skip_sentence_starts():
    feats = names("Farmers met the Governor. Then Marsh left with Quell.")
    assert "N:governor" in feats and "N:quell" in feats and "N:marsh" in feats
    assert "N:farmer" not in feats and "N:then" not in feats
    assert story_features("Marsh won.", "Marsh Wins").count("marsh") == 3


def test_csls_removes_each_documents_background():
    sim = np.array([[1.0, 0.5, 0.4, 0.4],
                    [0.5, 1.0, 0.4, 0.4],
                    [0.4, 0.4, 1.0, 0.1],
                    [0.4, 0.4, 0.1, 1.0]])
    out = csls(sim, k=1)
    assert np.allclose(np.diag(out), 1.0)
    assert out[0, 1] > out[2, 3]  # a pair standing out of both neighbourhoods beats a weak one
    assert np.allclose(out, out.T)


def test_pair_relation_uses_cut_offs():
    agree = Pair(0, 1, sim=0.3, dated=True, dates_ok=True, actors_ok=True)
    assert agree.score > agree.sim
    assert agree.relation(align=0.4) == "align"
    assert agree.relation(align=0.5) is None
    clash = Pair(0, 1, sim=0.5, dated=True, dates_ok=False, actors_ok=True)
    assert clash.relation(clash=0.4) == "clash"
    assert clash.relation(clash=0.6) is None
    assert Pair(0, 1, sim=0.9, dated=True, dates_ok=False, actors_ok=False).relation(clash=0.1) is None


def test_event_clashes_have_their_own_cut_off():
    event = Pair(0, 1, sim=0.5, dated=True, dates_ok=False, actors_ok=True, kind="event")
    reference = Pair(0, 1, sim=0.5, dated=True, dates_ok=False, actors_ok=True, kind="reference")
    assert event.relation(clash=0.6, clash_event=0.4) == "clash"
    assert reference.relation(clash=0.6, clash_event=0.4) is None
    assert event.relation(clash=0.4, clash_event=0.6) is None


def test_clash_pairs_are_measured_per_sighting_kind():
    from parley.evaluation.datasets._samestory import choose_cut, decoy_precision

    def pair(sim, kind):
        return Pair(0, 1, sim=sim, dated=True, dates_ok=False, actors_ok=True, kind=kind)

    pairs = ([(True, pair(v, "event")) for v in (0.5, 0.45, 0.2)] + [(False, pair(v, "event")) for v in (0.3, 0.0)]
             + [(True, pair(0.4, "reference")), (False, pair(0.6, "reference"))])
    assert decoy_precision(pairs, "clash_event", 0.4) == (1.0, 2)
    assert decoy_precision(pairs, "clash_reference", 0.3) == (0.0, 1)  # its one decoy merges too
    assert choose_cut(pairs, "clash_event") == 0.31
    assert decoy_precision(pairs, "clash", 0.4)[1] == 3


def test_cluster_of_many_documents_uses_the_csls_cut():
    from parley.compare.stories import LOCAL_MIN_DOCS, cluster

    topics = [("flood", "river", "dam", "villagers"), ("election", "ballot", "candidate", "turnout"),
              ("vaccine", "clinic", "nurses", "doses"), ("strike", "workers", "union", "wages"),
              ("drought", "wells", "cattle", "herders"), ("bridge", "engineers", "pillars", "cracks"),
              ("museum", "paintings", "curator", "theft"), ("wildfire", "forest", "firefighters", "smoke"),
              ("tariff", "exports", "steel", "customs"), ("earthquake", "rubble", "rescuers", "tremor"),
              ("railway", "tracks", "derailment", "carriages"), ("harvest", "wheat", "farmers", "silos")]
    common = "officials said on the day that the situation in the region was being watched closely"
    texts, gold = [], []
    for k, words in enumerate(topics):
        for variant in range(3):
            rotated = words[variant:] + words[:variant]
            texts.append(f"The {rotated[0]} and the {rotated[1]} near the {rotated[2]} worried the {rotated[3]}; {common}.")
            gold.append(k)
    assert len(texts) >= LOCAL_MIN_DOCS
    labels, links = cluster(texts)
    assert len(set(labels)) == len(topics)
    assert all((labels[i] == labels[j]) == (gold[i] == gold[j]) for i in range(len(texts)) for j in range(len(texts)))
    assert links and all(link.kind == "same_story" for link in links)
