"""The PostgreSQL backend against a throwaway cluster: same ranking, atomic versions, replicas, outages."""

from pathlib import Path

import numpy as np
import pytest

from benchmarks.evaluate import load_queries, run_engine, scores
from indexer.build import build
from indexer.pgstore import load_build, load_version
from search import open_database_engine
from search_app import create_app
from tests.conftest import TINY, write_corpus
from tests.pgcluster import Cluster, wait_until


@pytest.fixture
def cluster(database_cluster, bundled_in_database):
    """The session's primary, holding the bundled corpus."""
    return database_cluster


@pytest.fixture
def own_cluster():
    """A primary of the test's own, for tests that change what the database holds."""
    cluster = Cluster()
    cluster.start_primary()
    yield cluster
    cluster.stop()


def app_on(url: str, tmp_path):
    app = create_app({"backend": "postgresql", "database_url": url, "index_dir": str(tmp_path / "none")})
    app.config["TESTING"] = True
    return app.test_client()


@pytest.mark.slow
def test_both_backends_rank_the_development_queries_alike(bundled_engine, bundled_in_database):
    queries = load_queries()
    whoosh, database = run_engine(bundled_engine, queries), run_engine(bundled_in_database, queries)
    assert abs(scores(whoosh)["S@3"] - scores(database)["S@3"]) <= 0.02
    first = [bundled_engine.search(q["q"], limit=1)["results"][:1] ==
             bundled_in_database.search(q["q"], limit=1)["results"][:1] for q in queries]
    differ = [q["q"] for q, same in zip(queries, first, strict=True) if not same]
    assert sum(first) >= 0.9 * len(queries), differ


def test_the_database_holds_the_builds_passage_vectors(bundled_engine, bundled_in_database):
    whoosh, database = bundled_engine.semantic.vectors, bundled_in_database.semantic.vectors
    assert whoosh.shape == database.shape == (1752, 384) and (whoosh == database).all()
    response = bundled_in_database.search("помогают школьникам делать уроки", lang="ru")
    assert response["query"]["semantic"] and response == {**bundled_engine.search(
        "помогают школьникам делать уроки", lang="ru"), "took_ms": response["took_ms"]}


def test_the_api_serves_from_the_database(bundled_in_database, cluster, tmp_path):
    client = app_on(cluster.primary.url, tmp_path)
    ready = client.get("/readyz").get_json()
    assert ready["backend"] == "postgresql" and ready["records"] == 1752
    assert ready["version"] == bundled_in_database.info["version"] and ready["replication_lag_s"] is None
    hit = client.get("/api/v1/search?q=työllisyyspalveluihin").get_json()["results"][0]
    assert "työllisyyspalvel" in hit["snippet"].lower().replace("<mark>", "")
    assert client.get(f"/api/v1/records/{hit['id']}").get_json()["id"] == hit["id"]
    assert client.get("/api/v1/suggest?q=kirjas").get_json()["suggestions"]
    assert client.get("/?q=kirjasto").status_code == 200


def test_a_failed_load_leaves_the_old_version_serving(bundled_in_database, bundled_engine, cluster,
                                                      monkeypatch):
    import indexer.pgstore

    before = open_database_engine(cluster.primary.url).info["version"]
    monkeypatch.setattr(indexer.pgstore, "_copy_records", lambda *args: 1 / 0)
    folder = Path(bundled_engine.backend.ix.storage.folder)
    with pytest.raises(ZeroDivisionError):
        load_version(folder, bundled_engine.backend.ix, cluster.primary.url)
    engine = open_database_engine(cluster.primary.url)
    assert engine.info["version"] == before and engine.search("kirjasto")["results"]


def test_a_change_on_the_primary_is_searchable_on_a_replica(own_cluster, tmp_path):
    cluster = own_cluster
    corpus = write_corpus(tmp_path / "corpus")
    build(corpus, tmp_path / "index", progress=False)
    load_build(tmp_path / "index", cluster.primary.url)
    replica = cluster.start_replica()
    client = app_on(replica.url, tmp_path)
    assert client.get("/api/v1/search?q=uimahalli").get_json()["total"] == 0
    services = [*TINY["services.yaml"], {"tree_id": 3, "parent": 1, "name": {
        "fi": "Uimahallit", "sv": "Simhallar", "en": "Swimming halls"}}]
    build(write_corpus(tmp_path / "changed", {**TINY, "services.yaml": services}), tmp_path / "index",
          progress=False)
    version = load_build(tmp_path / "index", cluster.primary.url)
    waited = wait_until(lambda: client.get("/readyz").get_json()["version"] == version, seconds=30)
    print(f"replica serving the new version after {waited:.2f} s")
    ready = client.get("/readyz").get_json()
    assert ready["replication_lag_s"] is not None
    assert client.get("/api/v1/search?q=uimahalli").get_json()["results"][0]["id"] == "service-3"


