"""The semantic fallback: relaxed queries re-ranked with the nearest passages; strict ones left alone."""

import numpy as np
import pytest

from indexer.build import build
from indexer.vectors import VECTORS_FILE
from search import open_engine
from search.semantic import Budget
from tests.conftest import write_corpus

LIBRARY_HOMEWORK = "ohjelma-lapset-ja-nuoret-1.2"  # "Kirjastot järjestävät läksyapua."


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("semantic")
    build(write_corpus(root / "corpus"), root / "ix", progress=False, vector_cache=root / "cache")
    return open_engine(root / "ix")


def test_the_build_stores_a_unit_vector_per_record(engine):
    vectors = engine.semantic.vectors
    assert vectors.shape[0] == engine.backend.doc_count
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-2)


def test_a_query_nothing_matches_lexically_finds_the_record_by_meaning(engine):
    response = engine.search("помогают школьникам делать уроки", lang="ru")
    assert response["query"]["match"] == "none" and response["query"]["semantic"]
    assert response["results"][0]["id"] == LIBRARY_HOMEWORK
    assert response["confidence"] == "low", "the model alone is not sure enough to say so"


def test_a_relaxed_query_is_fused_with_the_nearest_passages(engine):
    response = engine.search("kirjasto zzzqqq")
    assert response["query"]["match"] == "any" and response["query"]["semantic"]
    assert {hit["id"] for hit in response["results"][:2]} == {"service-2", LIBRARY_HOMEWORK}


def test_a_query_every_word_of_which_matched_is_not_reranked(engine):
    response = engine.search("kirjasto")
    assert response["query"]["match"] == "all" and not response["query"]["semantic"]


def test_without_vectors_the_search_is_lexical(tiny_engine):
    response = tiny_engine.search("kirjasto zzzqqq")
    assert not response["query"]["semantic"]
    assert response["results"][0]["id"] in {"service-2", LIBRARY_HOMEWORK}


def test_a_build_without_the_model_goes_on_without_vectors(tmp_path, monkeypatch):
    from analyzers import embedding

    def unavailable():
        raise embedding.EmbeddingUnavailable("no model here")

    monkeypatch.setattr("indexer.vectors.model", unavailable)
    corpus = write_corpus(tmp_path / "corpus")
    info = build(corpus, tmp_path / "ix", progress=False, vector_cache=tmp_path / "c")
    assert info["vectors"] == "none: no model here"
    engine = open_engine(tmp_path / "ix")
    assert engine.semantic is None and engine.search("kirjasto")["results"]
    assert not list((tmp_path / "ix").glob(f"builds/*/{VECTORS_FILE}"))


def test_the_model_takes_no_more_than_its_share_of_a_workers_time():
    budget = Budget(share=0.1, window=1.0)
    assert budget.left(now=0.0)
    budget.spend(0.05, now=0.0)
    budget.spend(0.06, now=0.2)
    assert not budget.left(now=0.3), "0.11 s of the last second is over a tenth"
    assert budget.left(now=1.25), "the first has left the window"
    assert Budget().left() and Budget(share=0.0).left() is False


def test_past_its_budget_a_relaxed_search_is_lexical_and_says_so(engine):
    engine.semantic.budget = Budget(share=0.0)
    try:
        response = engine.search("kirjasto zzzqqq yyy")
        assert response["query"]["match"] == "any" and not response["query"]["semantic"]
        assert response["results"], "still answered, lexically"
    finally:
        engine.semantic.budget = Budget()


def test_the_web_app_gives_the_model_a_share_of_its_workers(tmp_path):
    from search_app import create_app
    from search_app.index import get_engine

    build(write_corpus(tmp_path / "corpus"), tmp_path / "ix", progress=False, vector_cache=tmp_path / "c")
    app = create_app({"index_dir": str(tmp_path / "ix"), "semantic_share": 0.2})
    with app.app_context():
        assert get_engine().semantic.budget.allowed == 0.2 * 5.0
