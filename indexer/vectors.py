"""Build-time passage vectors: records in, one embedding row per record out.

`compute(records, cache_dir)` embeds each record's `passage_text` with
`analyzers.embedding.embed_passages`, in batches, embedding only texts it has
not seen: vectors are cached in `cache_dir/passages.npz` under the sha256 of
`MODEL_ID` and the passage text, so a new model or package version starts
afresh. The cache is one file, replaced atomically; a file that does not read
back whole is ignored and rewritten.

`save(folder, vectors)` stores them in a build folder as `vectors.npy` in
float16: half the size (1.3 MB for the 1,752 bundled records), and on them
cosine scores move by at most 5e-5: each dev query's top 10 stays the same
set (4 of 38 swap near-ties within it).
`load(folder)` gives them back as float32: numpy multiplies float16 matrices
about 5 times slower.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from analyzers.embedding import MODEL_ID, embed_passages, model

BATCH = 64
CACHE_FILE = "passages.npz"
VECTORS_FILE = "vectors.npy"


def passage_text(record: dict) -> str:
    """The record's title, then its text (whose own copy of the title, if it starts with one, is dropped).

    >>> passage_text({"title": "Kirjastot", "text": "Kirjastot Kulttuuri ja vapaa-aika / Kirjastot"})
    'Kirjastot\\nKulttuuri ja vapaa-aika / Kirjastot'
    """
    title, text = record["title"].strip(), record["text"].strip()
    if title and text.startswith(title):
        text = text[len(title):].strip()
    return "\n".join(part for part in (title, text) if part)


def _key(text: str) -> str:
    return hashlib.sha256(f"{MODEL_ID}\n{text}".encode()).hexdigest()


def _read_cache(path: Path, dim: int) -> dict[str, np.ndarray]:
    """Hash -> vector from the cache file; empty if it is missing or does not read back whole."""
    try:
        with open(path, "rb") as f:
            data = np.load(f, allow_pickle=False)
            hashes, vectors = data["hashes"], data["vectors"]
    except (OSError, ValueError, KeyError, IndexError, EOFError, zipfile.BadZipFile):
        return {}
    if vectors.shape != (len(hashes), dim) or vectors.dtype != np.float32:
        return {}
    return dict(zip(hashes.tolist(), vectors, strict=True))


def _write_cache(path: Path, cache: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as f:
        try:
            np.savez(f, hashes=np.array(list(cache), dtype="U64"), vectors=np.stack(list(cache.values())))
        except BaseException:
            os.unlink(f.name)
            raise
    os.chmod(f.name, 0o644)  # a temporary file is the owner's only; the cache is read by whoever builds
    os.replace(f.name, path)


def compute(records: list[dict], cache_dir: Path) -> np.ndarray:
    """One L2-normalised float32 row per record, in order; raises EmbeddingUnavailable without the model."""
    dim = model().dim
    texts = [passage_text(record) for record in records]
    keys = [_key(text) for text in texts]
    path = Path(cache_dir) / CACHE_FILE
    cache = _read_cache(path, dim)
    new = list({key: text for key, text in zip(keys, texts, strict=True) if key not in cache}.items())
    for start in range(0, len(new), BATCH):
        batch = new[start:start + BATCH]
        cache.update(zip([key for key, _ in batch], embed_passages([text for _, text in batch]), strict=True))
    if new:
        _write_cache(path, cache)
    if not keys:
        return np.empty((0, dim), dtype=np.float32)
    return np.stack([cache[key] for key in keys])


def save(folder: Path, vectors: np.ndarray) -> None:
    """Write `vectors` into the build folder as float16 `vectors.npy`."""
    np.save(Path(folder) / VECTORS_FILE, np.asarray(vectors, dtype=np.float16), allow_pickle=False)


def load(folder: Path) -> np.ndarray | None:
    """The build folder's vectors as float32, or None if it was built without them."""
    path = Path(folder) / VECTORS_FILE
    if not path.exists():
        return None
    return np.load(path, allow_pickle=False).astype(np.float32)


def to_bytes(vectors: np.ndarray) -> bytes:
    """The vectors as the bytes of a float16 `vectors.npy` (what a database stores)."""
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(vectors, dtype=np.float16), allow_pickle=False)
    return buffer.getvalue()


def from_bytes(data: bytes) -> np.ndarray:
    return np.load(io.BytesIO(data), allow_pickle=False).astype(np.float32)
