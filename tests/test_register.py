import json

from indexer.register import services_from_tree, unit_from_register
from tests.conftest import PROJECT

SERVICE_DATA = PROJECT / "corpus" / "register"  # the two real register units
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


def real_unit(tpr_id: int) -> dict:
    return json.loads((SERVICE_DATA / f"unit-{tpr_id}.json").read_text("utf-8"))


def test_every_contact_channel_of_a_register_unit_carries_its_source():
    record = unit_from_register(real_unit(41102))
    assert record["phone"] == "+358 9 310 87401"
    assert record["address"]["sv"] == "Georgsgatan 21 b, 00100 Helsingfors"
    assert record["languages"] == ["fi", "sv"]
    assert record["contact_source"] == "service register (TPR) unit 41102, modified 2023-11-13"
    assert "email" not in record, "the register gives this unit no e-mail; none is made up"


def test_opening_hours_are_the_opening_hours_connections_in_each_language():
    hours = unit_from_register(real_unit(41102))["opening_hours"]
    assert set(hours) == {"fi", "sv", "en"}
    parts = hours["fi"].split("\n\n")
    assert len(parts) == 3, "three OPENING_HOURS connections, a blank line between them"
    assert parts[0].startswith("Naiset (uintiaika 2 h):\n- ma\n     12.00-20.00 1. kerros")
    assert parts[2] == "Yrjönkadun uimahalli suljetaan vuodenvaihteessa 2023 perusparannuksen vuoksi."
    assert "Cafe Yrjö" not in hours["fi"], "OTHER_INFO is not opening hours"
    assert unit_from_register(real_unit(42284))["opening_hours"]["en"].endswith("Mon - Sun 8.00 - 22.00")


def test_an_accessibility_email_says_so_in_its_source():
    record = unit_from_register(real_unit(42284))
    assert record["email"] == "talin.liikuntapuisto@hel.fi"
    sources = record["contact_source"]
    assert sources["email"] == ("service register (TPR) unit 42284 (its accessibility contact e-mail), "
                                "modified 2023-09-08")
    assert sources["phone"] == sources["url"] == "service register (TPR) unit 42284, modified 2023-09-08"
    assert set(sources) == {"phone", "email", "address", "url", "opening_hours", "languages"}


def test_phones_of_connections_are_not_the_units_phone():
    """The register's PHONE_OR_EMAIL connections are a desk's or a person's, not the unit's."""
    text = json.dumps(unit_from_register(real_unit(42284))) + json.dumps(unit_from_register(real_unit(41102)))
    assert "+358 1 123 12345" not in text and "Kara Koskinen" not in text and "+358 9 310 24713" not in text


def test_a_unit_without_contacts_has_no_contact_source():
    record = unit_from_register({"id": 7, "name_fi": "Yksikkö"})
    assert record == {"name": {"fi": "Yksikkö"}, "tpr_id": 7, "aliases": []}
