"""Shared fixtures: a tiny deterministic corpus, its index, and the bundled corpus's index."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from indexer.build import build
from indexer.pgstore import load_build, load_version
from indexer.store import open_index
from search import open_database_engine, open_engine
from tests.pgcluster import Cluster

PROJECT = Path(__file__).resolve().parents[1]
BACKENDS = ["whoosh", "postgresql"]
# The tests ask far faster than any person; the rate limit has tests of its own (test_hardening).
os.environ["PALVELUHAKU_RATE_LIMIT"] = ""

CLEAN = """Kotoutumisen toimenpiteet
Kaupungin viestintä Suomeen muuttaneille on selkeää, monikielistä ja monikanavaista.
Työllisyyspalvelut vahvistavat ruotsinkielistä kotoutumisen palvelupolkua.
Työväenopiston S2-opetuksen tuntimäärä on noussut ja kurssien täyttöaste on hyvä.
"""
# The same text as a scan would give it: dots lost, words hyphenated over lines.
SCANNED = """Kotoutumisen toimenpiteet
Kaupungin viestinta Suomeen muuttaneille on selkeaa, monikielista ja moni-
kanavaista.
Tyollisyyspalvelut vahvistavat ruotsinkielista kotoutumisen palvelupol-
kua.
Tyovaenopiston S2-opetuksen tuntimaara on noussut ja kurssien tayttoaste on hyva.
"""
OTHER = "Kirjastot tarjoavat lukupiirejä ja läksyapua lapsille ja nuorille kaikissa kaupunginosissa."

TINY = {
    "documents.yaml": [
        {"id": "doc-a", "file": "doc-a.txt", "title": "Toimenpiteet", "kind": "programme"},
        {"id": "doc-b", "file": "doc-b.txt", "title": "Toimenpiteet (skannattu)", "kind": "scan"},
        {"id": "doc-c", "file": "doc-c.txt", "title": "Lausunto", "kind": "statement"},
    ],
    "programmes.yaml": [
        {"key": "ohjelma", "name": {"fi": "Ohjelma", "sv": "Program", "en": "Programme"},
         "numbering": "per-theme"},
    ],
    "units/units.yaml": [
        {"name": {"fi": "Kaupunginkanslia", "sv": "Stadskansliet", "en": "City Executive Office"},
         "aliases": ["Kaupunginkanslian"]},
        {"name": {"fi": "Kaupunginkanslian elinkeino-osasto", "sv": "Stadskansliets näringslivsavdelning",
                  "en": "Economic Development Department"},
         "parent": "kaupunginkanslia", "aliases": ["Kaupunginkanslia, elinkeino-osasto"]},
        {"name": {"fi": "Työväenopisto", "sv": "Finska arbetarinstitutet",
                  "en": "Helsinki Adult Education Centre"},
         "url": "https://example.org/tyovaenopisto", "contact_source": "the test corpus"},
    ],
    "measures/ohjelma.yaml": [
        {"programme": "ohjelma", "theme": "Työllisyys ja työvoima", "number": "1.2",
         "goal": "Ulkomaalaistaustaiset työllistyvät nykyistä useammin.",
         "text": "Työllisyyspalvelut vahvistavat ruotsinkielistä kotoutumisen palvelupolkua.",
         "indicators": ["Työllisyyspalveluissa on ruotsinkieliseen kotoutumiseen varattu resurssi."],
         "responsible": "Kaupunginkanslia, elinkeino-osasto",
         "sources": [{"document": "doc-a", "line": 3}]},
        {"programme": "ohjelma", "theme": "Työllisyys ja työvoima", "number": "1.3",
         "text": "Kehitetään kaikille avointa S2-tarjontaa työväenopistossa.",
         "indicators": ["Työväenopiston S2-opetuksen tuntimäärä on noussut (kyllä/ei)."],
         "responsible": "Kaupunginkanslian elinkeino-osasto yhdessä Työväenopiston kanssa",
         "sources": [{"document": "doc-a", "line": 4}]},
        {"programme": "ohjelma", "theme": "Lapset ja nuoret", "number": "1.2",
         "text": "Kirjastot järjestävät läksyapua.", "responsible": "Kaupunginkanslia",
         "sources": [{"document": "doc-c", "line": 1}]},
    ],
    "services.yaml": [
        {"tree_id": 1, "name": {"fi": "Kulttuuri ja vapaa-aika", "sv": "Kultur och fritid",
                                "en": "Culture and leisure"}},
        {"tree_id": 2, "parent": 1, "name": {"fi": "Kirjastot", "sv": "Bibliotek", "en": "Libraries"},
         "searchwords": {"fi": "kirjasto, lainaus"}},
    ],
    "guidance/doc-c.yaml": [
        {"document": "doc-c", "heading": "Järjestöyhteistyö",
         "text": "Kaupunki tekee yhteistyötä järjestöjen kanssa maahanmuuttajataustaisten perheiden hyväksi.",
         "line": 5},
    ],
}


def write_corpus(root: Path, files: dict = TINY) -> Path:
    """Write a corpus (data/ and sources/) under `root`; returns the data folder."""
    data = root / "data"
    for name, records in files.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), "utf-8")
    sources = root / "sources"
    sources.mkdir(exist_ok=True)
    for name, text in {"doc-a.txt": CLEAN, "doc-b.txt": SCANNED, "doc-c.txt": OTHER}.items():
        (sources / name).write_text(text, "utf-8")
    return data


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def tiny_index(tiny_corpus: Path, tmp_path: Path):
    root = tmp_path / "index"
    build(tiny_corpus, root, progress=False)
    ix, _info = open_index(root)
    return ix


@pytest.fixture(params=BACKENDS)
def tiny_engine(request, tmp_path: Path):
    """The tiny corpus's engine, once on each backend."""
    if request.param == "postgresql":
        return request.getfixturevalue("tiny_in_database")
    request.getfixturevalue("tiny_index")
    return open_engine(tmp_path / "index")


@pytest.fixture(scope="session")
def database_cluster():
    """A throwaway PostgreSQL primary for the tests that only read what they loaded into it."""
    cluster = Cluster()
    cluster.start_primary()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def tiny_in_database(database_cluster, tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny-in-database")
    build(write_corpus(root / "corpus"), root / "index", progress=False)
    url = database_cluster.primary.create_database("tiny")
    load_build(root / "index", url)
    return open_database_engine(url)


@pytest.fixture(scope="session")
def bundled_engine(tmp_path_factory):
    """The Whoosh search engine of the bundled corpus, built once per test session."""
    folder = tmp_path_factory.mktemp("bundled")
    cache = shutil.copytree(PROJECT / "corpus" / "vectors", folder / "vectors")  # the shipped passage vectors
    build(PROJECT / "corpus" / "data", folder / "index", progress=False, vector_cache=cache)
    return open_engine(folder / "index")


@pytest.fixture(scope="session")
def bundled_in_database(database_cluster, bundled_engine):
    """The same build of the bundled corpus, loaded into the throwaway primary."""
    folder = Path(bundled_engine.backend.ix.storage.folder)
    load_version(folder, bundled_engine.backend.ix, database_cluster.primary.url)
    return open_database_engine(database_cluster.primary.url)


@pytest.fixture(scope="session", params=BACKENDS)
def bundled_engines(request):
    """The bundled corpus's engine, once on each backend: for the tests both must pass."""
    return request.getfixturevalue("bundled_engine" if request.param == "whoosh" else "bundled_in_database")
