"""A build loaded into PostgreSQL as one new version, switched to atomically.

The database holds what the Whoosh build holds, analysed once in Python: every
field's posting lists (records and weights, the body's word positions), the
statistics BM25F needs, every record, and the build's lexicon and titles. One
transaction inserts the new version and points `current` at it, so a reader
(a replica too) sees the old version or the new one, never a mix; a failed load
rolls back and leaves the old version serving. Older versions than the previous
one are deleted in the same transaction.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
from psycopg.types.json import Jsonb
from whoosh import index as whoosh_index

from indexer.fields import SCORED_FIELDS
from indexer.store import MARKER, TITLES, DatabaseUnavailable, current_build
from query.lexicon import FILE as LEXICON_FILE

SCHEMA = """
CREATE TABLE IF NOT EXISTS versions (
    id serial PRIMARY KEY, info jsonb NOT NULL, lexicon jsonb NOT NULL, titles jsonb NOT NULL,
    doc_count integer NOT NULL, field_lengths jsonb NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS current (
    one boolean PRIMARY KEY DEFAULT true CHECK (one), version integer NOT NULL REFERENCES versions);
CREATE TABLE IF NOT EXISTS postings (
    version integer NOT NULL REFERENCES versions ON DELETE CASCADE, field text NOT NULL, term text NOT NULL,
    docs integer[] NOT NULL, weights float8[] NOT NULL, PRIMARY KEY (version, field, term));
CREATE TABLE IF NOT EXISTS positions (
    version integer NOT NULL REFERENCES versions ON DELETE CASCADE, term text NOT NULL,
    positions jsonb NOT NULL, PRIMARY KEY (version, term));
CREATE TABLE IF NOT EXISTS records (
    version integer NOT NULL REFERENCES versions ON DELETE CASCADE, doc integer NOT NULL, id text NOT NULL,
    payload jsonb NOT NULL, lengths float8[] NOT NULL, PRIMARY KEY (version, doc));
CREATE INDEX IF NOT EXISTS records_id ON records (version, id);
"""
KEEP_VERSIONS = 2
POSITIONS_FIELD = "body"


def load_build(index_dir: Path, write_url: str) -> int:
    """Load the build in use under `index_dir` into the database; the new version's number."""
    folder = current_build(index_dir)
    try:
        return load_version(folder, whoosh_index.open_dir(folder), write_url)
    except psycopg.OperationalError as error:
        raise DatabaseUnavailable(f"the database cannot be written ({str(error).strip()})") from None


def load_version(folder: Path, ix, write_url: str) -> int:
    """Load the finished Whoosh build in `folder` as a new version and make it current."""
    info = json.loads((folder / MARKER).read_text("utf-8"))
    with psycopg.connect(write_url, connect_timeout=5) as db, db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(7510)")  # one load at a time
        db.execute(SCHEMA)
        with ix.searcher() as searcher:
            reader = searcher.reader()
            version = db.execute(
                "INSERT INTO versions (info, lexicon, titles, doc_count, field_lengths) "
                "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                (Jsonb(info), Jsonb(_json(folder / LEXICON_FILE)), Jsonb(_json(folder / TITLES)),
                 reader.doc_count_all(), Jsonb({f: reader.field_length(f) for f in SCORED_FIELDS}))
            ).fetchone()[0]
            _copy_postings(db, version, ix.schema, reader)
            _copy_records(db, version, searcher)
        db.execute("INSERT INTO current (version) VALUES (%s) ON CONFLICT (one) DO UPDATE SET version = %s",
                   (version, version))
        db.execute("DELETE FROM versions WHERE id <= %s", (version - KEEP_VERSIONS,))
    return version


def _json(path: Path):
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def _copy_postings(db, version: int, schema, reader) -> None:
    """Every field's posting lists, then the body's word positions (one COPY at a time)."""
    indexed = [name for name, field in schema.items() if field.format is not None]
    positions = []
    with db.cursor().copy("COPY postings (version, field, term, docs, weights) FROM STDIN") as postings:
        for field in indexed:
            for term in reader.lexicon(field):
                text = term.decode() if isinstance(term, bytes) else term
                matcher = reader.postings(field, term)
                docs, weights, where = [], [], []
                while matcher.is_active():
                    docs.append(matcher.id())
                    weights.append(matcher.weight())
                    if field == POSITIONS_FIELD:
                        where.append(matcher.value_as("positions"))
                    matcher.next()
                postings.write_row((version, field, text, docs, weights))
                if field == POSITIONS_FIELD:
                    positions.append((version, text, Jsonb(dict(zip(map(str, docs), where, strict=True)))))
    with db.cursor().copy("COPY positions (version, term, positions) FROM STDIN") as copy:
        for row in positions:
            copy.write_row(row)


def _copy_records(db, version: int, searcher) -> None:
    reader = searcher.reader()
    with db.cursor().copy("COPY records (version, doc, id, payload, lengths) FROM STDIN") as records:
        for doc in reader.all_doc_ids():
            payload = searcher.stored_fields(doc)["payload"]
            lengths = [reader.doc_field_length(doc, f, 1) for f in SCORED_FIELDS]
            records.write_row((version, doc, payload["id"], Jsonb(payload), lengths))
