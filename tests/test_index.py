"""search_app.index: the build a web process serves when the one in use cannot be opened."""

import logging
import os
import shutil

import pytest

from indexer.build import build
from indexer.store import CURRENT, current_build
from search_app import create_app
from search_app.index import UNAVAILABLE, get_engine, problem
from tests.conftest import write_corpus
from tests.test_store import DAMAGES

SHOWN = ["corrupt BUILD.json", "truncated segment", "corrupt lexicon.json", "missing lexicon.json"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("index")
    build(write_corpus(root / "corpus"), root / "ix", progress=False)
    return root


@pytest.fixture
def index_dir(built, tmp_path):
    """A copy of the built index, for a test to damage."""
    return shutil.copytree(built / "ix", tmp_path / "ix", symlinks=True)


def app_on(index_dir, built):
    app = create_app({"index_dir": str(index_dir), "corpus_dir": str(built / "corpus" / "data")})
    app.config["TESTING"] = True
    return app


def new_build(index_dir, damage=None):
    """A build swapped in beside the one in use (a copy of the first), damaged before anyone opens it."""
    folder = min((index_dir / "builds").iterdir())
    new = shutil.copytree(folder, folder.with_name(f"{folder.name}{len(list(folder.parent.iterdir()))}"))
    if damage:
        DAMAGES[damage](new)
    (index_dir / "link").symlink_to(f"builds/{new.name}")
    os.replace(index_dir / "link", index_dir / CURRENT)
    return new.name


def served_build(app) -> str:
    with app.test_request_context():
        return get_engine().info["build"]


@pytest.mark.parametrize("damage", SHOWN)
def test_a_damaged_new_build_is_not_served_and_the_last_good_one_is(built, index_dir, damage, caplog):
    app = app_on(index_dir, built)
    client = app.test_client()
    good = current_build(index_dir).name
    assert client.get("/api/v1/search?q=kirjasto").status_code == 200
    damaged = new_build(index_dir, damage)
    with caplog.at_level(logging.ERROR):
        for _ in range(3):
            data = client.get("/api/v1/search?q=library&lang=en").get_json()
            assert data["results"][0]["id"] == "service-2", "still searched, and translated"
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["status"] == "ready"
    assert ready.get_json()["records"] == 9
    assert served_build(app) == good
    [logged] = [r.getMessage() for r in caplog.records if "cannot be opened" in r.getMessage()]
    assert f"the build in use (builds/{damaged}) is damaged" in logged
    assert f"still serving builds/{good} (built " in logged
    with app.test_request_context():
        assert "is damaged" in problem()
    fixed = new_build(index_dir)  # a good build again
    assert client.get("/api/v1/search?q=kirjasto").status_code == 200
    assert served_build(app) == fixed
    with app.test_request_context():
        assert problem() is None


@pytest.mark.parametrize("damage", SHOWN)
def test_a_damaged_build_with_nothing_good_to_serve_is_503_naming_no_path(built, index_dir, damage):
    new_build(index_dir, damage)
    client = app_on(index_dir, built).test_client()
    for path in ("/api/v1/search?q=kirjasto", "/api/v1/suggest?q=kir"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.get_json()["error"]["message"] == UNAVAILABLE
    for path in ("/readyz", "/?q=kirjasto", "/embed?q=kirjasto"):
        response = client.get(path)
        assert response.status_code == 503, path
        page = response.get_data(as_text=True)
        assert "Traceback" not in page and ("python -m indexer build" in page or path == "/readyz")
        assert str(index_dir) not in page and "builds/" not in page


def test_no_index_at_all_is_503_on_every_route_that_needs_one(tmp_path):
    client = create_app({"index_dir": str(tmp_path / "none")}).test_client()
    for path in ("/api/v1/search?q=x", "/readyz", "/embed?q=x"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert str(tmp_path) not in response.get_data(as_text=True)
    assert client.get("/healthz").status_code == 200


def test_an_index_built_after_start_is_served(built, tmp_path):
    client = app_on(tmp_path / "ix", built).test_client()
    assert client.get("/api/v1/search?q=kirjasto").status_code == 503
    shutil.copytree(built / "ix", tmp_path / "ix", symlinks=True)
    assert client.get("/api/v1/search?q=kirjasto").status_code == 200
