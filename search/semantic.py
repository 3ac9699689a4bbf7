"""The semantic fallback: where the lexical plan had to relax, its ranking fused with the nearest passages.

In: the build's passage vectors (a row per record, by document number; `indexer.vectors`)
and a query's text. Out: the records nearest to the query by cosine, and a fusion of
those with the lexical ranking by reciprocal rank (k = 60): a record both lists rank
high comes first, one only the model finds can still reach the page.

Only a relaxed query is fused (the core's `query.match` is not `all`): where every word
matched, the lexical ranking is nearly always right and the model only adds noise. The
model is loaded once per process, on one thread; in the web app it may take at most a
share of a worker's time (`Budget`, the `semantic_share` setting): under a load beyond
that, the searches past the budget are lexical only, as they are without the model or
without vectors. Scripts and tests have no budget, so evaluation is deterministic.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque

import numpy as np

from analyzers.embedding import EmbeddingUnavailable, available, embed_queries
from search.docs import Docs

CANDIDATES = 50  # from each list
RRF_K = 60
QUERIES_CACHED = 2048
BUDGET_WINDOW_S = 5.0  # the web app's workers give the model a share of their last 5 seconds


class Budget:
    """How much of a worker's time the model may take: at most `share` of the last `window` seconds
    (no limit without a share).

    A query costs the model about 9 ms however short it is, and a relaxed search is about half of
    all; under a load the worker cannot keep up with, the searches past the budget are answered
    lexically (and say `query.semantic: false`) rather than making every search wait.
    """

    def __init__(self, share: float | None = None, window: float = BUDGET_WINDOW_S) -> None:
        self.allowed, self.window = (share * window if share is not None else float("inf")), window
        self.spent: deque[tuple[float, float]] = deque()  # (when, seconds)
        self.lock = threading.Lock()

    def left(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self.lock:
            while self.spent and self.spent[0][0] < now - self.window:
                self.spent.popleft()
            return sum(seconds for _when, seconds in self.spent) < self.allowed

    def spend(self, seconds: float, now: float | None = None) -> None:
        with self.lock:
            self.spent.append((time.monotonic() if now is None else now, seconds))


class Semantic:
    """The passage vectors of one build, and the query vectors asked of them (cached, within a budget)."""

    def __init__(self, vectors: np.ndarray, budget: Budget | None = None) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.budget = budget or Budget()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    @classmethod
    def of(cls, vectors: np.ndarray | None) -> Semantic | None:
        """The fallback for a build's vectors; None without vectors or without the model."""
        return cls(vectors) if vectors is not None and len(vectors) and available() else None

    def query_vector(self, text: str) -> np.ndarray | None:
        """The query's vector: cached, or computed while the budget allows; None otherwise."""
        with self.budget.lock:
            if (vector := self._queries.get(text)) is not None:
                self._queries.move_to_end(text)
                return vector
        if not self.budget.left():
            return None
        started = time.monotonic()
        try:
            vector = embed_queries([text])[0]
        except EmbeddingUnavailable:
            return None
        finally:
            self.budget.spend(time.monotonic() - started)
        with self.budget.lock:
            self._queries[text] = vector
            if len(self._queries) > QUERIES_CACHED:
                self._queries.popitem(last=False)
        return vector

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
