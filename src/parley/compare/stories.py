"""Story grouping: near-duplicate (syndicated) copies and same-story clusters of documents.

Two passes. Near duplicates: MinHash (datasketch) over word 5-shingles estimates the Jaccard
overlap of the texts; pairs at or above `NEAR_DUPLICATE` are copies of one article. Same story:
TF-IDF vectors (sublinear term frequency, smoothed idf, content-word stems, the title counted
twice) compared by cosine, and grouped by average-linkage agglomerative clustering cut at
`SAME_STORY`; near duplicates are forced together. Every document ends in exactly one story.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..ids import digest
from .text import content_stems, tokens

#: MinHash-estimated Jaccard of word 5-shingles at or above which two texts are copies.
NEAR_DUPLICATE = 0.7
#: TF-IDF cosine at or above which (average linkage) documents tell the same story.
SAME_STORY = 0.2
#: from this many documents on, a pair must also stand out from each document's background:
#: its cosine at least LOCAL_Z standard deviations above the document's mean cosine to the others
#: (local scaling, so that long articles sharing much common vocabulary do not merge).
LOCAL_MIN_DOCS = 30
LOCAL_Z = 5.0
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


def story_features(text: str, title: str | None = None) -> list[str]:
    """The bag of stems a document is compared by: its content words, title counted twice."""
    feats = content_stems(text)
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
    scaled = _scaled(sim, threshold)
    for i, j, _ in dups:
        scaled[i, j] = scaled[j, i] = 1.0
    labels = _average_linkage(scaled, 0.5)
    links = [Link(i, j, "near_duplicate", s) for i, j, s in dups]
    dup_pairs = {(i, j) for i, j, _ in dups}
    for i in range(n):
        for j in range(i + 1, n):
            if labels[i] == labels[j] and (i, j) not in dup_pairs and sim[i, j] >= threshold:
                links.append(Link(i, j, "same_story", round(float(sim[i, j]), 4),
                                  tuple(tfidf.shared_terms(i, j))))
    return labels, links


def describe_cut() -> str:
    """How the clustering is cut, in words (for the report's `method`)."""
    return (f"cut at cosine {SAME_STORY}; from {LOCAL_MIN_DOCS} documents on, also at {LOCAL_Z} standard "
            "deviations above each document's mean cosine")


def _scaled(sim: np.ndarray, threshold: float) -> np.ndarray:
    """Similarities mapped so that 0.5 is the cut: cosine/threshold, and the local z-score when many."""
    n = sim.shape[0]
    score = sim / (2 * threshold)
    if n >= LOCAL_MIN_DOCS:
        s = sim.copy()
        np.fill_diagonal(s, np.nan)
        mu = np.nanmean(s, axis=1)
        sd = np.nanstd(s, axis=1) + 1e-9
        z = (s - mu[:, None]) / sd[:, None]
        z = (z + z.T) / 2.0
        np.fill_diagonal(z, 2 * LOCAL_Z)
        score = np.minimum(score, z / (2 * LOCAL_Z))
    score = np.clip(score, 0.0, 1.0)
    np.fill_diagonal(score, 1.0)
    return score


def _average_linkage(sim: np.ndarray, threshold: float) -> list[int]:
    """Cluster labels from average-linkage agglomeration, stopping below `threshold` similarity."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - sim, 0.0, 1.0)
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
        return "alone: no other document tells this story (no TF-IDF cosine at or above " \
               f"{SAME_STORY} and no near-duplicate text)"
    parts = []
    if kinds["near_duplicate"]:
        best = max(link.score for link in links if link.kind == "near_duplicate")
        parts.append(f"{kinds['near_duplicate']} near-duplicate pair(s) (MinHash Jaccard of word "
                     f"{SHINGLE}-shingles up to {best:.2f}, threshold {NEAR_DUPLICATE})")
    if kinds["same_story"]:
        terms = Counter(t for link in links if link.kind == "same_story" for t in link.shared_terms)
        top = ", ".join(t for t, _ in terms.most_common(6))
        parts.append(f"same story by TF-IDF cosine (average linkage at {SAME_STORY}); shared terms: {top}")
    if not parts:
        parts.append(f"same story by average linkage of TF-IDF cosine at {SAME_STORY}")
    return "; ".join(parts)
