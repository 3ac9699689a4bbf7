import pytest

from query.correct import correct, correction
from query.lexicon import Lexicon, key
from query.understand import understand
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


class Index:
    """A vocabulary of a few Finnish words, as a backend gives it."""

    words = {"kirjasto": 3, "päivähoito": 2}

    def frequency(self, word):
        return self.words.get(word, 0)

    def part_frequency(self, part):
        return 0

    def near(self, word, edits):
        return [w for w in self.words if w[0] == word[0]]

    def prefixed(self, prefix):
        return [w for w in self.words if w.startswith(prefix)]


LEXICON = Lexicon({"sv": {key("dagvård", "sv"): [["päivähoito", 1.0, "curated"]]},
                   "en": {key("library", "en"): [["kirjasto", 1.0, "curated"]]}},
                  words={"sv": {"dagvård"}, "en": {"library"}})


@pytest.mark.parametrize(("typed", "lang", "meant", "finnish"), [
    ("libary", "en", "library", "kirjasto"),  # an English typo, to the lexicon's English word
    ("dagvard", "sv", "dagvård", "päivähoito"),  # Swedish typed without å
    ("dagvard", "fi", "dagvård", "päivähoito"),  # the same, taken for Finnish: å put back all the same
])
def test_words_of_other_languages_are_corrected_with_the_lexicon(typed, lang, meant, finnish):
    fixed = correct(understand(typed, LEXICON, lang=lang), Index(), LEXICON)
    assert fixed.text == meant
    assert [fi for fi, _ in fixed.clauses[0].alternatives] == [finnish, meant] and fixed.clauses[0].translated


def test_a_finnish_typo_is_corrected_whatever_the_interface_language(tiny_engine):
    response = tiny_engine.search("kirjsato", prior="en")
    assert response["query"]["corrected"] == "kirjasto" and response["results"][0]["id"] == "service-2"


def test_the_correction_replaces_the_misspelt_word_not_a_word_containing_it(tiny_index):
    fixed = correct(understand("xkirjsatox kirjsato", LEXICON, lang="fi"), WhooshBackend(tiny_index))
    assert fixed.text == "xkirjsatox kirjasto"
