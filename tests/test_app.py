import pytest

from indexer.build import build
from search_app import create_app


@pytest.fixture
def client(tiny_corpus, tmp_path):
    build(tiny_corpus, tmp_path / "ix", progress=False)
    app = create_app({"index_dir": str(tmp_path / "ix"), "corpus_dir": str(tiny_corpus)})
    app.config["TESTING"] = True
    return app.test_client()


def test_api_search(client):
    data = client.get("/api/v1/search?q=työllisyyspalveluihin").get_json()
    assert data["results"][0]["id"] == "ohjelma-tyollisyys-ja-tyovoima-1.2"
    assert data["results"][0]["units"][0]["name"]["sv"] == "Stadskansliets näringslivsavdelning"


def test_api_follows_the_search_contract(client):
    data = client.get("/api/v1/search?q=library&lang=en&limit=5").get_json()
    assert data["query"] == {"text": "library", "language": "en", "language_source": "given",
                             "terms": data["query"]["terms"], "corrected": None, "suggestion": None,
                             "match": "all", "semantic": False, "partial": False}
    assert "kirjasto" in data["query"]["terms"]
    hit = data["results"][0]
    assert hit["id"] == "service-2" and "<mark>" in hit["snippet"]
    assert set(hit["source"]) == {"document", "section", "number"}
    assert data["facets"]["type"] == {"service": 1, "measure": 1}, "the Kirjastot service and the measure"


def test_interface_language_is_the_prior_for_detection(client):
    assert client.get("/api/v1/search?q=Xyzzq&ui=sv").get_json()["query"]["language"] == "sv"
    assert client.get("/api/v1/search?q=kirjasto").get_json()["query"]["language_source"] == "detected"


@pytest.mark.parametrize(("query", "parameter"), [("limit=0", "limit"), ("limit=x", "limit"),
                                                   ("q=" + "a" * 600, "q"), ("q=x&lang=xx", "lang"),
                                                   ("q=x&ui=ru", "ui")])
def test_bad_parameters_are_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


def test_search_page_shows_results_with_units_escaped(client):
    page = client.get("/?q=kirjasto").get_data(as_text=True)
    assert "Kirjastot" in page and "Vastuutaho" in page
    page = client.get("/?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json()["records"] == 9


def test_no_index_is_503_with_a_message(tmp_path):
    app = create_app({"index_dir": str(tmp_path / "none")})
    response = app.test_client().get("/api/v1/search?q=x")
    assert response.status_code == 503
    assert "python -m indexer build" in response.get_json()["error"]["message"]


def test_a_rebuild_is_served_without_restart(tiny_corpus, tmp_path):
    build(tiny_corpus, tmp_path / "ix", progress=False)
    client = create_app({"index_dir": str(tmp_path / "ix"), "corpus_dir": str(tiny_corpus)}).test_client()
    assert client.get("/api/v1/search?q=lukupiiri").get_json()["total"] == 0
    services = tiny_corpus / "services.yaml"
    services.write_text(services.read_text("utf-8") + "- tree_id: 3\n  parent: 1\n  name: {fi: Lukupiirit, "
                        "sv: Läsecirklar, en: Reading circles}\n", "utf-8")
    build(tiny_corpus, tmp_path / "ix", progress=False)
    assert client.get("/api/v1/search?q=lukupiiri").get_json()["results"][0]["id"] == "service-3"
