"""The HTML pages: search, record and unit pages and their errors, in Finnish, Swedish and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from markupsafe import escape

from indexer.build import build
from search_app import create_app
from search_app.pages import pagination
from tests.conftest import PROJECT, write_corpus

TRANSLATIONS = PROJECT / "search_app" / "translations"
LANGUAGES = ("fi", "sv", "en")
MEASURE = "ohjelma-tyollisyys-ja-tyovoima-1.2"
DEPARTMENT = "kaupunginkanslian-elinkeino-osasto"
# One URL of each kind of page, for the checks every page must pass.
PAGES = ["/", "/?q=kirjasto", "/?q=library&ui=en", f"/records/{MEASURE}", "/records/service-2?ui=sv",
         f"/units/{DEPARTMENT}", "/records/no-such-record", "/?q=x&limit=0"]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    missing = [lang for lang in LANGUAGES if not (TRANSLATIONS / lang / "LC_MESSAGES/messages.mo").exists()]
    if missing:
        pytest.fail(f"no compiled catalogue for {missing}: run `make translations`")
    root = tmp_path_factory.mktemp("pages")
    corpus = write_corpus(root / "corpus")
    build(corpus, root / "ix", progress=False)
    app = create_app({"index_dir": str(root / "ix"), "corpus_dir": str(corpus),
                      "advice": [{"record": "tyovaenopisto"}, {"name": {"fi": "InfoFinland"}}]})
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def html(client, url: str, status: int = 200, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == status, url
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("ui", "label", "button"), [("fi", "Hae millä kielellä tahansa", "Hae"),
                                                     ("sv", "Sök på vilket språk som helst", "Sök"),
                                                     ("en", "Search in any language", "Search")])
def test_search_page_in_each_interface_language(client, ui, label, button):
    page = html(client, f"/?ui={ui}")
    assert f'<html lang="{ui}">' in page
    assert label in page and f">{button}</button>" in page
    assert 'id="q"' in page and "autofocus" in page


def test_chosen_language_is_remembered(client):
    response = client.get("/?ui=sv")
    assert "ui=sv" in response.headers["Set-Cookie"]
    assert '<html lang="sv">' in html(client, "/")
    assert '<html lang="en">' in html(client, "/?ui=en")
    assert '<html lang="en">' in html(client, "/records/service-2")


def test_browser_language_when_none_is_chosen(app):
    page = html(app.test_client(), "/", headers={"Accept-Language": "sv-FI,sv;q=0.9"})
    assert '<html lang="sv">' in page
    assert '<html lang="fi">' in html(app.test_client(), "/", headers={"Accept-Language": "de"})


def test_language_switcher_keeps_the_query(client):
    page = html(client, "/?q=kirjasto")
    assert 'href="/?q=kirjasto&amp;ui=sv" lang="sv" hreflang="sv"' in page
    assert 'hreflang="fi" aria-current="true"' in page


@pytest.mark.parametrize(("ui", "label", "unit"), [
    ("fi", "Vastuutaho", "Kaupunginkanslian elinkeino-osasto"),
    ("sv", "Ansvarig enhet", "Stadskansliets näringslivsavdelning"),
    ("en", "Responsible unit", "Economic Development Department")])
def test_results_name_responsible_units_in_the_interface_language(client, ui, label, unit):
    page = html(client, f"/?q=työllisyyspalveluihin&ui={ui}")
    assert f'href="/records/{MEASURE}"' in page
    assert f"{label}:" in page
    assert f'<a href="/units/{DEPARTMENT}" lang="{ui}">{unit}</a>' in page


def test_measure_card_shows_type_programme_theme_and_number(client):
    page = html(client, "/?q=työllisyyspalveluihin&ui=en")
    assert '<p class="result-card__type">Measure</p>' in page
    assert "<dt>Programme</dt><dd>Programme</dd>" in page, "the programme's English name"
    assert '<dd lang="fi">Työllisyys ja työvoima</dd>' in page and "<dd>1.2</dd>" in page
    assert "<mark>" in page, "the snippet's marks are kept"


def test_filters_are_links_that_keep_the_query(client):
    page = html(client, "/?q=kirjasto&ui=en")
    assert 'href="/?q=kirjasto&amp;ui=en&amp;type=service">Service' in page
    assert 'href="/?q=kirjasto&amp;ui=en&amp;unit=kaupunginkanslia">City Executive Office' in page
    filtered = html(client, "/?q=kirjasto&ui=en&type=service")
    assert "/records/service-2" in filtered and "/records/ohjelma-lapset-ja-nuoret-1.2" not in filtered
    assert 'class="hds-tag hds-tag--link active-filters__tag" href="/?q=kirjasto&amp;ui=en"' in filtered


def test_pagination_links(client):
    first = html(client, "/?q=kirjasto&limit=1")
    assert 'rel="next"' in first and 'href="/?q=kirjasto&amp;limit=1&amp;offset=1"' in first
    assert 'rel="prev"' not in first
    second = html(client, "/?q=kirjasto&limit=1&offset=1")
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert re.search(r'offset=1" aria-current="page">\s*<span class="visually-hidden">Sivu</span> 2', second)
    assert "pagination" not in html(client, "/?q=kirjasto").split("</form>")[1], "one page needs none"


def test_pagination_offsets():
    pages = pagination(total=37, offset=10, limit=10)
    assert pages["current"] == 2 and pages["previous"] == 0 and pages["next"] == 20
    assert pages["pages"] == [(1, 0), (2, 10), (3, 20), (4, 30)]
    assert pagination(total=10, offset=0, limit=10) is None
    many = pagination(total=5000, offset=500, limit=10)
    assert many["pages"][0] == (48, 470) and many["first"]
    assert many["last"] == (101, 1000), "never past the largest offset the parameters allow"


def test_query_in_another_language_shows_the_finnish_terms(client):
    page = html(client, "/?q=library&ui=en")
    assert "Searched also for:" in page and "kirjasto" in page and "query language: English" in page
    assert "Haettiin myös" not in html(client, "/?q=kirjasto&ui=fi")


def test_corrected_query_and_did_you_mean(client, monkeypatch):
    assert "Näytetään tulokset haulle:" in html(client, "/?q=kirjsato&ui=fi")
    from search import Engine

    real = Engine.search

    def suggesting(self, *args, **kwargs):
        response = real(self, *args, **kwargs)
        return {**response, "query": {**response["query"], "suggestion": "kirjasto"}}

    monkeypatch.setattr(Engine, "search", suggesting)
    page = html(client, "/?q=kirjastot&ui=fi")
    assert 'Tarkoititko:\n      <a href="/?q=kirjasto&amp;ui=fi" lang="fi">kirjasto</a>' in page


def test_no_results(client):
    page = html(client, "/?q=xyzzyqwv&ui=en")
    assert "0 results" in page and "Nothing was found." in page
    past = html(client, "/?q=kirjasto&offset=900&ui=en")
    assert "This page is past the last result." in past and 'href="/?q=kirjasto&amp;ui=en"' in past


def test_measure_page(client):
    page = html(client, f"/records/{MEASURE}?ui=fi")
    assert "<h1" in page and "Työllisyyspalvelut vahvistavat" in page
    assert "Ulkomaalaistaustaiset työllistyvät nykyistä useammin." in page, "the goal"
    assert "<h2>Mittarit</h2>" in page and "varattu resurssi" in page
    assert f'<a href="/units/{DEPARTMENT}" lang="fi">Kaupunginkanslian elinkeino-osasto</a>' in page
    assert "Kaupunginkanslia, elinkeino-osasto" in page, "responsibility as the source words it"
    assert "Toimenpiteet</span>, rivi 3" in page, "provenance: the document's title and line"


def test_service_page_shows_its_place_in_the_tree_and_its_names(client):
    page = html(client, "/records/service-2?ui=en")
    assert 'class="hds-breadcrumb"' in page
    assert 'href="/records/service-1"\n                   lang="en">Culture and leisure</a>' in page
    assert '<span aria-current="page" lang="en">Libraries</span>' in page
    for lang, name in [("fi", "Kirjastot"), ("sv", "Bibliotek"), ("en", "Libraries")]:
        assert f'<dd lang="{lang}">{name}</dd>' in page


def test_a_unit_record_is_shown_on_its_unit_page(client):
    response = client.get("/records/kaupunginkanslia")
    assert response.status_code == 302 and response.location.endswith("/units/kaupunginkanslia")


def test_unit_page_lists_what_the_unit_is_responsible_for(client):
    page = html(client, f"/units/{DEPARTMENT}?ui=sv")
    assert '<h1 id="record-title" lang="sv" dir="auto">Stadskansliets näringslivsavdelning</h1>' in page
    assert '<span lang="fi">Kaupunginkanslian elinkeino-osasto</span>' in page
    assert '<span lang="en">Economic Development Department</span>' in page
    assert '<a href="/units/kaupunginkanslia" lang="sv">Stadskansliet</a>' in page, "the parent"
    assert "Åtgärder (2)" in page
    assert f'href="/records/{MEASURE}"' in page
    assert 'href="/records/ohjelma-tyollisyys-ja-tyovoima-1.3"' in page


def test_unit_page_gives_the_web_address(client):
    page = html(client, "/units/tyovaenopisto?ui=en")
    assert '<a class="hds-link" href="https://example.org/tyovaenopisto">' in page


@pytest.mark.parametrize("url", ["/records/no-such-record", "/units/no-such-unit", "/units/service-2",
                                 "/no/such/page"])
def test_unknown_addresses_are_a_translated_404_page(client, url):
    assert "Sidan hittades inte" in html(client, url + "?ui=sv", status=404)


def test_the_api_keeps_its_own_404(client):
    assert client.get("/api/v1/records/no-such-record").get_json()["error"]


@pytest.mark.parametrize(("query", "parameter", "message"), [
    ("q=x&limit=0", "limit", "must be a whole number from 1 to 50"),
    ("q=x&offset=-1", "offset", "must be a whole number from 0 to 1000"),
    ("q=" + "a" * 600, "q", "is longer than 500 characters"),
    ("q=x&lang=xx", "lang", "does not know the query language"),
    ("q=x&type=" + "t" * 400, "type", "The filter “type” is not valid.")])
def test_bad_parameters_are_a_400_page_naming_the_parameter(client, query, parameter, message):
    page = html(client, f"/?{query}&ui=en", status=400)
    assert f"<code>{parameter}</code>" in page and message in page


def test_no_index_is_a_503_page(tmp_path):
    client = create_app({"index_dir": str(tmp_path / "none")}).test_client()
    page = html(client, "/?q=kirjasto&ui=en", status=503)
    assert "The search is not available right now" in page and "python -m indexer build" in page
    assert str(tmp_path) not in page, "no server paths on a public page"
    assert "Who does what in integration?" in html(client, "/?ui=en"), "the front page needs no index"


@pytest.mark.parametrize("q", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
                               "{{ 7*7 }}", "%00%ff", "' OR 1=1 --"])
def test_any_query_renders_a_page_with_the_query_escaped(client, q):
    page = html(client, "/", query_string={"q": q})
    assert "<script>alert" not in page and "<img src=x" not in page
    assert f'value="{escape(q)}"' in page


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_a_csp_and_no_inline_script_or_style(client, url):
    response = client.get(url)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    page = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "every script is a file"
    assert not re.search(r"\son[a-z]+\s*=", page), "no inline event handlers"
    assert " style=" not in page


def test_right_to_left_query_keeps_dir_auto(client):
    page = html(client, "/", query_string={"q": "مكتبة"})
    assert re.search(r'<input[^>]*value="مكتبة" dir="auto"', page)
    assert 'class="result-card__snippet" lang="fi" dir="auto"' in page
    assert "kirjasto" in page, "the Finnish terms searched"


def test_referral_is_offered_in_each_of_the_13_languages(client):
    page = html(client, f"/records/{MEASURE}?ui=fi")
    assert "Kopioi ohjausteksti" in page and "<textarea" in page
    assert len(re.findall(r'<option value="(\w\w)"', page)) == 13
    assert re.search(r'<textarea[^>]*lang="fi" dir="ltr">Toimenpide: 1.2 Työllisyyspalvelut', page)
    assert re.search(r'<option value="ar" lang="ar" data-dir="rtl"', page)
    assert f'data-url="/api/v1/referral?id={MEASURE}"' in page, "the others come from the API when chosen"
    swedish = client.get(f"/api/v1/referral?id={MEASURE}&lang=sv").get_json()["text"]
    assert swedish.startswith("Åtgärd: 1.2 Työllisyyspalvelut")
    assert "\nKontakta: Stadskansliets näringslivsavdelning" in swedish
    assert f'href="/records/{MEASURE}/handout?lang=fi"' in page


def test_referral_of_a_unit_has_its_web_address(client):
    page = html(client, "/units/tyovaenopisto?ui=en")
    contact = "Whom to contact: Helsinki Adult Education Centre\nWeb address: https://example.org/tyovaenopisto"
    assert contact in page


def test_design_system_is_served_from_its_package(client, app):
    if not (Path(app.config["SEARCH"]["assets_dir"]) / "hds-core").exists():
        pytest.skip("hds-core is not installed (make install)")
    response = client.get("/assets/hds/base.min.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    response.close()
    assert client.get("/assets/hds/../../package.json").status_code == 404


def test_catalogues_have_every_string_translated(tmp_path, monkeypatch):
    monkeypatch.chdir(PROJECT)
    template = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "babel.cfg", "-k", "_l",
                                "-o", str(template), "search_app"])
    wanted = {m.id for m in read_catalogue(template) if m.id}
    for lang in ("fi", "sv"):
        catalogue = read_catalogue(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
        translated = {m.id for m in catalogue if m.id and m.string and all(m.string) and not m.fuzzy}
        assert wanted <= translated, f"{lang}: untranslated {sorted(map(str, wanted - translated))}"
        assert not [error for _message, errors in catalogue.check() for error in errors]


def read_catalogue(path: Path):
    with path.open("rb") as file:
        return read_po(file)


@pytest.mark.parametrize(("ui", "heading"), [("fi", "Nämä tulokset eivät ehkä vastaa kysymykseesi"),
                                            ("sv", "De här resultaten kanske inte svarar på din fråga"),
                                            ("en", "These results may not answer your question")])
def test_a_page_without_a_clear_answer_says_so_and_points_to_people(app, ui, heading):
    client = app.test_client()
    unsure = client.get(f"/?q=zzzqqq+kirjasto&ui={ui}").get_data(as_text=True)
    assert heading in unsure and 'href="https://example.org/tyovaenopisto"' in unsure
    assert "InfoFinland" in unsure, "an advice channel without an address is named, not linked"
    assert heading not in client.get(f"/?q=kirjasto&ui={ui}").get_data(as_text=True)
