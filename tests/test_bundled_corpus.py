"""The bundled corpus end to end: what the index issue's 'done when' promises."""

from collections import Counter

import pytest


@pytest.fixture(scope="module")
def exported(bundled_engines):
    return list(bundled_engines.backend.every_record())


def test_export_counts(exported):
    measures = Counter(r["programme"] for r in exported if r["type"] == "measure" and r["kind"] == "measure")
    assert measures["kotoutuminen-2022-2025"] >= 47
    assert measures["kotouttamisohjelma"] >= 60
    types = Counter(r["type"] for r in exported)
    assert types["service"] == 1530 and types["guidance"] >= 10 and types["indicator"] >= 7


def test_every_measure_names_units_in_three_languages(exported):
    for record in exported:
        if record["type"] == "measure":
            assert record["units"], record["id"]
            for unit in record["units"]:
                assert all(unit["name"][lang] for lang in ("fi", "sv", "en")), unit


def test_no_record_twice_because_of_the_ocr_copy(exported, bundled_engines):
    assert bundled_engines.info["duplicates"] == {"004_0409ad20bd2a48c2": "001_4dbe3307cfa3304b"}
    first_sources = Counter(r["sources"][0]["document"] for r in exported if r.get("sources"))
    assert "004_0409ad20bd2a48c2" not in first_sources
    texts = Counter(r["text"] for r in exported if r["type"] == "measure")
    assert texts.most_common(1)[0][1] == 1
    measure = next(r for r in exported if r["id"] == "kotoutuminen-2022-2025-tyollisyys-ja-tyovoima-3.2")
    assert [s["document"] for s in measure["sources"]] == ["001_4dbe3307cfa3304b", "004_0409ad20bd2a48c2"]


def test_measures_stated_twice_are_one_record_with_both_texts(exported):
    measure = next(r for r in exported if r["id"] == "kotouttamisohjelma-9.6")
    documents = [s["document"] for s in measure["sources"]]
    assert documents == ["002_c9899e1196bdeae5", "000_12e3fd32f571a72e"]
    assert "Kalasatama" in measure["sources"][1]["text"]


@pytest.mark.parametrize(("query", "contains"), [
    ("työllisyyspalveluihin", "työllisyyspalvel"),
    ("palvelupolku", "palvelupol"),
    ("tyollisyyspalvelut", "työllisyyspalvel"),
    ("S2-opetus", "s2-opetu"),
    ("kouluterveyskyselyn", "kouluterveyskysely"),
])
def test_forms_find_records_with_other_forms(bundled_engines, query, contains):
    response = bundled_engines.search(query, limit=5, fields=("text",))
    assert response["results"]
    for hit in response["results"][:3]:
        assert contains in hit["text"].lower(), (query, hit["id"])


def test_measure_number_is_searchable(bundled_engines):
    hits = bundled_engines.search("4.10")["results"]
    assert "kotouttamisohjelma-4.10" in [hit["id"] for hit in hits[:3]]


def _top(engine, query, n=3, **kwargs):
    response = engine.search(query, limit=n, fields=("text",), **kwargs)
    return response, [f"{h['title']} {h['text']}".lower() for h in response["results"]]


@pytest.mark.slow
@pytest.mark.parametrize(("query", "language", "phrases"), [
    ("anonymous recruitment", "en", ["anonyymi"]),
    ("курсы финского языка", "ru", ["suomen ja ruotsin kielen kurssit", "s2-opetu", "suomi toisena kiel"]),
    ("芬兰语课程", "zh", ["suomen ja ruotsin kielen kurssit", "s2-opetu", "suomi toisena kiel"]),
    ("图书馆", "zh", ["kirjasto"]),
    ("raamatukogu", "et", ["kirjasto"]),
    ("anställning av invandrare", "sv", ["työ"]),
    ("کتابخانه", "fa", ["kirjasto"]),
])
def test_a_query_in_another_language_finds_finnish_records(bundled_engines, query, language, phrases):
    response, texts = _top(bundled_engines, query)
    assert response["query"]["language"] == language
    assert any(p in texts[0] for p in phrases), response["query"]["terms"]
    assert sum(any(p in text for p in phrases) for text in texts) >= 2


@pytest.mark.slow
def test_a_phrase_is_translated_whole(bundled_engines):
    response, _ = _top(bundled_engines, "language course", lang="en")
    assert "kielikurssi" in response["query"]["terms"]


@pytest.mark.slow
@pytest.mark.parametrize(("dotted", "dotless"), [
    ("työväenopisto", "tyovaenopisto"), ("kotivanhempien kielikurssit", "kotivanhempien kielikurssit"),
    ("työllisyyspalvelut", "tyollisyyspalvelut"), ("maahanmuuttajanuorten työkokemus",
                                                   "maahanmuuttajanuorten tyokokemus"),
    ("läksykerho", "laksykerho"),
])
def test_typing_without_dots_finds_the_same(bundled_engines, dotted, dotless):
    ids = [[h["id"] for h in bundled_engines.search(q, limit=10)["results"]] for q in (dotted, dotless)]
    assert ids[0] and ids[0] == ids[1]


@pytest.mark.slow
def test_a_misspelt_query_is_searched_corrected(bundled_engines):
    response, texts = _top(bundled_engines, "varhaiskasvtus")
    assert response["query"]["corrected"] == "varhaiskasvatus"
    assert all("varhaiskasvatu" in text for text in texts)
