"""Query-side decompounding: a compound the index lacks is searched by its parts, below the word itself."""

from query.decompound import SPLIT_WEIGHT, decompound
from query.lexicon import Lexicon
from query.understand import understand
from search.whoosh import WhooshBackend


def alternatives(text, index):
    understood = decompound(understand(text, Lexicon({}), lang="fi"), WhooshBackend(index))
    return dict(understood.clauses[0].alternatives)


def test_a_compound_the_index_lacks_gets_its_splits(tiny_index):
    found = alternatives("kirjastoläksyapu", tiny_index)
    assert found["kirjastoläksyapu"] == 1.0
    assert found["kirjasto läksyapu"] == SPLIT_WEIGHT < 1.0


def test_a_word_the_index_has_is_left_alone(tiny_index):
    assert alternatives("läksyapua", tiny_index) == {"läksyapua": 1.0}
    assert alternatives("työllisyyspalveluihin", tiny_index) == {"työllisyyspalveluihin": 1.0}


def test_the_split_finds_the_record_with_both_parts_and_says_it_is_not_sure(tiny_engine):
    response = tiny_engine.search("kirjastoläksyapu")
    assert response["results"][0]["id"] == "ohjelma-lapset-ja-nuoret-1.2"
    assert response["query"]["match"] == "all" and response["confidence"] == "low"


def test_the_index_words_sharing_an_unknown_words_stem_are_searched(tiny_index):
    found = alternatives("maahanmuuttajataustaisuus", tiny_index)
    assert "maahanmuuttajataustaisten" in found and max(found.values()) == 1.0
