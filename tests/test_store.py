import pytest
from whoosh.query import Term

from indexer import store
from indexer.store import MARKER, IndexUnavailable, current_build, open_index, write_index


def record(rid="r1", title="Kirjasto"):
    return {"id": rid, "type": "guidance", "title": title, "text": title, "units": [],
            "fields": {"title": title, "body": "", "names": ""}}


def test_build_swaps_in_and_keeps_two(tmp_path):
    first = write_index(tmp_path, [record()], progress=False)
    folder = current_build(tmp_path)
    second = write_index(tmp_path, [record(), record("r2")], progress=False)
    assert first["records"] == 1 and second["records"] == 2
    assert current_build(tmp_path) != folder
    ix, info = open_index(tmp_path)
    assert ix.doc_count() == 2 and info["types"] == {"guidance": 2}


def test_failed_build_leaves_the_old_index_serving(tmp_path):
    write_index(tmp_path, [record()], progress=False)
    before = current_build(tmp_path)

    def broken():
        yield record()
        raise RuntimeError("corpus went away")

    with pytest.raises(RuntimeError):
        write_index(tmp_path, broken(), progress=False)
    assert current_build(tmp_path) == before
    assert [p for p in (tmp_path / "builds").iterdir()] == [before]


def test_missing_index_says_what_to_run(tmp_path):
    with pytest.raises(IndexUnavailable, match="python -m indexer build"):
        open_index(tmp_path)


def test_half_built_index_is_never_opened(tmp_path):
    write_index(tmp_path, [record()], progress=False)
    (current_build(tmp_path) / MARKER).unlink()
    with pytest.raises(IndexUnavailable, match="not a finished build"):
        open_index(tmp_path)


def test_damaged_index_files_give_a_clear_error(tmp_path):
    write_index(tmp_path, [record()], progress=False)
    for toc in current_build(tmp_path).glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(IndexUnavailable, match="cannot be read"):
        open_index(tmp_path)


def test_a_large_corpus_is_written_by_two_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "PARALLEL_FROM", 100)
    words = ["kirjasto", "uimahalli", "neuvola", "päiväkoti", "nuorisotalo", "terveysasema"]
    records = [record(f"r{i}", " ".join(words[j % len(words)] for j in range(i, i + 40)))
               for i in range(1200)]
    info = write_index(tmp_path, records, total=len(records), progress=False)
    ix, _ = open_index(tmp_path)
    assert info["records"] == ix.doc_count() == 1200
    with ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 2, "one segment per writer process"
        assert len(searcher.search(Term("title", "neuvola"), limit=None)) == 1200
    ix.close()
