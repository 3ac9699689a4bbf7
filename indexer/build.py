"""`python -m indexer build`: validate the corpus, find duplicate documents, index."""

from __future__ import annotations

from pathlib import Path

from analyzers.embedding import MODEL_ID, EmbeddingUnavailable
from analyzers.voikko import finnish
from corpus import Corpus, load_corpus
from corpus.lexicon import LEXICON_DIR, load_lexicon
from indexer import vectors
from indexer.duplicates import find_near_duplicates
from indexer.fields import FINNISH_FIELDS
from indexer.freedict import DICTD_DIR
from indexer.lexicon import compile_lexicon
from indexer.records import index_records
from indexer.store import build_lock, write_index, write_titles


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


def corpus_records(corpus_dir: Path) -> list[dict]:
    """The corpus's records as the index holds them (an OCR copy's text indexed once)."""
    corpus = load_corpus(corpus_dir)
    return list(index_records(corpus, duplicate_documents(corpus)))


def build(corpus_dir: Path, index_dir: Path, progress: bool = True, lexicon_dir: Path = LEXICON_DIR,
          dictd_dir: Path | None = DICTD_DIR, vector_cache: Path | None = None,
          allow_shrink: bool = False) -> dict:
    """Build the index and its lexicon from the corpus and swap them in; returns the build's figures.

    With `vector_cache` (a folder), every record's passage vector is computed (only those not in
    the cache) and stored with the build, for the semantic fallback; without the embedding model
    the build goes on without them and says so in its figures. BuildRefused, before any work,
    while another build runs, and, before the swap, when the build would have far fewer records
    than the one in use (see `indexer.store.check_shrink`) unless `allow_shrink`.
    """
    with build_lock(index_dir):
        return _build(corpus_dir, index_dir, progress, lexicon_dir, dictd_dir, vector_cache, allow_shrink)


def _build(corpus_dir: Path, index_dir: Path, progress: bool, lexicon_dir: Path, dictd_dir: Path | None,
           vector_cache: Path | None, allow_shrink: bool) -> dict:
    corpus = load_corpus(corpus_dir)
    concepts = load_lexicon(lexicon_dir)
    copies = duplicate_documents(corpus)
    records = list(index_records(corpus, copies))
    duplicates = {d: o for o, ds in copies.items() for d in ds}

    def add_lexicon(folder: Path, ix) -> dict:
        lexicon = compile_lexicon(concepts, corpus.services.values(), vocabulary(ix), dictd_dir)
        lexicon.save(folder)
        write_titles(folder, records)
        return {"lexicon": lexicon.sizes(), "vectors": add_vectors(folder, ix, vector_cache)}

    return write_index(index_dir, records, total=len(records), progress=progress,
                       extra={"duplicates": duplicates}, finish=add_lexicon, allow_shrink=allow_shrink)


def add_vectors(folder: Path, ix, cache: Path | None) -> str:
    """The passage vectors of the build's records, by document number, saved in `folder`."""
    if cache is None:
        return "not asked for"
    with ix.searcher() as searcher:
        records = [fields["payload"] for _docnum, fields in sorted(searcher.reader().iter_docs())]
    try:
        vectors.save(folder, vectors.compute(records, cache))
    except EmbeddingUnavailable as error:
        return f"none: {error}"
    return MODEL_ID


def vocabulary(ix) -> set[str]:
    """Every Finnish term of the index: surface forms, base forms and compound parts."""
    with ix.reader() as reader:
        return {term for field in FINNISH_FIELDS[:-1] for term in reader.field_terms(field)}
