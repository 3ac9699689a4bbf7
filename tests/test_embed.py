"""The widget's script, the /embed iframe page and the API's CORS for partner sites."""

import pytest

from indexer.build import build
from search_app import create_app

PARTNER = "https://partner.example"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from tests.conftest import write_corpus

    root = tmp_path_factory.mktemp("embed")
    corpus = write_corpus(root / "corpus")
    build(corpus, root / "ix", progress=False)
    app = create_app({"index_dir": str(root / "ix"), "corpus_dir": str(corpus), "cors_origins": [PARTNER]})
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def test_widget_is_cacheable_javascript(client):
    with client.get("/embed/widget.js") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/javascript"
        assert response.headers["X-Content-Type-Options"] == "nosniff", "so the type must be right"
        assert response.cache_control.max_age == 3600 and response.cache_control.public
        assert "attachShadow" in response.get_data(as_text=True)


@pytest.mark.parametrize(("lang", "words"), [("fi", "Vastuutaho:"), ("sv", "Ansvarig:"),
                                             ("en", "Responsible:")])
def test_embed_page_in_the_interface_language(client, lang, words):
    page = client.get(f"/embed?lang={lang}&q=kirjasto").get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert words in page and "Kirjastot" in page
    assert 'target="_blank" rel="noopener"' in page


def test_embed_page_names_units_in_its_language(client):
    page = client.get("/embed?lang=sv&q=työllisyyspalvelut").get_data(as_text=True)
    assert "Stadskansliets näringslivsavdelning" in page
    assert "Kaupunginkanslian elinkeino-osasto" not in page


def test_embed_lang_is_the_interface_not_the_query_language(client):
    """An English query in the Finnish iframe is still detected as English."""
    page = client.get("/embed?lang=fi&q=library").get_data(as_text=True)
    assert "Kirjastot" in page


def test_embed_page_without_a_query_is_just_the_form(client):
    response = client.get("/embed")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<form role="search"' in page and 'role="status"' not in page
    assert '<html lang="fi">' in page


def test_embed_page_is_frameable_by_any_site(client):
    response = client.get("/embed?lang=en")
    assert "X-Frame-Options" not in response.headers
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp, "only framing is relaxed"


def test_other_pages_are_still_not_frameable(client):
    response = client.get("/healthz")
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("query", ['lang="><script>alert(1)</script>', "lang=fi&q=<script>alert(1)</script>",
                                   'lang=fi&q="><img src=x onerror=alert(1)>'])
def test_embed_page_escapes_what_it_is_given(client, query):
    response = client.get(f"/embed?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "<script" not in page.replace('<script src="/static/embed.js" defer></script>', "")


def test_a_hostile_lang_falls_back_to_finnish(client):
    page = client.get('/embed?lang="><script>alert(1)</script>').get_data(as_text=True)
    assert '<html lang="fi">' in page


def test_a_bad_parameter_is_a_400_page(client):
    response = client.get("/embed?lang=en&limit=x")
    assert response.status_code == 400
    assert "limit must be a whole number" in response.get_data(as_text=True)


def test_an_allowed_origin_may_call_the_api(client):
    response = client.get("/api/v1/search?q=kirjasto", headers={"Origin": PARTNER})
    assert response.headers["Access-Control-Allow-Origin"] == PARTNER


def test_an_unlisted_origin_may_not(client):
    response = client.get("/api/v1/search?q=kirjasto", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_the_pages_are_not_opened_to_other_origins(client):
    response = client.get("/embed?q=kirjasto", headers={"Origin": PARTNER})
    assert "Access-Control-Allow-Origin" not in response.headers
