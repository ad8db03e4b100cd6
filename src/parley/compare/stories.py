"""Story grouping: near-duplicate (syndicated) copies and same-story clusters of documents.

Two passes. Near duplicates: MinHash (datasketch) over word 5-shingles estimates the Jaccard
overlap of the texts; pairs at or above `NEAR_DUPLICATE` are copies of one article. Same story:
TF-IDF vectors (sublinear term frequency, smoothed idf) of content-word stems, the title counted
twice and capitalised names inside sentences counted once more as name features, compared by
cosine and grouped by average-linkage agglomerative clustering; near duplicates are forced together.

The cut depends on the size of the collection. Below `LOCAL_MIN_DOCS` documents a pair must reach
cosine `SAME_STORY` (best mean B-cubed F1 over collections of 5 stories of the development halves
of allsides_neus and BASIL, among 0.10-0.40). From `LOCAL_MIN_DOCS` on, the cosine is corrected for hubness with CSLS
(cross-domain similarity local scaling, Conneau et al. 2018): each document's mean cosine to its
`NEIGHBOURS` nearest documents is its background, CSLS = cosine - (background_i + background_j) / 2,
and a pair counts only at CSLS >= `CSLS_CUT` and cosine >= `FLOOR`. Long articles that share much
common vocabulary with a whole topic (e.g. every COVID-19 story) thus do not merge, while a pair
that stands out from both documents' neighbourhoods does. `NEIGHBOURS`, `FLOOR` and `CSLS_CUT` were
chosen on the development half of allsides_neus (stories split by a hash of their id, see
`parley.evaluation.datasets._samestory.split`) and are reported on the other half, on all of
allsides_neus and on BASIL (docs/compare.md). Every document ends in exactly one story.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..ids import digest
from .text import content_stems, stem, stop_words, tokens

#: MinHash-estimated Jaccard of word 5-shingles at or above which two texts are copies.
NEAR_DUPLICATE = 0.7
#: TF-IDF cosine at or above which (average linkage) documents tell the same story, in small sets
#: (chosen on 5-story collections of the dev halves of allsides_neus and BASIL).
SAME_STORY = 0.2
#: from this many documents on, the cut is on the CSLS-corrected cosine (hubness reduction).
LOCAL_MIN_DOCS = 30
#: nearest documents whose mean cosine is a document's background (CSLS).
NEIGHBOURS = 10
#: least raw cosine of a same-story pair in large sets.
FLOOR = 0.12
#: CSLS score at or above which (average linkage) documents tell the same story in large sets.
CSLS_CUT = 0.02
SHINGLE = 5
PERMUTATIONS = 128


@dataclass(frozen=True)
class Link:
    """Two documents (by index) found to be copies or to tell the same story."""

    a: int
    b: int
    kind: str
    score: float
    shared_terms: tuple[str, ...] = ()


def _shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    words = [w.lower() for w in tokens(text)]
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def near_duplicates(texts: Sequence[str], threshold: float = NEAR_DUPLICATE) -> list[tuple[int, int, float]]:
    """(i, j, estimated Jaccard) of text pairs that are near-duplicate copies (MinHash LSH)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    hashes: list[MinHash | None] = []
    for i, text in enumerate(texts):
        shingles = _shingles(text)
        if not shingles:
            hashes.append(None)
            continue
        mh = MinHash(num_perm=PERMUTATIONS, seed=1)
        mh.update_batch(list(shingles))
        hashes.append(mh)
        lsh.insert(str(i), mh)
    pairs = []
    for i, mh in enumerate(hashes):
        if mh is None:
            continue
        for key in lsh.query(mh):
            j = int(key)
            if j > i:
                score = mh.jaccard(hashes[j])  # type: ignore[arg-type]
                if score >= threshold:
                    pairs.append((i, j, round(float(score), 4)))
    return sorted(pairs)