def test_a_lost_database_is_503_and_a_restarted_one_serves_again(own_cluster, tmp_path):
    cluster = own_cluster
    build(write_corpus(tmp_path / "corpus"), tmp_path / "index", progress=False)
    load_build(tmp_path / "index", cluster.primary.url)
    client = app_on(cluster.primary.url, tmp_path)
    assert client.get("/api/v1/search?q=kirjasto").status_code == 200
    cluster.primary.stop()
    for path in ("/api/v1/search?q=läksyapu", "/readyz"):
        response = client.get(path)
        assert response.status_code == 503 and "database" in response.get_json()["error"]["message"]
    assert client.get("/?q=läksyapu").status_code == 503
    cluster.primary.start()
    assert client.get("/api/v1/search?q=läksyapu").get_json()["results"]


def test_an_empty_database_says_what_to_run(own_cluster, tmp_path):
    cluster = own_cluster
    response = app_on(cluster.primary.url, tmp_path).get("/api/v1/search?q=kirjasto")
    assert response.status_code == 503 and "indexer build" in response.get_json()["error"]["message"]


def test_sync_applies_only_the_changed_records_and_a_replica_serves_them(own_cluster, tmp_path):
    from indexer.build import corpus_records
    from indexer.pgstore import sync_records

    cluster = own_cluster
    build(write_corpus(tmp_path / "corpus"), tmp_path / "index", progress=False)
    first = load_build(tmp_path / "index", cluster.primary.url)
    replica = cluster.start_replica()
    client = app_on(replica.url, tmp_path)
    before = {r["id"]: r for r in open_database_engine(cluster.primary.url).backend.every_record()}
    assert client.get("/api/v1/search?q=palvelupolku&type=measure").get_json()["total"] == 1
    unchanged = sync_records(corpus_records(tmp_path / "corpus" / "data"), cluster.primary.url)
    assert unchanged["version"] is None
    measures = [{**TINY["measures/ohjelma.yaml"][0], "text": "Uimahallit järjestävät uintikursseja."},
                *TINY["measures/ohjelma.yaml"][1:]]
    services = [*TINY["services.yaml"][:1], {"tree_id": 4, "parent": 1, "name": {
        "fi": "Nuorisotalot", "sv": "Ungdomsgårdar", "en": "Youth centres"}}]
    changed = write_corpus(tmp_path / "changed", {**TINY, "measures/ohjelma.yaml": measures,
                                                  "services.yaml": services})
    result = sync_records(corpus_records(changed), cluster.primary.url)
    assert (result["changed"], result["added"], result["removed"]) == (1, 1, 1)
    assert result["version"] == first + 1
    wait_until(lambda: client.get("/readyz").get_json()["version"] == result["version"], seconds=30)
    hits = client.get("/api/v1/search?q=uimahallit").get_json()["results"]
    assert hits[0]["id"] == "ohjelma-tyollisyys-ja-tyovoima-1.2"
    assert client.get("/api/v1/search?q=palvelupolku&type=measure").get_json()["total"] == 0, "old text"
    assert client.get("/api/v1/search?q=nuorisotalo").get_json()["results"][0]["id"] == "service-4"
    assert client.get("/api/v1/records/service-2").status_code == 404, "removed"
    after = {r["id"]: r for r in open_database_engine(cluster.primary.url).backend.every_record()}
    assert after["ohjelma-lapset-ja-nuoret-1.2"] == before["ohjelma-lapset-ja-nuoret-1.2"]
    assert client.get("/readyz").get_json()["records"] == len(after)


def test_sync_computes_the_vectors_of_the_changed_records_only(own_cluster, tmp_path, monkeypatch):
    from indexer import vectors
    from indexer.build import corpus_records
    from indexer.pgstore import sync_records

    cache = tmp_path / "cache"
    build(write_corpus(tmp_path / "corpus"), tmp_path / "index", progress=False, vector_cache=cache)
    load_build(tmp_path / "index", own_cluster.primary.url)
    before = open_database_engine(own_cluster.primary.url)
    doc = {r["id"]: d for d, r in enumerate(before.backend.every_record())}
    measures = [{**TINY["measures/ohjelma.yaml"][0], "text": "Uimahallit järjestävät uintikursseja."},
                *TINY["measures/ohjelma.yaml"][1:]]
    changed = write_corpus(tmp_path / "changed", {**TINY, "measures/ohjelma.yaml": measures})
    embedded = []
    real = vectors.embed_passages
    monkeypatch.setattr(vectors, "embed_passages", lambda texts: embedded.extend(texts) or real(texts))
    sync_records(corpus_records(changed), own_cluster.primary.url, cache)
    after = open_database_engine(own_cluster.primary.url).semantic.vectors
    assert len(embedded) == 1 and "Uimahallit järjestävät uintikursseja." in embedded[0], "the changed only"
    moved = doc["ohjelma-tyollisyys-ja-tyovoima-1.2"]
    assert not np.allclose(after[moved], before.semantic.vectors[moved], atol=1e-3)
    kept = [d for rid, d in doc.items() if rid != "ohjelma-tyollisyys-ja-tyovoima-1.2"]
    assert np.allclose(after[kept], before.semantic.vectors[kept], atol=1e-3)
