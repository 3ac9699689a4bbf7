import pytest

from indexer.correct import correction, edit_distance
from indexer.search import search


@pytest.mark.parametrize(("typed", "meant"), [("kirjsato", "kirjasto"), ("läksyapau", "läksyapu")])
def test_a_misspelt_word_is_corrected_to_a_word_of_the_index(tiny_index, typed, meant):
    with tiny_index.searcher() as searcher:
        assert correction(typed, searcher.reader()) == meant


@pytest.mark.parametrize("word", ["kirjasto", "tyollisyyspalvelut", "S2", "zzzzqqqq", "4.10"])
def test_known_or_hopeless_words_are_left_alone(tiny_index, word):
    with tiny_index.searcher() as searcher:
        assert correction(word, searcher.reader()) is None


def test_a_query_with_no_results_is_retried_with_the_correction(tiny_index):
    response = search(tiny_index, "kirjsato läksyapua")
    assert response["query"]["corrected"] == "kirjasto läksyapua"
    assert [hit["id"] for hit in response["results"]][0] == "ohjelma-lapset-ja-nuoret-1.2"


def test_a_query_with_results_is_not_corrected(tiny_index):
    response = search(tiny_index, "kirjasto")
    assert response["query"]["corrected"] is None and response["query"]["suggestion"] is None


def test_transposed_letters_are_one_edit():
    assert edit_distance("kirjsato", "kirjasto") == 1
    assert edit_distance("", "abc") == 3