class TfIdf:
    """L2-normalised TF-IDF vectors of content-word stems, as a scipy sparse matrix."""

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        from scipy.sparse import csr_matrix

        df: Counter = Counter()
        counts = [Counter(doc) for doc in docs]
        for c in counts:
            df.update(c.keys())
        self.vocab = {term: i for i, term in enumerate(sorted(df))}
        n = len(docs)
        self.idf = np.zeros(len(self.vocab), dtype=np.float64)
        for term, i in self.vocab.items():
            self.idf[i] = math.log((1 + n) / (1 + df[term])) + 1.0
        rows, cols, vals = [], [], []
        for r, c in enumerate(counts):
            weights = {self.vocab[t]: (1.0 + math.log(k)) * self.idf[self.vocab[t]] for t, k in c.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for col, w in weights.items():
                rows.append(r)
                cols.append(col)
                vals.append(w / norm)
        self.matrix = csr_matrix((vals, (rows, cols)), shape=(n, len(self.vocab)), dtype=np.float64)
        self.terms = sorted(self.vocab, key=self.vocab.get)  # type: ignore[arg-type]

    def cosine(self) -> np.ndarray:
        """Dense matrix of pairwise cosine similarities."""
        return np.asarray((self.matrix @ self.matrix.T).todense())

    def shared_terms(self, i: int, j: int, k: int = 6) -> list[str]:
        """The `k` terms contributing most to the cosine of documents i and j."""
        prod = self.matrix.getrow(i).multiply(self.matrix.getrow(j)).tocoo()
        top = sorted(zip(prod.data, prod.col, strict=True), reverse=True)[:k]
        return [self.terms[c] for _, c in top]


_NAME = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
_SENTENCE_START = re.compile(r"(?:^|[.!?\n\"“:])\s*$")


def names(text: str) -> list[str]:
    """Name features ('N:' + stem) of capitalised words that do not start a sentence or line."""
    stops = stop_words()
    out = []
    for m in _NAME.finditer(text or ""):
        word = m.group()
        if len(word) < 2 or not word[0].isupper() or word.lower() in stops:
            continue
        if _SENTENCE_START.search(text[max(0, m.start() - 3):m.start()]):
            continue
        out.append("N:" + stem(word))
    return out


def story_features(text: str, title: str | None = None) -> list[str]:
    """The bag a document is compared by: content-word stems, title twice, names once more."""
    feats = content_stems(text) + names(text)
    if title:
        feats += content_stems(title) * 2
    return feats


def cluster(texts: Sequence[str], titles: Sequence[str | None] | None = None, *,
            threshold: float = SAME_STORY, near: float = NEAR_DUPLICATE) -> tuple[list[int], list[Link]]:
    """Story label of each text and the links that justify it (near duplicates, same story)."""
    n = len(texts)
    if n == 0:
        return [], []
    titles = list(titles) if titles is not None else [None] * n
    dups = near_duplicates(texts, near)
    if n == 1:
        return [0], []
    tfidf = TfIdf([story_features(t, h) for t, h in zip(texts, titles, strict=True)])
    sim = tfidf.cosine()
    for i, j, _ in dups:
        sim[i, j] = sim[j, i] = 1.0
    if n >= LOCAL_MIN_DOCS:
        scaled, cut = csls(sim, NEIGHBOURS), CSLS_CUT
        scaled[sim < FLOOR] = -1.0
    else:
        scaled, cut = sim.copy(), threshold
    for i, j, _ in dups:
        scaled[i, j] = scaled[j, i] = 1.0
    labels = _average_linkage(scaled, cut)
    links = [Link(i, j, "near_duplicate", s) for i, j, s in dups]
    dup_pairs = {(i, j) for i, j, _ in dups}
    for i in range(n):
        for j in range(i + 1, n):
            if labels[i] == labels[j] and (i, j) not in dup_pairs and scaled[i, j] >= cut:
                links.append(Link(i, j, "same_story", round(float(sim[i, j]), 4),
                                  tuple(tfidf.shared_terms(i, j))))
    return labels, links


def describe_cut() -> str:
    """How the clustering is cut, in words (for the report's `method`)."""
    return (f"cut at cosine {SAME_STORY} below {LOCAL_MIN_DOCS} documents; from {LOCAL_MIN_DOCS} on, at CSLS "
            f"{CSLS_CUT} (cosine minus the mean of both documents' cosines to their {NEIGHBOURS} nearest) "
            f"with cosine >= {FLOOR}")


def csls(sim: np.ndarray, k: int = NEIGHBOURS) -> np.ndarray:
    """Cosine minus the mean background of both documents (mean cosine to their k nearest others)."""
    n = sim.shape[0]
    k = max(1, min(k, n - 1))
    others = sim.copy()
    np.fill_diagonal(others, -np.inf)
    background = np.sort(others, axis=1)[:, -k:].mean(axis=1)
    out = sim - (background[:, None] + background[None, :]) / 2.0
    np.fill_diagonal(out, 1.0)
    return out


def _average_linkage(sim: np.ndarray, threshold: float) -> list[int]:
    """Cluster labels from average-linkage agglomeration, stopping below `threshold` similarity."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - sim, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2.0
    tree = linkage(squareform(dist, checks=False), method="average")
    raw = fcluster(tree, t=1.0 - threshold, criterion="distance")
    # relabel 0.. in order of first appearance, for stable output
    seen: dict[int, int] = {}
    return [seen.setdefault(int(x), len(seen)) for x in raw]


def story_id(doc_ids: Sequence[str]) -> str:
    """Stable id of a story: hash of its sorted document ids."""
    return "s-" + digest(*sorted(doc_ids), length=12)


def basis(kinds: Counter, links: Sequence[Link], size: int) -> str:
    """A readable reason for one story's grouping."""
    if size == 1:
        return f"alone: no other document tells this story (TF-IDF {describe_cut()}; no near-duplicate text)"
    parts = []
    if kinds["near_duplicate"]:
        best = max(link.score for link in links if link.kind == "near_duplicate")
        parts.append(f"{kinds['near_duplicate']} near-duplicate pair(s) (MinHash Jaccard of word "
                     f"{SHINGLE}-shingles up to {best:.2f}, threshold {NEAR_DUPLICATE})")
    if kinds["same_story"]:
        terms = Counter(t for link in links if link.kind == "same_story" for t in link.shared_terms)
        top = ", ".join(t for t, _ in terms.most_common(6))
        parts.append(f"same story by TF-IDF average linkage ({describe_cut()}); shared terms: {top}")
    if not parts:
        parts.append(f"same story by TF-IDF average linkage ({describe_cut()})")
    return "; ".join(parts)
