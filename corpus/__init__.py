"""The corpus: the city's records as validated YAML (see corpus/README.md)."""

from corpus.loader import DATA_DIR, Corpus, load_corpus
from corpus.schema import CorpusError

__all__ = ["DATA_DIR", "Corpus", "CorpusError", "load_corpus"]
