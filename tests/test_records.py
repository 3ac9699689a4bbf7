from corpus import load_corpus
from indexer.records import index_records


def records(tiny_corpus):
    return {r["id"]: r for r in index_records(load_corpus(tiny_corpus))}


def test_measure_record_shape(tiny_corpus):
    record = records(tiny_corpus)["ohjelma-tyollisyys-ja-tyovoima-1.3"]
    assert record["type"] == "measure"
    assert record["title"].startswith("1.3 Kehitetään kaikille avointa S2-tarjontaa")
    assert record["source"] == {"document": "doc-a", "section": "Työllisyys ja työvoima", "number": "1.3"}
    assert [u["name"]["sv"] for u in record["units"]] == ["Stadskansliets näringslivsavdelning",
                                                         "Finska arbetarinstitutet"]
    assert "Työväenopiston S2-opetuksen tuntimäärä" in record["text"]


def test_service_record_has_its_place_in_the_tree(tiny_corpus):
    record = records(tiny_corpus)["service-2"]
    assert [p["fi"] for p in record["path"]] == ["Kulttuuri ja vapaa-aika", "Kirjastot"]
    assert record["fields"]["names_sv"] == "Bibliotek"
    assert record["parent"] == "service-1"


def test_unit_record_names_itself_in_three_languages(tiny_corpus):
    record = records(tiny_corpus)["kaupunginkanslian-elinkeino-osasto"]
    assert record["units"][0]["name"]["en"] == "Economic Development Department"
    assert record["parent_name"]["fi"] == "Kaupunginkanslia"
