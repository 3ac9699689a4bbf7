import pytest

from analyzers.language import SUPPORTED
from indexer.lexicon import Lexicon
from indexer.search import QueryBuilder, search
from indexer.understand import understand


def ids(response):
    return [hit["id"] for hit in response["results"]]


def test_inflected_form_finds_base_form(tiny_index):
    response = search(tiny_index, "työllisyyspalveluihin")
    assert ids(response)[0] == "ohjelma-tyollisyys-ja-tyovoima-1.2"
    assert response["query"]["terms"] == ["työllisyyspalvelu"]


def test_compound_part_finds_compound(tiny_index):
    assert "ohjelma-tyollisyys-ja-tyovoima-1.2" in ids(search(tiny_index, "polku"))


def test_typed_without_dots(tiny_index):
    assert ids(search(tiny_index, "tyollisyyspalvelut"))[0] == "ohjelma-tyollisyys-ja-tyovoima-1.2"
    assert "tyovaenopisto" in ids(search(tiny_index, "tyovaenopisto"))


def test_swedish_and_english_names(tiny_index):
    assert ids(search(tiny_index, "biblioteken"))[0] == "service-2"
    assert ids(search(tiny_index, "library"))[0] == "service-2"


def test_records_with_all_words_come_before_those_with_any(tiny_index):
    response = search(tiny_index, "kirjasto läksyapu")
    assert ids(response)[0] == "ohjelma-lapset-ja-nuoret-1.2"
    assert ids(response)[1:] == ["service-2"], "one result is topped up with any-word matches"
    assert response["total"] == 2 and response["facets"]["type"] == {"measure": 1, "service": 1}
    assert ids(search(tiny_index, "kirjasto zzzqqq")), "falls back to any word"


def test_facets_count_types(tiny_index):
    response = search(tiny_index, "kaupunginkanslia")
    assert response["facets"]["type"]["unit"] >= 1
    assert sum(response["facets"]["type"].values()) == response["total"]


@pytest.mark.parametrize("text", ["", "   ", "!!! ???", "*", "AND OR NOT", "a" * 5000, "\x00\ud800",
                                  "title:(foo", "💥🔥", "مرحبا", "库"])
def test_any_query_string_is_answered(tiny_index, text):
    response = search(tiny_index, text)
    assert response["total"] >= len(response["results"]) and isinstance(response["results"], list)
    assert set(response) == {"query", "total", "took_ms", "results", "facets"}
    assert response["query"]["language"] in SUPPORTED


def test_empty_query_builds_nothing(tiny_index):
    builder = QueryBuilder(tiny_index.schema)
    assert builder.build(understand("", Lexicon({}), lang="fi")) is None
    assert builder.terms == []
