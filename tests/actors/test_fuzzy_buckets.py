"""The fuzzy search by length buckets finds what rapidfuzz's extractOne over every choice finds."""

import random

from rapidfuzz import fuzz, process

from parley.actors.kb import _extract_one, _group_by_length


def _mutate(word: str, rng: random.Random) -> str:
    chars = list(word)
    for _ in range(rng.randint(0, 3)):
        i = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.4:
            chars[i] = rng.choice("abcdefghijklmnopqrstuvwxyz ")
        elif op < 0.7:
            chars.insert(i, rng.choice("aeiouy"))
        elif len(chars) > 2:
            del chars[i]
    return "".join(chars)


def test_bucketed_search_equals_extract_one():
    rng = random.Random(7)
    syllables = ["ka", "ri", "mo", "san", "el", "de", "va", "lin", "or", "tu", "hes", "ba"]
    choices = sorted({" ".join("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4)))
                               for _ in range(rng.randint(1, 3))) for _ in range(600)})
    choices += choices[:20]  # repeated choices: the first one wins a tie, as in extractOne
    buckets = _group_by_length(choices)
    queries = [_mutate(rng.choice(choices), rng) for _ in range(400)] + ["", "x", "kari mosan"]
    hits = 0
    for cutoff in (70.0, 88.0, 100.0):
        for query in queries:
            want = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
            got = _extract_one(query, buckets, cutoff)
            assert got == ((want[0], want[1]) if want else None), (query, cutoff)
            hits += want is not None
    assert hits > 300
