"""The referral in the customer's language: every label translated, the city's names, the channels our
data has (with their source), a parent's channels when a unit has none, and advice when none has."""

import re

import pytest
from babel.messages.pofile import read_po

from analyzers.languages import SUPPORTED
from indexer.build import build
from search_app import create_app
from search_app.referral import LABELS, TRANSLATIONS, catalogue, city_name
from tests.conftest import TINY, write_corpus

PLACEHOLDER = re.compile(r"%\(\w+\)s")
MEASURE = "ohjelma-tyollisyys-ja-tyovoima-1.2"  # responsible: the Economic Development Department


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_label_is_translated_with_its_placeholders(lang):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "referral.po").open("rb") as f:
        catalog = read_po(f)
    for msgid in LABELS:
        message = catalog.get(msgid)
        assert message is not None and message.string and not message.fuzzy, f"{lang}: {msgid!r} missing"
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(msgid)), msgid
    assert catalogue(lang).gettext("Whom to contact") == catalog.get("Whom to contact").string, "compiled"


def test_names_are_the_citys_own():
    names = {"fi": "Työväenopisto", "sv": "Finska arbetarinstitutet", "en": "Helsinki Adult Education Centre"}
    assert city_name(names, "sv") == "Finska arbetarinstitutet"
    assert city_name(names, "so") == "Työväenopisto (Helsinki Adult Education Centre)"
    assert city_name({"fi": "Ohjaamo"}, "ar") == "Ohjaamo"


def app_on(root, units, measures=TINY["measures/ohjelma.yaml"]):
    files = {**TINY, "units/units.yaml": units, "measures/ohjelma.yaml": measures}
    corpus = write_corpus(root / "corpus", files)
    build(corpus, root / "ix", progress=False)
    app = create_app({"index_dir": str(root / "ix"), "corpus_dir": str(corpus),
                      "advice": [{"name": {"fi": "Neuvonta", "sv": "Rådgivning", "en": "Advice"},
                                  "url": "https://example.org/advice"}]})
    app.config["TESTING"] = True
    return app.test_client()


FOLLOW_UP = "Seurannassa todettiin, että sisäinen raportti on kesken."


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """The tiny corpus, the City Executive Office with a phone, a measure with internal follow-up."""
    units = [dict(u) for u in TINY["units/units.yaml"]]
    units[0] |= {"phone": "+358 9 310 1111", "contact_source": "a test's own data"}
    measures = [dict(m) for m in TINY["measures/ohjelma.yaml"]]
    measures[2] |= {"progress": FOLLOW_UP}
    return app_on(tmp_path_factory.mktemp("referral"), units, measures)


def referral(client, record_id, lang):
    response = client.get(f"/api/v1/referral?id={record_id}&lang={lang}")
    assert response.status_code == 200
    return response.get_json()


def test_a_unit_with_its_own_channel_in_somali(client):
    data = referral(client, "tyovaenopisto", "so")
    assert data["lang"] == "so" and data["dir"] == "ltr"
    assert "Työväenopisto (Helsinki Adult Education Centre)" in data["text"]
    assert "https://example.org/tyovaenopisto" in data["text"]
    assert f"{catalogue('so').gettext('Web address')}: https://example.org/tyovaenopisto" in data["text"]
    assert "/units/tyovaenopisto?ui=en" in data["text"], "the unit's page, in English for a Somali reader"


def test_arabic_reads_right_to_left_and_names_stay_as_the_city_writes_them(client):
    data = referral(client, "tyovaenopisto", "ar")
    assert data["dir"] == "rtl" and 'dir="rtl"' in data["html"] and 'lang="ar"' in data["html"]
    assert "Työväenopisto" in data["html"] and catalogue("ar").gettext("Whom to contact") in data["html"]


def test_a_unit_without_channels_gives_its_parents_and_says_so(client):
    data = referral(client, MEASURE, "sv")
    assert "Stadskansliets näringslivsavdelning" in data["text"]
    assert "+358 9 310 1111" in data["text"] and "Stadskansliet" in data["text"]
    assert "Vi har inga egna kontaktuppgifter för Stadskansliets näringslivsavdelning" in data["text"]
    assert "a test's own data" in data["text"], "every channel with its source"
    assert "/units/kaupunginkanslian-elinkeino-osasto?ui=sv" in data["text"]


def test_no_channel_anywhere_points_to_general_advice_and_invents_nothing(tmp_path):
    plain = app_on(tmp_path, TINY["units/units.yaml"])  # neither the department nor the office has any
    text = referral(plain, MEASURE, "en")["text"]
    assert "Our data has no contact details for Economic Development Department. Ask here instead:" in text
    assert "Advice: https://example.org/advice" in text
    assert not re.search(r"\+358|@|Street address|Phone", text), "no channel made up"


def test_bad_language_or_id(client):
    assert client.get("/api/v1/referral?id=tyovaenopisto&lang=xx").status_code == 400
    missing = client.get("/api/v1/referral?id=no-such&lang=fi")
    assert missing.status_code == 404 and missing.is_json


def test_the_handout_prints_the_referral_a_qr_code_and_the_date_but_no_follow_up(client):
    page = client.get("/records/ohjelma-lapset-ja-nuoret-1.2/handout?lang=so").get_data(as_text=True)
    assert '<html lang="so" dir="ltr">' in page and "<svg" in page
    assert catalogue("so").gettext("Whom to contact") in page and "+358 9 310 1111" in page
    assert FOLLOW_UP not in page, "the internal follow-up is not for the customer"
    assert re.search(r"\d{4}-\d{2}-\d{2}", page), "the date it was printed"
    arabic = client.get("/records/tyovaenopisto/handout?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic
    assert client.get("/records/ohjelma-lapset-ja-nuoret-1.2/handout?lang=xx").status_code == 400
