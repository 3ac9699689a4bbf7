"""The semantic fallback: where the lexical plan had to relax, its ranking fused with the nearest passages.

In: the build's passage vectors (a row per record, by document number; `indexer.vectors`)
and a query's text. Out: the records nearest to the query by cosine, and a fusion of
those with the lexical ranking by reciprocal rank (k = 60): a record both lists rank
high comes first, one only the model finds can still reach the page.

Only a relaxed query is fused (the core's `query.match` is not `all`): where every word
matched, the lexical ranking is nearly always right and the model only adds noise. The
model is loaded once per process, on one thread; without it (or without vectors) the
search is lexical only.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from analyzers.embedding import EmbeddingUnavailable, available, embed_queries
from search.docs import Docs

CANDIDATES = 50  # from each list
RRF_K = 60
QUERIES_CACHED = 2048


class Semantic:
    """The passage vectors of one build, and the query vectors asked of them (cached)."""

    def __init__(self, vectors: np.ndarray) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.query_vector = lru_cache(maxsize=QUERIES_CACHED)(self._query_vector)

    @classmethod
    def of(cls, vectors: np.ndarray | None) -> Semantic | None:
        """The fallback for a build's vectors; None without vectors or without the model."""
        return cls(vectors) if vectors is not None and len(vectors) and available() else None

    def _query_vector(self, text: str) -> np.ndarray | None:
        try:
            return embed_queries([text])[0]
        except EmbeddingUnavailable:
            return None

    def nearest(self, text: str, allowed: Docs | None, count: int = CANDIDATES) -> list[tuple[int, float]]:
        """The `count` records nearest to the query (among `allowed`), with their cosines."""
        vector = self.query_vector(" ".join(text.split()))
        if vector is None:
            return []
        scores = self.vectors @ vector
        if allowed is not None:
            masked = np.full_like(scores, -np.inf)
            masked[allowed] = scores[allowed]
            scores = masked
        count = min(count, int(np.isfinite(scores).sum()))
        if count <= 0:
            return []
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(d), float(scores[d])) for d in top]

    def cosine(self, text: str, docnum: int) -> float | None:
        vector = self.query_vector(" ".join(text.split()))
        return None if vector is None else float(self.vectors[docnum] @ vector)


def fuse(lexical: list[tuple[int, float]], semantic: list[tuple[int, float]],
         k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion of two rankings: (document, fused score), best first.

    >>> fuse([(1, 9.0), (2, 8.0)], [(2, 0.9), (3, 0.8)])[0][0]
    2
    """
    fused: dict[int, float] = {}
    for ranking in (lexical, semantic):
        for rank, (docnum, _score) in enumerate(ranking, 1):
            fused[docnum] = fused.get(docnum, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda item: -item[1])
