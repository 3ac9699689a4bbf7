"""Positions read back as written: whoosh-ng 5.4.0 took a last byte 0x2E for a pickle."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.formats import Positions
from whoosh.query import Phrase

from indexer.postings import DamagedPosting, check_postings, varint_positions
from indexer.store import current_build, write_index
from search import open_engine
from search_app import create_app
from tests.conftest import TINY, write_corpus

FILLER = " ".join(f"w{i}" for i in range(46))  # the next word stands at position 46


def index_of(*texts):
    ix = RamStorage().create_index(Schema(body=TEXT()))
    with ix.writer() as writer:
        for text in texts:
            writer.add_document(body=text)
    return ix


def test_a_word_at_position_46_is_found_by_a_phrase():
    ix = index_of(FILLER + " alpha beta")
    with ix.searcher() as searcher:
        assert len(searcher.search(Phrase("body", ["alpha", "beta"]))) == 1
    assert check_postings(ix) == 48


DELTAS = st.one_of(st.integers(min_value=0, max_value=300), st.integers(min_value=0, max_value=70_000))


@given(st.lists(DELTAS, max_size=60))
@example([46])
@example([3, 46])
@example([0, 128 * 46 + 46])
def test_every_position_list_decodes_to_itself(deltas):
    positions = [sum(deltas[:i + 1]) for i in range(len(deltas))]
    assert Positions().decode_positions(Positions().encode(positions)) == positions


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=30), min_size=2, max_size=300))
@example(list(range(31)) + [0] * 15 + [31, 32])
def test_every_adjacent_pair_of_a_generated_text_is_found(words):
    text = " ".join(f"v{w}" for w in words)
    ix = index_of(text)
    assert check_postings(ix) == len(set(words))
    with ix.searcher() as searcher:
        for a, b in {(words[i], words[i + 1]) for i in range(len(words) - 1)}:
            assert len(searcher.search(Phrase("body", [f"v{a}", f"v{b}"]))) == 1, (a, b)


def test_a_value_that_is_not_varints_is_left_to_the_legacy_decoder():
    assert varint_positions(b"\x00\x00\x00\x02\x81") is None, "cut in the middle of a varint"
    assert varint_positions(b"\x00\x00\x00\x01\x05\x05") is None, "bytes left over"
    assert varint_positions(b"\x00\x00\x00\x01\x2e") == [46]


def test_a_posting_that_cannot_be_read_fails_the_build_and_the_old_index_serves(tmp_path, monkeypatch):
    record = {"id": "r1", "type": "guidance", "title": "Kirjasto", "text": "Kirjasto", "units": [],
              "fields": {"title": "Kirjasto", "body": "kirjasto", "names": ""}}
    write_index(tmp_path, [record], progress=False)
    before = current_build(tmp_path)

    def unreadable(self, value):
        raise ValueError("damaged")

    monkeypatch.setattr(Positions, "decode_positions", unreadable)
    with pytest.raises(DamagedPosting, match="field 'body', word 'kirjasto'"):
        write_index(tmp_path, [record], progress=False)
    assert current_build(tmp_path) == before
    assert len(list((tmp_path / "builds").iterdir())) == 1, "the failed build's folder is gone"


def test_a_translated_phrase_meeting_position_46_answers(tmp_path):
    measure = {**TINY["measures/ohjelma.yaml"][0], "number": "1.9", "goal": None,
               "text": FILLER.replace("w", "sana") + " anonyymi rekrytointi laajenee."}
    corpus = write_corpus(tmp_path / "corpus", {**TINY, "measures/ohjelma.yaml": [
        {k: v for k, v in measure.items() if v is not None}]})
    from indexer.build import build

    build(corpus, tmp_path / "index", progress=False)
    response = open_engine(tmp_path / "index").search("anonymous recruitment", lang="en")
    assert response["results"][0]["id"] == "ohjelma-tyollisyys-ja-tyovoima-1.9"
    client = create_app({"index_dir": str(tmp_path / "index"), "corpus_dir": str(corpus)}).test_client()
    assert client.get("/api/v1/search?q=anonymous+recruitment&lang=en").status_code == 200
    assert client.get("/?q=anonymous+recruitment").status_code == 200
