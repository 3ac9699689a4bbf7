"""The bare reference app: one plain Whoosh search per request, to compare the app's speed with.

    python -m benchmarks.reference_app [--records FILE.jsonl] [--host 127.0.0.1] [--port 8100]

In: the records of the index being compared, exported with `python -m indexer export` from
PALVELUHAKU_INDEX_DIR (or read from --records): JSON lines with id, type, title and text.
Out: a plain Whoosh index of them (id, title, and one `body` field of title + text analysed
into first Voikko lemmas), cached under var/bench/reference/<hash of the records>/, served
by gunicorn (2 workers, like the app) with

    GET /api/v1/search?q=...   {"results": [{"id", "title", "score"}]}: ONE BM25F search,
                               an Or of the query's lemmas, limit 10
    GET /api/v1/suggest?q=...  {"suggestions": [{"id", "title"}]}: one Prefix on title, limit 8
    GET /readyz                {"status": "ready", "records": N}

Each worker opens one searcher and keeps it (the index never changes while it runs).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flask import Flask, jsonify, request
from whoosh import index as whoosh_index
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import Or, Prefix, Term

from analyzers.voikko import finnish

PROJECT = Path(__file__).resolve().parents[1]
CACHE = PROJECT / "var" / "bench" / "reference"
INDEX_ENV = "REFERENCE_INDEX_DIR"
WORDS = r"\w+"
DONE = "DONE.json"


@functools.lru_cache(maxsize=500_000)
def lemma(word: str) -> str:
    """The word's first Voikko lemma (lowercased), or the word itself when Voikko knows none."""
    found = finnish().lemmas(word)
    return found[0].lower() if found else word


class LemmaFilter(Filter):
    """Replaces each token's text by its first Voikko lemma."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = lemma(token.text)
            yield token


def schema() -> Schema:
    words = RegexTokenizer(WORDS) | LowercaseFilter()
    return Schema(id=ID(stored=True, unique=True), title=TEXT(stored=True, analyzer=words),
                  body=TEXT(analyzer=words | LemmaFilter()))


def query_terms(text: str) -> list[str]:
    """The query's words, lowercased and lemmatised as `body` was, each once."""
    analyzer = RegexTokenizer(WORDS) | LowercaseFilter() | LemmaFilter()
    return list(dict.fromkeys(token.text for token in analyzer(text)))


def build_index(records: Path, folder: Path) -> dict:
    """Index the JSON-lines `records` into `folder` (a new folder); returns its figures."""
    started = time.perf_counter()
    folder.mkdir(parents=True)
    ix = whoosh_index.create_in(folder, schema())
    writer = ix.writer(limitmb=256)
    count = 0
    with open(records, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            writer.add_document(id=record["id"], title=record["title"],
                                body=f"{record['title']} {record.get('text', '')}")
            count += 1
    writer.commit()
    return {"records": count, "seconds": round(time.perf_counter() - started, 2),
            "bytes": sum(f.stat().st_size for f in folder.iterdir())}


def cached_index(records: Path, cache: Path = CACHE) -> tuple[Path, dict]:
    """The index of `records` under `cache`, built once per records file and version of this code."""
    digest = hashlib.sha1(records.read_bytes() + Path(__file__).read_bytes()).hexdigest()[:16]
    folder = cache / digest
    fresh = not (folder / DONE).exists()
    if fresh:
        cache.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f"{digest}-", dir=cache))
        try:
            info = build_index(records, work / "index")
            (work / "index" / DONE).write_text(json.dumps(info), "utf-8")
            shutil.rmtree(folder, ignore_errors=True)
            (work / "index").rename(folder)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return folder, {**json.loads((folder / DONE).read_text("utf-8")), "fresh": fresh}


def export_records(out: Path) -> Path:
    """`python -m indexer export` of the index PALVELUHAKU_INDEX_DIR names, into `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as lines:
        subprocess.run([sys.executable, "-m", "indexer", "export"], stdout=lines, check=True,
                       cwd=PROJECT, timeout=1800)
    return out


def create_app(folder: str | None = None) -> Flask:
    """The Flask app over the index in `folder` (default: $REFERENCE_INDEX_DIR)."""
    app = Flask(__name__)
    app.json.ensure_ascii = False
    ix = whoosh_index.open_dir(folder or os.environ[INDEX_ENV])
    searcher = ix.searcher()

    @app.get("/api/v1/search")
    def search():
        terms = query_terms(request.args.get("q", "")[:500])
        if not terms:
            return jsonify(results=[])
        hits = searcher.search(Or([Term("body", t) for t in terms]), limit=10)
        return jsonify(results=[{"id": h["id"], "title": h["title"], "score": h.score} for h in hits])

    @app.get("/api/v1/suggest")
    def suggest():
        prefix = request.args.get("q", "")[:100].strip().lower()
        hits = searcher.search(Prefix("title", prefix), limit=8) if prefix else []
        return jsonify(suggestions=[{"id": h["id"], "title": h["title"]} for h in hits])

    @app.get("/readyz")
    def readyz():
        return {"status": "ready", "records": searcher.doc_count()}

    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reference_app",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=Path, help="JSON lines of records (default: export the index)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    records = args.records or export_records(CACHE / f"export-{os.getpid()}.jsonl")
    try:
        folder, info = cached_index(records)
    finally:
        if not args.records:
            records.unlink(missing_ok=True)
    print(json.dumps({"reference_index": str(folder), **info}), flush=True)
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    os.environ[INDEX_ENV] = str(folder)
    os.execv(gunicorn, [gunicorn, "--bind", f"{args.host}:{args.port}", "--workers", str(args.workers),
                        "--no-control-socket", "benchmarks.reference_app:create_app()"])


if __name__ == "__main__":  # run the importable module's main, so the schema pickles LemmaFilter by its name
    from benchmarks.reference_app import main as module_main

    module_main()
