import threading

import pytest

from corpus import load_corpus
from indexer.build import build, duplicate_documents
from indexer.store import BuildRefused, build_lock, open_index


def test_scanned_copy_is_detected_from_its_text(tiny_corpus):
    assert duplicate_documents(load_corpus(tiny_corpus)) == {"doc-a": ["doc-b"]}


def test_build_reports_counts_and_duplicates(tiny_corpus, tmp_path):
    info = build(tiny_corpus, tmp_path / "index", progress=False)
    assert info["types"] == {"guidance": 1, "measure": 3, "service": 2, "unit": 3}
    assert info["duplicates"] == {"doc-b": "doc-a"}
    assert info["bytes"] > 0


def test_duplicate_keeps_provenance_of_both(tiny_index):
    with tiny_index.searcher() as searcher:
        payload = searcher.document(id="ohjelma-tyollisyys-ja-tyovoima-1.2")["payload"]
    assert [s["document"] for s in payload["sources"]] == ["doc-a", "doc-b"]
    assert payload["sources"][1]["duplicate_of"] == "doc-a"


def test_rebuild_keeps_ids(tiny_corpus, tmp_path):
    def ids():
        ix, _ = open_index(tmp_path / "index")
        with ix.searcher() as searcher:
            return {fields["id"] for fields in searcher.all_stored_fields()}

    build(tiny_corpus, tmp_path / "index", progress=False)
    first = ids()
    build(tiny_corpus, tmp_path / "index", progress=False)
    assert ids() == first


def test_a_build_stops_before_reading_the_corpus_while_another_runs(tmp_path):
    refused = []

    def second_build():
        with pytest.raises(BuildRefused, match="another build is running") as error:
            build(tmp_path / "no corpus here", tmp_path / "index", progress=False)
        refused.append(error.value)

    with build_lock(tmp_path / "index"):
        thread = threading.Thread(target=second_build)
        thread.start()
        thread.join()
    assert len(refused) == 1, "refused at once, not failing on the missing corpus"
