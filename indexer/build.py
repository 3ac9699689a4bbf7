"""`python -m indexer build`: validate the corpus, find duplicate documents, index."""

from __future__ import annotations

from pathlib import Path

from analyzers.voikko import finnish
from corpus import Corpus, load_corpus
from corpus.lexicon import LEXICON_DIR, load_lexicon
from indexer.duplicates import find_near_duplicates
from indexer.fields import FINNISH_FIELDS
from indexer.freedict import DICTD_DIR
from indexer.lexicon import compile_lexicon
from indexer.records import index_records
from indexer.store import write_index, write_titles


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
          dictd_dir: Path | None = DICTD_DIR) -> dict:
    """Build the index and its lexicon from the corpus and swap them in; returns the build's figures."""
    corpus = load_corpus(corpus_dir)
    concepts = load_lexicon(lexicon_dir)
    copies = duplicate_documents(corpus)
    records = list(index_records(corpus, copies))
    duplicates = {d: o for o, ds in copies.items() for d in ds}

    def add_lexicon(folder: Path, ix) -> dict:
        lexicon = compile_lexicon(concepts, corpus.services.values(), vocabulary(ix), dictd_dir)
        lexicon.save(folder)
        write_titles(folder, records)
        return {"lexicon": lexicon.sizes()}

    return write_index(index_dir, records, total=len(records), progress=progress,
                       extra={"duplicates": duplicates}, finish=add_lexicon)


def vocabulary(ix) -> set[str]:
    """Every Finnish term of the index: surface forms, base forms and compound parts."""
    with ix.reader() as reader:
        return {term for field in FINNISH_FIELDS[:-1] for term in reader.field_terms(field)}
