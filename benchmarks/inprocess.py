"""`make bench`, in-process: the search core's own latency on one index, without HTTP.

    python -m benchmarks.inprocess INDEX_DIR [--distinct 500]
    python -m benchmarks.inprocess --database URL [--distinct 500]

In: an index folder (or a database URL) and the development and held-out queries. Out:
one JSON line with the engine's open time and p50/p99 in milliseconds of: the query
sets, every query new to the caches (`uncached`); the same again, answered from the
response cache (`cached`); distinct 1-3 word combinations of their words (`distinct`,
new to every cache); a suggestion per keystroke of those words (`suggest`); and broad
queries in several languages whose translations match a large part of the corpus
(`broad`, with the most records one of them matched: `broad_max_total`).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

import yaml

from search import open_database_engine, open_engine

PROJECT = Path(__file__).resolve().parents[1]
QUERY_FILES = [PROJECT / "benchmarks" / "dev_queries.yaml", PROJECT / "benchmarks" / "heldout_queries.yaml"]


# Broad queries: everyday words whose Finnish translations occur in a large share of the records.
BROAD = ["services", "palvelut", "tjänster", "information", "работа", "education and work",
         "services for families", "support and guidance", "خدمات عامة", "help with housing",
         "kaupungin palvelut", "hizmetler ve destek", "services pour les jeunes", "apoyo y servicios"]


def queries() -> list[tuple[str, str]]:
    files = [yaml.safe_load(path.read_text("utf-8"))["queries"] for path in QUERY_FILES]
    return [(q["q"], q["lang"]) for entries in files for q in entries]


def distinct(count: int, seed: int = 1) -> list[str]:
    """1-3 word combinations of the query sets' words, one language at a time, none twice."""
    rng, by_language = random.Random(seed), {}
    for text, lang in queries():
        by_language.setdefault(lang, []).extend(text.split())
    made: dict[str, None] = {}
    languages = sorted(by_language)
    for attempt in range(count * 20):  # some languages have few words: stop trying in time
        if len(made) >= count:
            break
        words = by_language[languages[attempt % len(languages)]]
        made[" ".join(rng.sample(words, min(len(words), rng.randint(1, 3))))] = None
    return list(made)


def timed(work, items) -> dict[str, float]:
    times = []
    for item in items:
        started = time.perf_counter()
        work(item)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"n": len(times), "p50_ms": round(statistics.median(times), 2),
            "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2)}


def measure(index_dir: Path, count: int, open_with=open_engine) -> dict:
    """The figures of the engine `open_with(index_dir)` opens (a Whoosh folder, or a database URL)."""
    started = time.perf_counter()
    engine = open_with(index_dir)
    opened = time.perf_counter() - started
    texts = [text for text, _lang in queries()]
    prefixes = [w[:n] for text in texts for w in text.split() for n in range(2, min(len(w), 8) + 1)]
    figures = {"open_s": round(opened, 2),
               "uncached": timed(engine.search, texts),
               "cached": timed(engine.search, texts),
               "distinct": timed(engine.search, distinct(count)),
               "suggest": timed(engine.suggest, prefixes)}
    broad = [v for text in BROAD for v in (text, text.upper(), f"{text}?", f" {text}.")]  # new to the caches
    figures["broad"] = timed(engine.search, broad)
    figures["broad_max_total"] = max(engine.search(text)["total"] for text in BROAD)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.inprocess",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("index_dir", type=Path, nargs="?")
    parser.add_argument("--database", help="a PostgreSQL URL to read instead of an index folder")
    parser.add_argument("--distinct", type=int, default=500)
    args = parser.parse_args(argv)
    if bool(args.database) == bool(args.index_dir):
        parser.error("give an index folder or --database URL")
    if args.database:
        print(json.dumps(measure(args.database, args.distinct, open_with=open_database_engine)))
    else:
        print(json.dumps(measure(args.index_dir, args.distinct)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
