from collections import Counter

import yaml

from corpus import load_corpus
from indexer.records import index_records
from tests.conftest import PROJECT, TINY, write_corpus


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

HOURS = {"fi": "ma–pe 8–16", "sv": "mån–fre 8–16", "en": "Mon–Fri 8–16"}
REGISTER = "service register (TPR) unit 7, modified 2024-01-02"


def corpus_with(tmp_path, units=None, measures=None):
    files = yaml.safe_load(yaml.safe_dump(TINY, allow_unicode=True))
    files["units/units.yaml"] += units or []
    files["measures/ohjelma.yaml"] += measures or []
    return {r["id"]: r for r in index_records(load_corpus(write_corpus(tmp_path, files)))}


def test_a_unit_carries_its_contacts_each_with_its_source(tmp_path):
    unit = {"name": {"fi": "Neuvonta", "sv": "Rådgivning", "en": "Advice"}, "parent": "kaupunginkanslia",
            "phone": "09 310 1", "email": "neuvonta@hel.fi", "url": "https://hel.fi/neuvonta",
            "address": {"fi": "Katu 1, 00100 Helsinki", "sv": "Gatan 1, 00100 Helsingfors"},
            "opening_hours": HOURS, "languages": ["fi", "sv", "en"], "tpr_id": 7,
            "contact_source": {"phone": "document doc-c, line 1", "email": REGISTER, "address": REGISTER,
                               "url": REGISTER, "opening_hours": REGISTER, "languages": REGISTER}}
    record = corpus_with(tmp_path, units=[unit])["neuvonta"]
    assert record["contacts"] == [
        {"channel": "phone", "value": "09 310 1", "source": "document doc-c, line 1"},
        {"channel": "email", "value": "neuvonta@hel.fi", "source": REGISTER},
        {"channel": "address", "value": {"fi": "Katu 1, 00100 Helsinki", "sv": "Gatan 1, 00100 Helsingfors"},
         "source": REGISTER},
        {"channel": "url", "value": "https://hel.fi/neuvonta", "source": REGISTER},
        {"channel": "hours", "value": HOURS, "source": REGISTER},
    ]
    assert record["languages"] == ["fi", "sv", "en"] and record["parent"] == "kaupunginkanslia"
    assert record["opening_hours"] == HOURS and record["phone"] == "09 310 1", "the flat fields stay"


def test_a_channel_without_a_source_is_no_contact(tmp_path):
    units = [dict(u) for u in TINY["units/units.yaml"]]
    units[2].pop("contact_source")
    unit = records(write_corpus(tmp_path, TINY | {"units/units.yaml": units}))["tyovaenopisto"]
    assert unit["url"] == "https://example.org/tyovaenopisto"
    assert unit["contacts"] == [] and unit["languages"] == []
    assert unit["parent"] is None


def test_units_and_services_are_linked_both_ways(tmp_path):
    unit = {"name": {"fi": "Kirjasto Kallio"}, "services": [2, 99, 2]}
    by_id = corpus_with(tmp_path, units=[unit])
    assert by_id["kirjasto-kallio"]["services"] == ["service-2"], "99 is not in our tree"
    assert by_id["service-2"]["providers"] == ["kirjasto-kallio"]
    assert by_id["service-1"]["providers"] == []


def test_a_record_names_the_units_its_text_mentions(tmp_path):
    measure = {"programme": "ohjelma", "theme": "Lapset ja nuoret", "number": "2.1",
               "text": "Kursseja järjestetään yhdessä Työväenopiston kanssa.",
               "progress": "Ohjaamossa istuu kuljettaja; kirjastot auttavat.",
               "responsible": "Kaupunginkanslia", "sources": [{"document": "doc-a", "line": 2}]}
    by_id = corpus_with(tmp_path, measures=[measure])
    assert by_id["ohjelma-lapset-ja-nuoret-2.1"]["mentions"] == [
        {"id": "tyovaenopisto", "name": {"fi": "Työväenopisto", "sv": "Finska arbetarinstitutet",
                                         "en": "Helsinki Adult Education Centre"}}]
    responsible = by_id["ohjelma-tyollisyys-ja-tyovoima-1.3"]
    assert "tyovaenopisto" in [u["id"] for u in responsible["units"]]
    assert responsible["mentions"] == [], "a responsible unit is not 'also named'"
    assert all("mentions" in r for r in by_id.values())


def test_services_of_the_same_name_say_where_they_are_in_the_tree():
    exported = list(index_records(load_corpus(PROJECT / "corpus" / "data")))
    services = [r for r in exported if r["type"] == "service"]
    names = Counter(r["title"] for r in services)
    twins = [r for r in services if r["title"] == "Asuntotuotanto"]
    assert names["Asuntotuotanto"] == len(twins) >= 2
    paths = [tuple(step["fi"] for step in r["path"]) for r in twins]
    assert len(set(paths)) == len(paths), "each twin has a path of its own"
    for record in twins:
        assert record["path"][-1]["id"] == record["id"] and record["path"][0]["fi"] != record["title"]
        assert all({"fi", "sv", "en"} <= set(step) for step in record["path"])


def test_bundled_register_units_provide_their_services():
    by_id = {r["id"]: r for r in index_records(load_corpus(PROJECT / "corpus" / "data"))}
    hall = by_id["talin-jalkapallohalli"]
    assert hall["services"] == ["service-615"] and by_id["service-615"]["providers"] == [hall["id"]]
    assert [c["channel"] for c in hall["contacts"]] == ["phone", "email", "address", "url", "hours"]
    assert hall["languages"] == ["fi", "sv"]
    assert {m["id"] for m in by_id["kotouttamisohjelma-4.10"]["mentions"]} == {"tyovaenopisto"}
