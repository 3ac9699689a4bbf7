import json

from indexer.register import services_from_tree, unit_from_register
from tests.conftest import PROJECT

SERVICE_DATA = PROJECT.parent / "shared" / "service-data"
TREE = [
    {"id": 2, "parent_id": 1, "name_fi": "Kirjastot", "name_sv": "Bibliotek", "name_en": "Libraries",
     "child_ids": [], "extra_searchwords_fi": "kirjasto"},
    {"id": 1, "name_fi": "Kulttuuri", "name_sv": "Kultur", "name_en": "Culture", "child_ids": [2]},
]


def test_services_from_tree():
    assert services_from_tree(TREE) == [
        {"tree_id": 1, "name": {"fi": "Kulttuuri", "sv": "Kultur", "en": "Culture"}},
        {"tree_id": 2, "name": {"fi": "Kirjastot", "sv": "Bibliotek", "en": "Libraries"}, "parent": 1,
         "searchwords": {"fi": "kirjasto"}},
    ]


def test_unit_from_register_record():
    unit = {
        "id": 42284, "name_fi": "Talin jalkapallohalli", "name_sv": "Tal fotbollshall",
        "name_en": "Tali football hall", "street_address_fi": "Purotie 8", "address_zip": "00380",
        "address_city_fi": "Helsinki", "phone": "+358 9 310 87703", "ontologytree_ids": [615],
        "displayed_service_owner_fi":
            "kunnallinen palvelu, Kulttuurin ja vapaa-ajan toimiala, Helsingin kaupunki",
        "connections": "[{'section_type': 'LINK', 'www_fi': 'https://example.org/tali'}]",
    }
    record = unit_from_register(unit)
    assert record["name"]["sv"] == "Tal fotbollshall"
    assert record["address"] == {"fi": "Purotie 8, 00380 Helsinki"}
    assert record["parent"] == "kulttuurin-ja-vapaa-ajan-toimiala"
    assert record["url"] == "https://example.org/tali"
    assert record["services"] == [615] and record["tpr_id"] == 42284


def test_bundled_register_units_were_imported_from_the_service_data():
    for tpr_id in (41102, 42284):
        source = PROJECT / "corpus" / "data" / "units" / f"register-{tpr_id}.yaml"
        assert f"tpr_id: {tpr_id}" in source.read_text("utf-8")
    raw = json.loads((SERVICE_DATA / "unit-41102.json").read_text("utf-8"))
    assert unit_from_register(raw)["name"]["fi"] == "Yrjönkadun uimahalli"
