import pytest

from analyzers.languages import SUPPORTED


def ids(response):
    return [hit["id"] for hit in response["results"]]


def test_inflected_form_finds_base_form(tiny_engine):
    response = tiny_engine.search("työllisyyspalveluihin")
    assert ids(response)[0] == "ohjelma-tyollisyys-ja-tyovoima-1.2"
    assert response["query"]["terms"] == ["työllisyyspalvelu"]


def test_compound_part_finds_compound(tiny_engine):
    assert "ohjelma-tyollisyys-ja-tyovoima-1.2" in ids(tiny_engine.search("polku"))


def test_typed_without_dots(tiny_engine):
    assert ids(tiny_engine.search("tyollisyyspalvelut"))[0] == "ohjelma-tyollisyys-ja-tyovoima-1.2"
    assert "tyovaenopisto" in ids(tiny_engine.search("tyovaenopisto"))


def test_swedish_and_english_names(tiny_engine):
    assert ids(tiny_engine.search("biblioteken"))[0] == "service-2"
    assert ids(tiny_engine.search("library"))[0] == "service-2"


def test_records_with_all_words_come_before_those_with_any(tiny_engine):
    response = tiny_engine.search("kirjasto läksyapu")
    assert ids(response)[0] == "ohjelma-lapset-ja-nuoret-1.2"
    assert ids(response)[1:] == ["service-2"], "one result is topped up with any-word matches"
    assert response["total"] == 2 and response["facets"]["type"] == {"measure": 1, "service": 1}
    assert ids(tiny_engine.search("kirjasto zzzqqq")), "falls back to any word"


def test_facets_count_types(tiny_engine):
    response = tiny_engine.search("kaupunginkanslia")
    assert response["facets"]["type"]["unit"] >= 1
    assert sum(response["facets"]["type"].values()) == response["total"]


@pytest.mark.parametrize("text", ["", "   ", "!!! ???", "*", "AND OR NOT", "a" * 5000, "\x00\ud800",
                                  "title:(foo", "💥🔥", "مرحبا", "库", "İkamet izni", "İSTANBUL",
                                  "學習" * 200])
def test_any_query_string_is_answered(tiny_engine, text):
    response = tiny_engine.search(text)
    assert response["total"] >= len(response["results"]) and isinstance(response["results"], list)
    assert set(response) == {"query", "confidence", "total", "took_ms", "results", "facets"}
    assert response["confidence"] in ("high", "low")
    assert response["query"]["language"] in SUPPORTED


def test_empty_query_finds_nothing(tiny_engine):
    response = tiny_engine.search("")
    assert response["results"] == [] and response["total"] == 0 and response["query"]["match"] == "none"
    assert response["query"]["terms"] == []


def test_all_words_but_one_come_before_any_word(tiny_engine):
    response = tiny_engine.search("kirjasto läksyapu zzzqqq")
    assert response["query"]["match"] == "all_but_one"
    assert ids(response) == ["ohjelma-lapset-ja-nuoret-1.2", "service-2"], "two of three, then one"
    assert response["total"] == 2


@pytest.mark.parametrize(("query", "match"), [("kirjasto läksyapu", "all"), ("kirjasto zzzqqq", "any"),
                                              ("kirjsato läksyapua", "corrected"), ("zzzqqq", "none")])
def test_the_response_says_which_step_answered(tiny_engine, query, match):
    assert tiny_engine.search(query)["query"]["match"] == match


def test_filters_and_facets_count_the_same_records(tiny_engine):
    everything = tiny_engine.search("kirjasto")
    measures = tiny_engine.search("kirjasto", filters={"type": "measure"})
    assert everything["facets"]["type"] == {"service": 1, "measure": 1}
    assert ids(measures) == ["ohjelma-lapset-ja-nuoret-1.2"] and measures["total"] == 1
    assert tiny_engine.search("kirjasto", filters={"type": "unit"})["results"] == []


def test_a_repeated_request_is_answered_from_the_cache(tiny_engine, monkeypatch):
    first = tiny_engine.search("työllisyyspalvelut")
    monkeypatch.setattr(tiny_engine.backend, "rank", lambda *args: pytest.fail("ranked again"))
    again = tiny_engine.search("työllisyyspalvelut")
    assert ids(again) == ids(first) and again["query"] == first["query"]
    with pytest.raises(pytest.fail.Exception):
        tiny_engine.search("työllisyyspalvelut", limit=3)


def test_a_clear_match_is_sure_and_a_relaxed_one_is_not(tiny_engine):
    assert tiny_engine.search("kirjasto")["confidence"] == "high"
    assert tiny_engine.search("library", lang="en")["confidence"] == "high"  # the city's own translation
    relaxed = tiny_engine.search("kirjasto zzzqqq")
    assert relaxed["query"]["match"] == "any" and relaxed["confidence"] == "low"
    assert tiny_engine.search("zzzqqq")["confidence"] == "low"


def test_records_of_the_same_type_and_title_are_one_result(tmp_path):
    from indexer.build import build
    from search import open_engine
    from tests.conftest import TINY, write_corpus

    twins = [*TINY["services.yaml"],
             {"tree_id": 3, "parent": 1, "name": {"fi": "Kirjastot", "sv": "Bibliotek", "en": "Libraries"}}]
    corpus = write_corpus(tmp_path / "corpus", {**TINY, "services.yaml": twins})
    build(corpus, tmp_path / "ix", progress=False)
    response = open_engine(tmp_path / "ix").search("kirjastot")
    titled = [hit for hit in response["results"] if hit["title"] == "Kirjastot"]
    assert len(titled) == 1 and len(titled[0]["similar"]) == 1
    assert {titled[0]["id"], *titled[0]["similar"]} == {"service-2", "service-3"}
    assert response["total"] == len(response["results"]) + 1, "the collapsed record still counts"
