"""`python -m indexer build`: validate the corpus, find duplicate documents, index."""

from __future__ import annotations

from pathlib import Path

from analyzers.voikko import finnish
from corpus import Corpus, load_corpus
from indexer.duplicates import find_near_duplicates
from indexer.records import index_records
from indexer.store import write_index


def duplicate_documents(corpus: Corpus) -> dict[str, list[str]]:
    """original document id -> ids of documents that are near-duplicates of it (an OCR copy).

    Decided from the documents' text, never from their names.
    """
    paths = {doc.id: corpus.sources / doc.file for doc in corpus.documents.values()}
    texts = {doc: path.read_text("utf-8") for doc, path in paths.items() if path.exists()}
    copies: dict[str, list[str]] = {}
    for duplicate, original, _similarity in find_near_duplicates(texts, spell=finnish().spell):
        copies.setdefault(original, []).append(duplicate)
    return copies


def build(corpus_dir: Path, index_dir: Path, progress: bool = True) -> dict:
    """Build the index from the corpus and swap it in; returns the build's figures."""
    corpus = load_corpus(corpus_dir)
    copies = duplicate_documents(corpus)
    records = list(index_records(corpus, copies))
    duplicates = {d: o for o, ds in copies.items() for d in ds}
    return write_index(index_dir, records, total=len(records), progress=progress,
                       extra={"duplicates": duplicates})
