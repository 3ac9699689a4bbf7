"""The JSON API: every route and error path, and every response checked against the OpenAPI document."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import EnvironBuilder

from indexer.build import build
from indexer.pgstore import load_build
from search_app import create_app
from tests.pgcluster import Cluster

ADVICE = [{"record": "tyovaenopisto"}, {"name": {"fi": "Neuvonta", "sv": "Rådgivning", "en": "Advice"}},
          {"record": "no-such-record"}]


@pytest.fixture(scope="module", params=["whoosh", "postgresql"])
def app(request, tmp_path_factory):
    """The app on the tiny corpus, once on each backend (PostgreSQL: a throwaway cluster)."""
    from tests.conftest import write_corpus

    root = tmp_path_factory.mktemp("api")
    corpus = write_corpus(root / "corpus")
    build(corpus, root / "ix", progress=False)
    settings = {"index_dir": str(root / "ix"), "corpus_dir": str(corpus), "cors_origins": ["https://www.hel.fi"],
                "advice": ADVICE}
    cluster = None
    if request.param == "postgresql":
        cluster = Cluster()
        cluster.start_primary()
        load_build(root / "ix", cluster.primary.url)
        settings |= {"backend": "postgresql", "database_url": cluster.primary.url}
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app
    if cluster:
        cluster.stop()


@pytest.fixture(scope="module")
def spec(app):
    return OpenAPI.from_dict(app.test_client().get("/api/v1/openapi.json").get_json())


@pytest.fixture
def get(app, spec):
    """GET a URL and validate request and response against the OpenAPI document."""
    client = app.test_client()

    def _get(url, **kwargs):
        response = client.get(url, **kwargs)
        request = EnvironBuilder(path=url.split("?")[0], query_string=url.partition("?")[2],
                                 base_url="http://localhost").get_request()
        spec.validate_response(WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(response))
        return response

    return _get


def test_search_follows_the_contract(get):
    data = get("/api/v1/search?q=kirjasto&limit=5").get_json()
    assert data["results"][0]["id"] in {"service-2", "ohjelma-lapset-ja-nuoret-1.2"}
    assert set(data["facets"]) == {"type", "programme", "theme", "unit"}


def test_filters_and_offset(get):
    everything = get("/api/v1/search?q=kaupunginkanslia").get_json()
    units = get("/api/v1/search?q=kaupunginkanslia&type=unit").get_json()
    assert units["total"] == everything["facets"]["type"]["unit"]
    assert {hit["type"] for hit in units["results"]} == {"unit"}
    second = get("/api/v1/search?q=kaupunginkanslia&limit=1&offset=1").get_json()
    assert second["results"][0]["id"] == everything["results"][1]["id"]
    by_unit = get("/api/v1/search?q=työllisyyspalvelut&unit=kaupunginkanslian-elinkeino-osasto").get_json()
    assert by_unit["results"] and all(
        "kaupunginkanslian-elinkeino-osasto" in [u["id"] for u in hit["units"]] for hit in by_unit["results"])


def test_record_and_unit(get):
    record = get("/api/v1/records/ohjelma-tyollisyys-ja-tyovoima-1.2").get_json()
    assert record["number"] == "1.2" and record["units"][0]["name"]["sv"]
    unit = get("/api/v1/units/kaupunginkanslia").get_json()
    assert unit["name"] == {"fi": "Kaupunginkanslia", "sv": "Stadskansliet", "en": "City Executive Office"}
    assert "ohjelma-lapset-ja-nuoret-1.2" in [r["id"] for r in unit["responsible_for"]]


@pytest.mark.parametrize("url", ["/api/v1/records/nope", "/api/v1/units/nope",
                                 "/api/v1/units/ohjelma-tyollisyys-ja-tyovoima-1.2"])
def test_unknown_ids_are_404_json(get, url):
    response = get(url)
    assert response.status_code == 404
    assert url.rsplit("/", 1)[1] in response.get_json()["error"]["message"]


def test_suggest(get):
    titles = [s["title"] for s in get("/api/v1/suggest?q=tyovaen").get_json()["suggestions"]]
    assert titles[0] == "Työväenopisto", "units first; typed without dots"
    assert "1.3 Kehitetään kaikille avointa S2-tarjontaa työväenopistossa" in titles
    assert get("/api/v1/suggest?q=k").get_json() == {"suggestions": []}


@pytest.mark.parametrize(("query", "parameter"), [
    ("limit=0", "limit"), ("limit=51", "limit"), ("limit=x", "limit"), ("offset=-1", "offset"),
    ("offset=99999", "offset"), ("q=" + "a" * 600, "q"), ("q=x&lang=xx", "lang"), ("q=x&ui=ru", "ui"),
    ("q=x&type=" + "t" * 400, "type"),
])
def test_bad_parameters_are_400_naming_the_parameter(app, query, parameter):
    response = app.test_client().get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


@pytest.mark.parametrize("q", ["", "*", "title:(x", "\x00", "%", "<script>", "مرحبا", "库", "a" * 500,
                               "' OR 1=1 --"])
def test_no_query_string_is_a_server_error(app, q):
    response = app.test_client().get("/api/v1/search", query_string={"q": q})
    assert response.status_code == 200


def test_bytes_that_are_not_utf8_are_not_a_server_error(app):
    assert app.test_client().get("/api/v1/search?q=%ED%A0%80%FF").status_code == 200


def test_health_and_readiness(get):
    assert get("/healthz").get_json() == {"status": "ok"}
    assert get("/readyz").get_json()["records"] == 9


def test_cross_origin_calls_only_from_configured_origins(app):
    client = app.test_client()
    allowed = client.get("/api/v1/search?q=x", headers={"Origin": "https://www.hel.fi"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://www.hel.fi"
    other = client.get("/api/v1/search?q=x", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_security_headers(app):
    headers = app.test_client().get("/api/v1/search?q=x").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_a_search_without_a_clear_answer_says_so_and_names_where_to_ask(get):
    sure = get("/api/v1/search?q=kirjasto").get_json()
    assert sure["confidence"] == "high" and sure["advice"] == []
    unsure = get("/api/v1/search?q=zzzqqq%20kirjasto").get_json()
    assert unsure["confidence"] == "low"
    assert unsure["advice"] == [
        {"id": "tyovaenopisto", "type": "unit", "url": "https://example.org/tyovaenopisto",
         "name": {"fi": "Työväenopisto", "sv": "Finska arbetarinstitutet",
                  "en": "Helsinki Adult Education Centre"}},
        {"id": None, "type": None, "url": None, "name": ADVICE[1]["name"]}]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=500), limit=st.one_of(st.none(), st.text(max_size=4), st.integers(-5, 80).map(str)),
       offset=st.one_of(st.none(), st.text(max_size=4)), kind=st.one_of(st.none(), st.text(max_size=12)),
       ui=st.sampled_from([None, "fi", "sv", "en", "xx"]))
def test_any_request_gets_an_answer_the_contract_allows(get, q, limit, offset, kind, ui):
    """Fuzzed search requests: every answer is a 200 or a 400 that the OpenAPI document describes."""
    params = {"q": q, "limit": limit, "offset": offset, "type": kind, "ui": ui}
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items() if v is not None)
    response = get(f"/api/v1/search?{query}")
    assert response.status_code in (200, 400) and response.is_json


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record_id=st.text(st.characters(codec="utf-8", exclude_characters="/"), min_size=1, max_size=40))
def test_any_id_gets_a_json_answer(get, record_id):
    """(An id with an encoded "/" is a path the document does not have: test_hardening checks it.)"""
    for route in ("records", "units"):
        response = get(f"/api/v1/{route}/{quote(record_id, safe='')}")
        assert response.status_code in (200, 404) and response.is_json
