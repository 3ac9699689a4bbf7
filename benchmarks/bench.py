"""`make bench`: analysis speed, index build time and size, in-process query latency, OCR repair.

Figures, not tests: run it on a quiet machine and compare runs.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from analyzers.analyzers import FinnishAnalyzer
from analyzers.tokenizers import FinnishTokenizer
from analyzers.voikko import Voikko, finnish
from benchmarks import inprocess
from benchmarks.load import database_replica, replica_lag
from indexer.build import build
from indexer.ocr import ocr_report
from search import open_database_engine

PROJECT = Path(__file__).resolve().parents[1]
SOURCES = PROJECT / "corpus" / "sources"


def analysis_speed() -> None:
    text = " ".join(p.read_text("utf-8") for p in sorted(SOURCES.glob("00[0-3]*.txt")))
    tokens = [t.text.lower() for t in FinnishTokenizer()(text)]
    distinct = list(dict.fromkeys(tokens))
    voikko = Voikko()
    _rate("Voikko analysis, cold (distinct words, empty cache)", distinct, voikko.lemmas)
    _rate("Voikko analysis, cached", tokens, voikko.lemmas)
    analyzer = FinnishAnalyzer()
    _rate("FinnishAnalyzer, index mode", [text], lambda t: sum(1 for _ in analyzer(t)), len(tokens))


def _rate(label: str, items: list[str], work, count: int | None = None) -> None:
    started = time.perf_counter()
    for item in items:
        work(item)
    seconds = time.perf_counter() - started
    words = count or len(items)
    print(f"{label}: {words} words in {seconds:.3f} s = {words / seconds:,.0f} words/s")


def build_and_query() -> None:
    with tempfile.TemporaryDirectory() as folder:
        info = build(PROJECT / "corpus" / "data", Path(folder), progress=False)
        print(f"index build: {info['records']} records in {info['seconds']} s, "
              f"{info['bytes'] / 1e6:.1f} MB; types {info['types']}")
        print(f"in-process query latency, Whoosh: {json.dumps(inprocess.measure(Path(folder), 500))}")
        on_postgresql(Path(folder))


def on_postgresql(index_dir: Path) -> None:
    """The same build in a throwaway PostgreSQL primary and replica: load time, latency, replica lag."""
    with database_replica("1.7k", index_dir) as cluster:
        replica = cluster.replicas[0]
        latency = inprocess.measure(replica.url, 500, open_with=open_database_engine)
        print(f"in-process query latency, PostgreSQL replica: {json.dumps(latency)}")
        print(f"a new version loaded on the primary is served by the replica after "
              f"{replica_lag(cluster, index_dir):.2f} s")


def ocr_repair() -> None:
    scan = (SOURCES / "004_0409ad20bd2a48c2.txt").read_text("utf-8")
    clean = (SOURCES / "001_4dbe3307cfa3304b.txt").read_text("utf-8")
    report = ocr_report(scan, clean, finnish()._open())
    print("OCR repair of 004 against 001: " + ", ".join(f"{k} {v:.3f}" for k, v in report.items()))


if __name__ == "__main__":
    analysis_speed()
    build_and_query()
    ocr_repair()
