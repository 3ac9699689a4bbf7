import pytest

from query.correct import correction
from search.whoosh import WhooshBackend


@pytest.mark.parametrize(("typed", "meant"), [("kirjsato", "kirjasto"), ("läksyapau", "läksyapu")])
def test_a_misspelt_word_is_corrected_to_a_word_of_the_index(tiny_index, typed, meant):
    assert correction(typed, WhooshBackend(tiny_index)) == meant


@pytest.mark.parametrize("word", ["kirjasto", "tyollisyyspalvelut", "S2", "zzzzqqqq", "4.10"])
def test_known_or_hopeless_words_are_left_alone(tiny_index, word):
    assert correction(word, WhooshBackend(tiny_index)) is None


def test_a_query_with_no_results_is_retried_with_the_correction(tiny_engine):
    response = tiny_engine.search("kirjsato läksyapua")
    assert response["query"]["corrected"] == "kirjasto läksyapua"
    assert [hit["id"] for hit in response["results"]][0] == "ohjelma-lapset-ja-nuoret-1.2"


def test_a_query_with_results_is_not_corrected(tiny_engine):
    response = tiny_engine.search("kirjasto")
    assert response["query"]["corrected"] is None and response["query"]["suggestion"] is None


def test_transposed_letters_are_one_edit(tiny_index):
    assert correction("kirjsato", WhooshBackend(tiny_index)) == "kirjasto", "kirjsato is 2 edits without"
